"""Programmes: applications and coordinator roles.

Export: every application the person made (all fields, the answers to the programme's
extra questions with their question text, and the coordinators' note about it) and the
programmes they coordinate.

Erasure: the applications are deleted (they are the person's own words and serve only
to review and match them), and the person stops being a coordinator. Import files a
coordinator uploaded and never imported are deleted too (they hold other people's data and
only their uploader may use them); the export names them but does not copy their content. The programmes
themselves, and everything other people did in them, stay untouched."""

from __future__ import annotations

from typing import Any

from mentorlab.accounts.models import User
from mentorlab.accounts.privacy import plain, serialize

from .models import (
    ActorApplication,
    CustomQuestion,
    ImportUpload,
    MentorApplication,
    Programme,
)


def _application(application: ActorApplication | MentorApplication) -> dict[str, Any]:
    labels = {
        str(q.pk): q.label
        for q in CustomQuestion.objects.filter(programme_id=application.programme_id)
    }
    return serialize(
        application,
        exclude=("user", "programme", "answers"),
        programme=application.programme.name,
        role=application.role,
        topics=[t.name for t in application.topics.all()],
        extra_answers=[
            {"question": labels.get(key, key), "answer": plain(value)}
            for key, value in (application.answers or {}).items()
        ],
    )


def export(user: User) -> dict[str, Any]:
    applications: list[ActorApplication | MentorApplication] = [
        *ActorApplication.objects.filter(user=user).select_related("programme", "decided_by"),
        *MentorApplication.objects.filter(user=user).select_related("programme", "decided_by"),
    ]
    return {
        "applications": [_application(a) for a in applications],
        "programmes_you_coordinate": [
            p.name for p in Programme.objects.filter(coordinators=user).order_by("name")
        ],
        "import_files_you_uploaded": [
            {"file": u.filename, "programme": u.programme.name, "uploaded": plain(u.created_at)}
            for u in ImportUpload.objects.filter(owner=user).select_related("programme")
        ],
    }


def erase(user: User) -> None:
    ImportUpload.objects.filter(owner=user).delete()
    ActorApplication.objects.filter(user=user).delete()
    MentorApplication.objects.filter(user=user).delete()
    for programme in Programme.objects.filter(coordinators=user):
        programme.coordinators.remove(user)


def erasure_preview(user: User) -> dict[str, Any]:
    """Programmes that erasing the account would leave without any coordinator."""
    sole = [
        p
        for p in Programme.objects.filter(coordinators=user).prefetch_related("coordinators")
        if len(p.coordinators.all()) == 1
    ]
    return {"sole_coordinator_of": sole}

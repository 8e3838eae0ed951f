"""The in-app notification that a match was published (its e-mail is the introduction)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mentorlab.core.translated import read_when_shown
from mentorlab.mentorships.models import Mentorship, MentorshipActor
from mentorlab.notifications.kinds import NotificationKind
from mentorlab.notifications.services import notify_many

MATCH = NotificationKind(
    "match",
    _("Your match"),
    optional=False,
    why_required=_(
        "the introduction tells you who your match is and how to reach them; without it the "
        "mentorship cannot start."
    ),
)


def matches_published(mentorships: Sequence[Mentorship], *, programme: Any) -> None:
    """Everyone in the published pairs hears in the app (one statement for a whole cohort)."""
    members: dict[int, list[Any]] = {}
    for member in MentorshipActor.objects.filter(mentorship__in=mentorships).select_related(
        "actor"
    ):
        members.setdefault(member.mentorship_id, []).append(member.actor)
    notify_many(
        recipients=[
            (user, reverse("mentorships:detail", args=[mentorship.pk]))
            for mentorship in mentorships
            for user in [mentorship.mentor, *members.get(mentorship.pk, [])]
        ],
        kind=MATCH.name,
        message=_("Your match in %(programme)s is ready: meet them in your shared space."),
        params={"programme": read_when_shown(programme, "name")},
        programme_id=programme.pk,
    )

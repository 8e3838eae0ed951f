"""One function per e-mail about mentorships, queued in the caller's transaction (nothing is
sent for a change that was rolled back). A reply to pair mail reaches the other
participants; a reply to a coordinator's notice about a pair reaches the pair."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone

from mentorlab.notifications.mail import Later, MailSpec, send_later, send_templated
from mentorlab.programmes.models import ActorApplication, MentorApplication

from .models import MentorshipActor

if TYPE_CHECKING:
    from .models import Meeting, Mentorship


@dataclass
class Introduced:
    """One other participant as shown in an introduction e-mail."""

    user: Any
    role: str
    application: ActorApplication | MentorApplication | None


def _people(mentorship: Mentorship) -> list[Introduced]:
    programme = mentorship.programme
    actors = [m.actor for m in mentorship.members.select_related("actor")]
    mentor_app = (
        MentorApplication.objects.filter(programme=programme, user=mentorship.mentor)
        .prefetch_related("topics")
        .first()
    )
    actor_apps = {
        a.user_id: a
        for a in ActorApplication.objects.filter(
            programme=programme, user__in=actors
        ).prefetch_related("topics")
    }
    people = [Introduced(mentorship.mentor, "mentor", mentor_app)]
    people += [Introduced(a, "actor", actor_apps.get(a.pk)) for a in actors]
    return people


def _participants(mentorship: Mentorship) -> list[Any]:
    return [mentorship.mentor, *(m.actor for m in mentorship.members.select_related("actor"))]


def _others(mentorship: Mentorship, user: Any) -> list[str]:
    return [p.email for p in _participants(mentorship) if p.pk != user.pk]


def mentorship_introduced(mentorship: Mentorship) -> None:
    """Introduce the participants to each other (see `mentorships_introduced`)."""
    mentorships_introduced([mentorship])


def mentorships_introduced(mentorships: Sequence[Mentorship]) -> None:
    """Introduce the participants of each mentorship to each other: each gets the others'
    applications and e-mail addresses, and a link to their shared space. Queued in the
    caller's transaction (one statement for all) and rendered by the worker: publishing a
    proposal introduces hundreds of pairs."""
    members: dict[int, list[Any]] = {}
    for member in MentorshipActor.objects.filter(mentorship__in=mentorships).select_related(
        "actor"
    ):
        members.setdefault(member.mentorship_id, []).append(member.actor)
    send_later(
        *(
            Later(
                to=user,
                template="mentorships/email/introduced",
                render_with=introduction_spec,
                render_args={"mentorship_id": mentorship.pk, "user_id": user.pk},
                programme_id=mentorship.programme_id,
                # Introduced once per person: publishing again or a retried task sends nothing.
                key=f"mentorships/introduced:{mentorship.pk}:{user.pk}",
            )
            for mentorship in mentorships
            for user in [mentorship.mentor, *members.get(mentorship.pk, [])]
        )
    )


def introduction_spec(*, mentorship_id: int, user_id: int) -> MailSpec | None:
    """The introduction for one participant, as the worker renders it; a reply reaches the
    other participants."""
    from .models import Mentorship

    mentorship = (
        Mentorship.objects.select_related("programme", "mentor").filter(pk=mentorship_id).first()
    )
    if mentorship is None:
        return None
    people = _people(mentorship)
    person = next((p for p in people if p.user.pk == user_id), None)
    if person is None:
        return None
    others = [p for p in people if p.user.pk != user_id]
    return MailSpec(
        to=person.user,
        template="mentorships/email/introduced",
        context={
            "mentorship": mentorship,
            "programme": mentorship.programme,
            "others": others,
            "is_mentor": person.role == "mentor",
            "path": reverse("mentorships:detail", args=[mentorship.pk]),
        },
        reply_to=[p.user.email for p in others],
    )


def mentorship_closed(mentorship: Mentorship, *, by: Any = None) -> None:
    """Tell the programme's coordinators that a mentorship completed or ended early. When a
    coordinator closed it (`by`), they are not told about their own action."""
    path = reverse("mentorships:coordinator", args=[mentorship.programme.slug])
    coordinators = mentorship.programme.coordinators.all()
    if by is not None:
        coordinators = coordinators.exclude(pk=by.pk)
    participants = [p.email for p in _participants(mentorship)]
    for coordinator in coordinators:
        send_templated(
            to=coordinator,
            template="mentorships/email/closed",
            context={
                "mentorship": mentorship,
                "programme": mentorship.programme,
                "path": path,
                "closed_by": by,
            },
            reply_to=participants,
            programme_id=mentorship.programme_id,
        )


def mentorship_closed_by_coordinator(mentorship: Mentorship, *, by: Any) -> None:
    """Tell each participant that a coordinator ended the mentorship early (with the reason)
    or marked it completed, and what happens next."""
    path = reverse("mentorships:detail", args=[mentorship.pk])
    members = list(mentorship.members.select_related("actor"))
    people = [(mentorship.mentor, False), *((m.actor, True) for m in members)]
    for user, is_actor in people:
        send_templated(
            to=user,
            template="mentorships/email/closed_by_coordinator",
            context={
                "mentorship": mentorship,
                "programme": mentorship.programme,
                "coordinator": by,
                "is_actor": is_actor,
                "path": path,
            },
            reply_to=[by.email],
            programme_id=mentorship.programme_id,
        )


def meeting_day(start: dt.datetime, now: dt.datetime) -> str:
    """ "today", "tomorrow" or "" (another day), by the calendar of the site's time zone
    (people have no time zone of their own), not by 24-hour distance: a reminder sent at
    noon for a meeting at 18:00 is about today, one sent at 22:00 for 09:00 about tomorrow."""
    days = (timezone.localtime(start).date() - timezone.localtime(now).date()).days
    return {0: "today", 1: "tomorrow"}.get(days, "")


def meeting_reminder(meeting: Meeting, user: Any, *, now: dt.datetime | None = None) -> None:
    send_templated(
        to=user,
        template="mentorships/email/meeting_reminder",
        context={
            "meeting": meeting,
            "day": meeting_day(meeting.start, now or timezone.now()),
            "path": reverse("mentorships:meeting", args=[meeting.pk]),
        },
        reply_to=_others(meeting.mentorship, user),
        programme_id=meeting.mentorship.programme_id,
    )


def meeting_log_reminder(meeting: Meeting, user: Any) -> None:
    send_templated(
        to=user,
        template="mentorships/email/meeting_log_reminder",
        context={"meeting": meeting, "path": reverse("mentorships:meeting", args=[meeting.pk])},
        reply_to=_others(meeting.mentorship, user),
        programme_id=meeting.mentorship.programme_id,
    )

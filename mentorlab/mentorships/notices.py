"""In-app notifications about mentorships (and their e-mail, as each person chose): the
kinds this app registers and one function per event, called in the service's transaction."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mentorlab.notifications.kinds import NotificationKind
from mentorlab.notifications.services import Mail, notify

if TYPE_CHECKING:
    from .models import Goal, Meeting, Mentorship

AGREEMENT = NotificationKind(
    "agreement",
    _("Agreement to confirm"),
    optional=False,
    why_required=_(
        "the mentorship starts only when everyone has confirmed the agreement, so you hear "
        "about every version you are asked to confirm."
    ),
)
MEETING = NotificationKind("meeting", _("Meetings booked, moved or cancelled"))
GOAL_COMMENT = NotificationKind("goal_comment", _("Comments on goals"))
NUDGE = NotificationKind("nudge", _("Nudges from your programme"))
KINDS = (AGREEMENT, MEETING, GOAL_COMMENT, NUDGE)


def _participants(mentorship: Mentorship) -> list[Any]:
    return [mentorship.mentor, *(m.actor for m in mentorship.members.select_related("actor"))]


def _others(mentorship: Mentorship, by: Any) -> list[Any]:
    return [p for p in _participants(mentorship) if p.pk != getattr(by, "pk", None)]


def agreement_to_confirm(mentorship: Mentorship, *, by: Any) -> None:
    url = reverse("mentorships:agreement", args=[mentorship.pk])
    for user in _others(mentorship, by):
        notify(
            user=user,
            kind=AGREEMENT.name,
            message=_("%(name)s wrote a version of your agreement for you to confirm."),
            params={"name": by.display_name},
            url=url,
            programme_id=mentorship.programme_id,
            reply_to=[by.email],
        )


def meeting_changed(meeting: Meeting, *, by: Any, what: str) -> None:
    """`what` is "booked", "moved" or "cancelled"."""
    messages = {
        "booked": _("%(name)s booked a meeting on %(when)s."),
        "moved": _("%(name)s changed the meeting on %(when)s."),
        "cancelled": _("%(name)s cancelled the meeting on %(when)s."),
    }
    for user in _others(meeting.mentorship, by):
        notify(
            user=user,
            kind=MEETING.name,
            message=messages[what],
            params={"name": by.display_name, "when": meeting.start},
            url=reverse("mentorships:meeting", args=[meeting.pk]),
            programme_id=meeting.mentorship.programme_id,
            reply_to=[by.email],
        )


def goal_commented(goal: Goal, *, by: Any) -> None:
    for user in _others(goal.mentorship, by):
        if goal.visible_to(user):
            notify(
                user=user,
                kind=GOAL_COMMENT.name,
                message=_("%(name)s commented on the goal “%(goal)s”."),
                params={"name": by.display_name, "goal": goal.title},
                url=reverse("mentorships:goal", args=[goal.pk]),
                programme_id=goal.mentorship.programme_id,
                reply_to=[by.email],
            )


def nudged(
    mentorship: Mentorship,
    *,
    message: str | Promise,
    params: Mapping[str, Any] | None = None,
    only: Collection[int] | None = None,
) -> int:
    """A friendly nudge to the participants (all of them, or the ids in `only`): a text the
    coordinator wrote (`message="%(text)s"`), or an automatic one translated for each
    reader. A reply reaches the programme's coordinators. Returns how many were told."""
    programme = mentorship.programme
    told = 0
    for user in _participants(mentorship):
        if only is not None and user.pk not in only:
            continue
        notification = notify(
            user=user,
            kind=NUDGE.name,
            message=message,
            params=params,
            url=reverse("mentorships:detail", args=[mentorship.pk]),
            programme_id=mentorship.programme_id,
            mail=Mail(
                "mentorships/email/nudge",
                {"programme_name": programme.name},
                reply_to=programme.reply_to(),
            ),
        )
        told += notification is not None
    return told

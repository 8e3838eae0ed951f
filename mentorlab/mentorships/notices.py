"""In-app notifications about mentorships (and their e-mail, as each person chose): the
kinds this app registers and one function per event, called in the service's transaction."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from mentorlab.notifications.kinds import NotificationKind
from mentorlab.notifications.services import Mail, mail_if_wanted, notify

from .calendar import meeting_invitation

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


def _invitation(meeting: Meeting, *, user: Any, by: Any, what: str) -> Mail:
    """The meeting mail with its calendar invitation (REQUEST, or CANCEL when cancelled)."""
    return Mail(
        template="mentorships/email/meeting_invitation",
        context={
            "meeting": meeting,
            "what": what,
            "by": by,
            "own": by is not None and by.pk == user.pk,
            "path": reverse("mentorships:meeting", args=[meeting.pk]),
        },
        reply_to=[p.email for p in _others(meeting.mentorship, user)],
        calendar=meeting_invitation(meeting, user=user),
    )


def meeting_changed(meeting: Meeting, *, by: Any, what: str) -> None:
    """`what` is "booked", "moved" or "cancelled". The other participants get a
    notification; whoever chose e-mail at once for meetings gets it with a calendar
    invitation, so Outlook or Google Calendar adds, moves or removes the entry.

    The person who booked or changed it gets the invitation too (without a notification:
    they know what they did). The organizer of the invitation is the site, not the booker,
    so that the booker's own calendar holds the entry and follows it when the other
    participant moves or cancels it later; without their copy it would be missing there."""
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
            mail=_invitation(meeting, user=user, by=by, what=what),
        )
    if by is not None and meeting.mentorship.is_participant(by):
        mail_if_wanted(
            user=by,
            kind=MEETING.name,
            mail=_invitation(meeting, user=by, by=by, what=what),
            programme_id=meeting.mentorship.programme_id,
            key=f"meeting-invitation:{meeting.pk}:{meeting.sequence}:{by.pk}",
        )


def meetings_cancelled_at_closure(meetings: list[Meeting]) -> None:
    """The mentorship ended with meetings still planned: they are cancelled, and each
    participant who receives meeting mail gets the cancellation for their calendar (no
    notification: the ending itself is the news)."""
    for meeting in meetings:
        for user in _participants(meeting.mentorship):
            mail_if_wanted(
                user=user,
                kind=MEETING.name,
                mail=_invitation(meeting, user=user, by=None, what="cancelled"),
                programme_id=meeting.mentorship.programme_id,
                key=f"meeting-invitation:{meeting.pk}:{meeting.sequence}:{user.pk}",
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

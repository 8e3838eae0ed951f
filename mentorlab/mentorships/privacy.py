"""Mentorships: what a participant may take away, and what erasure leaves for the others.

Export: every mentorship the person takes part in, with what they are party to (the
agreement versions, shared notes, shared goals and their comments, meetings with their
agendas) plus their OWN private goals and reflections. Another person's private goal or
reflection is never included.

Erasure:
- a live mentorship is ended early through `mentorship_end` (coordinators are e-mailed);
  in a group where other students stay, only the person leaves the group and the
  coordinators are told, so the others keep their mentor;
- their private goals, meeting reflections and closing reflections are deleted;
- what was shared with the pair (agreement versions and confirmations, meetings, shared
  notes, agenda items, shared goals and comments) stays for the others, under the
  anonymised name."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from mentorlab.accounts.models import User
from mentorlab.accounts.privacy import person, plain, serialize
from mentorlab.notifications.mail import send_templated

from .models import (
    LIVE_STATES,
    ClosingReflection,
    Goal,
    GoalComment,
    Meeting,
    Mentorship,
    MentorshipActor,
    Reflection,
    Visibility,
)
from .services import mentorship_end


def _mentorships_of(user: User) -> Any:
    return (
        Mentorship.objects.filter(Q(mentor=user) | Q(members__actor=user))
        .distinct()
        .select_related("programme", "mentor", "agreement")
        .prefetch_related("members__actor")
        .order_by("introduced_at", "pk")
    )


def _goal(goal: Goal) -> dict[str, Any]:
    return serialize(
        goal,
        exclude=("mentorship",),
        comments=[
            {"author": person(c.author), "text": c.text, "created_at": plain(c.created_at)}
            for c in goal.comments.select_related("author")
        ],
    )


def _agreement(mentorship: Mentorship) -> dict[str, Any] | None:
    agreement = getattr(mentorship, "agreement", None)
    if agreement is None:
        return None
    return {
        "confirmed_at": plain(agreement.confirmed_at),
        "reopened_at": plain(agreement.reopened_at),
        "versions": [
            serialize(
                version,
                exclude=("agreement",),
                confirmed_by=[
                    {"person": person(c.user), "at": plain(c.confirmed_at)}
                    for c in version.confirmations.select_related("user")
                ],
            )
            for version in agreement.versions.select_related("author").order_by("number")
        ],
    }


def _meeting(meeting: Meeting, user: User) -> dict[str, Any]:
    own_reflection = next((r for r in meeting.reflections.all() if r.author_id == user.pk), None)
    return serialize(
        meeting,
        exclude=("mentorship", "sequence", "reminded_at", "log_reminded_at"),
        agenda=[
            serialize(item, exclude=("meeting", "position"))
            for item in meeting.agenda.select_related("added_by")
        ],
        your_private_reflection=(
            {"text": own_reflection.text, "updated_at": own_reflection.updated_at}
            if own_reflection
            else None
        ),
    )


def export(user: User) -> dict[str, Any]:
    mentorships = []
    for m in _mentorships_of(user):
        goals = [
            g
            for g in m.goals.select_related("owner").order_by("created_at", "pk")
            if g.owner_id == user.pk or g.visibility != Visibility.PRIVATE
        ]
        meetings = m.meetings.select_related("created_by").prefetch_related("reflections")
        closing = ClosingReflection.objects.filter(mentorship=m, author=user).first()
        mentorships.append(
            {
                "id": m.pk,
                "programme": m.programme.name,
                "your_role": "mentor" if m.mentor_id == user.pk else "student",
                "mentor": person(m.mentor),
                "students": [person(member.actor) for member in m.members.all()],
                "state": m.state,
                "introduced_at": plain(m.introduced_at),
                "agreed_at": plain(m.agreed_at),
                "ended_at": plain(m.ended_at),
                "end_reason": m.end_reason,
                "first_meeting_checklist": [
                    {"step": t.step, "ticked_by": person(t.ticked_by), "at": plain(t.ticked_at)}
                    for t in m.ticks.select_related("ticked_by")
                ],
                "agreement": _agreement(m),
                "goals": [_goal(g) for g in goals],
                "meetings": [_meeting(meeting, user) for meeting in meetings],
                "your_closing_reflection": (
                    {"text": closing.text, "updated_at": plain(closing.updated_at)}
                    if closing
                    else None
                ),
            }
        )
    own_comments = GoalComment.objects.filter(author=user).select_related("goal")
    return {
        "mentorships": mentorships,
        "goal_comments_you_wrote": [
            {
                # The goal's title only when the person may still see that goal.
                "goal": c.goal.title if c.goal.visible_to(user) else None,
                "text": c.text,
                "created_at": plain(c.created_at),
            }
            for c in own_comments
        ],
    }


def _participant_left_group(mentorship: Mentorship) -> None:
    path = reverse("mentorships:coordinator", args=[mentorship.programme.slug])
    # A reply reaches the participants who stay in the group.
    staying = [mentorship.mentor.email, *(m.actor.email for m in mentorship.members.all())]
    for coordinator in mentorship.programme.coordinators.all():
        send_templated(
            to=coordinator,
            template="accounts/email/participant_left",
            context={"mentorship": mentorship, "programme": mentorship.programme, "path": path},
            reply_to=staying,
            programme_id=mentorship.programme_id,
        )


def erase(user: User) -> None:
    reason = _("The participant left the programme and deleted their account.")
    for m in _mentorships_of(user).filter(state__in=("introduced", "active")):
        other_actors = [a for a in m.members.all() if a.actor_id != user.pk]
        if m.mentor_id != user.pk and other_actors:
            # One student leaves a group: the group goes on with its mentor.
            MentorshipActor.objects.filter(mentorship=m, actor=user).delete()
            _participant_left_group(m)
        else:
            mentorship_end(mentorship=m, by=user, reason=reason)
    Goal.objects.filter(owner=user, visibility=Visibility.PRIVATE).delete()
    Reflection.objects.filter(author=user).delete()
    ClosingReflection.objects.filter(author=user).delete()


def erasure_preview(user: User) -> dict[str, Any]:
    """The live mentorships that erasing the account will end, shown before confirming."""
    live = (
        Mentorship.objects.filter(Q(mentor=user) | Q(members__actor=user), state__in=LIVE_STATES)
        .distinct()
        .select_related("programme", "mentor")
    )
    return {"live_mentorships": list(live)}

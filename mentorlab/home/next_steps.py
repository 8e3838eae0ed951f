"""What a participant should do next, for the top of their home page: the steps of their
mentorships, the surveys waiting for them and the applications they can still change. Also
the one status line of each application, which follows what has happened since (an accepted
student who has a mentor is no longer told to wait for a match)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from mentorlab.mentorships.selectors import HomeCard
from mentorlab.programmes.choices import ApplicationStatus, Role
from mentorlab.programmes.models import ApplicationBase, Phase
from mentorlab.surveys.models import Invitation


@dataclass
class NextStep:
    text: str
    url: str
    context: str  # where it belongs: the programme or the mentorship
    due: dt.datetime | dt.date | None = None  # do it by then
    when: dt.datetime | None = None  # it happens then


def matched_programme_ids(cards: list[HomeCard]) -> dict[str, set[int]]:
    """Programmes in which the person has (or had) a mentorship, by role."""
    ids: dict[str, set[int]] = {Role.ACTOR: set(), Role.MENTOR: set()}
    for card in cards:
        ids[Role.ACTOR if card.role == "actor" else Role.MENTOR].add(card.mentorship.programme_id)
    return ids


def application_status_line(
    application: ApplicationBase, *, role: str, matched: set[int], today: dt.date
) -> str:
    """The application's "what now" sentence when it has moved on from the application
    itself (matched, or the programme is past matching), else "" (the template's own
    sentences for submitted, waitlisted, declined and withdrawn applications apply)."""
    if application.status != ApplicationStatus.ACCEPTED:
        return ""
    programme = application.programme
    if programme.pk in matched:
        if role == Role.ACTOR:
            return str(_("You have been matched with a mentor: your mentorship is on this page."))
        return str(_("Students have been matched with you: your mentorships are on this page."))
    if programme.phase == Phase.ENDED:
        return str(_("This programme has ended."))
    if programme.matching_date < today:
        if role == Role.ACTOR:
            return str(
                _(
                    "You are accepted but have no mentor yet. The coordinators will contact "
                    "you about what happens next."
                )
            )
        return str(_("You are accepted. No student has been matched with you in this cycle."))
    return ""


def annotate_applications(
    applications: list[Any], *, role: str, matched: set[int], today: dt.date
) -> None:
    for application in applications:
        application.status_line = application_status_line(
            application, role=role, matched=matched, today=today
        )


def next_steps(
    *,
    cards: list[HomeCard],
    invitations: list[Invitation],
    actor_applications: list[Any],
    mentor_applications: list[Any],
) -> list[NextStep]:
    """The person's next steps, surveys closing soonest first, then their mentorships' steps
    (live mentorships first), then applications still open for editing."""
    steps: list[NextStep] = []
    for invitation in invitations:
        response = getattr(invitation, "response", None)
        if response is not None and response.is_submitted:
            continue
        steps.append(
            NextStep(
                text=_("Answer the survey “%(title)s”") % {"title": invitation.survey.title},
                url=reverse("surveys:respond", args=[invitation.token]),
                context=invitation.survey.programme.name,
                due=invitation.survey.closes_at,
            )
        )
    for card in cards:
        names = ", ".join(card.others)
        if card.role == "actor":
            where = _("Mentoring with %(names)s") % {"names": names}
        else:
            where = _("Mentoring %(names)s") % {"names": names}
        workspace = reverse("mentorships:detail", args=[card.mentorship.pk])
        todo: list[tuple[str, str, dt.datetime | None]] = [(t, u, None) for t, u in card.todo]
        if card.next_meeting is not None and [url for _t, url in card.todo] == [workspace]:
            # Nothing to do but keep meeting: the next meeting is the step.
            meeting = card.next_meeting
            todo = [
                (
                    str(_("Your next meeting")),
                    reverse("mentorships:meeting", args=[meeting.pk]),
                    meeting.start,
                )
            ]
        for text, url, when in todo:
            steps.append(NextStep(text=text, url=url, context=where, when=when))
    for role, applications in (
        (Role.ACTOR, actor_applications),
        (Role.MENTOR, mentor_applications),
    ):
        for application in applications:
            if application.is_editable and application.status == ApplicationStatus.SUBMITTED:
                closes = application.programme.window_dates(role)[1]
                steps.append(
                    NextStep(
                        text=_("Check your application before the window closes"),
                        url=reverse(
                            "programmes:application", args=[application.programme.slug, role]
                        ),
                        context=application.programme.name,
                        due=closes,
                    )
                )
    return steps

"""The home page starts with work: the coordinator's queue (most urgent first, only their own
programmes) and a participant's next steps, and never a stale status."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mentorlab.events.models import Event, EventStatus, Registration
from mentorlab.mentorships.models import Meeting, Mentorship, MentorshipState
from mentorlab.mentorships.services import mentorship_create
from mentorlab.notifications.models import MailState, OutboxMail
from mentorlab.surveys.models import HelpRequest, Invitation, Response, Survey, SurveyState
from tests.factories import ActorApplicationFactory, ProgrammeFactory, UserFactory, days

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def _failed_mail(programme, n: int) -> None:
    for i in range(n):
        OutboxMail.objects.create(
            key=f"{programme.slug}-{i}",
            kind="test",
            to_email=f"p{i}@example.org",
            programme_id=programme.pk,
            state=MailState.FAILED,
        )


@pytest.fixture
def busy(programme, actor, other_actor, mentor, other_mentor, coordinator):
    """One of each kind of work in the coordinator's programme."""
    now = timezone.now()
    ActorApplicationFactory(programme=programme, status="submitted")
    ActorApplicationFactory(programme=programme, status="submitted")
    _failed_mail(programme, 2)
    pair = mentorship_create(programme=programme, mentor=mentor, actors=[actor])
    Mentorship.objects.filter(pk=pair.pk).update(introduced_at=now - dt.timedelta(weeks=4))
    survey = Survey.objects.create(
        programme=programme,
        audience="actor",
        kind="halfway",
        title="Halfway check-in",
        opens_at=now - dt.timedelta(days=5),
        closes_at=now + dt.timedelta(days=3),
        state=SurveyState.OPEN,
    )
    answered = Invitation.objects.create(survey=survey, user=actor)
    Response.objects.create(survey=survey, invitation=answered, submitted_at=now)
    Invitation.objects.create(survey=survey, user=other_actor)
    HelpRequest.objects.create(survey=survey, user=actor).mentorships.add(pair)
    event = Event.objects.create(
        programme=programme,
        kind="networking",
        title="Alumni evening",
        starts_at=now + dt.timedelta(days=2),
        ends_at=now + dt.timedelta(days=2, hours=2),
        status=EventStatus.PUBLISHED,
    )
    Registration.objects.create(event=event, user=actor, queued_at=now)
    return programme


def test_coordinator_home_starts_with_the_work_queue_most_urgent_first(as_user, coordinator, busy):
    text = _text(as_user(coordinator).get(reverse("core:home")))
    queue = text[text.index("Waiting for you") : text.index("Programmes you coordinate")]
    expected = [
        "2 e-mails could not be delivered",
        "1 person asked for help in a survey",
        "1 pair needs attention: No agreement three weeks after the introduction",
        "Survey “Halfway check-in” closes soon: 1 of 2 answered (50 %)",
        "2 applications wait for a decision",
        "“Alumni evening” this week: 1 registered",
    ]
    positions = [queue.index(item) for item in expected]
    assert positions == sorted(positions)
    assert reverse("dashboard:mail", args=[busy.slug]) in queue
    assert reverse("surveys:help_requests", args=[busy.slug]) in queue
    assert reverse("programmes:review", args=[busy.slug]) in queue
    # The work comes before the tips.
    assert text.index("Waiting for you") < text.index("Programmes you coordinate")


def test_work_queue_shows_only_the_coordinators_own_programmes(
    as_user, coordinator, other_coordinator, programme, other_programme
):
    _failed_mail(other_programme, 3)
    text = _text(as_user(coordinator).get(reverse("core:home")))
    assert "could not be delivered" not in text
    assert "Nothing is waiting for you in the programmes you coordinate." in text
    other = _text(as_user(other_coordinator).get(reverse("core:home")))
    assert "3 e-mails could not be delivered" in other


def test_unmatched_students_count_once_matching_has_begun(as_user, coordinator, actor):
    running = ProgrammeFactory(
        mentor_signup_opens=days(-60),
        mentor_signup_closes=days(-50),
        actor_applications_open=days(-60),
        actor_applications_close=days(-50),
        matching_date=days(-40),
        kickoff_date=days(-30),
    )
    running.coordinators.add(coordinator)
    ActorApplicationFactory(programme=running)
    text = _text(as_user(coordinator).get(reverse("core:home")))
    assert "1 accepted student has no mentor yet" in text
    # The recruiting programme of the fixture does not nag about matching yet.
    assert text.count("has no mentor yet") == 1


def test_participants_never_see_a_work_queue(as_user, actor):
    assert "Waiting for you" not in _text(as_user(actor).get(reverse("core:home")))


def test_matched_student_is_not_told_to_wait_for_a_match(as_user, programme, actor, mentor):
    """The stale status: an actor with a live mentorship read "wait for your match"."""
    pair = mentorship_create(programme=programme, mentor=mentor, actors=[actor])
    Mentorship.objects.filter(pk=pair.pk).update(state=MentorshipState.ACTIVE)
    text = _text(as_user(actor).get(reverse("core:home")))
    assert "wait for your match" not in text
    assert "You have been matched with a mentor" in text
    mentor_text = _text(as_user(mentor).get(reverse("core:home")))
    assert "wait for your match" not in mentor_text
    assert "Students have been matched with you" in mentor_text


def test_unmatched_accepted_student_still_waits_for_the_match(as_user, actor):
    assert "wait for your match" in _text(as_user(actor).get(reverse("core:home")))


def test_student_past_matching_without_mentor_is_not_told_to_wait(as_user):
    late = ProgrammeFactory(
        actor_applications_open=days(-60),
        actor_applications_close=days(-50),
        mentor_signup_opens=days(-60),
        mentor_signup_closes=days(-50),
        matching_date=days(-40),
        kickoff_date=days(-30),
    )
    student = UserFactory()
    ActorApplicationFactory(programme=late, user=student)
    text = _text(as_user(student).get(reverse("core:home")))
    assert "wait for your match" not in text
    assert "You are accepted but have no mentor yet." in text


def test_next_steps_come_first_and_the_tips_below(as_user, programme, actor, mentor):
    mentorship_create(programme=programme, mentor=mentor, actors=[actor])
    text = _text(as_user(actor).get(reverse("core:home")))
    assert text.index("Your next steps") < text.index("Your mentorships")
    steps = text[text.index("Your next steps") : text.index("Your mentorships")]
    assert "Draft your mentoring agreement" in steps
    assert "Mentoring with Maija Mentor" in steps
    mentor_steps = _text(as_user(mentor).get(reverse("core:home")))
    assert "Book your next meeting" in mentor_steps[mentor_steps.index("Your next steps") :]


def test_open_survey_is_a_next_step_until_answered(as_user, programme, actor):
    now = timezone.now()
    survey = Survey.objects.create(
        programme=programme,
        audience="actor",
        kind="baseline",
        title="Starting survey",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=6),
        state=SurveyState.OPEN,
    )
    invitation = Invitation.objects.create(survey=survey, user=actor)
    text = _text(as_user(actor).get(reverse("core:home")))
    assert "Answer the survey “Starting survey”" in text
    Response.objects.create(survey=survey, invitation=invitation, submitted_at=now)
    text = _text(as_user(actor).get(reverse("core:home")))
    assert "Answer the survey “Starting survey”" not in text


def test_a_pair_with_nothing_to_do_but_meet_sees_the_next_meeting(
    as_user, programme, actor, mentor
):
    pair = mentorship_create(programme=programme, mentor=mentor, actors=[actor])
    Mentorship.objects.filter(pk=pair.pk).update(state=MentorshipState.ACTIVE)
    Meeting.objects.create(mentorship=pair, start=timezone.now() + dt.timedelta(days=3))
    text = _text(as_user(mentor).get(reverse("core:home")))
    steps = text[text.index("Your next steps") : text.index("Your mentorships")]
    assert "Your next meeting" in steps
    assert "Open your shared space" not in steps

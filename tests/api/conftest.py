"""The API's test world: the usual personas (tests/conftest.py), each calling with a
personal token of their own, and one of everything the endpoints show."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from mentorlab.accounts import services as account_services
from mentorlab.conversations import services as conversation_services
from mentorlab.events.models import PeerGroup, PeerGroupMember, Registration
from mentorlab.matching.models import MatchRun, ProposedPair, RunStatus
from mentorlab.mentorships import services as mentorship_services
from mentorlab.mentorships.models import (
    Goal,
    GoalComment,
    Meeting,
    MeetingStatus,
    Reflection,
    Visibility,
)
from tests.events.factories import EventFactory
from tests.factories import UserFactory
from tests.second_factor import totp_add
from tests.surveys.conftest import make_actors, make_survey  # noqa: F401 - a fixture

PERSONAS = [
    "actor",
    "other_actor",
    "mentor",
    "other_mentor",
    "coordinator",
    "other_coordinator",
    "outsider",
    "staff",
    "anonymous",
]


def api_client(user: Any) -> APIClient:
    """A client that sends `Authorization: Bearer <token>` with a fresh token of `user`'s
    (None: no credentials at all)."""
    client = APIClient()
    if user is not None:
        _token, secret = account_services.api_token_create(user=user, name="tests")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture
def api_as(request):
    """`api_as("coordinator")`: a token client for a persona fixture by name."""

    def make(persona: str) -> APIClient:
        return api_client(None if persona == "anonymous" else request.getfixturevalue(persona))

    return make


@pytest.fixture
def staff(db):
    """Site staff (with the second factor staff must have): no programme of their own, so
    the API shows them what it shows any other signed-in person."""
    user = UserFactory(email="staff@example.org", full_name="Sami Staff", is_staff=True)
    totp_add(user)
    return user


@pytest.fixture
def world(
    programme,
    other_programme,
    coordinator,
    other_coordinator,
    actor,
    other_actor,
    mentor,
    other_mentor,
    outsider,
    staff,
):
    """One of everything: the actor–mentor pair (with private and shared goals, a comment,
    a held meeting with shared notes and a private reflection, a planned meeting, and a
    message from each of them), a second pair, a published peer group of the two students
    with a message, a match proposal, an event (the other student registered) and an
    anonymous survey. The texts are markers that the privacy tests look for."""
    pair = mentorship_services.mentorship_create(programme=programme, mentor=mentor, actors=[actor])
    other_pair = mentorship_services.mentorship_create(
        programme=programme, mentor=other_mentor, actors=[other_actor]
    )
    private_goal = Goal.objects.create(mentorship=pair, owner=actor, title="PRIVATE-GOAL-ACTOR")
    shared_goal = Goal.objects.create(
        mentorship=pair, owner=actor, title="SHARED-GOAL-ACTOR", visibility=Visibility.SHARED
    )
    GoalComment.objects.create(goal=shared_goal, author=mentor, text="MENTOR-COMMENT")
    Goal.objects.create(mentorship=pair, owner=mentor, title="PRIVATE-GOAL-MENTOR")
    meeting = Meeting.objects.create(
        mentorship=pair,
        start=timezone.now() - dt.timedelta(days=7),
        status=MeetingStatus.HELD,
        shared_notes="SHARED-NOTE-TEXT",
        created_by=actor,
    )
    Reflection.objects.create(meeting=meeting, author=actor, text="ACTOR-REFLECTION")
    planned = Meeting.objects.create(
        mentorship=pair,
        start=timezone.now() + dt.timedelta(days=7),
        place="Café Kafka",
        created_by=mentor,
    )
    message = conversation_services.message_post(
        by=actor, kind="mentorship", owner_id=pair.pk, text="PAIR-MESSAGE-ACTOR"
    )
    conversation_services.message_post(
        by=mentor, kind="mentorship", owner_id=pair.pk, text="PAIR-MESSAGE-MENTOR"
    )
    group = PeerGroup.objects.create(programme=programme, name="Founders", is_published=True)
    for member in (actor, other_actor):
        PeerGroupMember.objects.create(group=group, programme=programme, user=member)
    conversation_services.message_post(
        by=other_actor, kind="group", owner_id=group.pk, text="GROUP-MESSAGE"
    )
    run = MatchRun.objects.create(
        programme=programme, created_by=coordinator, status=RunStatus.DONE, stats={"actors": 1}
    )
    ProposedPair.objects.create(run=run, actor=actor, mentor=mentor, score=80)
    event = EventFactory(programme=programme)
    Registration.objects.create(event=event, user=other_actor, queued_at=timezone.now())
    survey = make_survey(programme, coordinator, anonymous=True, min_group_size=5)
    return {
        "slug": programme.slug,
        "pair": pair.pk,
        "other_pair": other_pair.pk,
        "run": run.pk,
        "event": event.pk,
        "goal": shared_goal.pk,
        "private_goal": private_goal.pk,
        "meeting": meeting.pk,
        "planned": planned.pk,
        "message": message.pk,
        "group": group.pk,
        "survey": survey.pk,
        "actor_application": actor.actor_applications.get().pk,
    }

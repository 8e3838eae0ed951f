"""The API's test world: the usual personas (tests/conftest.py), each calling with a
personal token of their own, and one of everything the endpoints show."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from mentorlab.accounts import services as account_services
from mentorlab.matching.models import MatchRun, ProposedPair, RunStatus
from mentorlab.mentorships import services as mentorship_services
from mentorlab.mentorships.models import Goal, Meeting, MeetingStatus, Reflection, Visibility
from tests.events.factories import EventFactory
from tests.surveys.conftest import make_actors, make_survey  # noqa: F401 - a fixture

PERSONAS = [
    "actor",
    "other_actor",
    "mentor",
    "other_mentor",
    "coordinator",
    "other_coordinator",
    "outsider",
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
):
    """One of everything: the actor–mentor pair (with private and shared goals, a meeting
    with shared notes and private reflections), a second pair, a match proposal, an event
    and an anonymous survey."""
    pair = mentorship_services.mentorship_create(programme=programme, mentor=mentor, actors=[actor])
    other_pair = mentorship_services.mentorship_create(
        programme=programme, mentor=other_mentor, actors=[other_actor]
    )
    Goal.objects.create(mentorship=pair, owner=actor, title="PRIVATE-GOAL-ACTOR")
    Goal.objects.create(
        mentorship=pair, owner=actor, title="SHARED-GOAL-ACTOR", visibility=Visibility.SHARED
    )
    Goal.objects.create(mentorship=pair, owner=mentor, title="PRIVATE-GOAL-MENTOR")
    meeting = Meeting.objects.create(
        mentorship=pair,
        start=timezone.now() - dt.timedelta(days=7),
        status=MeetingStatus.HELD,
        shared_notes="SHARED-NOTE-TEXT",
    )
    Reflection.objects.create(meeting=meeting, author=actor, text="ACTOR-REFLECTION")
    run = MatchRun.objects.create(
        programme=programme, created_by=coordinator, status=RunStatus.DONE, stats={"actors": 1}
    )
    ProposedPair.objects.create(run=run, actor=actor, mentor=mentor, score=80)
    event = EventFactory(programme=programme)
    survey = make_survey(programme, coordinator, anonymous=True, min_group_size=5)
    return {
        "slug": programme.slug,
        "pair": pair.pk,
        "other_pair": other_pair.pk,
        "run": run.pk,
        "event": event.pk,
        "survey": survey.pk,
        "actor_application": actor.actor_applications.get().pk,
    }

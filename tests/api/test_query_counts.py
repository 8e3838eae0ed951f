"""Every API list costs a fixed number of queries per page, whatever the data size: each
list is read with 5 rows and again with 50 (one page either way), and must cost the same."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from mentorlab.conversations.models import Conversation, Message
from mentorlab.events.models import (
    Event,
    EventKind,
    EventStatus,
    PeerGroup,
    PeerGroupMember,
    Registration,
)
from mentorlab.matching.models import MatchRun, ProposedPair, RunStatus
from mentorlab.mentorships.models import (
    Goal,
    GoalComment,
    Meeting,
    Mentorship,
    MentorshipActor,
    Visibility,
)
from mentorlab.programmes.models import Topic
from tests.factories import (
    ActorApplicationFactory,
    MentorApplicationFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 5, 50

# (persona, address): every list endpoint, as the persona who sees its rows.
LISTS: dict[str, tuple[str, str]] = {
    "programmes": ("coordinator", "/api/v1/programmes/"),
    "applications": ("coordinator", "/api/v1/programmes/{slug}/applications/"),
    "my-applications": ("mentor", "/api/v1/me/applications/"),
    "match-runs": ("coordinator", "/api/v1/programmes/{slug}/match-runs/"),
    "match-run-pairs": ("coordinator", "/api/v1/programmes/{slug}/match-runs/{run}/"),
    "programme-mentorships": ("coordinator", "/api/v1/programmes/{slug}/mentorships/"),
    "mentorships": ("mentor", "/api/v1/mentorships/"),
    "goals": ("mentor", "/api/v1/mentorships/{pair}/goals/"),
    "meetings": ("mentor", "/api/v1/mentorships/{pair}/meetings/"),
    "events": ("mentor", "/api/v1/events/"),
    "surveys": ("coordinator", "/api/v1/programmes/{slug}/surveys/"),
    "event-registrations": ("coordinator", "/api/v1/events/{event}/registrations/"),
    "goal-comments": ("mentor", "/api/v1/goals/{goal}/comments/"),
    "mentorship-messages": ("mentor", "/api/v1/mentorships/{pair}/messages/"),
    "group-messages": ("mentor", "/api/v1/peer-groups/{group}/messages/"),
}


class Data:
    def __init__(self) -> None:
        self.coordinator = UserFactory()
        self.mentor = UserFactory()
        self.programme = ProgrammeFactory(max_mentor_capacity=100)
        self.programme.coordinators.add(self.coordinator)
        self.topics = [Topic.objects.create(programme=self.programme, name=f"T{i}") for i in (1, 2)]
        MentorApplicationFactory(programme=self.programme, user=self.mentor, capacity=100)
        self.run = MatchRun.objects.create(
            programme=self.programme, created_by=self.coordinator, status=RunStatus.DONE
        )
        self.pair: Mentorship | None = None
        self.goal: Goal | None = None
        self.event: Event | None = None
        self.group = PeerGroup.objects.create(programme=self.programme, name="G", is_published=True)
        PeerGroupMember.objects.create(group=self.group, programme=self.programme, user=self.mentor)
        self.group_talk = Conversation.objects.create(peer_group=self.group)
        self.rows = 0

    def grow(self, to: int) -> None:
        """Add rows until every list holds `to` of them."""
        now = timezone.now()
        for i in range(self.rows, to):
            student = UserFactory()
            application = ActorApplicationFactory(programme=self.programme, user=student)
            application.topics.set(self.topics)
            mentorship = Mentorship.objects.create(programme=self.programme, mentor=self.mentor)
            MentorshipActor.objects.create(
                mentorship=mentorship, actor=student, programme=self.programme
            )
            self.pair = self.pair or mentorship
            goal = Goal.objects.create(
                mentorship=self.pair, owner=self.mentor, title=f"G{i}", visibility=Visibility.SHARED
            )
            self.goal = self.goal or goal
            GoalComment.objects.create(goal=self.goal, author=student, text=f"C{i}")
            pair_talk, _new = Conversation.objects.get_or_create(mentorship=self.pair)
            Message.objects.create(conversation=pair_talk, author=student, text=f"M{i}")
            PeerGroupMember.objects.create(group=self.group, programme=self.programme, user=student)
            Message.objects.create(conversation=self.group_talk, author=student, text=f"M{i}")
            Meeting.objects.create(mentorship=self.pair, start=now + dt.timedelta(days=i))
            ProposedPair.objects.create(run=self.run, actor=student, mentor=self.mentor, score=i)
            MatchRun.objects.create(programme=self.programme, created_by=self.coordinator)
            event = Event.objects.create(
                programme=self.programme,
                kind=EventKind.NETWORKING,
                title=f"E{i}",
                starts_at=now + dt.timedelta(days=7),
                ends_at=now + dt.timedelta(days=7, hours=2),
                status=EventStatus.PUBLISHED,
            )
            Registration.objects.create(event=event, user=self.mentor, queued_at=now)
            self.event = self.event or event
            Registration.objects.create(event=self.event, user=student, queued_at=now)
            other = ProgrammeFactory()
            other.coordinators.add(self.coordinator)
            MentorApplicationFactory(programme=other, user=self.mentor)
            self.programme.surveys.create(
                audience="actor",
                kind="baseline",
                title=f"S{i}",
                opens_at=now,
                closes_at=now + dt.timedelta(days=1),
            )
        self.rows = to

    def ids(self) -> dict[str, Any]:
        assert self.pair is not None and self.goal is not None and self.event is not None
        return {
            "slug": self.programme.slug,
            "run": self.run.pk,
            "pair": self.pair.pk,
            "goal": self.goal.pk,
            "group": self.group.pk,
            "event": self.event.pk,
        }


def _measure(data: Data) -> dict[str, tuple[int, int, int]]:
    """(status, rows shown, queries) per list, each read once first to warm caches."""
    clients = {}
    for persona in ("coordinator", "mentor"):
        clients[persona] = APIClient()
        clients[persona].force_authenticate(getattr(data, persona))
    result = {}
    for name, (persona, address) in LISTS.items():
        url = address.format(**data.ids())
        clients[persona].get(url)
        with CaptureQueriesContext(connection) as queries:
            response = clients[persona].get(url)
        body = response.json()
        shown = len(body.get("results", body.get("pairs", [])))
        result[name] = (response.status_code, shown, len(queries))
    return result


@pytest.fixture(scope="module")
def counts(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    fast = {
        "LANGUAGE_CODE": "en",
        "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    }
    name = str(connection.settings_dict["NAME"])
    assert "memory" in name or "test" in name, f"not a test database: {name}"
    with django_db_blocker.unblock(), override_settings(**fast), transaction.atomic():
        data = Data()
        data.grow(SMALL)
        small = _measure(data)
        data.grow(LARGE)
        large = _measure(data)
        transaction.set_rollback(True)
    yield {"small": small, "large": large}


@pytest.mark.parametrize("endpoint", list(LISTS))
def test_a_list_costs_the_same_queries_for_5_and_50_rows(counts, endpoint):
    status_small, shown_small, small = counts["small"][endpoint]
    status_large, shown_large, large = counts["large"][endpoint]
    assert status_small == status_large == 200
    assert shown_large > shown_small >= SMALL  # the larger set really shows more rows
    assert large == small, (
        f"{endpoint}: {small} queries with {SMALL} rows, {large} with {LARGE} "
        "(an N+1 query: something asks the database once per row)"
    )

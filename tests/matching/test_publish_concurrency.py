"""Two coordinators publishing at the same moment (PostgreSQL: real row locks)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from mentorlab.matching import services
from mentorlab.matching.engine import Weights
from mentorlab.matching.models import MatchRun, RunStatus
from mentorlab.mentorships.models import MentorshipActor
from tests.factories import (
    ActorApplicationFactory,
    MentorApplicationFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def _run(programme, by):
    run = MatchRun.objects.create(programme=programme, created_by=by, weights=Weights().as_dict())
    services.match_run_execute(run.pk)
    run.refresh_from_db()
    return run


def _race(targets):
    barrier = threading.Barrier(len(targets))
    outcomes: list[str] = []

    def attempt(run, by):
        try:
            barrier.wait()
            services.match_publish(run=run, by=by)
            outcomes.append("published")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=t) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_the_same_proposal_published_twice_at_once_creates_one_set_of_mentorships():
    first, second = UserFactory(), UserFactory()
    programme = ProgrammeFactory()
    programme.coordinators.add(first, second)
    for _ in range(3):
        MentorApplicationFactory(programme=programme, capacity=2)
    for _ in range(5):
        ActorApplicationFactory(programme=programme)
    run = _run(programme, first)
    outcomes = _race([(run, first), (run, second)])
    assert sorted(outcomes) == ["This proposal has already been published.", "published"]
    assert MentorshipActor.objects.filter(programme=programme).count() == 5
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED


def test_two_proposals_published_at_once_never_overfill_a_mentor():
    coordinator = UserFactory()
    programme = ProgrammeFactory()
    programme.coordinators.add(coordinator)
    mentor = MentorApplicationFactory(programme=programme, capacity=2)
    for _ in range(2):
        ActorApplicationFactory(programme=programme)
    run_a = _run(programme, coordinator)
    run_b = _run(programme, coordinator)  # the same two students, proposed again
    outcomes = _race([(run_a, coordinator), (run_b, coordinator)])
    assert len(outcomes) == 2
    assert outcomes.count("published") == 1
    live = MentorshipActor.objects.filter(programme=programme, mentorship__mentor=mentor.user)
    assert live.count() == 2

"""Matching's reads: rankings close after publishing (in the service itself), the pages
cost a fixed number of queries, and the mentors' load follows mentorships' definition."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentorlab.matching import selectors, services
from mentorlab.matching.engine import Weights
from mentorlab.matching.models import MatchRun, Preference, RunStatus
from mentorlab.mentorships.services import mentorship_create
from tests.factories import ActorApplicationFactory, MentorApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranking_programme(programme, actor, mentor, other_mentor):
    programme.actor_preferences_enabled = True
    programme.save()
    return programme


def test_rankings_close_once_a_proposal_is_published_even_without_the_page(
    ranking_programme, coordinator, actor, mentor
):
    services.preferences_set(programme=ranking_programme, actor=actor, mentors=[mentor])
    MatchRun.objects.create(
        programme=ranking_programme,
        created_by=coordinator,
        weights=Weights().as_dict(),
        status=RunStatus.PUBLISHED,
    )
    with pytest.raises(ValidationError) as refused:
        services.preferences_set(programme=ranking_programme, actor=actor, mentors=[])
    assert "choices can no longer be changed" in " ".join(refused.value.messages)
    assert list(Preference.objects.values_list("mentor_id", flat=True)) == [mentor.pk]


def test_the_ranking_page_says_the_choices_are_closed_after_publishing(
    as_user, ranking_programme, coordinator, actor, mentor
):
    MatchRun.objects.create(
        programme=ranking_programme,
        created_by=coordinator,
        weights=Weights().as_dict(),
        status=RunStatus.PUBLISHED,
    )
    url = reverse("matching:choose", args=[ranking_programme.slug])
    response = as_user(actor).post(url, {"rank1": mentor.pk})
    assert response.status_code == 200
    assert "choices can no longer be changed" in response.content.decode()
    assert not Preference.objects.exists()


def _run_page_queries(client, programme, coordinator) -> int:
    run = MatchRun.objects.create(
        programme=programme, created_by=coordinator, weights=Weights().as_dict()
    )
    services.match_run_execute(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    client.get(reverse("matching:run", args=[programme.slug, run.pk]))  # warm the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("matching:run", args=[programme.slug, run.pk])).status_code == 200
    return len(queries)


def test_the_proposal_and_matching_pages_cost_the_same_queries_for_more_people(
    as_user, coordinator, programme, actor, mentor
):
    client = as_user(coordinator)
    ActorApplicationFactory(programme=programme, languages=["de"])  # left unmatched
    small = _run_page_queries(client, programme, coordinator)
    for _ in range(4):
        ActorApplicationFactory(programme=programme)
        MentorApplicationFactory(programme=programme)
        ActorApplicationFactory(programme=programme, languages=["de"])
    large = _run_page_queries(client, programme, coordinator)
    assert large == small

    home = reverse("matching:home", args=[programme.slug])
    with CaptureQueriesContext(connection) as before:
        client.get(home)
    for _ in range(3):
        ActorApplicationFactory(programme=programme)
        MentorApplicationFactory(programme=programme)
    with CaptureQueriesContext(connection) as after:
        client.get(home)
    assert len(after) == len(before)


def test_waiting_and_free_places_count_matched_students(programme, actor, other_actor, mentor):
    capacity = mentor.mentor_applications.get().capacity
    assert selectors.waiting_count(programme) == 2
    assert selectors.free_places(programme) == capacity
    mentorship_create(programme=programme, mentor=mentor, actors=[actor])
    assert selectors.waiting_count(programme) == 1
    assert selectors.free_places(programme) == capacity - 1
    assert [a.user for a in selectors.actor_applications_to_match(programme)] == [other_actor]

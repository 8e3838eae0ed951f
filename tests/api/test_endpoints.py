"""What the allowed persona can do through the API, through the same services as the pages."""

from __future__ import annotations

import pytest
from django.core import mail

from mentorlab.events.models import Registration, RegistrationStatus
from mentorlab.matching.models import MatchRun, RunStatus
from mentorlab.mentorships.models import Mentorship
from mentorlab.programmes.models import ActorApplication
from tests.factories import ActorApplicationFactory, UserFactory


def test_coordinator_declines_an_application_and_the_applicant_is_told(
    api_as, world, actor, django_capture_on_commit_callbacks
):
    url = "/api/v1/programmes/{slug}/applications/actor/{actor_application}/decision/"
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as("coordinator").post(
            url.format(**world), {"status": "declined"}, format="json"
        )
    assert response.status_code == 200
    assert response.json() == {"changed": 1}
    assert ActorApplication.objects.get(pk=world["actor_application"]).status == "declined"
    assert [m.to for m in mail.outbox] == [[actor.email]]


def test_an_unknown_decision_names_the_field(api_as, world):
    url = "/api/v1/programmes/{slug}/applications/actor/{actor_application}/decision/"
    response = api_as("coordinator").post(url.format(**world), {"status": "maybe"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == ["status"]
    assert "maybe" in body["errors"]["status"][0]


def test_applications_filter_by_role_and_status_and_refuse_unknown_values(api_as, world, programme):
    ActorApplicationFactory(programme=programme, user=UserFactory(), status="submitted")
    client = api_as("coordinator")
    url = "/api/v1/programmes/{slug}/applications/".format(**world)
    assert client.get(url).json()["count"] == 5
    assert client.get(url, {"role": "actor"}).json()["count"] == 3
    submitted = client.get(url, {"role": "actor", "status": "submitted"}).json()
    assert submitted["count"] == 1 and submitted["results"][0]["status"] == "submitted"
    refused = client.get(url, {"status": "pending"})
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["status"]


def test_lists_come_in_pages(api_as, world, programme):
    for _i in range(3):
        ActorApplicationFactory(programme=programme, user=UserFactory())
    client = api_as("coordinator")
    url = "/api/v1/programmes/{slug}/applications/".format(**world)
    first = client.get(url, {"page_size": 5}).json()
    assert first["count"] == 7 and len(first["results"]) == 5 and first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 2 and second["next"] is None
    assert client.get(url, {"page": 9}).status_code == 404


def test_coordinator_starts_a_run_that_is_queued_as_from_the_page(
    api_as, world, django_capture_on_commit_callbacks
):
    url = "/api/v1/programmes/{slug}/match-runs/".format(**world)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = api_as("coordinator").post(
            url, {"mode": "best", "k": 5, "weights": {"topics": 4}}, format="json"
        )
    assert response.status_code == 202
    run = MatchRun.objects.get(pk=response.json()["id"])
    assert run.status == RunStatus.QUEUED
    assert run.weights["topics"] == 4.0 and run.shortlist_size == 5
    assert len(callbacks) == 1  # the task is enqueued once the transaction commits


def test_a_bad_weight_is_refused_with_its_name_and_no_run_starts(api_as, world):
    url = "/api/v1/programmes/{slug}/match-runs/".format(**world)
    response = api_as("coordinator").post(url, {"weights": {"text": -1}, "k": 1}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"weights", "k"}
    assert "text" in response.json()["errors"]["weights"]
    assert MatchRun.objects.count() == 1


def test_coordinator_reads_a_run_with_its_pairs(api_as, world, actor, mentor):
    url = "/api/v1/programmes/{slug}/match-runs/{run}/".format(**world)
    body = api_as("coordinator").get(url).json()
    assert body["status"] == "done"
    assert [(p["actor"]["name"], p["mentor"]["name"]) for p in body["pairs"]] == [
        (actor.full_name, mentor.full_name)
    ]


def test_publishing_refuses_a_student_already_matched_with_the_services_words(api_as, world):
    url = "/api/v1/programmes/{slug}/match-runs/{run}/publish/".format(**world)
    response = api_as("coordinator").post(url)
    assert response.status_code == 400
    assert response.json()["errors"]
    assert Mentorship.objects.count() == 2


def test_publishing_a_clean_proposal_creates_the_mentorships(
    api_as, world, programme, coordinator, django_capture_on_commit_callbacks
):
    from mentorlab.matching.models import ProposedPair
    from tests.factories import MentorApplicationFactory

    student = UserFactory()
    ActorApplicationFactory(programme=programme, user=student)
    alumna = UserFactory()
    MentorApplicationFactory(programme=programme, user=alumna)
    run = MatchRun.objects.create(programme=programme, created_by=coordinator, status="done")
    ProposedPair.objects.create(run=run, actor=student, mentor=alumna, score=70)
    url = f"/api/v1/programmes/{programme.slug}/match-runs/{run.pk}/publish/"
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as("coordinator").post(url)
    assert response.status_code == 200, response.content
    assert response.json() == {"mentorships": 1}
    assert Mentorship.objects.filter(mentor=alumna, members__actor=student).exists()


def test_register_then_cancel_an_event(api_as, world, actor):
    client = api_as("actor")
    url = "/api/v1/events/{event}/registration/".format(**world)
    created = client.post(url, {"note": "Vegetarian"}, format="json")
    assert created.status_code == 201
    assert created.json()["status"] == "registered"
    again = client.post(url)
    assert again.status_code == 400
    assert "already registered" in again.json()["errors"]["non_field_errors"][0]
    shown = client.get("/api/v1/events/{event}/".format(**world)).json()
    assert shown["my_registration"]["status"] == "registered"
    assert client.delete(url).status_code == 204
    assert Registration.objects.get(user=actor).status == RegistrationStatus.CANCELLED
    assert client.delete(url).status_code == 400


def test_events_filter_by_programme_and_status(api_as, world, programme):
    client = api_as("actor")
    assert client.get("/api/v1/events/", {"programme": programme.slug}).json()["count"] == 1
    assert client.get("/api/v1/events/", {"programme": "nope"}).json()["count"] == 0
    assert client.get("/api/v1/events/", {"status": "cancelled"}).json()["count"] == 0
    assert client.get("/api/v1/events/", {"status": "soon"}).status_code == 400


def test_survey_results_below_the_smallest_group_show_only_the_response_rate(api_as, world):
    url = "/api/v1/programmes/{slug}/surveys/{survey}/results/".format(**world)
    body = api_as("coordinator").get(url).json()
    assert body["suppressed"] is True
    assert body["items"] == []
    assert body["survey"]["anonymous"] is True


def test_survey_results_are_aggregates_once_enough_have_answered(
    api_as, programme, coordinator, make_actors
):
    from tests.surveys.conftest import answer, make_survey

    people = make_actors(5)
    survey = make_survey(programme, coordinator, anonymous=True, min_group_size=5)
    for person in people:
        answer(survey, person, texts=["Loved it"])
    url = f"/api/v1/programmes/{programme.slug}/surveys/{survey.pk}/results/"
    body = api_as("coordinator").get(url).json()
    assert body["suppressed"] is False and body["submitted"] == 5
    assert body["items"] and all("distribution" in item for item in body["items"])
    assert "email" not in str(body) and people[0].full_name not in str(body)


@pytest.mark.parametrize("method", ["put", "patch"])
def test_methods_an_endpoint_does_not_have_are_405(api_as, world, method):
    response = getattr(api_as("coordinator"), method)("/api/v1/programmes/")
    assert response.status_code == 405
    assert response.json()["detail"]


def test_the_site_session_works_too(client, world, actor):
    client.force_login(actor)
    assert client.get("/api/v1/mentorships/").json()["count"] == 1

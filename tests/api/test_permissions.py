"""Every endpoint × every persona: the API's twins of the pages' permission tests.

Someone who may not see an object gets a 404, as on the pages; someone who may see it but
not do the thing gets a 403; anyone without a token gets a 401."""

from __future__ import annotations

import pytest
from django.core import mail

from mentorlab.events.models import Registration
from mentorlab.matching.models import MatchRun, RunStatus
from mentorlab.mentorships.models import Mentorship
from mentorlab.programmes.models import ActorApplication
from tests.api.conftest import PERSONAS


def only(*allowed: str) -> dict[str, int]:
    return {p: 401 if p == "anonymous" else 200 if p in allowed else 404 for p in PERSONAS}


SIGNED_IN = only(*PERSONAS)
PAIR = ("actor", "mentor")

READS: dict[str, tuple[str, dict[str, int]]] = {
    "programmes": ("/api/v1/programmes/", SIGNED_IN),
    "programme": ("/api/v1/programmes/{slug}/", SIGNED_IN),
    "my-applications": ("/api/v1/me/applications/", SIGNED_IN),
    "applications": ("/api/v1/programmes/{slug}/applications/", only("coordinator")),
    "application": (
        "/api/v1/programmes/{slug}/applications/actor/{actor_application}/",
        only("actor", "coordinator"),
    ),
    "match-runs": ("/api/v1/programmes/{slug}/match-runs/", only("coordinator")),
    "match-run": ("/api/v1/programmes/{slug}/match-runs/{run}/", only("coordinator")),
    "programme-mentorships": ("/api/v1/programmes/{slug}/mentorships/", only("coordinator")),
    "surveys": ("/api/v1/programmes/{slug}/surveys/", only("coordinator")),
    "survey-results": ("/api/v1/programmes/{slug}/surveys/{survey}/results/", only("coordinator")),
    "mentorships": ("/api/v1/mentorships/", SIGNED_IN),
    "mentorship": ("/api/v1/mentorships/{pair}/", only(*PAIR)),
    "goals": ("/api/v1/mentorships/{pair}/goals/", only(*PAIR)),
    "meetings": ("/api/v1/mentorships/{pair}/meetings/", only(*PAIR)),
    "events": ("/api/v1/events/", SIGNED_IN),
    "event": (
        "/api/v1/events/{event}/",
        only("actor", "other_actor", "mentor", "other_mentor", "coordinator"),
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", list(READS))
def test_each_read_answers_each_persona_as_the_pages_do(api_as, world, endpoint, persona):
    address, expected = READS[endpoint]
    response = api_as(persona).get(address.format(**world))
    assert response.status_code == expected[persona], response.content
    if response.status_code != 200:
        # The same error shape everywhere, with nothing about the object in it.
        assert set(response.json()) == {"detail", "errors"}


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "coordinator"])
def test_only_the_programmes_coordinator_decides_on_an_application(api_as, world, persona):
    response = api_as(persona).post(
        "/api/v1/programmes/{slug}/applications/actor/{actor_application}/decision/".format(
            **world
        ),
        {"status": "declined"},
        format="json",
    )
    # The applicant sees the application but may not decide on it: 403, not 404.
    assert response.status_code == {"actor": 403, "anonymous": 401}.get(persona, 404)
    assert ActorApplication.objects.get(pk=world["actor_application"]).status == "accepted"


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "coordinator"])
def test_only_the_programmes_coordinator_starts_or_publishes_a_run(api_as, world, persona):
    client = api_as(persona)
    started = client.post("/api/v1/programmes/{slug}/match-runs/".format(**world), {}, "json")
    published = client.post("/api/v1/programmes/{slug}/match-runs/{run}/publish/".format(**world))
    expected = 401 if persona == "anonymous" else 404
    assert (started.status_code, published.status_code) == (expected, expected)
    assert MatchRun.objects.count() == 1
    assert MatchRun.objects.get().status == RunStatus.DONE


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("actor", 201),
        ("other_actor", 201),
        ("mentor", 201),
        ("other_mentor", 201),
        ("coordinator", 400),  # sees the event, but it is not for them to register
        ("other_coordinator", 404),
        ("outsider", 404),
        ("anonymous", 401),
    ],
)
def test_registering_for_an_event_follows_the_event_pages_rules(api_as, world, persona, expected):
    response = api_as(persona).post("/api/v1/events/{event}/registration/".format(**world))
    assert response.status_code == expected, response.content
    assert Registration.objects.count() == (1 if expected == 201 else 0)


def test_coordinator_cannot_see_inside_a_mentorship_only_its_metadata(api_as, world):
    client = api_as("coordinator")
    assert client.get("/api/v1/mentorships/{pair}/goals/".format(**world)).status_code == 404
    rows = client.get("/api/v1/programmes/{slug}/mentorships/".format(**world)).json()["results"]
    assert {row["id"] for row in rows} == {world["pair"], world["other_pair"]}
    text = str(rows)
    assert "GOAL" not in text and "SHARED-NOTE" not in text and "REFLECTION" not in text


@pytest.mark.parametrize(
    ("persona", "seen"),
    [
        ("actor", {"PRIVATE-GOAL-ACTOR", "SHARED-GOAL-ACTOR"}),
        ("mentor", {"PRIVATE-GOAL-MENTOR", "SHARED-GOAL-ACTOR"}),
    ],
)
def test_private_goals_go_only_to_their_author(api_as, world, persona, seen):
    rows = api_as(persona).get("/api/v1/mentorships/{pair}/goals/".format(**world)).json()
    assert {goal["title"] for goal in rows["results"]} == seen


def test_meetings_show_shared_notes_but_never_reflections(api_as, world):
    body = api_as("mentor").get("/api/v1/mentorships/{pair}/meetings/".format(**world)).content
    assert b"SHARED-NOTE-TEXT" in body
    assert b"REFLECTION" not in body


@pytest.mark.parametrize(
    ("persona", "pairs"),
    [
        ("actor", {"pair"}),
        ("mentor", {"pair"}),
        ("other_actor", {"other_pair"}),
        ("other_mentor", {"other_pair"}),
        ("coordinator", set()),
        ("outsider", set()),
    ],
)
def test_mentorship_list_holds_only_ones_own_mentorships(api_as, world, persona, pairs):
    rows = api_as(persona).get("/api/v1/mentorships/").json()["results"]
    assert {row["id"] for row in rows} == {world[p] for p in pairs}


@pytest.mark.parametrize(
    ("persona", "counted"),
    [("coordinator", True), ("other_coordinator", False), ("actor", False), ("outsider", False)],
)
def test_application_counts_go_only_to_the_programmes_coordinators(api_as, world, persona, counted):
    body = api_as(persona).get("/api/v1/programmes/{slug}/".format(**world)).json()
    assert body["is_coordinator"] is counted
    if counted:
        assert body["application_counts"]["actor"]["accepted"] == 2
        assert body["application_counts"]["mentor"]["accepted"] == 2
    else:
        assert body["application_counts"] is None


def test_a_hidden_programme_is_a_404_except_to_its_coordinators(api_as, world, programme):
    programme.is_public = False
    programme.save(update_fields=["is_public"])
    assert api_as("actor").get(f"/api/v1/programmes/{programme.slug}/").status_code == 404
    assert api_as("coordinator").get(f"/api/v1/programmes/{programme.slug}/").status_code == 200
    listed = api_as("outsider").get("/api/v1/programmes/").json()["results"]
    assert programme.slug not in {p["slug"] for p in listed}


def test_nothing_was_mailed_by_refused_requests(api_as, world):
    api_as("outsider").post(
        "/api/v1/programmes/{slug}/applications/actor/{actor_application}/decision/".format(
            **world
        ),
        {"status": "declined"},
        format="json",
    )
    assert mail.outbox == []
    assert Mentorship.objects.count() == 2

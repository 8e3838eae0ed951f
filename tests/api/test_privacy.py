"""What is private stays private through the API: private goals and reflections reach
their author only, a pair's messages and notes only the pair, a peer group's messages only
its members; coordinators get metadata, never content."""

from __future__ import annotations

import pytest
from django.core import mail

from mentorlab.mentorships.models import Goal, Mentorship, Visibility
from tests.api.conftest import PERSONAS
from tests.api.test_permissions import ENDPOINTS

# Each marker text of the test world, and who may read it.
MARKERS = {
    "PRIVATE-GOAL-ACTOR": {"actor"},
    "ACTOR-REFLECTION": {"actor"},
    "PRIVATE-GOAL-MENTOR": {"mentor"},
    "SHARED-GOAL-ACTOR": {"actor", "mentor"},
    "MENTOR-COMMENT": {"actor", "mentor"},
    "SHARED-NOTE-TEXT": {"actor", "mentor"},
    "PAIR-MESSAGE-ACTOR": {"actor", "mentor"},
    "PAIR-MESSAGE-MENTOR": {"actor", "mentor"},
    "GROUP-MESSAGE": {"actor", "other_actor"},
}
# Besides every GET of the permission table: the private goal's own addresses and the
# held meeting (with its notes).
MORE_READS = [
    "/api/v1/goals/{private_goal}/",
    "/api/v1/goals/{private_goal}/comments/",
    "/api/v1/meetings/{meeting}/",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_read_shows_a_persona_what_is_not_theirs(api_as, world, persona):
    client = api_as(persona)
    reads = [row.address for (_name, method), row in ENDPOINTS.items() if method == "get"]
    seen = ""
    for address in [*reads, *MORE_READS]:
        seen += client.get(address.format(**world), {"page_size": 200}).content.decode()
    for marker, readers in MARKERS.items():
        # Those who may read it do find it (so the test looks in the right places) and
        # nobody else finds it anywhere.
        assert (marker in seen) == (persona in readers), (marker, persona)


def test_a_private_goal_is_a_404_to_the_mentor_even_by_its_id(api_as, world):
    client = api_as("mentor")
    for address in MORE_READS[:2]:
        assert client.get(address.format(**world)).status_code == 404
    changed = client.patch(
        "/api/v1/goals/{private_goal}/".format(**world), {"title": "Mine now"}, format="json"
    )
    commented = client.post(
        "/api/v1/goals/{private_goal}/comments/".format(**world), {"text": "Hi"}, format="json"
    )
    assert (changed.status_code, commented.status_code) == (404, 404)
    assert Goal.objects.get(pk=world["private_goal"]).title == "PRIVATE-GOAL-ACTOR"


def test_a_reflection_is_read_and_written_by_its_author_alone(api_as, world):
    address = "/api/v1/meetings/{meeting}/reflection/".format(**world)
    mentor = api_as("mentor")
    assert mentor.get(address).json()["text"] == ""
    assert mentor.post(address, {"text": "MENTOR-THOUGHTS"}, format="json").status_code == 200
    # Each keeps their own: the mentor's writing did not touch the student's.
    assert api_as("actor").get(address).json()["text"] == "ACTOR-REFLECTION"
    assert mentor.get(address).json()["text"] == "MENTOR-THOUGHTS"
    meetings = api_as("actor").get("/api/v1/mentorships/{pair}/meetings/".format(**world))
    assert b"THOUGHTS" not in meetings.content and b"REFLECTION" not in meetings.content


def test_a_goal_shared_with_coordinators_shows_them_its_title_only(api_as, world, actor):
    goal = Goal.objects.create(
        mentorship_id=world["pair"],
        owner=actor,
        title="FOR-COORDINATORS",
        why="WHY-TEXT",
        visibility=Visibility.COORDINATORS,
    )
    client = api_as("coordinator")
    rows = client.get("/api/v1/programmes/{slug}/mentorships/".format(**world)).json()["results"]
    row = next(r for r in rows if r["id"] == world["pair"])
    assert row["shared_goal_titles"] == ["FOR-COORDINATORS"]
    assert "WHY-TEXT" not in str(rows)
    assert client.get(f"/api/v1/goals/{goal.pk}/").status_code == 404
    assert client.get(f"/api/v1/goals/{goal.pk}/comments/").status_code == 404


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

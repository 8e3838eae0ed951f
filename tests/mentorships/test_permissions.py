"""Every page of the workspace × every persona: only the pair gets in, others get a 404
(anonymous: a login redirect), and private things show only to their author."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentorlab.mentorships.models import Goal

OUTSIDERS = ["other_actor", "other_mentor", "coordinator", "other_coordinator", "outsider"]


def workspace_urls(pair, meeting, goal) -> list[str]:
    return [
        reverse("mentorships:detail", args=[pair.pk]),
        reverse("mentorships:agreement", args=[pair.pk]),
        reverse("mentorships:goal_new", args=[pair.pk]),
        reverse("mentorships:meeting_new", args=[pair.pk]),
        reverse("mentorships:close", args=[pair.pk]),
        reverse("mentorships:goal", args=[goal.pk]),
        reverse("mentorships:goal_edit", args=[goal.pk]),
        reverse("mentorships:meeting", args=[meeting.pk]),
        reverse("mentorships:meeting_edit", args=[meeting.pk]),
        reverse("mentorships:meeting_ics", args=[meeting.pk]),
    ]


def post_urls(pair, meeting) -> list[str]:
    return [
        reverse("mentorships:checklist", args=[pair.pk]),
        reverse("mentorships:agreement_confirm", args=[pair.pk]),
        reverse("mentorships:agreement_reopen", args=[pair.pk]),
        reverse("mentorships:meeting_status", args=[meeting.pk]),
        reverse("mentorships:agenda_add", args=[meeting.pk]),
        reverse("mentorships:meeting_notes", args=[meeting.pk]),
        reverse("mentorships:meeting_reflection", args=[meeting.pk]),
    ]


@pytest.fixture
def shared_goal(pair, actor):
    return Goal.objects.create(mentorship=pair, owner=actor, title="Shared", visibility="shared")


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_non_participants_get_404_on_every_workspace_page(
    request, as_user, pair, other_pair, meeting, shared_goal, other_programme, persona
):
    client = as_user(request.getfixturevalue(persona))
    for url in workspace_urls(pair, meeting, shared_goal):
        assert client.get(url).status_code == 404, url
    for url in post_urls(pair, meeting):
        assert client.post(url, {"text": "x", "title": "x", "status": "held"}).status_code == 404
    meeting.refresh_from_db()
    assert meeting.shared_notes == "" and meeting.status == "planned"
    assert not meeting.agenda.exists()


def test_anonymous_is_sent_to_log_in(as_user, pair, meeting, shared_goal):
    client = as_user(None)
    for url in workspace_urls(pair, meeting, shared_goal):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["actor", "mentor"])
def test_pair_opens_every_workspace_page(request, as_user, pair, meeting, shared_goal, persona):
    client = as_user(request.getfixturevalue(persona))
    for url in workspace_urls(pair, meeting, shared_goal):
        if url.endswith("/edit/") and "goals" in url and persona == "mentor":
            continue  # the mentor is redirected away: see test_goals
        assert client.get(url).status_code == 200, url


def test_actor_sees_own_private_goal_and_reflection_but_not_mentors(
    as_user, actor, private_things, past_meeting
):
    client = as_user(actor)
    page = client.get(reverse("mentorships:detail", args=[private_things.pk])).content.decode()
    assert "PRIVATE-GOAL-ACTOR" in page and "SHARED-GOAL-ACTOR" in page
    assert "PRIVATE-GOAL-MENTOR" not in page
    meeting_page = client.get(reverse("mentorships:meeting", args=[past_meeting.pk])).content
    assert b"ACTOR-REFLECTION" in meeting_page and b"SHARED-NOTE-TEXT" in meeting_page
    assert b"MENTOR-REFLECTION" not in meeting_page


def test_mentor_cannot_read_private_goal(as_user, mentor, private_things, past_meeting):
    client = as_user(mentor)
    page = client.get(reverse("mentorships:detail", args=[private_things.pk])).content.decode()
    assert "PRIVATE-GOAL-ACTOR" not in page
    assert "SHARED-GOAL-ACTOR" in page and "PRIVATE-GOAL-MENTOR" in page
    private = Goal.objects.get(title="PRIVATE-GOAL-ACTOR")
    assert client.get(reverse("mentorships:goal", args=[private.pk])).status_code == 404
    meeting_page = client.get(reverse("mentorships:meeting", args=[past_meeting.pk])).content
    assert b"MENTOR-REFLECTION" in meeting_page and b"ACTOR-REFLECTION" not in meeting_page


def test_actor_cannot_read_mentors_private_learning_goal(as_user, actor, private_things):
    goal = Goal.objects.get(title="PRIVATE-GOAL-MENTOR")
    assert as_user(actor).get(reverse("mentorships:goal", args=[goal.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["other_actor", "other_mentor", "other_coordinator"])
def test_others_never_see_private_or_shared_content(
    request, as_user, private_things, other_pair, other_programme, persona
):
    client = as_user(request.getfixturevalue(persona))
    for goal in Goal.objects.filter(mentorship=private_things):
        assert client.get(reverse("mentorships:goal", args=[goal.pk])).status_code == 404


def test_coordinator_view_shows_metadata_only(as_user, coordinator, private_things):
    page = as_user(coordinator).get(
        reverse("mentorships:coordinator", args=[private_things.programme.slug])
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "Maija Mentor" in text and "Aino Actor" in text
    for secret in (
        "PRIVATE-GOAL-ACTOR",
        "SHARED-GOAL-ACTOR",
        "PRIVATE-GOAL-MENTOR",
        "ACTOR-REFLECTION",
        "MENTOR-REFLECTION",
        "SHARED-NOTE-TEXT",
    ):
        assert secret not in text
    assert "Open: 2" in text  # the actor's two goals, counted, not named


def test_goal_shared_with_coordinators_shows_its_title(as_user, coordinator, pair, actor):
    Goal.objects.create(mentorship=pair, owner=actor, title="FOR-COORD", visibility="coordinators")
    page = as_user(coordinator).get(reverse("mentorships:coordinator", args=[pair.programme.slug]))
    assert "FOR-COORD" in page.content.decode()


@pytest.mark.parametrize(
    "persona", [None, "actor", "mentor", "other_actor", "other_mentor", "other_coordinator"]
)
def test_coordinator_pages_are_404_for_everyone_else(
    request, as_user, pair, other_programme, persona
):
    user = request.getfixturevalue(persona) if persona else None
    client = as_user(user)
    for name in ("coordinator", "coordinator_create"):
        response = client.get(reverse(f"mentorships:{name}", args=[pair.programme.slug]))
        assert response.status_code in ((302,) if user is None else (404,))

"""Goals and meetings through the API: the services the pages call, so the same checks,
notices and mails."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mentorlab.mentorships.models import Goal, GoalComment, Meeting, MeetingStatus
from mentorlab.notifications.models import Notification


def _at(days: int, hour: int) -> str:
    day = timezone.localtime() + dt.timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0).isoformat()


# --- goals --------------------------------------------------------------------------------
def test_a_student_sets_a_private_goal_that_only_they_see(api_as, world, actor):
    url = "/api/v1/mentorships/{pair}/goals/".format(**world)
    response = api_as("actor").post(
        url, {"title": "Find a thesis topic", "target_date": "2031-05-01"}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["visibility"] == "private" and body["owner"]["name"] == actor.full_name
    mentor_sees = {g["title"] for g in api_as("mentor").get(url).json()["results"]}
    assert "Find a thesis topic" not in mentor_sees
    assert api_as("mentor").get(f"/api/v1/goals/{body['id']}/").status_code == 404


def test_sharing_a_goal_shows_it_to_the_mentor(api_as, world):
    url = "/api/v1/goals/{private_goal}/".format(**world)
    response = api_as("actor").patch(url, {"visibility": "shared", "progress": 30}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["progress"] == 30
    shown = api_as("mentor").get(url).json()
    assert shown["title"] == "PRIVATE-GOAL-ACTOR" and shown["visibility"] == "shared"


def test_a_mentor_sets_a_learning_goal_of_their_own(api_as, world, mentor):
    url = "/api/v1/mentorships/{pair}/goals/".format(**world)
    response = api_as("mentor").post(
        url, {"title": "Listen more", "visibility": "shared"}, format="json"
    )
    assert response.status_code == 201
    assert Goal.objects.get(pk=response.json()["id"]).owner == mentor


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "Grow", "progress": 150}, "progress"),
        ({"title": ""}, "title"),
        ({"title": "Grow", "visibility": "everyone"}, "visibility"),
        ({"title": "Grow", "target_date": "soon"}, "target_date"),
        ({"why": "No title"}, "title"),
    ],
)
def test_a_bad_goal_names_the_field_and_saves_nothing(api_as, world, body, field):
    before = Goal.objects.count()
    url = "/api/v1/mentorships/{pair}/goals/".format(**world)
    response = api_as("actor").post(url, body, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert Goal.objects.count() == before


def test_the_mentor_may_not_change_the_students_goal(api_as, world):
    response = api_as("mentor").patch(
        "/api/v1/goals/{goal}/".format(**world), {"status": "dropped"}, format="json"
    )
    assert response.status_code == 403
    assert "Only the person who set this goal" in response.json()["detail"]
    assert Goal.objects.get(pk=world["goal"]).status == "open"


def test_a_comment_on_a_shared_goal_tells_its_owner(api_as, world, actor):
    url = "/api/v1/goals/{goal}/comments/".format(**world)
    before = Notification.objects.filter(user=actor).count()
    response = api_as("mentor").post(url, {"text": "Nice progress!"}, format="json")
    assert response.status_code == 201
    assert Notification.objects.filter(user=actor).count() == before + 1
    texts = [c["text"] for c in api_as("actor").get(url).json()["results"]]
    assert texts == ["MENTOR-COMMENT", "Nice progress!"]
    blank = api_as("mentor").post(url, {"text": "  "}, format="json")
    assert blank.status_code == 400 and list(blank.json()["errors"]) == ["text"]
    assert GoalComment.objects.count() == 2


# --- meetings -----------------------------------------------------------------------------
def test_booking_a_meeting_tells_the_other_participant(api_as, world, mentor):
    before = Notification.objects.filter(user=mentor).count()
    response = api_as("actor").post(
        "/api/v1/mentorships/{pair}/meetings/".format(**world),
        {
            "start": _at(3, 16),
            "end": _at(3, 17),
            "mode": "online",
            "video_link": "https://meet.example.org/abc",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["duration_minutes"] == 60 and body["status"] == "planned"
    assert Notification.objects.filter(user=mentor).count() == before + 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start": _at(3, 16), "end": _at(3, 17), "mode": "online"}, "video_link"),
        ({"start": _at(3, 16), "end": _at(3, 17), "mode": "on_site"}, "place"),
        ({"start": _at(-3, 16), "end": _at(-3, 17), "place": "Café"}, "start"),
        ({"start": _at(3, 16), "end": _at(3, 15), "place": "Café"}, "end"),
        ({"start": _at(3, 6), "end": _at(3, 18), "place": "Café"}, "end"),
        ({"start": "9999-12-31T23:30:00Z", "end": "9999-12-31T23:59:00Z", "place": "x"}, "start"),
        ({"start": _at(3, 16), "place": "Café"}, "end"),
        ({"start": _at(3, 16), "end": _at(3, 17), "mode": "mixed", "place": "x"}, "mode"),
    ],
)
def test_a_bad_booking_names_the_field_and_books_nothing(api_as, world, body, field):
    before = Meeting.objects.count()
    response = api_as("actor").post(
        "/api/v1/mentorships/{pair}/meetings/".format(**world), body, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert Meeting.objects.count() == before


def test_moving_a_meeting_keeps_what_is_not_given_and_updates_calendars(api_as, world):
    meeting = Meeting.objects.get(pk=world["planned"])
    response = api_as("mentor").patch(
        "/api/v1/meetings/{planned}/".format(**world),
        {"start": _at(9, 10), "end": _at(9, 11)},
        format="json",
    )
    assert response.status_code == 200, response.content
    moved = Meeting.objects.get(pk=meeting.pk)
    assert moved.place == "Café Kafka" and moved.sequence == meeting.sequence + 1
    assert moved.start == dt.datetime.fromisoformat(_at(9, 10))
    assert response.json()["duration_minutes"] == 60


def test_a_meeting_is_cancelled_or_marked_held_as_on_its_page(api_as, world):
    client = api_as("actor")
    too_early = client.post(
        "/api/v1/meetings/{planned}/status/".format(**world), {"status": "held"}, format="json"
    )
    assert too_early.status_code == 400
    assert "only once it has started" in too_early.json()["errors"]["non_field_errors"][0]
    cancelled = client.post(
        "/api/v1/meetings/{planned}/status/".format(**world), {"status": "cancelled"}, "json"
    )
    assert cancelled.json()["status"] == "cancelled"
    moved = client.patch(
        "/api/v1/meetings/{planned}/".format(**world), {"place": "Elsewhere"}, format="json"
    )
    assert moved.status_code == 400
    held_cancel = client.post(
        "/api/v1/meetings/{meeting}/status/".format(**world), {"status": "cancelled"}, "json"
    )
    assert held_cancel.status_code == 400
    assert Meeting.objects.get(pk=world["meeting"]).status == MeetingStatus.HELD


def test_shared_notes_are_written_by_one_and_read_by_the_other(api_as, world):
    saved = api_as("mentor").post(
        "/api/v1/meetings/{meeting}/notes/".format(**world), {"text": "Next: CV"}, format="json"
    )
    assert saved.status_code == 200
    shown = api_as("actor").get("/api/v1/meetings/{meeting}/".format(**world)).json()
    assert shown["shared_notes"] == "Next: CV"
    too_long = api_as("mentor").post(
        "/api/v1/meetings/{meeting}/notes/".format(**world), {"text": "z" * 10_001}, "json"
    )
    assert too_long.status_code == 400 and list(too_long.json()["errors"]) == ["text"]

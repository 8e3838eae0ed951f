"""Every endpoint × every persona: the API's twins of the pages' permission tests.

`ENDPOINTS` has one row per URL name and method of the API (`test_every_endpoint_has_a_row`
fails on an endpoint without one): the address, the body for a write, and what each persona
gets. Someone who may not see an object gets a 404, as on the pages; someone who may see it
but not do the thing gets a 403 (or the service's 400, as the page shows its message);
anyone without a token gets a 401. A refused request changes nothing and sends nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core import mail

from mentorlab.api import urls as api_urls
from mentorlab.conversations.models import Message
from mentorlab.events.models import Registration
from mentorlab.matching.models import MatchRun
from mentorlab.mentorships.models import Goal, GoalComment, Meeting, Mentorship, Reflection
from mentorlab.notifications.models import Notification, OutboxMail
from mentorlab.programmes.models import ActorApplication
from tests.api.conftest import PERSONAS


def only(*allowed: str, status: int = 200, others: int = 404, **special: int) -> dict[str, int]:
    """`status` for the allowed personas, 401 without a token, `others` for the rest, and
    `special` statuses for named personas."""
    return {
        p: special.get(p, 401 if p == "anonymous" else status if p in allowed else others)
        for p in PERSONAS
    }


SIGNED_IN = tuple(p for p in PERSONAS if p != "anonymous")
PAIR = ("actor", "mentor")
GROUP = ("actor", "other_actor")
# Those the event is meant for (the programme's students and mentors) and its coordinator.
EVENT_SEES = ("actor", "other_actor", "mentor", "other_mentor", "coordinator")


@dataclass
class Row:
    address: str
    expected: dict[str, int]
    body: dict[str, Any] | None = field(default=None)


def _soon(days: int, hour: int) -> str:
    import datetime as dt

    from django.utils import timezone

    day = timezone.localtime() + dt.timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0).isoformat()


ENDPOINTS: dict[tuple[str, str], Row] = {
    ("programmes", "get"): Row("/api/v1/programmes/", only(*SIGNED_IN)),
    ("programme", "get"): Row("/api/v1/programmes/{slug}/", only(*SIGNED_IN)),
    ("my_applications", "get"): Row("/api/v1/me/applications/", only(*SIGNED_IN)),
    ("applications", "get"): Row("/api/v1/programmes/{slug}/applications/", only("coordinator")),
    ("application", "get"): Row(
        "/api/v1/programmes/{slug}/applications/actor/{actor_application}/",
        only("actor", "coordinator"),
    ),
    ("application_decision", "post"): Row(
        "/api/v1/programmes/{slug}/applications/actor/{actor_application}/decision/",
        # The applicant sees the application but may not decide on it: 403, not 404.
        only("coordinator", actor=403),
        {"status": "waitlisted"},
    ),
    ("match_runs", "get"): Row("/api/v1/programmes/{slug}/match-runs/", only("coordinator")),
    ("match_runs", "post"): Row(
        "/api/v1/programmes/{slug}/match-runs/", only("coordinator", status=202), {}
    ),
    ("match_run", "get"): Row("/api/v1/programmes/{slug}/match-runs/{run}/", only("coordinator")),
    ("match_run_publish", "post"): Row(
        "/api/v1/programmes/{slug}/match-runs/{run}/publish/",
        # The proposal pairs the actor who already has a mentor: the service refuses it.
        only("coordinator", status=400),
        {},
    ),
    ("programme_mentorships", "get"): Row(
        "/api/v1/programmes/{slug}/mentorships/", only("coordinator")
    ),
    ("surveys", "get"): Row("/api/v1/programmes/{slug}/surveys/", only("coordinator")),
    ("survey_results", "get"): Row(
        "/api/v1/programmes/{slug}/surveys/{survey}/results/", only("coordinator")
    ),
    ("mentorships", "get"): Row("/api/v1/mentorships/", only(*SIGNED_IN)),
    ("mentorship", "get"): Row("/api/v1/mentorships/{pair}/", only(*PAIR)),
    ("goals", "get"): Row("/api/v1/mentorships/{pair}/goals/", only(*PAIR)),
    ("goals", "post"): Row(
        "/api/v1/mentorships/{pair}/goals/", only(*PAIR, status=201), {"title": "Learn Rust"}
    ),
    ("goal", "get"): Row("/api/v1/goals/{goal}/", only(*PAIR)),
    ("goal", "patch"): Row(
        # The mentor sees the student's shared goal but only its owner changes it.
        "/api/v1/goals/{goal}/",
        only("actor", mentor=403),
        {"progress": 40},
    ),
    ("goal_comments", "get"): Row("/api/v1/goals/{goal}/comments/", only(*PAIR)),
    ("goal_comments", "post"): Row(
        "/api/v1/goals/{goal}/comments/", only(*PAIR, status=201), {"text": "Good start"}
    ),
    ("meetings", "get"): Row("/api/v1/mentorships/{pair}/meetings/", only(*PAIR)),
    ("meetings", "post"): Row(
        "/api/v1/mentorships/{pair}/meetings/",
        only(*PAIR, status=201),
        {"start": _soon(10, 14), "end": _soon(10, 15), "mode": "on_site", "place": "Library"},
    ),
    ("meeting", "get"): Row("/api/v1/meetings/{planned}/", only(*PAIR)),
    ("meeting", "patch"): Row(
        "/api/v1/meetings/{planned}/", only(*PAIR), {"place": "Harald Herlin library"}
    ),
    ("meeting_status", "post"): Row(
        "/api/v1/meetings/{planned}/status/", only(*PAIR), {"status": "cancelled"}
    ),
    ("meeting_notes", "post"): Row(
        "/api/v1/meetings/{meeting}/notes/", only(*PAIR), {"text": "We talked about CVs."}
    ),
    ("meeting_reflection", "get"): Row("/api/v1/meetings/{meeting}/reflection/", only(*PAIR)),
    ("meeting_reflection", "post"): Row(
        "/api/v1/meetings/{meeting}/reflection/", only(*PAIR), {"text": "I learnt a lot."}
    ),
    ("mentorship_messages", "get"): Row("/api/v1/mentorships/{pair}/messages/", only(*PAIR)),
    ("mentorship_messages", "post"): Row(
        # The programme's coordinators are not participants: 404, as on the page.
        "/api/v1/mentorships/{pair}/messages/",
        only(*PAIR, status=201),
        {"text": "See you on Monday"},
    ),
    ("group_messages", "get"): Row("/api/v1/peer-groups/{group}/messages/", only(*GROUP)),
    ("group_messages", "post"): Row(
        "/api/v1/peer-groups/{group}/messages/", only(*GROUP, status=201), {"text": "Hi all"}
    ),
    ("message", "patch"): Row(
        # Only its author: the mentor, who reads it, gets a 404 too.
        "/api/v1/messages/{message}/",
        only("actor"),
        {"text": "PAIR-MESSAGE-ACTOR, corrected"},
    ),
    ("message", "delete"): Row("/api/v1/messages/{message}/", only("actor", status=204)),
    ("events", "get"): Row("/api/v1/events/", only(*SIGNED_IN)),
    ("event", "get"): Row("/api/v1/events/{event}/", only(*EVENT_SEES)),
    ("event_registration", "post"): Row(
        "/api/v1/events/{event}/registration/",
        # The coordinator sees the event but it is not for them to register; the other
        # student is registered already.
        only(*EVENT_SEES, status=201, coordinator=400, other_actor=400),
        {},
    ),
    ("event_registration", "delete"): Row(
        "/api/v1/events/{event}/registration/",
        # Only the other student is registered; the others who see the event are told so.
        only(*EVENT_SEES, status=400, other_actor=204),
    ),
    ("event_registrations", "get"): Row(
        "/api/v1/events/{event}/registrations/", only("coordinator")
    ),
}
# Public descriptions of the API itself, not data: nothing to protect.
NOT_DATA = {"schema", "docs"}


def _methods(view_class: Any) -> list[str]:
    return [m for m in ("get", "post", "put", "patch", "delete") if hasattr(view_class, m)]


def test_every_endpoint_has_a_row():
    routes = {
        (pattern.name, method)
        for pattern in api_urls.urlpatterns
        if pattern.name not in NOT_DATA
        for method in _methods(pattern.callback.view_class)
    }
    assert routes - set(ENDPOINTS) == set(), "endpoints without a row in ENDPOINTS"
    assert set(ENDPOINTS) - routes == set(), "rows for endpoints that do not exist"


def fingerprint() -> tuple[Any, ...]:
    """What a refused request must leave as it was."""
    return (
        list(Message.objects.values_list("pk", "text", "edited_at", "deleted_at")),
        list(Goal.objects.values_list("pk", "title", "progress", "status", "visibility")),
        list(GoalComment.objects.values_list("pk", "text")),
        list(Meeting.objects.values_list("pk", "start", "place", "status", "shared_notes")),
        list(Reflection.objects.values_list("pk", "text")),
        list(Registration.objects.values_list("pk", "status")),
        list(MatchRun.objects.values_list("pk", "status")),
        list(ActorApplication.objects.values_list("pk", "status")),
        Mentorship.objects.count(),
        Notification.objects.count(),
        OutboxMail.objects.count(),
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "method"), list(ENDPOINTS))
def test_each_endpoint_answers_each_persona_as_the_pages_do(
    api_as, world, name, method, persona, django_capture_on_commit_callbacks
):
    row = ENDPOINTS[(name, method)]
    client = api_as(persona)
    before = fingerprint()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False):
        response = getattr(client, method)(
            row.address.format(**world), row.body, format="json" if row.body is not None else None
        )
    assert response.status_code == row.expected[persona], response.content
    if response.status_code >= 400:
        # The same error shape everywhere, with nothing about the object in it; and
        # nothing changed, nothing queued, nobody told.
        assert set(response.json()) == {"detail", "errors"}
        assert fingerprint() == before
        assert mail.outbox == []

from __future__ import annotations

import pytest
from django.urls import reverse

from mentorlab.events.models import Event

pytestmark = pytest.mark.django_db


def form_data(**changes):
    data = {
        "kind": "kickoff",
        "title": "Kick-off 2031",
        "description": "Welcome!",
        "starts_at": "2031-02-01T17:00",
        "ends_at": "2031-02-01T20:00",
        "place": "Main hall",
        "audience": "everyone",
        "capacity": "80",
        "reminder_hours": "24",
    }
    data.update(changes)
    return data


def test_coordinator_creates_a_draft_event(as_user, coordinator, programme):
    url = reverse("events:create", args=[programme.slug])
    response = as_user(coordinator).post(url, form_data())
    event = Event.objects.get()
    assert response.status_code == 302
    assert event.status == "draft"
    assert event.capacity == 80


def test_end_before_start_is_refused_and_input_kept(as_user, coordinator, programme):
    url = reverse("events:create", args=[programme.slug])
    response = as_user(coordinator).post(url, form_data(ends_at="2031-02-01T16:00"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "The event must end after it starts." in body
    assert 'value="Kick-off 2031"' in body
    assert not Event.objects.exists()


def test_negative_capacity_is_refused(as_user, coordinator, programme):
    url = reverse("events:create", args=[programme.slug])
    response = as_user(coordinator).post(url, form_data(capacity="-5"))
    assert "Seats must be at least 1" in response.content.decode()
    assert not Event.objects.exists()


def test_group_audience_needs_a_group(as_user, coordinator, programme):
    url = reverse("events:create", args=[programme.slug])
    response = as_user(coordinator).post(url, form_data(audience="group"))
    assert "Choose the peer group." in response.content.decode()
    assert not Event.objects.exists()


def test_deadline_after_start_is_refused(as_user, coordinator, programme):
    url = reverse("events:create", args=[programme.slug])
    response = as_user(coordinator).post(url, form_data(registration_deadline="2031-02-02T10:00"))
    assert "Registration must close before the event starts." in response.content.decode()
    assert not Event.objects.exists()


def test_published_event_appears_for_participants_draft_does_not(
    as_user, coordinator, actor, programme
):
    as_user(coordinator).post(reverse("events:create", args=[programme.slug]), form_data())
    event = Event.objects.get()
    assert "Kick-off 2031" not in as_user(actor).get(reverse("events:list")).content.decode()
    assert as_user(actor).get(reverse("events:detail", args=[event.pk])).status_code == 404
    as_user(coordinator).post(reverse("events:publish", args=[event.pk]))
    assert "Kick-off 2031" in as_user(actor).get(reverse("events:list")).content.decode()


def test_description_markdown_is_rendered_without_scripts(as_user, actor, programme):
    from tests.events.factories import EventFactory

    event = EventFactory(
        programme=programme,
        description=(
            "**Bring a friend**\n\n<script>alert('x')</script>\n\n"
            '<img src="x" onerror="alert(1)">\n\n[click](javascript:alert(2))'
        ),
    )
    body = as_user(actor).get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "<strong>Bring a friend</strong>" in body
    assert "<script>alert" not in body
    assert "onerror" not in body
    assert "javascript:" not in body

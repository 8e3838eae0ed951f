from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mentorlab.events import services
from mentorlab.events.models import Registration
from mentorlab.events.selectors import attendance_summary
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_check_in_page_lists_registered_people_with_large_toggles(
    as_user, coordinator, actor, other_actor, event
):
    services.event_register(event=event, user=actor)
    body = as_user(coordinator).get(reverse("events:check_in", args=[event.pk])).content.decode()
    assert "Aino Actor" in body
    assert "Bea Second" not in body
    assert 'class="check-in-toggle' in body
    assert 'name="viewport"' in body


def test_htmx_toggle_marks_attendance_and_returns_the_row(as_user, coordinator, actor, event):
    registration = services.event_register(event=event, user=actor)
    url = reverse("events:check_in_toggle", args=[event.pk, registration.pk])
    response = as_user(coordinator).post(url, {"attended": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Here" in response.content.decode()
    assert "<html" not in response.content.decode()
    registration.refresh_from_db()
    assert registration.attended
    as_user(coordinator).post(url, {"attended": "0"})
    registration.refresh_from_db()
    assert not registration.attended


def test_participant_cannot_check_people_in(as_user, actor, other_actor, event):
    registration = services.event_register(event=event, user=actor)
    url = reverse("events:check_in_toggle", args=[event.pk, registration.pk])
    assert as_user(other_actor).post(url, {"attended": "1"}).status_code == 404
    assert as_user(actor).post(url, {"attended": "1"}).status_code == 404
    assert not Registration.objects.get().attended


def test_attendance_summary_counts_past_events(programme, actor, other_actor, coordinator):
    past = EventFactory(programme=programme, title="Kick-off")
    services.event_register(event=past, user=actor)
    services.event_register(event=past, user=other_actor)
    r = Registration.objects.get(user=actor)
    services.attendance_set(registration=r, attended=True, by=coordinator)
    starts = timezone.now() - dt.timedelta(days=3)
    type(past).objects.filter(pk=past.pk).update(
        starts_at=starts, ends_at=starts + dt.timedelta(hours=2)
    )
    EventFactory(programme=programme, title="Closing")  # upcoming
    summary = attendance_summary(programme)
    assert summary["registered"] == 2
    assert summary["attended"] == 1
    assert summary["rate"] == 0.5
    assert summary["upcoming"] == 1
    assert [e["title"] for e in summary["events"]] == ["Kick-off"]
    assert summary["events"][0]["attended"] == 1

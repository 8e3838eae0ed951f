from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from mentorlab.events import services
from mentorlab.events.reminders import send_due
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_reminder_sent_once_when_the_event_is_within_its_lead_time(
    actor, other_actor, programme, django_capture_on_commit_callbacks
):
    now = timezone.now()
    event = EventFactory(
        programme=programme,
        title="Closing event",
        starts_at=now + dt.timedelta(hours=30),
        ends_at=now + dt.timedelta(hours=32),
        capacity=1,
        reminder_hours=24,
    )
    services.event_register(event=event, user=actor)
    services.event_register(event=event, user=other_actor)  # waitlisted: no reminder
    mail.outbox.clear()  # the registration receipts are another test's
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due(now) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due(now + dt.timedelta(hours=7)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due(now + dt.timedelta(hours=8)) == 0
    assert [m.to[0] for m in mail.outbox] == [actor.email]
    assert mail.outbox[0].subject == "Reminder: Closing event"


def test_custom_timing_and_switched_off_reminders(actor, programme):
    now = timezone.now()
    soon = EventFactory(
        programme=programme, starts_at=now + dt.timedelta(hours=3),
        ends_at=now + dt.timedelta(hours=4), reminder_hours=2,
    )  # fmt: skip
    silent = EventFactory(
        programme=programme, starts_at=now + dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=2), reminder_hours=0,
    )  # fmt: skip
    services.event_register(event=soon, user=actor)
    services.event_register(event=silent, user=actor)
    assert send_due(now) == 0
    assert send_due(now + dt.timedelta(hours=1, minutes=1)) == 1


def test_no_reminder_for_cancelled_event(actor, coordinator, event):
    services.event_register(event=event, user=actor)
    services.event_cancel(event=event, by=coordinator)
    assert send_due(event.starts_at - dt.timedelta(hours=1)) == 0

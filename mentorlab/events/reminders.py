"""E-mail each registered person before an event, `Event.reminder_hours` ahead (0: none).

Idempotent: a registration's `reminded_at` records the reminder, and the registration rows
are locked (SKIP LOCKED where the database has it) so that two workers never send the same
reminder."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction

from . import emails
from .models import EventStatus, Registration, RegistrationStatus

# The longest lead time a form allows (Event.reminder_hours validator).
LONGEST_LEAD = dt.timedelta(hours=24 * 14)


def send_due(now: dt.datetime) -> int:
    candidates = Registration.objects.filter(
        status=RegistrationStatus.REGISTERED,
        reminded_at__isnull=True,
        event__status=EventStatus.PUBLISHED,
        event__reminder_hours__gt=0,
        event__starts_at__gt=now,
        event__starts_at__lte=now + LONGEST_LEAD,
    ).order_by("pk")
    sent = 0
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True, of=("self",))
        else:
            candidates = candidates.select_for_update()
        for registration in candidates.select_related("event", "user"):
            event = registration.event
            if event.starts_at - dt.timedelta(hours=event.reminder_hours) > now:
                continue
            registration.reminded_at = now
            registration.save(update_fields=["reminded_at"])
            emails.event_reminder(registration)
            sent += 1
    return sent

"""Meeting reminders: the day before a meeting, and a nudge to log a meeting that is over
but not marked held or cancelled. Each meeting records what was sent, so running this
again never e-mails anyone twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from . import emails
from .models import LIVE_STATES, Meeting, MeetingStatus

REMIND_BEFORE = dt.timedelta(days=1)
# Wait a little after the end before asking whether it happened.
LOG_AFTER = dt.timedelta(hours=12)
# Do not dig up meetings long forgotten (e.g. when reminders are switched on late).
LOG_WINDOW = dt.timedelta(days=14)


def _participants(meeting: Meeting) -> list[Any]:
    mentorship = meeting.mentorship
    return [mentorship.mentor, *(m.actor for m in mentorship.members.all())]


def send_due(now: dt.datetime) -> int:
    sent = 0
    base = Meeting.objects.filter(
        status=MeetingStatus.PLANNED, mentorship__state__in=LIVE_STATES
    ).select_related("mentorship__mentor")
    upcoming = base.filter(reminded_at__isnull=True, start__gt=now, start__lte=now + REMIND_BEFORE)
    for pk in upcoming.values_list("pk", flat=True):
        with transaction.atomic():
            meeting = (
                base.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=pk, reminded_at__isnull=True)
                .first()
            )
            if meeting is None:
                continue
            meeting.reminded_at = now
            meeting.save(update_fields=["reminded_at"])
            for person in _participants(meeting):
                emails.meeting_reminder(meeting, person, now=now)
                sent += 1
    overdue = base.filter(
        log_reminded_at__isnull=True,
        start__lte=now - LOG_AFTER,
        start__gte=now - LOG_WINDOW,
    )
    for pk in overdue.values_list("pk", flat=True):
        with transaction.atomic():
            meeting = (
                base.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=pk, log_reminded_at__isnull=True)
                .first()
            )
            if meeting is None or meeting.end > now - LOG_AFTER:
                continue
            meeting.log_reminded_at = now
            meeting.save(update_fields=["log_reminded_at"])
            for person in _participants(meeting):
                emails.meeting_log_reminder(meeting, person)
                sent += 1
    return sent

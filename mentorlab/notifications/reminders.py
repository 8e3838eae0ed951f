"""Reminders: each app lists a `send_due(now) -> int` function here. `manage.py
send_reminders` (run every few minutes by cron or a scheduler in production) calls them all.

A provider must be idempotent: it records what it sent (for example in a `reminded_at`
field or a `SentReminder` row) so that running twice never e-mails anyone twice."""

from __future__ import annotations

import datetime as dt
import importlib
import logging

logger = logging.getLogger(__name__)

REMINDER_PROVIDERS = [
    "mentorlab.mentorships.reminders.send_due",
    "mentorlab.events.reminders.send_due",
    "mentorlab.surveys.reminders.send_due",
]


def send_all_due(now: dt.datetime) -> dict[str, int]:
    sent: dict[str, int] = {}
    for path in REMINDER_PROVIDERS:
        module_name, func = path.rsplit(".", 1)
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue  # that app sends no reminders yet
        count = getattr(module, func)(now)
        sent[module_name] = count
        logger.info("reminders: %s sent %d", module_name, count)
    return sent

"""Reminders: each app registers a `send_due(now) -> int` function in `reminder_providers`
from its `AppConfig.ready`. `manage.py
send_reminders` (run every few minutes by cron or a scheduler in production) calls them all.

A provider must be idempotent: it records what it sent (for example in a `reminded_at`
field or a `SentReminder` row) so that running twice never e-mails anyone twice."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from mentorlab.core.registry import Registry

logger = logging.getLogger(__name__)

reminder_providers: Registry[Callable[[dt.datetime], int]] = Registry("reminder providers")


def send_all_due(now: dt.datetime) -> dict[str, int]:
    sent: dict[str, int] = {}
    for provider in reminder_providers:
        # Keyed by the provider's module, which is what `send_reminders` prints.
        module_name = provider.__module__
        count = provider(now)
        sent[module_name] = count
        logger.info("reminders: %s sent %d", module_name, count)
    return sent

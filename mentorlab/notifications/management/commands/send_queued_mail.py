from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mentorlab.notifications.outbox import outbox_deliver_due


class Command(BaseCommand):
    help = (
        "Send every queued mail that is due (retries, and mail whose task was lost). Safe to "
        "run from cron on several machines at once: each mail is sent by one of them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=None, help="Send at most this many.")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = outbox_deliver_due(limit=options["limit"])
        self.stdout.write(
            f"sent: {counts['sent']}, to retry: {counts['retry']}, failed: {counts['failed']}"
        )

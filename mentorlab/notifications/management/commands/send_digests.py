from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mentorlab.notifications.services import digests_send


class Command(BaseCommand):
    help = (
        "Send the daily and weekly notification digests (run once a day from cron). "
        "Idempotent and safe on several machines at once: what went in a digest is marked, "
        "and each person's pending notifications are locked while their digest is queued."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"digests queued: {digests_send()}")

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mentorlab.mentorships.nudges import nudges_send_due


class Command(BaseCommand):
    help = (
        "Send the automatic friendly nudges to pairs that need attention (run once a day from "
        "cron). Each pair gets one per condition, ever: the database refuses a second, so the "
        "command is idempotent and safe on several machines at once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"nudges sent: {nudges_send_due()}")

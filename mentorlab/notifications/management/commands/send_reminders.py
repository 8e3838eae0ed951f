from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from mentorlab.notifications.reminders import send_all_due


class Command(BaseCommand):
    help = "Send every reminder that is due now (safe to run as often as you like)."

    def handle(self, *args: Any, **options: Any) -> None:
        for source, count in send_all_due(timezone.now()).items():
            self.stdout.write(f"{source}: {count} sent")

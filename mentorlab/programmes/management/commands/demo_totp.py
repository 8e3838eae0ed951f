from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from mentorlab.programmes.demo import COORDINATOR, DEMO_TOTP_SECRET, demo_totp_code


class Command(BaseCommand):
    help = (
        "Print the demo coordinator's current two-factor code (the demo site only: the "
        "secret is public)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        code, seconds = demo_totp_code()
        self.stdout.write(f"{code}")
        self.stderr.write(
            f"Code for {COORDINATOR}, valid for {seconds} more seconds and usable once. "
            f"Authenticator-app secret: {DEMO_TOTP_SECRET}"
        )

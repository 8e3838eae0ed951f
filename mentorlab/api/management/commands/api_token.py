"""`manage.py api_token EMAIL --name NAME [--expires-days N]`: make a personal API token
for an account (for operations: a script or another system) and print its secret once.

A coordinator or staff member gets one only once they have a second factor: their tokens
are refused without one (mentorlab/api/authentication.py), so a token made before would
not work anyway, and saying so now is kinder."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mentorlab.accounts import services
from mentorlab.accounts.mfa import has_second_factor
from mentorlab.accounts.models import User
from mentorlab.programmes.second_factor import needs_second_factor


class Command(BaseCommand):
    help = "Create a personal API token for the account with this e-mail and print it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", required=True, help="What the token is for.")
        parser.add_argument("--expires-days", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active account has the e-mail {options['email']}.")
        if needs_second_factor(user) and not has_second_factor(user):
            raise CommandError(
                f"{user.email} coordinates a programme or is staff and has no second factor: "
                "they must set up two-factor sign-in before they can have an API token."
            )
        days = options["expires_days"]
        if days is not None and days < 1:
            raise CommandError("--expires-days must be at least 1.")
        expires_at = timezone.now() + dt.timedelta(days=days) if days else None
        try:
            _token, secret = services.api_token_create(
                user=user, name=options["name"], expires_at=expires_at
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        # Only the secret on stdout, so a script can capture it: `TOKEN=$(manage.py ...)`.
        self.stdout.write(secret)

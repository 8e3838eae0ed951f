"""The password-reset form. Its own module: allauth's forms module imports
accounts.forms (the sign-up extra form), so this cannot live there."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from django.core.exceptions import ValidationError


class ResetPasswordForm(AllauthResetPasswordForm):
    """Answers the same whether or not an address has an account (the address gets a mail
    either way: a link, or a note that it has no account here), so the form cannot be used
    to find out who uses the site. Sign-up still says "already registered" (settings)."""

    users: Any

    def clean_email(self) -> str:
        self.users = None
        try:
            return super().clean_email()
        except ValidationError:
            # allauth refuses an unknown address only after finding no one for it; any
            # other refusal (a malformed or blocked address) still shows.
            if self.users is not None and not self.users:
                return str(self.cleaned_data["email"])
            raise

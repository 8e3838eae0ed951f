"""Test helpers for two-factor sign-in: an authenticator app with a known secret, codes
from it, and a test client signed in the way a full sign-in leaves it."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.test import Client

from mentorlab.accounts.mfa import has_second_factor, second_factor_mark

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # base32, for tests only


def totp_add(user: Any, secret: str = SECRET) -> Authenticator:
    return TOTP.activate(user, secret).instance


def totp_code(at: float, secret: str = SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(at) // 30))


def sign_in(client: Client, user: Any) -> Client:
    """`force_login`, and for a person with an authenticator, the second factor passed too
    (as allauth's sign-in asks for it before it lets them in)."""
    client.force_login(user)
    if has_second_factor(user):
        session = client.session
        second_factor_mark(session=session, user=user)
        session.save()
    return client

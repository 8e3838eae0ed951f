"""Two-factor sign-in (allauth's MFA): has a person a second factor, and did this session
prove it?

Having an authenticator is not enough on its own: a session signed in before the
authenticator was added (or through a path that skipped the MFA step) never showed a code.
So the session is marked when the person uses a second factor (signing in, re-authenticating)
or sets one up, and only a marked session of a person who still has an authenticator counts.
Who must have a second factor is decided higher up (programmes: coordinators and staff).
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest

# Recovery codes alone are a fallback, not a factor a person can sign in with every day.
SECOND_FACTOR_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
SESSION_KEY = "mentorlab.second_factor_user"


def has_second_factor(user: Any) -> bool:
    """The person has an authenticator app or a security key / passkey."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTOR_TYPES).exists()


def second_factor_mark(*, session: SessionBase, user: Any) -> None:
    """Remember that this session proved the person's second factor."""
    session[SESSION_KEY] = str(user.pk)


def second_factor_verified(request: HttpRequest) -> bool:
    """This session's person proved a second factor they still have."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    if request.session.get(SESSION_KEY) != str(user.pk):
        return False
    return has_second_factor(user)


def _mark_on_use(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if request is not None and user is not None and user.pk is not None:
        second_factor_mark(session=request.session, user=user)


def connect_signals() -> None:
    """Called from AccountsConfig.ready: a code or key used at sign-in or re-authentication,
    or a new authenticator just set up with a code, marks the session."""
    from allauth.mfa import signals

    signals.authenticator_used.connect(_mark_on_use, dispatch_uid="mentorlab-mfa-used")
    signals.authenticator_added.connect(_mark_on_use, dispatch_uid="mentorlab-mfa-added")

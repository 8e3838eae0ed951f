"""Single sign-on: how a university or personal account becomes a Mentorlab account.

allauth's social accounts do the protocol work (OpenID Connect, SAML 2.0). This module
decides the Mentorlab parts: the new account's name and language, when an account is created
without asking anything, and what a refused sign-in tells the person and the log.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from typing import Any

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .models import User
from .sso_config import PERSONAL_PROVIDER_IDS

logger = logging.getLogger("mentorlab.accounts.sso")


class Refusal(StrEnum):
    """Why a sign-in through an identity provider was refused."""

    SIGNATURE = "signature"
    AUDIENCE = "audience"
    EXPIRED = "expired"
    REPLAYED = "replayed"
    STATE = "state"
    PROVIDER = "provider"


def refusal_message(reason: Refusal) -> str:
    """What the person reads. Nothing was signed in or changed in any of these cases."""
    messages = {
        Refusal.SIGNATURE: _(
            "The answer from your sign-in service was not signed with its known key, "
            "so it was not accepted."
        ),
        Refusal.AUDIENCE: _(
            "The answer from your sign-in service was meant for another service, "
            "so it was not accepted."
        ),
        Refusal.EXPIRED: _("The answer from your sign-in service has expired."),
        Refusal.REPLAYED: _("This sign-in answer has already been used once."),
        Refusal.STATE: _("This sign-in did not start on this site, or it took too long."),
        Refusal.PROVIDER: _("Your sign-in service did not confirm who you are."),
    }
    return messages[reason]


def provider_is_personal(provider_id: str) -> bool:
    """Google and LinkedIn are personal accounts alumni connect; the rest are universities'."""
    return provider_id in PERSONAL_PROVIDER_IDS


def sso_refusal_log(
    *, request: HttpRequest, provider_id: str, reason: Refusal, detail: str
) -> None:
    """One warning per refused sign-in, for whoever watches the logs for attacks."""
    logger.warning(
        "SSO sign-in refused: provider=%s reason=%s client=%s detail=%s",
        provider_id,
        reason.value,
        request.META.get("REMOTE_ADDR", "?"),
        detail,
    )


def _full_name(data: dict[str, Any]) -> str:
    name = (data.get("name") or "").strip()
    if not name:
        parts = [data.get("first_name") or "", data.get("last_name") or ""]
        name = " ".join(part.strip() for part in parts if part and part.strip())
    return name[:150]


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request: HttpRequest, sociallogin: SocialLogin, data: Any) -> User:
        user = super().populate_user(request, sociallogin, data)
        assert isinstance(user, User)
        user.full_name = _full_name(data)
        user.language = getattr(request, "LANGUAGE_CODE", "en") or "en"
        return user

    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        # The account needs a name; a provider that sends none gets the sign-up form, which
        # asks for it (and for an address, if none came either).
        user = sociallogin.user
        has_name = isinstance(user, User) and bool(user.full_name)
        return has_name and super().is_auto_signup_allowed(request, sociallogin)

    def get_signup_form_initial_data(self, sociallogin: SocialLogin) -> dict[str, Any]:
        initial = super().get_signup_form_initial_data(sociallogin)
        user = sociallogin.user
        initial["full_name"] = user.full_name if isinstance(user, User) else ""
        return initial

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Exception | None = None,
        extra_context: dict[str, Any] | None = None,
    ) -> None:
        context = extra_context if extra_context is not None else {}
        reason = context.get("sso_refusal")
        if not isinstance(reason, Refusal):
            # allauth passes the looked-up `state_id` only when no sign-in it started
            # matches it: a forged, replayed or expired OAuth state.
            reason = Refusal.STATE if "state_id" in context else Refusal.PROVIDER
        detail = context.get("sso_detail") or (
            f"{type(exception).__name__}: {exception}" if exception else str(error or "")
        )
        if str(error) != "cancelled":
            sso_refusal_log(
                request=request, provider_id=provider.sub_id, reason=reason, detail=detail
            )
        context["sso_refusal_message"] = refusal_message(reason)

"""Who is calling: `Authorization: Bearer <token>` with a personal API token
(accounts.ApiToken), or the site's own session.

Coordinators and staff must use a second factor for coordinator pages
(programmes/second_factor.py). That middleware knows pages by URL name and works on the
session; the API keeps the same rule here, for both ways in:
- a token of a coordinator or staff member works only while they have a second factor (a
  token made as a student keeps no power once its owner coordinates without one), and is
  made only in a session that proved the factor (mentorlab/api/tokens.py);
- the session works for them only when it proved the second factor, as for the pages.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from mentorlab.accounts import services
from mentorlab.accounts.mfa import has_second_factor, second_factor_verified
from mentorlab.accounts.models import ApiToken, User
from mentorlab.programmes.second_factor import needs_second_factor

SECOND_FACTOR_NEEDED = _(
    "Coordinators and staff use the API only with two-factor sign-in. Set up an "
    "authenticator app or a security key on your account first."
)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None  # not ours: let session authentication try
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("The Authorization header must read: Bearer <token>.")
            )
        try:
            raw = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from exc
        token = services.api_token_use(raw=raw)
        if token is None:
            # One message for unknown, revoked and expired alike: the answer must not help
            # anyone guessing which tokens exist.
            raise exceptions.AuthenticationFailed(
                _("The token is not valid, or it has expired or been revoked.")
            )
        if needs_second_factor(token.user) and not has_second_factor(token.user):
            raise exceptions.AuthenticationFailed(SECOND_FACTOR_NEEDED)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class SecondFactorSessionAuthentication(authentication.SessionAuthentication):
    """The site's session (with DRF's CSRF check for writes), for coordinators and staff only
    once the session proved their second factor, as the coordinator pages require."""

    def authenticate(self, request: Request) -> tuple[User, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if needs_second_factor(user) and not second_factor_verified(request._request):
            raise exceptions.AuthenticationFailed(SECOND_FACTOR_NEEDED)
        return user, None


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "mentorlab.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, made on your profile page.",
        }


class SecondFactorSessionScheme(SessionScheme):
    target_class = "mentorlab.api.authentication.SecondFactorSessionAuthentication"

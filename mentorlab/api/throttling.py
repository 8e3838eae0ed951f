"""Rate limits per token (and per person for the site's own session requests)."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from mentorlab.accounts.models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    """Each token has its own budget, so one runaway script does not use up a person's
    other tokens; requests made with the session share one budget per person."""

    scope = "api"

    def get_rate(self) -> str | None:
        # Read at request time (DRF's default binds the rates at import), so a changed
        # setting (API_RATE_LIMIT, or a test's override) takes effect.
        rate: str | None = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        return rate

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.prefix}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

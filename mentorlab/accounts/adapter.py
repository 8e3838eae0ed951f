"""How django-allauth behaves on this site, where its defaults do not fit."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_ip
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Failed sign-ins count per account *and client*: wrong passwords sent from one
        place throttle that place only, so nobody can lock a coordinator out by guessing
        once a minute, while a guesser is still slowed down (and limited per address by the
        "ip" rate). allauth also clears this key after a password reset from that client."""
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{get_ip(request)}"

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
        "ip" rate). allauth also clears this key after a password reset from that client.
        `get_ip` is allauth's own client address for rate limits (an IPv6 address counts by
        its /64 network, so one machine cannot dodge the limit by rotating addresses)."""
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{get_ip(request)}"

"""Redirects to an address that came with the request (a `next` field)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_path(request: HttpRequest, candidate: str | None) -> str | None:
    """`candidate` if it is a path on this site, else None.

    Only a path is taken ("/…"): never another site ("https://…", "//host", "/\\\\host"),
    and never a bare word, which Django's `redirect()` would try as a view name (and fail
    with a server error). Redirect with HttpResponseRedirect, not `redirect()`, so the value
    is used as an address only."""
    if not candidate or not candidate.startswith("/") or candidate.startswith(("//", "/\\")):
        return None
    if not url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return candidate

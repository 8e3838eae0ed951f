"""Look-ups that check who may see what. Anything a user may not see is a 404, so that
the existence of someone else's data is not revealed either. Services check the same with
`require_coordinator`, which raises PermissionDenied (a view has already 404'd by then)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from mentorlab.programmes.models import Programme


def coordinated_programme_or_404(user: Any, slug: str) -> Programme:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return get_object_or_404(Programme, slug=slug, coordinators=user)


def require_coordinator(programme: Programme, user: Any) -> None:
    """The one check every coordinator-only service makes before changing anything."""
    if not programme.is_coordinator(user):
        raise PermissionDenied

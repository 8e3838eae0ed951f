"""Look-ups that check who may see what. Anything a user may not see is a 404, so that
the existence of someone else's data is not revealed either."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404

from mentorlab.programmes.models import Programme


def coordinated_programme_or_404(user: Any, slug: str) -> Programme:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return get_object_or_404(Programme, slug=slug, coordinators=user)

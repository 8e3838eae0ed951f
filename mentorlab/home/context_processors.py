from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from mentorlab.careerdesign.selectors import is_actor


def site(request: HttpRequest) -> dict[str, Any]:
    """What every page's layout needs. It lives in the top layer because the navigation
    asks careerdesign whether to show the toolkit."""
    user = getattr(request, "user", None)
    return {
        "site_name": settings.SITE_NAME,
        # Asked only by the navigation, and only when a page renders it.
        "uses_toolkit": SimpleLazyObject(lambda: is_actor(user)),
    }

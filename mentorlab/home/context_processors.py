from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def site(request: HttpRequest) -> dict[str, Any]:
    from mentorlab.careerdesign.selectors import is_actor

    user = getattr(request, "user", None)
    return {
        "site_name": settings.SITE_NAME,
        # Asked only by the navigation, and only when a page renders it.
        "uses_toolkit": SimpleLazyObject(lambda: is_actor(user)),
    }

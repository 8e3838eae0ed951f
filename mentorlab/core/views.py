from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mentorlab.programmes import selectors as programme_selectors


def home(request: HttpRequest) -> HttpResponse:
    """The public landing page, or for a signed-in person what to do next in each role."""
    context: dict[str, object] = {"programmes": programme_selectors.open_programmes()}
    if request.user.is_authenticated:
        context.update(programme_selectors.user_participation(request.user))
        return render(request, "core/dashboard.html", context)
    return render(request, "core/home.html", context)


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")

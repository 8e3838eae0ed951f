"""The site's URLs plus views that fail, for the error page tests."""

from __future__ import annotations

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_protect

from mentorlab.urls import urlpatterns as site_urlpatterns


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def bad(request: HttpRequest) -> HttpResponse:
    raise BadRequest


@csrf_protect
def form(request: HttpRequest) -> HttpResponse:
    return HttpResponse("sent")


urlpatterns = [
    path("test-errors/500/", fails),
    path("test-errors/403/", forbidden),
    path("test-errors/400/", bad),
    path("test-errors/form/", form),
    *site_urlpatterns,
]

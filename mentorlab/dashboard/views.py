from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from mentorlab.programmes.access import coordinated_programme_or_404

from . import exports, selectors

TABLES = {
    "mentorships": exports.mentorships_table,
    "applications": exports.applications_table,
}


@login_required
def programme_overview(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    return render(
        request,
        "dashboard/overview.html",
        {"programme": programme, **selectors.overview(programme)},
    )


@login_required
def export(request: HttpRequest, slug: str, table: str, fmt: str) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    if table not in TABLES or fmt not in ("csv", "xlsx"):
        raise Http404
    return exports.respond(TABLES[table](programme), filename=f"{programme.slug}-{table}", fmt=fmt)

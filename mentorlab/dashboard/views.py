from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mentorlab.notifications.outbox import outbox_counts, outbox_problems, outbox_retry_failed
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
        {
            "programme": programme,
            "mail": outbox_counts(programme_id=programme.pk),
            **selectors.overview(programme),
        },
    )


@login_required
def programme_mail(request: HttpRequest, slug: str) -> HttpResponse:
    """How the programme's e-mail is doing: queued, failed, sent, and the mails in trouble."""
    programme = coordinated_programme_or_404(request.user, slug)
    return render(
        request,
        "dashboard/mail.html",
        {
            "programme": programme,
            "counts": outbox_counts(programme_id=programme.pk),
            "problems": outbox_problems(programme_id=programme.pk),
        },
    )


@require_POST
@login_required
def programme_mail_retry(request: HttpRequest, slug: str) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    count = outbox_retry_failed(programme_id=programme.pk)
    messages.success(
        request,
        ngettext(
            "%(count)d failed e-mail will be sent again.",
            "%(count)d failed e-mails will be sent again.",
            count,
        )
        % {"count": count},
    )
    return redirect("dashboard:mail", slug=programme.slug)


@login_required
def export(request: HttpRequest, slug: str, table: str, fmt: str) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    if table not in TABLES or fmt not in ("csv", "xlsx"):
        raise Http404
    return exports.respond(TABLES[table](programme), filename=f"{programme.slug}-{table}", fmt=fmt)

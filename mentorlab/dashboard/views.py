from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mentorlab.audit.services import export_record
from mentorlab.core.spreadsheets import csv_response, xlsx_response
from mentorlab.notifications.outbox import outbox_counts, outbox_problems, outbox_retry_failed
from mentorlab.programmes.access import coordinated_programme_or_404
from mentorlab.programmes.models import Programme

from . import audit, cycles, exports, funnel, leadership, pdf, selectors

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
def programme_funnel(request: HttpRequest, slug: str) -> HttpResponse:
    """How far the programme's students got, meetings per month and survey response rates."""
    programme = coordinated_programme_or_404(request.user, slug)
    return render(
        request,
        "dashboard/funnel.html",
        {"programme": programme, "trends": funnel.trends(programme)},
    )


@login_required
def programme_cycles(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme's cycles side by side (those of its series the viewer coordinates)."""
    programme = coordinated_programme_or_404(request.user, slug)
    shown, hidden = cycles.cycles_visible_to(request.user, programme)
    return render(
        request,
        "dashboard/cycles.html",
        {"programme": programme, "cycles": cycles.compare(shown), "hidden": hidden},
    )


@login_required
def programme_cycles_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    programme = coordinated_programme_or_404(request.user, slug)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    shown, _hidden = cycles.cycles_visible_to(request.user, programme)
    rows = cycles.table(cycles.compare(shown))
    export_record(by=request.user, programme=programme, what=f"cycles.{fmt}")
    name = f"{programme.slug}-cycles.{fmt}"
    if fmt == "xlsx":
        return xlsx_response({"Cycles": rows}, filename=name)
    return csv_response(rows, filename=name)


def _programme_for_coordinator_or_staff(request: HttpRequest, slug: str) -> Programme:
    """Its coordinators' programme; site staff may open any programme's."""
    if request.user.is_staff:
        return get_object_or_404(Programme, slug=slug)
    return coordinated_programme_or_404(request.user, slug)


@login_required
def programme_report(request: HttpRequest, slug: str) -> HttpResponse:
    """The report for leadership: facts, funnel, meetings, outcomes and consenting quotes."""
    programme = _programme_for_coordinator_or_staff(request, slug)
    return render(
        request, "dashboard/report.html", {"report": leadership.leadership_report(programme)}
    )


@login_required
def programme_report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme_for_coordinator_or_staff(request, slug)
    report = leadership.leadership_report(programme)
    html = render_to_string("dashboard/report_pdf.html", {"report": report}, request=request)
    try:
        content = pdf.render_pdf(html)
    except pdf.PdfUnavailable as exc:
        return render(
            request,
            "dashboard/report_pdf_unavailable.html",
            {"programme": programme, "error": str(exc)},
            status=503,
        )
    export_record(by=request.user, programme=programme, what="report.pdf")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{programme.slug}-report.pdf"'
    return response


@login_required
def programme_report_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme_for_coordinator_or_staff(request, slug)
    sheets = leadership.workbook(leadership.leadership_report(programme))
    export_record(by=request.user, programme=programme, what="report.xlsx")
    return xlsx_response(sheets, filename=f"{programme.slug}-report.xlsx")


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
    export_record(by=request.user, programme=programme, what=f"{table}.{fmt}")
    return exports.respond(TABLES[table](programme), filename=f"{programme.slug}-{table}", fmt=fmt)


def _audit_page(request: HttpRequest, *, programme: Programme | None, name: str) -> HttpResponse:
    form, entries = audit.filtered(request, programme_id=programme.pk if programme else None)
    fmt = request.GET.get("export", "")
    if fmt in ("csv", "xlsx"):
        return audit.export_response(entries, fmt=fmt, name=name)
    return render(
        request,
        "dashboard/audit.html",
        {
            "programme": programme,
            "filters": form,
            "page": audit.page_of(request, entries),
            "query": audit.query_without_page(request),
        },
    )


@login_required
def audit_trail(request: HttpRequest, slug: str) -> HttpResponse:
    """A programme's audit trail, for its coordinators; site staff may open any programme's."""
    programme = _programme_for_coordinator_or_staff(request, slug)
    return _audit_page(request, programme=programme, name=f"{programme.slug}-audit")


@login_required
def audit_trail_all(request: HttpRequest) -> HttpResponse:
    """Every programme's entries and those of no programme (staff status, erasure)."""
    if not request.user.is_staff:
        raise Http404
    return _audit_page(request, programme=None, name="audit")

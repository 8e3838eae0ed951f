"""The audit trail pages: one per programme for its coordinators (site staff may open any),
and every programme at once for site staff. Filtered and paged in SQL, exportable."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentorlab.audit.models import Action, AuditEntry
from mentorlab.audit.selectors import audit_entries
from mentorlab.core.spreadsheets import csv_response, xlsx_response

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=gettext_lazy("Action"),
        required=False,
        choices=[("", gettext_lazy("All actions")), *Action.choices],
    )
    person = forms.CharField(label=gettext_lazy("Person (name or e-mail)"), required=False)
    since = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


def filtered(
    request: HttpRequest, *, programme_id: int | None
) -> tuple[AuditFilterForm, QuerySet[AuditEntry]]:
    form = AuditFilterForm(request.GET or None)
    criteria = form.cleaned_data if form.is_valid() else {}
    if form.is_bound and not form.is_valid():
        # A bad filter shows nothing rather than everything.
        return form, AuditEntry.objects.none()
    return form, audit_entries(
        programme_id=programme_id,
        action=criteria.get("action", ""),
        person=criteria.get("person", ""),
        since=criteria.get("since"),
        until=criteria.get("until"),
    )


def page_of(request: HttpRequest, entries: QuerySet[AuditEntry]) -> Page[AuditEntry]:
    return Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return query.urlencode()


def rows(entries: QuerySet[AuditEntry]) -> list[list[Any]]:
    header = [
        _("When"),
        _("Who"),
        _("E-mail address"),
        _("Action"),
        _("Programme"),
        _("Object type"),
        _("Object id"),
        _("Object"),
        _("Details"),
    ]
    table: list[list[Any]] = [[str(h) for h in header]]
    for e in entries.iterator():
        table.append(
            [
                timezone.localtime(e.at).replace(tzinfo=None),
                e.actor_name,
                e.actor_email,
                e.get_action_display(),
                e.programme_name,
                e.target_type,
                e.target_id,
                e.target_repr,
                _details_text(e.details),
            ]
        )
    return table


def _details_text(details: dict[str, Any]) -> str:
    # Sorted: PostgreSQL (jsonb) does not keep the order the keys were written in.
    return "; ".join(f"{key}: {details[key]}" for key in sorted(details))


def export_response(entries: QuerySet[AuditEntry], *, fmt: str, name: str) -> HttpResponse:
    if fmt == "xlsx":
        return xlsx_response({_("Audit trail"): rows(entries)}, filename=f"{name}.xlsx")
    return csv_response(rows(entries), filename=f"{name}.csv")

"""CSV and Excel exports for coordinators: the same rows, two formats."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from mentorlab.core.spreadsheets import csv_response, xlsx_response
from mentorlab.mentorships.exports import pairs_table
from mentorlab.mentorships.selectors import coordinator_rows
from mentorlab.programmes.choices import INDUSTRIES, LANGUAGES, label_for
from mentorlab.programmes.models import Programme

Table = tuple[list[str], list[list[Any]]]


def mentorships_table(programme: Programme) -> Table:
    return pairs_table(coordinator_rows(programme))


def applications_table(programme: Programme) -> Table:
    header = [
        _("Name"),
        _("E-mail"),
        _("Role"),
        _("Status"),
        _("Degree level or mentors"),
        _("Field"),
        _("Employer"),
        _("Industry"),
        _("Capacity"),
        _("Languages"),
        _("City"),
        _("Topics"),
        _("Sent"),
    ]
    rows: list[list[Any]] = []
    for a in programme.actor_applications.select_related("user").prefetch_related("topics"):
        rows.append(
            [
                a.user.full_name,
                a.user.email,
                _("Student"),
                a.get_status_display(),
                a.get_degree_level_display(),
                a.field_of_study,
                "",
                ", ".join(label_for(INDUSTRIES, c) for c in a.industries),
                "",
                ", ".join(label_for(LANGUAGES, c) for c in a.languages),
                a.city,
                ", ".join(t.name for t in a.topics.all()),
                _date(a.submitted_at),
            ]
        )
    for m in programme.mentor_applications.select_related("user").prefetch_related("topics"):
        rows.append(
            [
                m.user.full_name,
                m.user.email,
                _("Mentor"),
                m.get_status_display(),
                m.get_levels_display(),
                m.degree_field,
                m.employer,
                m.get_industry_display(),
                m.capacity,
                ", ".join(label_for(LANGUAGES, c) for c in m.languages),
                m.city,
                ", ".join(t.name for t in m.topics.all()),
                _date(m.submitted_at),
            ]
        )
    return [str(h) for h in header], rows


def _date(value: Any) -> str:
    return value.date().isoformat() if value else ""


def respond(table: Table, *, filename: str, fmt: str) -> HttpResponse:
    header, rows = table
    name = f"{filename}.{fmt}"
    if fmt == "xlsx":
        return xlsx_response({"Sheet": [header, *rows]}, filename=name)
    return csv_response([header, *rows], filename=name)

"""Mentorlab's own applications export imports back with no mapping at all, in CSV and
Excel and in the coordinator's language, so a coordinator can edit the sheet and load it."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from mentorlab.programmes.imports.fields import suggest_mapping
from mentorlab.programmes.imports.reading import read_table
from mentorlab.programmes.imports.services import applicants_import
from mentorlab.programmes.models import ActorApplication, MentorApplication

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(programme, actor, mentor):
    application = ActorApplication.objects.get(programme=programme, user=actor)
    application.industries = ["design", "energy"]
    application.city = "=HYPERLINK(1)"  # quoted by the export, unquoted by the import
    application.save()
    application.topics.set(programme.topics.filter(name__in=["Leadership", "Startups"]))
    return programme


def export(client, programme, fmt: str) -> bytes:
    return client.get(
        reverse("dashboard:export", args=[programme.slug, "applications", fmt])
    ).content


def import_back(programme, content: bytes):
    table = read_table(content)
    columns = suggest_mapping(table.headers, programme.questions.all())
    return applicants_import(programme=programme, by=None, table=table, columns=columns, role="")


def edit_csv(content: bytes, email: str, column: str, value: str) -> bytes:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    at = rows[0].index(column)
    for row in rows[1:]:
        if row[1] == email:
            row[at] = value
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_imports_back_unchanged(as_user, coordinator, cohort, fmt):
    content = export(as_user(coordinator), cohort, fmt)
    plan = import_back(cohort, content)
    assert plan.is_clean, plan.report()
    assert (plan.count("unchanged"), plan.count("create"), plan.count("update")) == (2, 0, 0)
    application = ActorApplication.objects.get(programme=cohort, user__email="actor@example.org")
    assert application.city == "=HYPERLINK(1)"
    assert application.industries == ["design", "energy"]


def test_an_edited_csv_export_updates_the_edited_person_only(as_user, coordinator, cohort):
    content = export(as_user(coordinator), cohort, "csv")
    content = edit_csv(content, "mentor@example.org", "Capacity", "3")
    plan = import_back(cohort, content)
    assert (plan.count("update"), plan.count("unchanged")) == (1, 1), plan.report()
    assert MentorApplication.objects.get(programme=cohort).capacity == 3


def test_an_edited_xlsx_export_updates(as_user, coordinator, cohort):
    book = load_workbook(io.BytesIO(export(as_user(coordinator), cohort, "xlsx")))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[1].value == "actor@example.org":
            row[header.index("Topics")].value = "Career options"
    out = io.BytesIO()
    book.save(out)
    plan = import_back(cohort, out.getvalue())
    assert plan.count("update") == 1, plan.report()
    application = ActorApplication.objects.get(programme=cohort, user__email="actor@example.org")
    assert [t.name for t in application.topics.all()] == ["Career options"]


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_an_export_in_finnish_or_swedish_imports_back(as_user, coordinator, cohort, language):
    coordinator.language = language
    coordinator.save()
    client = as_user(coordinator)
    with translation.override(language):
        content = client.get(
            reverse("dashboard:export", args=[cohort.slug, "applications", "csv"]),
            HTTP_ACCEPT_LANGUAGE=language,
        ).content
    header = content.decode("utf-8-sig").splitlines()[0]
    assert "E-mail" not in header  # really translated
    plan = import_back(cohort, content)
    assert plan.is_clean, plan.report()
    assert plan.count("unchanged") == 2


def test_an_xlsx_file_with_numbers_and_blank_rows_is_read(programme):
    book = Workbook()
    sheet = book.active
    sheet.append(["E-mail", "Capacity"])
    sheet.append(["mentor@example.org", 2.0])
    sheet.append([None, None])
    out = io.BytesIO()
    book.save(out)
    table = read_table(out.getvalue())
    assert table.rows == [["mentor@example.org", "2"]]

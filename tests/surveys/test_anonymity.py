"""An anonymous survey never shows a coordinator a row tied to a person, and below its
smallest group size shows no breakdown and no free text."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.surveys.conftest import answer, make_survey

pytestmark = pytest.mark.django_db


def _report(as_user, coordinator, survey):
    return as_user(coordinator).get(f"/surveys/p/{survey.programme.slug}/{survey.pk}/report/")


def test_below_threshold_shows_no_free_text_and_no_results(
    programme, coordinator, make_actors, as_user
):
    people = make_actors(4)
    survey = make_survey(programme, coordinator, kind="baseline", min_group_size=5)
    for person in people:
        answer(survey, person, {"courage": 3}, texts=[f"secret hope of {person.full_name}"])
    html = _report(as_user, coordinator, survey).content.decode()
    assert "fewer than 5 people have sent answers" in html
    assert "secret hope" not in html
    assert "4 of 4 invited people" in html  # the response rate is still shown


def test_below_threshold_export_is_refused(programme, coordinator, make_actors, as_user):
    people = make_actors(4)
    survey = make_survey(programme, coordinator, kind="baseline", min_group_size=5)
    for person in people:
        answer(survey, person, {"courage": 3}, texts=["a hope"])
    client = as_user(coordinator)
    for url in ("responses.csv", "export.xlsx"):
        response = client.get(f"/surveys/p/{programme.slug}/{survey.pk}/{url}", follow=True)
        assert "cannot be exported" in response.content.decode()
        assert response.get("Content-Disposition") is None


def test_at_threshold_free_text_is_shown_without_names(
    programme, coordinator, make_actors, as_user
):
    people = make_actors(5)
    survey = make_survey(programme, coordinator, kind="baseline", min_group_size=5)
    for i, person in enumerate(people):
        answer(survey, person, {"courage": 1 + i}, texts=[f"hope number {i}"])
    html = _report(as_user, coordinator, survey).content.decode()
    assert "hope number 3" in html
    for person in people:
        assert person.full_name not in html
        assert person.email not in html


def test_anonymous_exports_have_no_person_column(programme, coordinator, make_actors, as_user):
    people = make_actors(5)
    survey = make_survey(programme, coordinator, kind="baseline", min_group_size=5)
    for i, person in enumerate(people):
        answer(survey, person, {"courage": 1 + i}, texts=[f"hope number {i}"])
    client = as_user(coordinator)
    text = client.get(f"/surveys/p/{programme.slug}/{survey.pk}/responses.csv").content.decode(
        "utf-8-sig"
    )
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Row"
    assert "E-mail" not in rows[0] and "Name" not in rows[0] and "Track" not in rows[0]
    assert len(rows) == 6
    workbook = load_workbook(
        io.BytesIO(client.get(f"/surveys/p/{programme.slug}/{survey.pk}/export.xlsx").content)
    )
    cells = [str(v) for sheet in workbook for row in sheet.iter_rows(values_only=True) for v in row]
    for person in people:
        assert person.full_name not in text and person.email not in text
        assert not any(person.full_name in c or person.email in c for c in cells)
    assert any("hope number 2" in c for c in cells)


def test_named_survey_export_lists_people(programme, coordinator, make_actors, as_user):
    """The counterpart: a survey that is not anonymous does show who answered."""
    people = make_actors(2)
    survey = make_survey(programme, coordinator, kind="baseline", anonymous=False)
    for person in people:
        answer(survey, person, {"courage": 4})
    text = (
        as_user(coordinator)
        .get(f"/surveys/p/{programme.slug}/{survey.pk}/responses.csv")
        .content.decode("utf-8-sig")
    )
    assert people[0].email in text


def test_benefit_rows_hidden_when_too_few_pairs_in_anonymous_surveys(
    programme, coordinator, make_actors, as_user
):
    people = make_actors(3)
    baseline = make_survey(programme, coordinator, kind="baseline", min_group_size=5)
    final = make_survey(programme, coordinator, kind="final", min_group_size=5)
    for person in people:
        answer(baseline, person, {"courage": 2})
        answer(final, person, {"courage": 5})
    html = _report(as_user, coordinator, final).content.decode()
    assert "Hidden: fewer than 5 people answered both." in html
    assert "+3.00" not in html

"""An anonymous survey's export must not keep one person's answers together in a row: a
person who asked for help is named to the coordinators, and a row holding their "please
contact me" answer would hand the coordinators all their other answers too.

Each test builds two surveys with the same answers to every question but handed out
differently between people; an export that tells nothing about who gave which answer is
the same for both."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from mentorlab.surveys import services
from mentorlab.surveys.models import HelpRequest, Invitation, Survey
from tests.surveys.conftest import answer, make_survey

pytestmark = pytest.mark.django_db


def _csv_body(client: Any, survey: Survey) -> list[list[str]]:
    url = f"/surveys/p/{survey.programme.slug}/{survey.pk}/responses.csv"
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    return rows[1:]


def _xlsx_body(client: Any, survey: Survey) -> list[tuple[Any, ...]]:
    url = f"/surveys/p/{survey.programme.slug}/{survey.pk}/export.xlsx"
    sheet = load_workbook(io.BytesIO(client.get(url).content)).worksheets[0]
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_anonymous_export_does_not_show_which_answers_came_from_one_person(
    programme, coordinator, make_actors, as_user
):
    people = make_actors(5)
    first = make_survey(programme, coordinator, kind="baseline", title="First")
    second = make_survey(programme, coordinator, kind="baseline", title="Second")
    for i, person in enumerate(people):
        answer(first, person, {"courage": 1 + i}, texts=[f"hope {i}"])
        answer(second, person, {"courage": 1 + i}, texts=[f"hope {4 - i}"])
    client = as_user(coordinator)
    body = _csv_body(client, first)
    assert len(body) == 5
    assert any("hope 3" in row for row in body)
    assert body == _csv_body(client, second)
    assert _xlsx_body(client, first) == _xlsx_body(client, second)


def _answer_halfway(survey: Survey, person: Any, *, asks_help: bool, text: str) -> None:
    answers: dict[int, Any] = {}
    for item in survey.items.all():
        if item.help_answer:
            answers[item.pk] = item.help_answer if asks_help else item.choice_list[0]
        elif item.kind == "text":
            answers[item.pk] = text
        elif item.required:
            answers[item.pk] = item.choice_list[0] if item.choice_list else 3
    invitation = Invitation.objects.get(survey=survey, user=person)
    services.response_save(
        invitation=invitation, user=person, answers=answers, submit=True, help_consent=asks_help
    )


def test_named_help_request_cannot_be_linked_to_the_persons_other_answers(
    programme, coordinator, make_actors, as_user
):
    people = make_actors(5)
    first = make_survey(programme, coordinator, kind="halfway", title="First")
    second = make_survey(programme, coordinator, kind="halfway", title="Second")
    complaint = "my mentor never shows up"
    texts = [complaint, "ok 1", "ok 2", "ok 3", "ok 4"]
    swapped = ["ok 1", complaint, "ok 2", "ok 3", "ok 4"]
    for i, person in enumerate(people):
        # The person who asks for help wrote the complaint in one survey, not in the other.
        _answer_halfway(first, person, asks_help=i == 0, text=texts[i])
        _answer_halfway(second, person, asks_help=i == 0, text=swapped[i])
    for survey in (first, second):
        assert HelpRequest.objects.get(survey=survey).user == people[0]
    client = as_user(coordinator)
    body = _csv_body(client, first)
    assert any(complaint in row for row in body)
    assert body == _csv_body(client, second)
    assert _xlsx_body(client, first) == _xlsx_body(client, second)

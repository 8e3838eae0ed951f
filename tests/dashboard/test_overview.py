from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mentorlab.mentorships.services import mentorship_create
from mentorlab.surveys.models import Survey, SurveyState
from mentorlab.surveys.services import survey_create
from tests.factories import ActorApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(programme, actor, mentor, coordinator):
    return mentorship_create(
        programme=programme, mentor=mentor, actors=[actor], created_by=coordinator
    )


def test_overview_counts_applications_and_pairs(as_user, coordinator, programme, pair, other_actor):
    ActorApplicationFactory(programme=programme, status="submitted")
    page = (
        as_user(coordinator)
        .get(reverse("dashboard:overview", args=[programme.slug]))
        .content.decode()
    )
    text = " ".join(page.split())
    assert "Accepted</th><td>2</td><td>1</td>" in text.replace("> <", "><")
    assert "Waiting for review</th><td>1</td>" in text.replace("> <", "><")
    assert "1 accepted student without a mentor." in text  # other_actor
    assert "Introduced: 1" in text


def test_mentorship_export_has_metadata_but_no_private_text(as_user, coordinator, programme, pair):
    response = as_user(coordinator).get(
        reverse("dashboard:export", args=[programme.slug, "mentorships", "csv"])
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Mentor", "Students", "State"]
    assert rows[1][0] == "Maija Mentor"
    assert rows[1][1] == "Aino Actor"
    assert rows[1][2] == "Introduced"


def test_applications_export_in_excel(as_user, coordinator, programme, actor, mentor):
    response = as_user(coordinator).get(
        reverse("dashboard:export", args=[programme.slug, "applications", "xlsx"])
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Name"
    names = {row[0] for row in values[1:]}
    assert names == {"Aino Actor", "Maija Mentor"}


def test_spreadsheet_formulas_in_user_text_are_neutralised(as_user, coordinator, programme):
    ActorApplicationFactory(programme=programme, city='=HYPERLINK("http://x")')
    response = as_user(coordinator).get(
        reverse("dashboard:export", args=[programme.slug, "applications", "csv"])
    )
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")


@pytest.mark.parametrize("persona", ["actor", "mentor", "other_coordinator", "outsider"])
def test_only_the_programmes_coordinators_see_the_overview(request, as_user, programme, persona):
    client = as_user(request.getfixturevalue(persona))
    assert client.get(reverse("dashboard:overview", args=[programme.slug])).status_code == 404
    export = reverse("dashboard:export", args=[programme.slug, "applications", "csv"])
    assert client.get(export).status_code == 404


def test_unknown_export_is_404(as_user, coordinator, programme):
    url = reverse("dashboard:export", args=[programme.slug, "secrets", "csv"])
    assert as_user(coordinator).get(url).status_code == 404


def _survey(programme, coordinator, kind, title, state):
    now = timezone.now()
    survey = survey_create(
        programme=programme,
        by=coordinator,
        audience="actor",
        kind=kind,
        title=title,
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=9),
    )
    Survey.objects.filter(pk=survey.pk).update(state=state)
    return survey


def test_benefit_change_report_link_opens_the_final_surveys_report(as_user, coordinator, programme):
    """It opened the benefit statements' editor; the report is on the final survey's page."""
    baseline = _survey(programme, coordinator, "baseline", "Start", SurveyState.CLOSED)
    final = _survey(programme, coordinator, "final", "End of year", SurveyState.OPEN)
    _survey(programme, coordinator, "final", "Not sent yet", SurveyState.DRAFT)
    page = as_user(coordinator).get(reverse("dashboard:overview", args=[programme.slug]))
    html = page.content.decode()
    report = reverse("surveys:report", args=[programme.slug, final.pk])
    assert f'<a href="{report}#benefit-change">Benefit change report – End of year</a>' in html
    assert "Benefit change report – Not sent yet" not in html
    assert reverse("surveys:report", args=[programme.slug, baseline.pk]) + "#" not in html
    editor = reverse("surveys:benefits", args=[programme.slug])
    assert f'<a href="{editor}">Promised benefits</a>' in html
    assert as_user(coordinator).get(report).status_code == 200

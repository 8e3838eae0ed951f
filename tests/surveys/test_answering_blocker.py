"""The answer page and `response_save` share one rule (`answering_blocker`): the page
disables the form exactly when the service would refuse, with the same words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentorlab.surveys import selectors, services
from mentorlab.surveys.models import Invitation, Response, Survey
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db


def test_a_survey_that_opens_later_is_refused_by_page_and_service_alike(
    programme, coordinator, actor, as_user
):
    survey = make_survey(programme, coordinator, kind="final", anonymous=False)
    Survey.objects.filter(pk=survey.pk).update(opens_at=timezone.now() + dt.timedelta(days=1))
    survey.refresh_from_db()
    invitation = Invitation.objects.get(survey=survey, user=actor)
    item = survey.items.get(kind="scale10")
    reason = selectors.answering_blocker(survey, list(survey.items.all()))
    assert reason == "This survey is not open for answers yet."
    with pytest.raises(ValidationError, match="not open for answers yet"):
        services.response_save(invitation=invitation, user=actor, answers={item.pk: 6}, submit=True)
    link = f"/surveys/answer/{invitation.token}/"
    page = as_user(actor).post(link, {"action": "send", f"item_{item.pk}": "6"})
    html = page.content.decode()
    assert reason in html
    assert "disabled" in html
    assert not Response.objects.exists()


def test_an_open_survey_with_questions_has_no_blocker(programme, coordinator):
    survey = make_survey(programme, coordinator, kind="final", anonymous=False)
    assert selectors.answering_blocker(survey, list(survey.items.all())) is None
    assert selectors.answering_blocker(survey, []) == "This survey has no questions to answer."

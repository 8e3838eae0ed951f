"""Answering a survey: bad input is refused with a clear message and nothing saved, a
draft is kept, one response per person, changes allowed until the survey closes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from mentorlab.surveys import services
from mentorlab.surveys.models import Answer, Invitation, Response, Survey, SurveyState
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(programme, coordinator, actor, other_actor):
    return make_survey(programme, coordinator, kind="final", anonymous=False)


@pytest.fixture
def link(survey, actor):
    return f"/surveys/answer/{Invitation.objects.get(survey=survey, user=actor).token}/"


def field(survey, **lookup) -> str:
    return f"item_{survey.items.get(**lookup).pk}"


def test_likert_out_of_range_is_refused_and_typed_text_kept(survey, actor, as_user, link):
    data = {
        "action": "send",
        field(survey, benefit="courage"): "7",
        field(survey, kind="scale10"): "8",
        field(survey, kind="text", order=13): "Words I typed and want to keep",
    }
    page = as_user(actor).post(link, data)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Choose a whole number from 1 to 5." in html
    assert "Words I typed and want to keep" in html
    assert not Response.objects.exists()


def test_service_refuses_out_of_range_answer(survey, actor):
    invitation = Invitation.objects.get(survey=survey, user=actor)
    item = survey.items.get(benefit="courage")
    with pytest.raises(ValidationError) as error:
        services.response_save(
            invitation=invitation, user=actor, answers={item.pk: 0}, submit=False
        )
    assert "from 1 to 5" in str(error.value)
    assert not Answer.objects.exists()


def test_draft_is_saved_and_shown_again(survey, actor, as_user, link):
    client = as_user(actor)
    courage = field(survey, benefit="courage")
    response = client.post(link, {"action": "draft", courage: "2"}, follow=True)
    assert "Draft saved" in response.content.decode()
    saved = Response.objects.get()
    assert saved.submitted_at is None
    assert saved.answers.get().number == 2
    html = client.get(link).content.decode()
    assert f'name="{courage}" value="2"' in html and "checked" in html


def test_sending_with_required_question_missing_keeps_a_draft(survey, actor, as_user, link):
    page = as_user(actor).post(link, {"action": "send", field(survey, benefit="courage"): "4"})
    html = page.content.decode()
    assert "Please answer this question before sending." in html
    assert "kept as a draft" in html
    saved = Response.objects.get()
    assert saved.submitted_at is None
    assert saved.answers.get().number == 4


def test_sent_answers_can_be_changed_until_closing(survey, actor, as_user, link):
    client = as_user(actor)
    data = {"action": "send", field(survey, kind="scale10"): "6"}
    assert "Your answers were sent" in client.post(link, data, follow=True).content.decode()
    data[field(survey, kind="scale10")] = "9"
    client.post(link, data)
    response = Response.objects.get()
    assert response.is_submitted
    assert response.answers.get().number == 9


def test_answer_after_closing_is_refused(survey, actor, as_user, link):
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    page = as_user(actor).post(link, {"action": "send", field(survey, kind="scale10"): "6"})
    assert "This survey has closed" in page.content.decode()
    assert not Response.objects.exists()


def test_closed_survey_shows_answers_read_only(survey, actor, coordinator, as_user, link):
    client = as_user(actor)
    client.post(link, {"action": "send", field(survey, kind="scale10"): "6"})
    services.survey_close(survey=survey, by=coordinator)
    html = client.get(link).content.decode()
    assert "can no longer be changed" in html
    assert "Send answers" not in html and "Save changes" not in html
    client.post(link, {"action": "send", field(survey, kind="scale10"): "1"})
    assert Response.objects.get().answers.get().number == 6


def test_answering_someone_elses_invitation_is_refused(survey, actor, other_actor):
    invitation = Invitation.objects.get(survey=survey, user=actor)
    with pytest.raises(PermissionDenied):
        services.response_save(invitation=invitation, user=other_actor, answers={}, submit=False)


def test_survey_without_items_cannot_be_opened(programme, coordinator, as_user):
    survey = make_survey(programme, coordinator, kind="pulse", open_it=False)
    survey.items.all().delete()
    page = as_user(coordinator).post(f"/surveys/p/{programme.slug}/{survey.pk}/open/", follow=True)
    assert "This survey has no questions yet" in page.content.decode()
    survey.refresh_from_db()
    assert survey.state == SurveyState.DRAFT
    assert not survey.invitations.exists()


def test_one_response_per_person_is_a_database_rule(survey, actor):
    invitation = Invitation.objects.get(survey=survey, user=actor)
    Response.objects.create(survey=survey, invitation=invitation)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, invitation=invitation)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(survey=survey, user=actor)


def test_saving_twice_keeps_one_response(survey, actor):
    invitation = Invitation.objects.get(survey=survey, user=actor)
    item = survey.items.get(kind="scale10")
    for value in (3, 5):
        services.response_save(
            invitation=invitation, user=actor, answers={item.pk: value}, submit=True
        )
    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.get().number == 5


def test_create_form_refuses_closing_before_opening(programme, coordinator, as_user):
    page = as_user(coordinator).post(
        f"/surveys/p/{programme.slug}/",
        {
            "kind": "baseline",
            "audience": "actor",
            "title": "My typed title",
            "opens_at": "2031-05-10T10:00",
            "closes_at": "2031-05-01T10:00",
            "min_group_size": "5",
        },
    )
    html = page.content.decode()
    assert "A survey must close after it opens." in html
    assert "My typed title" in html
    assert not Survey.objects.exists()


def test_coordinator_creates_survey_with_benefit_items(programme, coordinator, as_user):
    page = as_user(coordinator).post(
        f"/surveys/p/{programme.slug}/",
        {
            "kind": "baseline",
            "audience": "mentor",
            "title": "Mentor baseline",
            "opens_at": "2031-05-01T10:00",
            "closes_at": "2031-05-10T10:00",
            "anonymous": "on",
            "min_group_size": "5",
        },
        follow=True,
    )
    survey = Survey.objects.get()
    assert survey.items.filter(benefit="new-perspectives").exists()
    assert "I regularly meet perspectives different from my own." in page.content.decode()


def test_reworded_benefit_is_used_in_new_surveys(programme, coordinator, as_user):
    client = as_user(coordinator)
    client.get(f"/surveys/p/{programme.slug}/benefits/")
    benefit = programme.survey_benefits.get(audience="actor", key="courage")
    formset = list(programme.survey_benefits.all())
    data = {
        "form-TOTAL_FORMS": str(len(formset)),
        "form-INITIAL_FORMS": str(len(formset)),
    }
    for i, b in enumerate(formset):
        data[f"form-{i}-id"] = str(b.pk)
        data[f"form-{i}-statement"] = (
            "I try new things without fear." if b.pk == benefit.pk else b.statement
        )
        data[f"form-{i}-active"] = "on"
    client.post(f"/surveys/p/{programme.slug}/benefits/", data)
    survey = make_survey(programme, coordinator, kind="final", open_it=False)
    assert survey.items.get(benefit="courage").text == "I try new things without fear."


def test_a_new_programme_starts_with_the_built_in_benefits(programme):
    """Created with the programme, so the benefits page only reads."""
    assert programme.survey_benefits.filter(audience="actor", key="courage").exists()


def test_opening_the_benefits_page_writes_nothing(programme, coordinator, as_user):
    programme.survey_benefits.all().delete()
    page = as_user(coordinator).get(f"/surveys/p/{programme.slug}/benefits/")
    assert not programme.survey_benefits.exists()
    assert "Add the built-in statements" in page.content.decode()
    as_user(coordinator).post(f"/surveys/p/{programme.slug}/benefits/built-in/")
    assert programme.survey_benefits.filter(audience="actor", key="courage").exists()


def test_consent_to_quote_is_asked_stored_and_can_be_withdrawn(survey, actor, as_user, link):
    client = as_user(actor)
    page = client.get(link).content.decode()
    assert "You may quote my written answers anonymously in reports" in page
    assert 'name="may_quote"' in page and "checked" not in page.split('name="may_quote"')[1][:40]
    client.post(link, {"action": "draft", "may_quote": "on"})
    assert Response.objects.get().may_quote is True
    html = client.get(link).content.decode()
    assert "checked" in html.split('name="may_quote"')[1].split(">")[0]
    client.post(link, {"action": "draft"})
    assert Response.objects.get().may_quote is False


def test_written_answers_are_not_quotable_unless_the_author_agrees(survey, actor):
    invitation = Invitation.objects.get(survey=survey, user=actor)
    services.response_save(invitation=invitation, user=actor, answers={}, submit=False)
    assert Response.objects.get().may_quote is False

"""A halfway "please contact me" flags the mentorship (with consent in an anonymous
survey); invitations and reminders reach the right people exactly once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from mentorlab.mentorships.models import Mentorship, MentorshipActor
from mentorlab.surveys import reminders, selectors, services
from mentorlab.surveys.models import HelpRequest, Invitation, Survey
from tests.surveys.conftest import answer, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentorship(programme, actor, mentor):
    m = Mentorship.objects.create(programme=programme, mentor=mentor, state="active")
    MentorshipActor.objects.create(mentorship=m, actor=actor, programme=programme)
    return m


@pytest.fixture
def halfway(programme, coordinator, actor, other_actor):
    return make_survey(programme, coordinator, kind="halfway", anonymous=True)


def _form(survey, *, help_wanted: bool) -> dict[str, str]:
    data = {"action": "send"}
    for item in survey.items.all():
        if item.help_answer:
            data[f"item_{item.pk}"] = item.help_answer if help_wanted else item.choice_list[0]
        elif item.required:
            data[f"item_{item.pk}"] = "2"
    return data


def test_anonymous_survey_says_help_request_is_not_anonymous(halfway, actor, as_user):
    token = Invitation.objects.get(survey=halfway, user=actor).token
    html = as_user(actor).get(f"/surveys/answer/{token}/").content.decode()
    assert "A request for help is not anonymous" in html
    assert 'name="help_consent"' in html


def test_help_without_consent_is_refused(halfway, actor, mentorship, as_user):
    token = Invitation.objects.get(survey=halfway, user=actor).token
    page = as_user(actor).post(f"/surveys/answer/{token}/", _form(halfway, help_wanted=True))
    assert "A request for help cannot stay anonymous" in page.content.decode()
    assert not HelpRequest.objects.exists()
    assert not selectors.flagged_mentorships(halfway.programme).exists()


def test_help_with_consent_flags_the_mentorship_and_tells_coordinators(
    halfway, actor, coordinator, mentorship, as_user, django_capture_on_commit_callbacks
):
    token = Invitation.objects.get(survey=halfway, user=actor).token
    data = _form(halfway, help_wanted=True) | {"help_consent": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        as_user(actor).post(f"/surveys/answer/{token}/", data)
    assert list(selectors.flagged_mentorships(halfway.programme)) == [mentorship]
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert actor.full_name in mail.outbox[0].body
    page = as_user(coordinator).get(f"/surveys/p/{halfway.programme.slug}/help/")
    assert actor.full_name in page.content.decode()


def test_changing_the_answer_withdraws_the_flag_and_handled_clears_it(
    halfway, actor, coordinator, mentorship, as_user
):
    token = Invitation.objects.get(survey=halfway, user=actor).token
    client = as_user(actor)
    client.post(
        f"/surveys/answer/{token}/", _form(halfway, help_wanted=True) | {"help_consent": "on"}
    )
    client.post(f"/surveys/answer/{token}/", _form(halfway, help_wanted=False))
    assert not selectors.flagged_mentorships(halfway.programme).exists()

    client.post(
        f"/surveys/answer/{token}/", _form(halfway, help_wanted=True) | {"help_consent": "on"}
    )
    help_request = HelpRequest.objects.get()
    as_user(coordinator).post(
        f"/surveys/p/{halfway.programme.slug}/help/{help_request.pk}/handled/"
    )
    assert not selectors.flagged_mentorships(halfway.programme).exists()


def test_opening_invites_the_audience_by_email(
    programme, coordinator, actor, other_actor, mentor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        survey = make_survey(programme, coordinator, kind="baseline")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([actor.email, other_actor.email])
    token = Invitation.objects.get(survey=survey, user=actor).token
    actor_mail = next(m for m in mail.outbox if m.to == [actor.email])
    assert f"/surveys/answer/{token}/" in actor_mail.body
    assert not Invitation.objects.filter(user=mentor).exists()


def test_reminders_go_once_to_those_who_have_not_answered(
    programme, coordinator, actor, other_actor, django_capture_on_commit_callbacks
):
    survey = make_survey(programme, coordinator, kind="baseline")
    answer(survey, actor, {"courage": 3})
    now = timezone.now()
    assert reminders.send_due(now) == 0  # closes in ten days: too early
    Survey.objects.filter(pk=survey.pk).update(closes_at=now + dt.timedelta(days=2))
    # Invited two days ago (the invitation's own day is left alone, see the next test).
    Invitation.objects.filter(survey=survey).update(sent_at=now - dt.timedelta(days=2))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_due(now) == 1
    assert [m.to for m in mail.outbox] == [[other_actor.email]]
    assert "closes soon" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_due(now + dt.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1


def test_no_closes_soon_reminder_right_after_the_invitation(
    programme, coordinator, actor, other_actor, django_capture_on_commit_callbacks
):
    """A survey open for only two days: the invitation says it all; the reminder comes a
    day later (still before closing), and the mail names the closing time."""
    with django_capture_on_commit_callbacks(execute=True):
        survey = make_survey(programme, coordinator, kind="baseline")
    now = timezone.now()
    Survey.objects.filter(pk=survey.pk).update(closes_at=now + dt.timedelta(days=2))
    invitations = [m for m in mail.outbox if "closes soon" not in m.subject]
    assert len(invitations) == 2
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_due(now + dt.timedelta(minutes=1)) == 0
        assert reminders.send_due(now + dt.timedelta(hours=23)) == 0
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_due(now + dt.timedelta(days=1, minutes=1)) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([actor.email, other_actor.email])
    assert all("closes soon" in m.subject for m in mail.outbox)


def test_a_survey_closing_within_a_day_of_inviting_sends_no_reminder(
    programme, coordinator, actor, django_capture_on_commit_callbacks
):
    survey = make_survey(programme, coordinator, kind="baseline")
    now = timezone.now()
    Survey.objects.filter(pk=survey.pk).update(closes_at=now + dt.timedelta(hours=20))
    for minutes in (1, 60, 60 * 19):
        assert reminders.send_due(now + dt.timedelta(minutes=minutes)) == 0


def test_home_page_lists_open_survey(programme, coordinator, actor, as_user):
    survey = make_survey(programme, coordinator, kind="baseline", title="Start of cycle")
    html = as_user(actor).get("/").content.decode()
    assert "Answer the survey “Start of cycle”" in html  # among the next steps
    token = Invitation.objects.get(survey=survey, user=actor).token
    assert f"/surveys/answer/{token}/" in html
    assert "Start of cycle" in html


def test_help_request_for_a_mentor_flags_their_mentorships(
    programme, coordinator, mentor, mentorship
):
    survey = make_survey(programme, coordinator, kind="halfway", audience="mentor", anonymous=False)
    invitation = Invitation.objects.get(survey=survey, user=mentor)
    help_item = survey.items.get(help_answer__gt="")
    answers = {i.pk: 3 for i in survey.items.filter(kind="likert")}
    answers[help_item.pk] = help_item.help_answer
    services.response_save(invitation=invitation, user=mentor, answers=answers, submit=True)
    assert list(selectors.flagged_mentorships(programme)) == [mentorship]

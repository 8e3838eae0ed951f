"""Nudges: a pair that needs attention gets one friendly automatic reminder per condition;
coordinators nudge one pair, a selection or every flagged pair with a message they edit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from mentorlab.audit.models import Action, AuditEntry
from mentorlab.mentorships import nudges, selectors, services
from mentorlab.mentorships.attention import Condition
from mentorlab.mentorships.models import Meeting, MeetingStatus, Mentorship, Nudge
from mentorlab.notifications.models import Notification
from mentorlab.surveys.models import HelpRequest
from tests.factories import ActorApplicationFactory, MentorApplicationFactory, UserFactory
from tests.surveys.conftest import make_survey

pytestmark = pytest.mark.django_db


def introduced_weeks_ago(pair: Mentorship, weeks: float) -> None:
    Mentorship.objects.filter(pk=pair.pk).update(
        introduced_at=timezone.now() - dt.timedelta(weeks=weeks)
    )
    pair.refresh_from_db()


def recipients() -> list[str]:
    return sorted(m.to[0] for m in mail.outbox)


def nudge_url(programme, query: str = "") -> str:
    return reverse("mentorships:coordinator_nudge", args=[programme.slug]) + query


# --- the one definition -------------------------------------------------------------------
def test_a_new_pair_needs_no_attention(pair, programme):
    [row] = selectors.coordinator_rows(programme)
    assert row.flags == [] and row.conditions == []


def test_a_silent_pair_is_flagged_for_each_condition_in_its_time(pair, programme):
    introduced_weeks_ago(pair, 3.5)
    [row] = selectors.coordinator_rows(programme)
    assert row.conditions == [Condition.NO_AGREEMENT]
    introduced_weeks_ago(pair, 4.5)
    [row] = selectors.coordinator_rows(programme)
    assert row.conditions == [Condition.NO_AGREEMENT, Condition.QUIET]
    assert "No message or meeting in 4 weeks" in row.flags
    introduced_weeks_ago(pair, 7)
    [row] = selectors.coordinator_rows(programme)
    assert row.conditions == [Condition.NO_AGREEMENT, Condition.NO_MEETING, Condition.QUIET]


def test_the_quiet_period_is_the_programmes_setting_and_a_message_resets_it(pair, programme):
    programme.quiet_weeks = 2
    programme.save()
    introduced_weeks_ago(pair, 2.5)
    [row] = selectors.coordinator_rows(programme)
    assert Condition.QUIET in row.conditions and "in 2 weeks" in " ".join(row.flags)
    services.mentorship_record_contact(mentorship_id=pair.pk, at=timezone.now())
    [row] = selectors.coordinator_rows(programme)
    assert Condition.QUIET not in row.conditions


def test_a_help_request_flags_the_mentorship_everywhere(pair, programme, coordinator, actor):
    survey = make_survey(programme, coordinator, kind="halfway")
    HelpRequest.objects.create(survey=survey, user=actor).mentorships.add(pair)
    [row] = selectors.coordinator_rows(programme)
    assert row.conditions == [Condition.HELP]
    assert row.flags == ["Asked for help in a survey"]


# --- automatic nudges ---------------------------------------------------------------------
def test_the_command_nudges_once_per_condition_however_often_it_runs(pair, actor, mentor):
    introduced_weeks_ago(pair, 3.5)
    call_command("send_nudges")
    assert recipients() == sorted([actor.email, mentor.email])
    assert "agreement is not confirmed" in mail.outbox[0].body
    assert mail.outbox[0].subject == "A friendly note from Mentoring 2031"
    assert Nudge.objects.get().condition == Condition.NO_AGREEMENT
    mail.outbox.clear()
    call_command("send_nudges")
    call_command("send_nudges")
    assert mail.outbox == []
    assert Nudge.objects.count() == 1
    # Both participants see it in the app too.
    assert Notification.objects.filter(kind="nudge").count() == 2


def test_a_pair_gets_at_most_one_automatic_nudge_a_week(pair):
    introduced_weeks_ago(pair, 7)  # three conditions at once
    assert nudges.nudges_send_due() == 1
    assert nudges.nudges_send_due() == 0
    later = timezone.now() + dt.timedelta(days=8)
    assert nudges.nudges_send_due(now=later) == 1
    assert sorted(Nudge.objects.values_list("condition", flat=True)) == [
        Condition.NO_AGREEMENT,
        Condition.NO_MEETING,
    ]


def test_no_automatic_nudge_in_the_week_after_a_coordinators(pair, programme, coordinator):
    nudges.pairs_nudge(programme=programme, mentorship_ids=[pair.pk], text="Hi!", by=coordinator)
    introduced_weeks_ago(pair, 3.5)
    mail.outbox.clear()
    assert nudges.nudges_send_due() == 0
    assert mail.outbox == []


def test_a_help_request_is_answered_to_the_person_who_asked_only(
    pair, programme, coordinator, actor, mentor
):
    survey = make_survey(programme, coordinator, kind="halfway")
    HelpRequest.objects.create(survey=survey, user=actor).mentorships.add(pair)
    mail.outbox.clear()
    assert nudges.nudges_send_due() == 1
    assert recipients() == [actor.email]
    assert "would like some help" in mail.outbox[0].body
    assert not Notification.objects.filter(user=mentor, kind="nudge").exists()


def test_ended_and_recently_met_pairs_are_not_nudged(pair, other_pair, mentor):
    introduced_weeks_ago(pair, 8)
    Mentorship.objects.filter(pk=pair.pk).update(state="completed", ended_at=timezone.now())
    Mentorship.objects.filter(pk=other_pair.pk).update(
        agreed_at=timezone.now() - dt.timedelta(weeks=7),
        introduced_at=timezone.now() - dt.timedelta(weeks=8),
        state="active",
    )
    Meeting.objects.create(
        mentorship=other_pair,
        start=timezone.now() - dt.timedelta(days=3),
        status=MeetingStatus.HELD,
    )
    assert nudges.nudges_send_due() == 0


def test_a_nudge_mail_answers_to_the_programme_and_can_be_stopped(pair, programme):
    programme.contact_email = "mentoring@example.org"
    programme.save()
    introduced_weeks_ago(pair, 3.5)
    nudges.nudges_send_due()
    message = mail.outbox[0]
    assert message.reply_to == ["mentoring@example.org"]
    assert "List-Unsubscribe" in message.extra_headers
    assert f"/mentorships/{pair.pk}/" in message.body


# --- the coordinator ----------------------------------------------------------------------
def test_coordinator_nudges_one_pair_with_the_prefilled_message(
    as_user, coordinator, programme, pair, other_pair, actor, mentor
):
    client = as_user(coordinator)
    page = client.get(nudge_url(programme, f"?pair={pair.pk}")).content.decode()
    assert "How is your mentorship going?" in page
    assert "Aino Actor" in page and "Bea Second" not in page
    response = client.post(
        nudge_url(programme), {"pair": [pair.pk], "text": "How are you two doing?"}
    )
    assert response.status_code == 302
    assert recipients() == sorted([actor.email, mentor.email])
    assert "How are you two doing?" in mail.outbox[0].body
    nudge = Nudge.objects.get()
    assert (nudge.mentorship, nudge.sent_by, nudge.condition) == (pair, coordinator, "")
    entry = AuditEntry.objects.get(action=Action.PAIR_NUDGED)
    assert entry.target_id == str(pair.pk) and entry.actor == coordinator
    overview = client.get(reverse("mentorships:coordinator", args=[programme.slug]))
    assert "Last nudged" in overview.content.decode()
    [row] = [r for r in overview.context["rows"] if r.mentorship == pair]
    assert row.last_nudged == nudge.sent_at


def test_coordinator_nudges_every_flagged_pair_at_once(
    as_user, coordinator, programme, pair, other_pair, actor, mentor
):
    introduced_weeks_ago(pair, 3.5)
    client = as_user(coordinator)
    page = client.get(nudge_url(programme, "?flagged=1"))
    assert [r.mentorship for r in page.context["rows"]] == [pair]
    client.post(nudge_url(programme), {"pair": [pair.pk], "text": "Time to agree!"})
    assert recipients() == sorted([actor.email, mentor.email])


def test_coordinator_nudges_a_selection(as_user, coordinator, programme, pair, other_pair):
    response = as_user(coordinator).post(
        nudge_url(programme), {"pair": [pair.pk, other_pair.pk], "text": "Hello both pairs!"}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 4
    assert AuditEntry.objects.filter(action=Action.PAIR_NUDGED).count() == 2


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("   ", "Write the message the pairs will receive."),
        ("x" * 301, "A nudge can be at most 300 characters long (this one has 301)."),
    ],
)
def test_an_empty_or_too_long_nudge_is_refused_and_nothing_is_sent(
    as_user, coordinator, programme, pair, text, error
):
    response = as_user(coordinator).post(nudge_url(programme), {"pair": [pair.pk], "text": text})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert mail.outbox == [] and not Nudge.objects.exists()
    assert not Notification.objects.exists()


def test_nudging_a_pair_of_another_programme_is_a_404_and_sends_nothing(
    as_user, other_coordinator, other_programme, pair
):
    client = as_user(other_coordinator)
    assert client.get(nudge_url(other_programme, f"?pair={pair.pk}")).status_code == 404
    response = client.post(nudge_url(other_programme), {"pair": [pair.pk], "text": "Hi"})
    assert response.status_code == 404
    assert mail.outbox == [] and not Nudge.objects.exists()


def test_a_selection_with_a_pair_of_another_programme_sends_nothing(
    as_user, coordinator, programme, other_programme, pair
):
    student = UserFactory(full_name="Elsa Elsewhere")
    ActorApplicationFactory(programme=other_programme, user=student)
    mentor = UserFactory(full_name="Mats Elsewhere")
    MentorApplicationFactory(programme=other_programme, user=mentor)
    foreign = services.mentorship_create(programme=other_programme, mentor=mentor, actors=[student])
    mail.outbox.clear()
    response = as_user(coordinator).post(
        nudge_url(programme), {"pair": [pair.pk, foreign.pk], "text": "Hi"}
    )
    assert response.status_code == 404
    assert mail.outbox == [] and not Nudge.objects.exists()


@pytest.mark.parametrize("who", ["actor", "mentor", "outsider", "other_coordinator"])
def test_only_the_programmes_coordinators_open_the_nudge_page(
    as_user, request, programme, pair, who
):
    client = as_user(request.getfixturevalue(who))
    assert client.get(nudge_url(programme, f"?pair={pair.pk}")).status_code == 404
    assert client.post(nudge_url(programme), {"pair": [pair.pk], "text": "x"}).status_code == 404
    assert mail.outbox == []


def test_an_ended_pair_cannot_be_nudged(as_user, coordinator, programme, pair):
    Mentorship.objects.filter(pk=pair.pk).update(state="completed")
    response = as_user(coordinator).post(nudge_url(programme), {"pair": [pair.pk], "text": "Hi"})
    assert "Only running mentorships can be nudged" in response.content.decode()
    assert mail.outbox == []


def test_an_automatic_nudge_reaches_each_person_in_their_own_language(pair, actor, mentor):
    actor.language = "fi"
    actor.save()
    mentor.language = "sv"
    mentor.save()
    introduced_weeks_ago(pair, 3.5)
    nudges.nudges_send_due()
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address[actor.email].subject == "Ystävällinen viesti ohjelmasta Mentoring 2031"
    assert "mentorointisopimustanne ei ole vielä vahvistettu" in by_address[actor.email].body
    assert by_address[mentor.email].subject == "En vänlig hälsning från Mentoring 2031"
    assert Notification.objects.get(user=mentor).text.startswith("En vänlig påminnelse")

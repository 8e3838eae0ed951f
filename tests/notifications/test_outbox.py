"""Mail that is never lost: written to the outbox in the transaction that caused it, sent
once by the workers, kept and retried when the mail server fails."""

from __future__ import annotations

import ast
import datetime as dt
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from mentorlab.mentorships import emails as mentorship_emails
from mentorlab.mentorships import services as mentorship_services
from mentorlab.notifications.models import MailState, OutboxMail
from mentorlab.notifications.outbox import outbox_deliver_due
from mentorlab.programmes import emails
from mentorlab.programmes.models import ApplicationStatus
from tests.factories import ActorApplicationFactory

pytestmark = pytest.mark.django_db

REFUSING = "tests.notifications.backends.RefusingBackend"


def submitted(programme, **kwargs):
    return ActorApplicationFactory(
        programme=programme, status=ApplicationStatus.SUBMITTED, **kwargs
    )


def test_a_mail_is_written_to_the_outbox_and_sent_once_the_change_commits(programme):
    application = submitted(programme)
    with transaction.atomic():
        emails.application_received(application)
        row = OutboxMail.objects.get()
        assert row.state == MailState.QUEUED and mail.outbox == []
    row.refresh_from_db()
    assert row.state == MailState.SENT and row.sent_at is not None and row.attempts == 1
    assert row.programme_id == programme.pk and row.user_id == application.user_id
    assert row.kind == "programmes/email/application_received"
    assert [m.to for m in mail.outbox] == [[application.user.email]]


def test_a_mail_whose_transaction_rolls_back_is_never_sent(programme):
    application = submitted(programme)
    with pytest.raises(RuntimeError), transaction.atomic():
        emails.application_received(application)
        raise RuntimeError("the change failed")
    assert OutboxMail.objects.count() == 0
    assert mail.outbox == []
    call_command("send_queued_mail")
    assert mail.outbox == []


def test_the_message_id_comes_from_the_idempotency_key_and_stays_the_same(programme):
    emails.application_received(submitted(programme))
    row = OutboxMail.objects.get()
    first = mail.outbox[0].extra_headers["Message-ID"]
    assert first.startswith("<") and first.endswith("@127.0.0.1>")
    OutboxMail.objects.filter(pk=row.pk).update(state=MailState.QUEUED)
    call_command("send_queued_mail")
    assert mail.outbox[1].extra_headers["Message-ID"] == first
    parsed = message_from_bytes(mail.outbox[1].message().as_bytes(), policy=policy.strict)
    assert parsed["Message-ID"] == first


def test_a_failing_mail_server_leaves_the_mails_queued_with_the_error_and_nothing_lost(
    programme, settings
):
    settings.EMAIL_BACKEND = REFUSING
    for _ in range(3):
        emails.application_received(submitted(programme))
    assert mail.outbox == []
    rows = list(OutboxMail.objects.all())
    assert [r.state for r in rows] == [MailState.QUEUED] * 3
    assert all(r.attempts == 1 and "SMTPServerDisconnected" in r.last_error for r in rows)
    assert all(r.next_attempt_at > timezone.now() for r in rows)
    # Not due yet: a sweep sends nothing and counts no attempt.
    call_command("send_queued_mail")
    assert OutboxMail.objects.filter(attempts=1).count() == 3


def test_mail_is_retried_with_back_off_and_failed_after_the_last_attempt(programme, settings):
    settings.EMAIL_BACKEND = REFUSING
    settings.MAIL_MAX_ATTEMPTS = 3
    emails.application_received(submitted(programme))
    row = OutboxMail.objects.get()
    waits = []
    for _ in range(2):
        waits.append(row.next_attempt_at - timezone.now())
        OutboxMail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
        outbox_deliver_due()
        row.refresh_from_db()
    assert row.state == MailState.FAILED and row.attempts == 3
    assert waits[0] < dt.timedelta(minutes=1, seconds=5) < waits[1]
    # Failed mail waits for a person: the sweep leaves it alone.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_queued_mail")
    assert mail.outbox == []


def test_a_coordinator_retry_sends_the_failed_mails(programme, coordinator, as_user, settings):
    settings.EMAIL_BACKEND = REFUSING
    settings.MAIL_MAX_ATTEMPTS = 1
    applications = [submitted(programme) for _ in range(2)]
    for application in applications:
        emails.application_received(application)
    assert OutboxMail.objects.filter(state=MailState.FAILED).count() == 2
    client = as_user(coordinator)
    page = client.get(f"/dashboard/{programme.slug}/mail/").content.decode()
    assert "0 queued, 2 failed, 0 sent." in page
    assert "SMTPServerDisconnected" in page and applications[0].user.email in page

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(f"/dashboard/{programme.slug}/mail/retry/", follow=True)
    assert "2 failed e-mails will be sent again." in response.content.decode()
    assert "0 queued, 0 failed, 2 sent." in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.user.email for a in applications)


def test_the_overview_links_to_the_mail_status(programme, coordinator, as_user):
    emails.application_received(submitted(programme))
    page = as_user(coordinator).get(f"/dashboard/{programme.slug}/").content.decode()
    assert "0 queued, 0 failed, 1 sent." in page
    assert f"/dashboard/{programme.slug}/mail/" in page


@pytest.mark.parametrize("persona", ["outsider", "other_coordinator", "actor", "mentor"])
def test_only_the_programmes_coordinators_see_its_mail(request, programme, as_user, persona):
    client = as_user(request.getfixturevalue(persona))
    assert client.get(f"/dashboard/{programme.slug}/mail/").status_code == 404
    assert client.post(f"/dashboard/{programme.slug}/mail/retry/").status_code == 404


def test_an_introduction_is_queued_once_per_person_however_often_it_is_asked(
    programme, coordinator, actor, mentor
):
    pair = mentorship_services.mentorship_create_by_coordinator(
        programme=programme, mentor=mentor, actors=[actor], by=coordinator
    )
    mentorship_emails.mentorship_introduced(pair)
    assert sorted(m.to[0] for m in mail.outbox) == [actor.email, mentor.email]
    assert OutboxMail.objects.filter(kind="mentorships/email/introduced").count() == 2


def test_the_introduction_lists_topic_names_in_both_parts(programme, coordinator, actor, mentor):
    application = actor.actor_applications.get()
    application.topics.set(programme.topics.filter(name__in=["Leadership", "Startups"]))
    mentorship_services.mentorship_create_by_coordinator(
        programme=programme, mentor=mentor, actors=[actor], by=coordinator
    )
    to_mentor = next(m for m in mail.outbox if m.to == [mentor.email])
    assert "Topics: Leadership, Startups" in to_mentor.body
    assert "QuerySet" not in to_mentor.body
    assert "Leadership, Startups" in to_mentor.alternatives[0][0]


def test_the_text_part_carries_the_site_link_the_html_part_has(programme, settings):
    emails.application_received(submitted(programme))
    message = mail.outbox[0]
    assert f'<a href="{settings.SITE_URL}">' in message.alternatives[0][0]
    assert message.body.rstrip().endswith(f"Mentorlab · {settings.SITE_URL}/")


def test_replies_to_programme_mail_reach_the_contact_address_or_the_coordinators(
    programme, coordinator
):
    emails.application_received(submitted(programme))
    programme.contact_email = "mentoring@example.org"
    programme.save()
    emails.application_received(submitted(programme))
    assert [m.reply_to for m in mail.outbox] == [[coordinator.email], ["mentoring@example.org"]]


def test_replies_to_pair_mail_reach_the_other_participant(programme, coordinator, actor, mentor):
    pair = mentorship_services.mentorship_create_by_coordinator(
        programme=programme, mentor=mentor, actors=[actor], by=coordinator
    )
    by_recipient = {m.to[0]: m.reply_to for m in mail.outbox}
    assert by_recipient == {actor.email: [mentor.email], mentor.email: [actor.email]}
    mail.outbox.clear()
    mentorship_services.mentorship_end(mentorship=pair, by=actor, reason="Moving abroad")
    # The coordinators' notice: a reply reaches the pair it is about.
    assert [(m.to, sorted(m.reply_to)) for m in mail.outbox] == [
        ([coordinator.email], sorted([actor.email, mentor.email]))
    ]


def test_every_kind_of_mail_says_where_replies_go_and_which_programme_it_belongs_to():
    """Each place that queues a mail passes the programme, and a Reply-To (rendered now) or
    a render function whose MailSpec carries one (`Later`, rendered by the worker)."""
    root = Path(__file__).resolve().parents[2] / "mentorlab"
    needs = {
        "send_templated": {"reply_to", "programme_id"},
        "Later": {"programme_id"},
        "MailSpec": {"reply_to"},
    }
    calls = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            name = getattr(getattr(node, "func", None), "id", "")
            if isinstance(node, ast.Call) and name in needs:
                keywords = {k.arg for k in node.keywords}
                calls.append((path.name, node.lineno, needs[name] <= keywords))
    assert len(calls) >= 16
    assert [c for c in calls if not c[2]] == []


def test_an_introduction_rendered_by_the_worker_is_not_sent_when_the_pair_is_gone(
    programme, actor, mentor
):
    with transaction.atomic():
        pair = mentorship_services.mentorship_create(
            programme=programme, mentor=mentor, actors=[actor]
        )
        mentorship_emails.mentorships_introduced([pair])
        assert OutboxMail.objects.filter(subject="").count() == 2  # rendered by the worker
        pair.delete()
    assert mail.outbox == []
    rows = OutboxMail.objects.all()
    assert {r.state for r in rows} == {MailState.FAILED}
    assert all("nothing to send" in r.last_error for r in rows)

"""The unread-message mail: once per person per batch, after 30 minutes, with who wrote
and a link, never the text."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.utils import timezone

from mentorlab.conversations import reminders, services
from mentorlab.conversations.models import Message
from mentorlab.notifications.reminders import send_all_due

from .conftest import post


def _age(minutes: int) -> None:
    Message.objects.update(created_at=timezone.now() - dt.timedelta(minutes=minutes))


def _run(django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return reminders.send_due(timezone.now())


def test_no_mail_while_the_message_is_fresh(pair, actor, django_capture_on_commit_callbacks):
    post(actor, pair, "Hello")
    _age(10)
    assert _run(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_an_unread_message_is_mailed_once_with_a_link_and_without_its_text(
    pair, actor, mentor, django_capture_on_commit_callbacks
):
    post(actor, pair, "MY PRIVATE WORRY")
    _age(31)
    assert _run(django_capture_on_commit_callbacks) == 1
    assert _run(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [mentor.email]
    assert message.subject == "New message from Aino Actor"
    html = message.alternatives[0][0]
    for part in (message.body, html):
        assert "MY PRIVATE WORRY" not in part
        assert f"/conversations/mentorship/{pair.pk}/#latest" in part
        assert "not in this e-mail" in part


def test_someone_who_has_read_it_gets_no_mail(
    pair, actor, mentor, django_capture_on_commit_callbacks
):
    message = post(actor, pair, "Hello")
    services.conversation_mark_read(
        by=mentor, kind="mentorship", owner_id=pair.pk, up_to=message.pk
    )
    _age(60)
    assert _run(django_capture_on_commit_callbacks) == 0


def test_a_new_batch_after_the_mail_makes_a_new_mail(
    pair, actor, mentor, django_capture_on_commit_callbacks
):
    post(actor, pair, "one")
    post(actor, pair, "two")
    _age(45)
    assert _run(django_capture_on_commit_callbacks) == 1
    assert mail.outbox[0].subject == "2 new messages from Aino Actor"
    post(actor, pair, "three")
    assert _run(django_capture_on_commit_callbacks) == 0  # not yet 30 minutes old
    Message.objects.filter(text="three").update(
        created_at=timezone.now() - dt.timedelta(minutes=40)
    )
    assert _run(django_capture_on_commit_callbacks) == 1
    assert mail.outbox[1].subject == "New message from Aino Actor"


def test_a_deleted_message_is_not_mailed(pair, actor, django_capture_on_commit_callbacks):
    message = post(actor, pair, "sent by mistake")
    services.message_delete(by=actor, message_id=message.pk)
    _age(40)
    assert _run(django_capture_on_commit_callbacks) == 0


def test_group_members_who_have_not_read_are_mailed_in_their_language(
    peer_group, actor, other_actor, django_capture_on_commit_callbacks
):
    other_actor.language = "fi"
    other_actor.save()
    services.message_post(by=actor, kind="group", owner_id=peer_group.pk, text="Hei kaikki")
    _age(31)
    assert _run(django_capture_on_commit_callbacks) == 1
    (message,) = mail.outbox
    assert message.to == [other_actor.email]
    assert "Aino Actor" in message.subject and "Hei kaikki" not in message.body
    assert "Founders" in message.body and "Hei Bea" in message.body


def test_the_provider_is_registered_with_the_reminders(
    pair, actor, django_capture_on_commit_callbacks
):
    post(actor, pair, "Hello")
    _age(31)
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_all_due(timezone.now())
    assert sent["mentorlab.conversations.reminders"] == 1

"""Two schedulers running the unread-message reminder at the same moment mail each person
once (PostgreSQL only: SQLite serialises writers anyway and has no row locks)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from mentorlab.conversations import reminders
from mentorlab.conversations.models import Conversation, Message, ReadMarker

from .conftest import post

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_two_reminder_runs_at_once_mail_each_person_once(pair, actor, mentor):
    for i in range(3):
        post(actor, pair, f"message {i}")
    Message.objects.update(created_at=timezone.now() - dt.timedelta(hours=1))
    # The mentor has opened the conversation before (a marker exists), so that nothing but
    # the row lock keeps the runs apart.
    ReadMarker.objects.create(conversation=Conversation.objects.get(), user=mentor)
    start = threading.Barrier(4, timeout=10)
    counts: list[int] = []
    unexpected: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            counts.append(reminders.send_due(timezone.now()))
        except BaseException as exc:  # reported below
            unexpected.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not unexpected, unexpected
    assert sum(counts) == 1
    assert [m.to for m in mail.outbox] == [[mentor.email]]

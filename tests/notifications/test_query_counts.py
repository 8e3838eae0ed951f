"""The notifications page and a conversation page cost a fixed number of queries, however
many messages (and so notifications) there are; the figure at 10,000 messages is measured
by bench/messages.py."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentorlab.conversations.models import Conversation, Message
from mentorlab.mentorships import services as mentorships
from mentorlab.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> int:
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _messages(conversation, authors, reader, n: int, thread: str) -> None:
    Message.objects.bulk_create(
        Message(conversation=conversation, author=authors[i % len(authors)], text=f"m{i}")
        for i in range(n)
    )
    Notification.objects.bulk_create(
        Notification(user=reader, kind="message", text=f"m{i}", url=f"{thread}#latest")
        for i in range(n)
    )


def test_notifications_and_conversation_pages_do_not_grow_with_the_messages(
    as_user, programme, actor, mentor
):
    pair = mentorships.mentorship_create(programme=programme, mentor=mentor, actors=[actor])
    conversation = Conversation.objects.create(mentorship=pair)
    thread = reverse("conversations:thread", args=["mentorship", pair.pk])
    pages = (reverse("notifications:list"), thread, f"{reverse('notifications:list')}?page=3")
    client = as_user(mentor)
    _messages(conversation, [actor], mentor, 80, thread)
    small = [_queries(client, page) for page in pages]
    _messages(conversation, [actor, mentor], mentor, 1500, thread)
    large = [_queries(client, page) for page in pages]
    assert small == large, (small, large)
    # Marking what the page showed as read is one query too, whatever the number.
    with CaptureQueriesContext(connection) as queries:
        client.post(reverse("notifications:seen"), {"path": thread})
    seen_small = len(queries)
    _messages(conversation, [actor], mentor, 500, thread)
    with CaptureQueriesContext(connection) as queries:
        client.post(reverse("notifications:seen"), {"path": thread})
    assert len(queries) == seen_small
    assert not Notification.objects.filter(user=mentor, read_at__isnull=True).exists()

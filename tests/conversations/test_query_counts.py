"""A conversation page costs the same number of queries however long the history."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentorlab.conversations.models import Conversation, Message
from tests.factories import UserFactory

from .conftest import thread_url


def _queries(client, url: str) -> int:
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _add(conversation: Conversation, authors: list, n: int) -> None:
    Message.objects.bulk_create(
        Message(conversation=conversation, author=authors[i % len(authors)], text=f"m{i}")
        for i in range(n)
    )


def test_page_and_poll_queries_do_not_grow_with_the_messages(as_user, pair, actor, mentor):
    conversation = Conversation.objects.create(mentorship=pair)
    client = as_user(actor)
    page, poll = thread_url("mentorship", pair.pk), thread_url("mentorship", pair.pk, "messages")
    _add(conversation, [actor, mentor], 3)
    small = (_queries(client, page), _queries(client, poll))
    # Many more messages, by more (erased and renamed) authors, across several pages.
    _add(conversation, [actor, mentor, *UserFactory.create_batch(3)], 400)
    large = (_queries(client, page), _queries(client, poll))
    assert small == large, (small, large)
    assert large[0] <= 12


def test_the_workspaces_unread_count_does_not_grow_with_the_messages(as_user, pair, actor, mentor):
    conversation = Conversation.objects.create(mentorship=pair)
    client = as_user(actor)
    url = reverse("mentorships:detail", args=[pair.pk])
    before = _queries(client, url)
    _add(conversation, [mentor], 300)
    assert _queries(client, url) == before

"""Messages in the data download and in account erasure."""

from __future__ import annotations

import json

from django.urls import reverse

from mentorlab.accounts.privacy import data_export
from mentorlab.conversations.models import Message, ReadMarker

from .conftest import post, thread_url


def test_download_holds_own_messages_and_the_conversations_taken_part_in(
    pair, other_pair, actor, mentor, other_actor
):
    post(actor, pair, "ACTOR-WROTE")
    post(mentor, pair, "MENTOR-REPLIED")
    post(other_actor, other_pair, "SOMEONE-ELSES-PAIR")
    data = data_export(user=actor)
    section = data["conversations"]
    (conversation,) = section["conversations"]
    assert conversation["participants"] == ["Maija Mentor", "Aino Actor"]
    assert [m["text"] for m in conversation["messages"]] == ["ACTOR-WROTE", "MENTOR-REPLIED"]
    assert [m["text"] for m in section["messages_you_wrote"]] == ["ACTOR-WROTE"]
    assert "SOMEONE-ELSES-PAIR" not in json.dumps(data)


def test_someone_without_messages_has_no_conversation_section(outsider):
    assert "conversations" not in data_export(user=outsider)


def test_erasure_erases_the_persons_messages_and_keeps_the_partners(
    as_user, pair, actor, mentor, django_capture_on_commit_callbacks
):
    post(actor, pair, "ACTOR-SECRET")
    post(mentor, pair, "MENTOR-ANSWER")
    with django_capture_on_commit_callbacks(execute=True):
        as_user(actor).post(reverse("accounts:account_delete"), {"confirmation": actor.email})
    erased = Message.objects.get(author=actor)
    assert erased.text == "" and erased.deleted_at is not None
    assert not ReadMarker.objects.filter(user=actor).exists()
    page = as_user(mentor).get(thread_url("mentorship", pair.pk)).content.decode()
    assert "ACTOR-SECRET" not in page
    assert "Former participant" in page and "Message deleted" in page
    assert "MENTOR-ANSWER" in page

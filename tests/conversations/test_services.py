"""The services refuse what the pages would refuse, for any caller."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from mentorlab.conversations import services
from mentorlab.conversations.models import Conversation, Message, ReadMarker

from .conftest import post


@pytest.mark.parametrize("persona", ["other_actor", "other_mentor", "coordinator", "outsider"])
def test_posting_to_a_mentorship_one_is_not_in_changes_nothing(request, pair, persona):
    with pytest.raises(PermissionDenied):
        post(request.getfixturevalue(persona), pair, "Hello?")
    assert not Conversation.objects.exists() and not Message.objects.exists()
    pair.refresh_from_db()
    assert pair.last_contact_at is None


def test_a_coordinator_cannot_post_to_a_peer_group_they_run(peer_group, coordinator):
    with pytest.raises(PermissionDenied):
        services.message_post(by=coordinator, kind="group", owner_id=peer_group.pk, text="Hi")
    assert not Message.objects.exists()


def test_only_the_author_edits_or_deletes(pair, actor, mentor):
    message = post(actor, pair, "mine")
    with pytest.raises(PermissionDenied):
        services.message_edit(by=mentor, message_id=message.pk, text="theirs now")
    with pytest.raises(PermissionDenied):
        services.message_delete(by=mentor, message_id=message.pk)
    message.refresh_from_db()
    assert message.text == "mine" and message.deleted_at is None


def test_marking_read_never_moves_backwards_nor_past_the_newest(pair, actor, mentor):
    first = post(actor, pair, "one")
    second = post(actor, pair, "two")
    mark = services.conversation_mark_read
    mark(by=mentor, kind="mentorship", owner_id=pair.pk, up_to=second.pk + 1000)
    marker = ReadMarker.objects.get(user=mentor)
    assert marker.last_read_id == second.pk
    mark(by=mentor, kind="mentorship", owner_id=pair.pk, up_to=first.pk)
    marker.refresh_from_db()
    assert marker.last_read_id == second.pk

"""Writing, reading, editing and deleting messages, as the participants see them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from mentorlab.conversations import services
from mentorlab.conversations.models import Conversation, Message, ReadMarker
from mentorlab.mentorships.models import Mentorship, MentorshipState

from .conftest import post, thread_url


def test_a_sent_message_appears_newest_at_the_bottom(as_user, pair, actor, mentor):
    post(actor, pair, "FIRST")
    client = as_user(mentor)
    response = client.post(thread_url("mentorship", pair.pk, "post"), {"text": "SECOND"})
    assert response.status_code == 302 and response["Location"].endswith("#latest")
    page = client.get(thread_url("mentorship", pair.pk)).content.decode()
    assert page.index("FIRST") < page.index("SECOND")
    assert "Maija Mentor" in page and "Aino Actor" in page


def test_opening_an_empty_conversation_writes_nothing(as_user, pair, actor):
    page = as_user(actor).get(thread_url("mentorship", pair.pk)).content.decode()
    assert "No messages yet" in page
    assert not Conversation.objects.exists() and not ReadMarker.objects.exists()


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_an_empty_message_is_refused_with_a_clear_error(as_user, pair, actor, text):
    response = as_user(actor).post(thread_url("mentorship", pair.pk, "post"), {"text": text})
    assert response.status_code == 200
    assert "Write something before sending." in response.content.decode()
    assert not Message.objects.exists()


def test_a_20000_character_message_is_refused_and_nothing_is_kept(as_user, pair, actor):
    response = as_user(actor).post(thread_url("mentorship", pair.pk, "post"), {"text": "x" * 20000})
    body = response.content.decode()
    assert "at most 5000 characters long (this one has 20000)" in body
    assert not Message.objects.exists()
    assert Mentorship.objects.get(pk=pair.pk).last_contact_at is None


def test_a_message_of_exactly_the_limit_is_accepted(pair, actor):
    assert len(post(actor, pair, "y" * 5000).text) == 5000


def test_links_are_safe_and_markup_is_shown_as_text(as_user, pair, actor, mentor):
    post(actor, pair, 'See https://example.org/a?b=1&c=2. <script>alert("x")</script>')
    page = as_user(mentor).get(thread_url("mentorship", pair.pk)).content.decode()
    assert '<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">' in page
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_the_others_new_messages_are_marked_unread_until_read(as_user, pair, actor, mentor):
    post(actor, pair, "old")
    services.conversation_mark_read(
        by=mentor, kind="mentorship", owner_id=pair.pk, up_to=Message.objects.get().pk
    )
    newer = post(actor, pair, "new one")
    client = as_user(mentor)
    page = client.get(thread_url("mentorship", pair.pk)).content.decode()
    assert page.index("old") < page.index(">New<") < page.index("new one")
    # The page marks what it showed as read (an htmx POST when it loads).
    assert (
        client.post(thread_url("mentorship", pair.pk, "read"), {"up_to": newer.pk}).status_code
        == 204
    )
    assert ">New<" not in client.get(thread_url("mentorship", pair.pk)).content.decode()


def test_own_messages_are_never_unread(as_user, pair, actor):
    post(actor, pair, "mine")
    page = as_user(actor).get(thread_url("mentorship", pair.pk)).content.decode()
    assert ">New<" not in page


def test_the_workspace_links_to_the_conversation_with_the_unread_count(
    as_user, pair, actor, mentor
):
    post(actor, pair, "one")
    post(actor, pair, "two")
    page = as_user(mentor).get(reverse("mentorships:detail", args=[pair.pk])).content.decode()
    assert thread_url("mentorship", pair.pk) + "#latest" in page
    assert '2<span class="visually-hidden"> unread messages</span>' in page
    actor_page = as_user(actor).get(reverse("mentorships:detail", args=[pair.pk])).content.decode()
    assert "unread message" not in actor_page


def test_the_peer_group_page_links_members_to_their_conversation(
    as_user, peer_group, actor, other_actor
):
    services.message_post(by=actor, kind="group", owner_id=peer_group.pk, text="Hi group")
    page = as_user(other_actor).get(reverse("events:group", args=[peer_group.pk])).content.decode()
    assert thread_url("group", peer_group.pk) in page
    assert '1<span class="visually-hidden"> unread message</span>' in page


def test_the_poll_answers_nothing_new_until_something_changes(as_user, pair, actor, mentor):
    post(actor, pair, "first")
    client = as_user(mentor)
    page = client.get(thread_url("mentorship", pair.pk)).content.decode()
    stamp = Conversation.objects.get().changed_at.isoformat()
    assert 'hx-trigger="every 10s"' in page
    poll = thread_url("mentorship", pair.pk, "messages")
    assert client.get(poll, {"v": stamp}).status_code == 204
    post(actor, pair, "ARRIVED WHILE READING")
    response = client.get(poll, {"v": stamp})
    assert response.status_code == 200
    assert "ARRIVED WHILE READING" in response.content.decode()


def test_the_page_uses_no_inline_script(as_user, pair, actor):
    post(actor, pair, "hello")
    page = as_user(actor).get(thread_url("mentorship", pair.pk)).content.decode()
    body = page[page.index("<main") :]
    assert "<script" not in body and " onclick" not in body and "hx-on" not in body


def test_the_author_edits_within_15_minutes_and_it_shows_edited(as_user, pair, actor, mentor):
    message = post(actor, pair, "Meet at 5")
    client = as_user(actor)
    url = reverse("conversations:message_edit", args=[message.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Meet at 6"})
    assert response.status_code == 302
    page = as_user(mentor).get(thread_url("mentorship", pair.pk)).content.decode()
    assert "Meet at 6" in page and "Meet at 5" not in page and "edited" in page


def test_editing_after_15_minutes_is_refused(as_user, pair, actor):
    message = post(actor, pair, "Meet at 5")
    Message.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=16)
    )
    response = as_user(actor).post(
        reverse("conversations:message_edit", args=[message.pk]), {"text": "Meet at 6"}
    )
    assert "can be edited for 15 minutes after sending" in response.content.decode()
    message.refresh_from_db()
    assert message.text == "Meet at 5" and message.edited_at is None


def test_editing_to_empty_is_refused(pair, actor):
    message = post(actor, pair, "Meet at 5")
    with pytest.raises(ValidationError, match="Write something"):
        services.message_edit(by=actor, message_id=message.pk, text="  ")


def test_deleting_leaves_message_deleted_and_erases_the_text(as_user, pair, actor, mentor):
    message = post(actor, pair, "Oops, wrong chat")
    post(mentor, pair, "No worries")
    response = as_user(actor).post(reverse("conversations:message_delete", args=[message.pk]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.text == "" and message.deleted_at is not None
    page = as_user(mentor).get(thread_url("mentorship", pair.pk)).content.decode()
    assert "Message deleted" in page and "Oops" not in page and "No worries" in page


def test_an_ended_mentorships_conversation_is_read_only(as_user, pair, actor):
    post(actor, pair, "Thanks for everything")
    Mentorship.objects.filter(pk=pair.pk).update(state=MentorshipState.COMPLETED)
    client = as_user(actor)
    page = client.get(thread_url("mentorship", pair.pk)).content.decode()
    assert "Thanks for everything" in page and "can only be read" in page
    response = client.post(thread_url("mentorship", pair.pk, "post"), {"text": "One more"})
    assert "can only be read" in response.content.decode()
    assert Message.objects.count() == 1


def test_a_message_moves_the_pairs_last_contact_which_coordinators_see(
    as_user, pair, actor, coordinator
):
    post(actor, pair, "PRIVATE WORDS")
    pair.refresh_from_db()
    assert pair.last_contact_at is not None
    page = (
        as_user(coordinator)
        .get(reverse("mentorships:coordinator", args=[pair.programme.slug]))
        .content.decode()
    )
    assert "Last contact" in page
    # In the language's date format (mentorlab/formats/), as every date on the page.
    assert date_format(timezone.localtime(pair.last_contact_at)) in page
    assert "PRIVATE WORDS" not in page


def test_a_meeting_marked_held_moves_last_contact(pair, actor):
    from mentorlab.mentorships import services as mentorship_services
    from mentorlab.mentorships.models import Meeting

    start = timezone.now() - dt.timedelta(days=2)
    meeting = Meeting.objects.create(mentorship=pair, start=start)
    mentorship_services.meeting_set_status(meeting=meeting, by=actor, status="held")
    pair.refresh_from_db()
    assert pair.last_contact_at == start


def test_history_shows_the_last_50_with_a_link_to_earlier(as_user, pair, actor):
    conversation = Conversation.objects.create(mentorship=pair)
    Message.objects.bulk_create(
        Message(conversation=conversation, author=actor, text=f"message number {i:03d}")
        for i in range(120)
    )
    client = as_user(actor)
    page = client.get(thread_url("mentorship", pair.pk)).content.decode()
    assert "message number 119" in page and "message number 070" in page
    assert "message number 069" not in page
    assert "Show earlier messages" in page
    earlier = Message.objects.get(text="message number 070").pk
    older = client.get(thread_url("mentorship", pair.pk), {"before": earlier}).content.decode()
    assert "message number 069" in older and "message number 020" in older
    assert "message number 070" not in older and "every 10s" not in older

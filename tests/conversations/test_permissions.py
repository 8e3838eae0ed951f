"""Only the participants read a conversation: every page, the poll, posting, marking
read, editing and deleting answer 404 to everyone else, coordinators of the same
programme included; an anonymous visitor is sent to sign in. Nothing changes for them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentorlab.conversations.models import Message, ReadMarker
from mentorlab.events.models import PeerGroup

from .conftest import post, thread_url

NOT_IN_THE_PAIR = [
    "other_actor",
    "other_mentor",
    "coordinator",
    "other_coordinator",
    "outsider",
]
NOT_IN_THE_GROUP = ["mentor", "other_mentor", "coordinator", "other_coordinator", "outsider"]


def _every_request(client, kind: str, pk: int, message: Message) -> list[tuple[str, int]]:
    """(what, status) for every way into the conversation."""
    edit = reverse("conversations:message_edit", args=[message.pk])
    delete = reverse("conversations:message_delete", args=[message.pk])
    return [
        ("page", client.get(thread_url(kind, pk)).status_code),
        ("earlier page", client.get(thread_url(kind, pk) + "?before=999999").status_code),
        ("poll", client.get(thread_url(kind, pk, "messages")).status_code),
        ("post", client.post(thread_url(kind, pk, "post"), {"text": "INTRUDER"}).status_code),
        ("read", client.post(thread_url(kind, pk, "read"), {"up_to": message.pk}).status_code),
        ("edit page", client.get(edit).status_code),
        ("edit", client.post(edit, {"text": "INTRUDER"}).status_code),
        ("delete", client.post(delete).status_code),
    ]


def _unchanged(message: Message, text: str, persona) -> None:
    message.refresh_from_db()
    assert message.text == text and message.deleted_at is None
    assert not Message.objects.filter(text="INTRUDER").exists()
    assert not ReadMarker.objects.filter(user=persona).exists()


@pytest.mark.parametrize("persona", NOT_IN_THE_PAIR)
def test_nobody_outside_the_pair_gets_into_its_conversation(
    request, as_user, pair, other_pair, other_programme, actor, persona
):
    message = post(actor, pair, "PAIR-SECRET")
    user = request.getfixturevalue(persona)
    client = as_user(user)
    for what, status in _every_request(client, "mentorship", pair.pk, message):
        assert status == 404, what
    if persona == "coordinator":  # their overview shows dates, never the text
        overview = client.get(reverse("mentorships:coordinator", args=[pair.programme.slug]))
        assert overview.status_code == 200 and "PAIR-SECRET" not in overview.content.decode()
    _unchanged(message, "PAIR-SECRET", user)


@pytest.mark.parametrize("persona", NOT_IN_THE_GROUP)
def test_nobody_outside_the_peer_group_gets_into_its_conversation(
    request, as_user, peer_group, other_programme, actor, persona
):
    from mentorlab.conversations import services

    message = services.message_post(
        by=actor, kind="group", owner_id=peer_group.pk, text="GROUP-SECRET"
    )
    user = request.getfixturevalue(persona)
    client = as_user(user)
    for what, status in _every_request(client, "group", peer_group.pk, message):
        assert status == 404, what
    # The coordinator still sees the group's page, but no link to its conversation.
    if persona == "coordinator":
        page = client.get(reverse("events:group", args=[peer_group.pk])).content.decode()
        assert thread_url("group", peer_group.pk) not in page
    _unchanged(message, "GROUP-SECRET", user)


@pytest.mark.parametrize("kind", ["mentorship", "group"])
def test_anonymous_visitor_is_sent_to_sign_in(as_user, pair, peer_group, actor, kind):
    from mentorlab.conversations import services

    pk = pair.pk if kind == "mentorship" else peer_group.pk
    message = services.message_post(by=actor, kind=kind, owner_id=pk, text="SECRET")
    for what, status in _every_request(as_user(None), kind, pk, message):
        assert status == 302, what
    response = as_user(None).get(thread_url(kind, pk))
    assert "/accounts/login/" in response["Location"]
    message.refresh_from_db()
    assert message.text == "SECRET" and Message.objects.count() == 1


@pytest.mark.parametrize("persona", ["actor", "mentor"])
def test_both_participants_read_the_pairs_conversation(request, as_user, pair, actor, persona):
    post(actor, pair, "Hello from the student")
    client = as_user(request.getfixturevalue(persona))
    page = client.get(thread_url("mentorship", pair.pk))
    assert page.status_code == 200
    assert "Hello from the student" in page.content.decode()
    assert client.get(thread_url("mentorship", pair.pk, "messages")).status_code == 200


def test_every_student_of_a_group_mentorship_takes_part(
    as_user, programme, actor, other_actor, mentor
):
    from mentorlab.mentorships import services as mentorship_services

    group = mentorship_services.mentorship_create(
        programme=programme, mentor=mentor, actors=[actor, other_actor]
    )
    post(other_actor, group, "Hi both")
    for person in (actor, other_actor, mentor):
        assert "Hi both" in as_user(person).get(thread_url("mentorship", group.pk)).content.decode()


@pytest.mark.parametrize("persona", ["actor", "other_actor"])
def test_members_read_their_published_peer_groups_conversation(
    request, as_user, peer_group, persona
):
    client = as_user(request.getfixturevalue(persona))
    assert client.get(thread_url("group", peer_group.pk)).status_code == 200


def test_a_draft_peer_group_has_no_conversation_yet(as_user, peer_group, actor):
    PeerGroup.objects.filter(pk=peer_group.pk).update(is_published=False)
    assert as_user(actor).get(thread_url("group", peer_group.pk)).status_code == 404


def test_a_participant_cannot_edit_or_delete_the_others_message(as_user, pair, actor, mentor):
    message = post(actor, pair, "MINE")
    client = as_user(mentor)
    assert client.get(reverse("conversations:message_edit", args=[message.pk])).status_code == 404
    assert (
        client.post(reverse("conversations:message_edit", args=[message.pk]), {"text": "X"})
    ).status_code == 404
    assert (
        client.post(reverse("conversations:message_delete", args=[message.pk])).status_code == 404
    )
    message.refresh_from_db()
    assert message.text == "MINE" and message.deleted_at is None


def test_a_student_who_left_a_group_mentorship_no_longer_reads_it(
    as_user, programme, actor, other_actor, mentor
):
    from mentorlab.mentorships import services as mentorship_services
    from mentorlab.mentorships.models import MentorshipActor

    group = mentorship_services.mentorship_create(
        programme=programme, mentor=mentor, actors=[actor, other_actor]
    )
    post(mentor, group, "Welcome")
    MentorshipActor.objects.filter(mentorship=group, actor=other_actor).delete()
    assert as_user(other_actor).get(thread_url("mentorship", group.pk)).status_code == 404


def test_unknown_kind_is_not_found(as_user, actor, pair):
    assert as_user(actor).get(f"/conversations/meeting/{pair.pk}/").status_code == 404

"""Messages through the API behave as on the conversation page: the same services, the
same limits, the same "message deleted"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mentorlab.conversations.models import MAX_MESSAGE_LENGTH, Message
from mentorlab.events.models import PeerGroup
from mentorlab.mentorships.models import Mentorship, MentorshipState
from mentorlab.notifications.models import Notification

PAIR_MESSAGES = "/api/v1/mentorships/{pair}/messages/"


def test_the_conversation_reads_oldest_first_and_newest_last(api_as, world):
    body = api_as("mentor").get(PAIR_MESSAGES.format(**world)).json()
    assert body["count"] == 2
    assert [m["text"] for m in body["results"]] == ["PAIR-MESSAGE-ACTOR", "PAIR-MESSAGE-MENTOR"]
    assert body["results"][0]["author"]["name"] == "Aino Actor"
    assert body["results"][0]["deleted"] is False and body["results"][0]["edited_at"] is None


def test_after_fetches_only_what_is_new_and_must_be_an_id(api_as, world):
    client = api_as("mentor")
    url = PAIR_MESSAGES.format(**world)
    newer = client.get(url, {"after": world["message"]}).json()["results"]
    assert [m["text"] for m in newer] == ["PAIR-MESSAGE-MENTOR"]
    for bad in ("yesterday", "²", "-1"):
        refused = client.get(url, {"after": bad})
        assert refused.status_code == 400
        assert list(refused.json()["errors"]) == ["after"]
    assert client.get(url, {"after": "9" * 30}).json()["count"] == 0


def test_posting_a_message_tells_the_other_participant_and_moves_last_contact(
    api_as, world, mentor
):
    before = Notification.objects.filter(user=mentor).count()
    response = api_as("actor").post(
        PAIR_MESSAGES.format(**world), {"text": "  Shall we meet on Monday?  "}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["text"] == "Shall we meet on Monday?"
    assert Notification.objects.filter(user=mentor).count() == before + 1
    assert Mentorship.objects.get(pk=world["pair"]).last_contact_at is not None


@pytest.mark.parametrize(
    ("text", "says"),
    [("", "Write something"), ("   ", "Write something"), ("x" * 20_000, "at most")],
)
def test_an_empty_or_too_long_message_is_a_field_error_and_nothing_is_sent(
    api_as, world, text, says
):
    before = Message.objects.count()
    response = api_as("actor").post(PAIR_MESSAGES.format(**world), {"text": text}, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["text"]
    assert says in errors["text"][0]
    if len(text) > MAX_MESSAGE_LENGTH:
        assert f"{MAX_MESSAGE_LENGTH}" in errors["text"][0] and "20000" in errors["text"][0]
    assert Message.objects.count() == before


def test_a_message_without_text_names_the_field(api_as, world):
    response = api_as("actor").post(PAIR_MESSAGES.format(**world), {}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["text"]


def test_the_author_corrects_a_message_within_the_window(api_as, world):
    url = "/api/v1/messages/{message}/".format(**world)
    response = api_as("actor").patch(url, {"text": "Corrected"}, format="json")
    assert response.status_code == 200
    assert response.json()["text"] == "Corrected" and response.json()["edited_at"]
    assert Message.objects.get(pk=world["message"]).text == "Corrected"
    too_long = api_as("actor").patch(url, {"text": "y" * 20_000}, format="json")
    assert list(too_long.json()["errors"]) == ["text"]
    assert Message.objects.get(pk=world["message"]).text == "Corrected"


def test_after_the_edit_window_a_message_stays_as_it_was(api_as, world):
    Message.objects.filter(pk=world["message"]).update(
        created_at=timezone.now() - dt.timedelta(hours=1)
    )
    response = api_as("actor").patch(
        "/api/v1/messages/{message}/".format(**world), {"text": "Too late"}, format="json"
    )
    assert response.status_code == 400
    assert "minutes after sending" in response.json()["errors"]["non_field_errors"][0]
    assert Message.objects.get(pk=world["message"]).text == "PAIR-MESSAGE-ACTOR"


def test_a_deleted_message_keeps_its_place_without_its_text(api_as, world):
    assert api_as("actor").delete("/api/v1/messages/{message}/".format(**world)).status_code == 204
    rows = api_as("mentor").get(PAIR_MESSAGES.format(**world)).json()["results"]
    first = rows[0]
    assert (first["id"], first["deleted"], first["text"]) == (world["message"], True, "")
    assert "PAIR-MESSAGE-ACTOR" not in str(rows)
    edit = api_as("actor").patch(
        "/api/v1/messages/{message}/".format(**world), {"text": "Back"}, format="json"
    )
    assert edit.status_code == 400


def test_an_ended_mentorship_is_read_but_not_written(api_as, world):
    Mentorship.objects.filter(pk=world["pair"]).update(state=MentorshipState.COMPLETED)
    client = api_as("actor")
    assert client.get(PAIR_MESSAGES.format(**world)).json()["count"] == 2
    response = client.post(PAIR_MESSAGES.format(**world), {"text": "Hello?"}, format="json")
    assert response.status_code == 400
    assert "ended" in response.json()["errors"]["non_field_errors"][0]
    assert Message.objects.count() == 3  # two in the pair, one in the group


def test_a_peer_groups_conversation_is_for_its_members_while_published(api_as, world):
    url = "/api/v1/peer-groups/{group}/messages/".format(**world)
    assert [m["text"] for m in api_as("actor").get(url).json()["results"]] == ["GROUP-MESSAGE"]
    assert api_as("actor").post(url, {"text": "Hello group"}, format="json").status_code == 201
    PeerGroup.objects.filter(pk=world["group"]).update(is_published=False)
    assert api_as("actor").get(url).status_code == 404


def test_an_empty_conversation_is_an_empty_list_and_reading_writes_nothing(api_as, world):
    url = "/api/v1/mentorships/{other_pair}/messages/".format(**world)
    body = api_as("other_actor").get(url).json()
    assert body == {"count": 0, "next": None, "previous": None, "results": []}
    assert not Message.objects.filter(conversation__mentorship_id=world["other_pair"]).exists()

"""event_save and directory_entry_save called directly with plain data, as an API, an import
or a command would: the same rules as the pages, without a form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from mentorlab.events import services
from mentorlab.events.models import DirectoryEntry, Event, EventStatus
from mentorlab.programmes.models import Topic
from tests.events.factories import EventFactory, PeerGroupFactory, in_hours

pytestmark = pytest.mark.django_db


def event_data(**overrides) -> services.EventData:
    starts = in_hours(24 * 14)
    values = {
        "kind": "briefing",
        "title": "CV clinic",
        "starts_at": starts,
        "ends_at": starts + dt.timedelta(hours=2),
        "place": "Otaniemi",
    }
    values.update(overrides)
    return services.EventData(**values)


def test_coordinator_creates_a_draft_event_from_plain_data(programme, coordinator):
    event = services.event_save(programme=programme, by=coordinator, data=event_data())
    event.refresh_from_db()
    assert event.title == "CV clinic"
    assert event.status == EventStatus.DRAFT
    assert event.created_by == coordinator
    assert event.sequence == 0


def test_moving_an_event_bumps_its_sequence_and_tells_registrants(
    programme, coordinator, actor, event, django_capture_on_commit_callbacks
):
    services.event_register(event=event, user=actor)
    later = event.starts_at + dt.timedelta(days=1)
    data = event_data(
        kind=event.kind,
        title=event.title,
        place=event.place,
        starts_at=later,
        ends_at=later + dt.timedelta(hours=2),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_save(programme=programme, by=coordinator, data=data, event=event)
    event.refresh_from_db()
    assert event.starts_at == later
    assert event.sequence == 1
    assert [m.to for m in mail.outbox] == [[actor.email]]


def test_rewording_the_description_tells_nobody(
    programme, coordinator, actor, event, django_capture_on_commit_callbacks
):
    services.event_register(event=event, user=actor)
    data = event_data(
        kind=event.kind,
        title=event.title,
        place=event.place,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        description="New words",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_save(programme=programme, by=coordinator, data=data, event=event)
    event.refresh_from_db()
    assert event.description == "New words"
    assert event.sequence == 0
    assert mail.outbox == []


def test_event_ending_before_it_starts_names_the_field_and_saves_nothing(programme, coordinator):
    starts = in_hours(48)
    with pytest.raises(ValidationError) as caught:
        services.event_save(
            programme=programme,
            by=coordinator,
            data=event_data(starts_at=starts, ends_at=starts - dt.timedelta(hours=1)),
        )
    assert caught.value.message_dict == {"ends_at": ["The event must end after it starts."]}
    assert not Event.objects.exists()


def test_refused_edit_leaves_the_stored_event_as_it_was(programme, coordinator, event):
    title = event.title
    with pytest.raises(ValidationError) as caught:
        services.event_save(
            programme=programme,
            by=coordinator,
            data=event_data(title="Renamed", capacity=0),
            event=event,
        )
    assert "capacity" in caught.value.message_dict
    event.refresh_from_db()
    assert event.title == title


def test_event_for_a_group_of_another_programme_is_refused(programme, other_programme, coordinator):
    foreign = PeerGroupFactory(programme=other_programme)
    with pytest.raises(ValidationError) as caught:
        services.event_save(
            programme=programme,
            by=coordinator,
            data=event_data(audience="group", peer_group=foreign),
        )
    assert caught.value.message_dict == {"peer_group": ["That group is in another programme."]}
    assert not Event.objects.exists()


def test_coordinator_of_another_programme_cannot_create_or_edit_events(
    programme, other_coordinator, event
):
    with pytest.raises(PermissionDenied):
        services.event_save(programme=programme, by=other_coordinator, data=event_data())
    with pytest.raises(PermissionDenied):
        services.event_save(
            programme=programme, by=other_coordinator, data=event_data(), event=event
        )
    event.refresh_from_db()
    assert Event.objects.count() == 1
    assert event.title == "Networking evening"


def test_event_of_another_programme_cannot_be_edited_through_this_one(
    programme, other_programme, coordinator
):
    foreign = EventFactory(programme=other_programme)
    with pytest.raises(PermissionDenied):
        services.event_save(programme=programme, by=coordinator, data=event_data(), event=foreign)


# --- directory ----------------------------------------------------------------------------
def test_participant_saves_a_directory_card_with_topics_and_languages(programme, actor):
    topic = programme.topics.first()
    entry = services.directory_entry_save(
        programme=programme,
        user=actor,
        field=" Energy Technology ",
        industry="energy",
        topics=[topic],
        languages=["fi", "en"],
        intro="Ask me about batteries.",
    )
    entry.refresh_from_db()
    assert entry.role == "actor"
    assert entry.field == "Energy Technology"
    assert list(entry.topics.all()) == [topic]
    assert entry.languages == ["fi", "en"]


def test_saving_the_card_again_updates_the_one_card(programme, actor):
    services.directory_entry_save(programme=programme, user=actor, field="Physics")
    services.directory_entry_save(programme=programme, user=actor, field="Chemistry")
    (entry,) = DirectoryEntry.objects.filter(programme=programme, user=actor)
    assert entry.field == "Chemistry"


def test_topic_of_another_programme_is_refused_and_nothing_saved(programme, other_programme, actor):
    foreign = Topic.objects.filter(programme=other_programme).first()
    with pytest.raises(ValidationError) as caught:
        services.directory_entry_save(programme=programme, user=actor, topics=[foreign])
    assert list(caught.value.message_dict) == ["topics"]
    assert not DirectoryEntry.objects.exists()


def test_unknown_language_and_bad_address_are_named(programme, actor):
    with pytest.raises(ValidationError) as caught:
        services.directory_entry_save(
            programme=programme, user=actor, languages=["xx"], contact_email="not an address"
        )
    assert set(caught.value.message_dict) == {"languages", "contact_email"}
    assert "xx" in caught.value.message_dict["languages"][0]
    assert not DirectoryEntry.objects.exists()


def test_outsider_cannot_join_a_programme_directory(programme, outsider):
    with pytest.raises(PermissionDenied):
        services.directory_entry_save(programme=programme, user=outsider, field="Law")
    assert not DirectoryEntry.objects.exists()

from __future__ import annotations

import pytest
from django.urls import reverse
from icalendar import Calendar

from mentorlab.accounts.models import CalendarFeed
from mentorlab.core.calendar import build_calendar
from mentorlab.events import services
from mentorlab.events.calendar import feed_items

pytestmark = pytest.mark.django_db


def parse(data: bytes):
    return [c for c in Calendar.from_ical(data).walk("VEVENT")]


def test_single_event_downloads_as_ics(as_user, actor, event):
    response = as_user(actor).get(reverse("events:ics", args=[event.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    (vevent,) = parse(response.content)
    assert str(vevent["uid"]) == f"event-{event.pk}@mentorlab"
    assert str(vevent["summary"]) == "Networking evening"
    assert str(vevent["location"]) == "Dipoli, Espoo"


def test_feed_lists_registered_not_waitlisted_events(actor, other_actor, small_event, event):
    services.event_register(event=small_event, user=other_actor)
    services.event_register(event=small_event, user=actor)  # waitlisted
    services.event_register(event=event, user=actor)
    uids = [str(v["uid"]) for v in parse(build_calendar(feed_items(actor)))]
    assert uids == [f"event-{event.pk}@mentorlab"]


def test_feed_sequence_grows_with_each_change_and_cancel_shows_cancelled(actor, coordinator, event):
    services.event_register(event=event, user=actor)
    (first,) = parse(build_calendar(feed_items(actor)))
    assert int(first["sequence"]) == 0
    assert str(first["status"]) == "CONFIRMED"

    from mentorlab.events.forms import EventForm

    data = {
        "kind": event.kind, "title": event.title, "description": event.description,
        "starts_at": "2031-06-01T18:00", "ends_at": "2031-06-01T20:00",
        "place": event.place, "audience": "everyone", "reminder_hours": 24,
    }  # fmt: skip
    form = EventForm(data, instance=event, programme=event.programme)
    assert form.is_valid(), form.errors
    services.event_save(
        programme=event.programme,
        by=coordinator,
        data=services.EventData(**form.cleaned_data),
        event=event,
    )
    (moved,) = parse(build_calendar(feed_items(actor)))
    assert int(moved["sequence"]) == 1
    assert moved.decoded("dtstart").year == 2031

    services.event_cancel(event=event, by=coordinator)
    (cancelled,) = parse(build_calendar(feed_items(actor)))
    assert str(cancelled["uid"]) == f"event-{event.pk}@mentorlab"
    assert int(cancelled["sequence"]) == 2
    assert str(cancelled["status"]) == "CANCELLED"


def test_personal_feed_url_includes_events(client, actor, event):
    services.event_register(event=event, user=actor)
    feed, _created = CalendarFeed.objects.get_or_create(user=actor)
    response = client.get(reverse("core:calendar_feed", args=[feed.token]))
    uids = [str(v["uid"]) for v in parse(response.content)]
    assert f"event-{event.pk}@mentorlab" in uids


def test_event_description_in_calendars_is_plain_text_not_markdown(actor, event):
    event.description = (
        "## Programme\n\nBring **your goals** and read [the guide](https://example.org/g?a=1&b=2)."
        "\n\n- talks\n- *networking*"
    )
    event.save()
    services.event_register(event=event, user=actor)
    (vevent,) = parse(build_calendar(feed_items(actor)))
    text = str(vevent["description"])
    assert "**" not in text and "##" not in text and "](" not in text and "<" not in text
    assert text == (
        "Programme\n\nBring your goals and read the guide (https://example.org/g?a=1&b=2).\n\n"
        "- talks\n- networking"
    )

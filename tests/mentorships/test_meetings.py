from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from mentorlab.mentorships import calendar, reminders, selectors, services
from mentorlab.mentorships.models import Meeting

from .conftest import soon


def form(start: dt.datetime, end_time: str = "", **extra):
    local = timezone.localtime(start)
    return {
        "date": local.date().isoformat(),
        "start_time": local.strftime("%H:%M"),
        "end_time": end_time or (local + dt.timedelta(hours=1)).strftime("%H:%M"),
        "mode": "online",
        "place": "",
        "video_link": "https://meet.example.org/abc",
        **extra,
    }


def test_booking_a_meeting(as_user, pair, actor):
    response = as_user(actor).post(reverse("mentorships:meeting_new", args=[pair.pk]), form(soon()))
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and meeting.duration_minutes == 60


def test_new_meeting_in_the_past_is_refused(as_user, pair, actor):
    response = as_user(actor).post(
        reverse("mentorships:meeting_new", args=[pair.pk]), form(soon(days=-2))
    )
    assert "Choose a time in the future" in response.content.decode()
    assert "meet.example.org/abc" in response.content.decode()  # input kept
    assert not Meeting.objects.exists()


def test_meeting_ending_before_it_starts_is_refused(as_user, pair, actor):
    response = as_user(actor).post(
        reverse("mentorships:meeting_new", args=[pair.pk]), form(soon(hour=15), end_time="14:00")
    )
    assert "The meeting must end after it starts." in response.content.decode()
    assert not Meeting.objects.exists()


def test_moving_a_meeting_bumps_sequence_and_keeps_uid(as_user, meeting, actor):
    before = calendar.meeting_item(meeting)
    as_user(actor).post(reverse("mentorships:meeting_edit", args=[meeting.pk]), form(soon(days=4)))
    meeting.refresh_from_db()
    after = calendar.meeting_item(meeting)
    assert after.uid == before.uid == f"meeting-{meeting.pk}@mentorlab"
    assert after.sequence == before.sequence + 1


def test_ics_download_parses(as_user, meeting, actor):
    response = as_user(actor).get(reverse("mentorships:meeting_ics", args=[meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == 1
    event = events[0]
    assert str(event["UID"]) == f"meeting-{meeting.pk}@mentorlab"
    assert event.decoded("DTSTART") == meeting.start
    assert event.decoded("DTEND") == meeting.start + dt.timedelta(hours=1)
    assert str(event["LOCATION"]) == "Library café"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "Maija Mentor" in str(event["SUMMARY"])


def test_cancelled_meeting_in_feed_is_cancelled_with_higher_sequence(meeting, mentor, actor):
    services.meeting_set_status(meeting=meeting, by=mentor, status="cancelled")
    items = calendar.feed_items(actor)
    assert [i.cancelled for i in items] == [True] and items[0].sequence == 1
    from mentorlab.core.calendar import build_calendar

    event = next(iter(Calendar.from_ical(build_calendar(items)).walk("VEVENT")))
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) == 1


def test_feed_has_only_own_meetings(meeting, other_actor, other_pair):
    assert calendar.feed_items(other_actor) == []


def test_future_meeting_cannot_be_marked_held(as_user, meeting, actor):
    response = as_user(actor).post(
        reverse("mentorships:meeting_status", args=[meeting.pk]), {"status": "held"}, follow=True
    )
    assert "only once it has started" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "planned"


def test_agenda_item_add_and_next_meeting(meeting, actor, mentor, pair):
    assert selectors.next_meeting(pair) == meeting
    item = services.agenda_item_add(
        meeting=meeting, by=actor, title="My odyssey plans", link="/toolkit/odyssey/"
    )
    assert item.position == 1 and item.added_by == actor
    with pytest.raises(PermissionDenied):
        services.agenda_item_add(meeting=meeting, by=mentor, title="x")
    services.meeting_set_status(meeting=meeting, by=actor, status="cancelled")
    with pytest.raises(ValidationError):
        services.agenda_item_add(meeting=meeting, by=actor, title="Too late")
    assert selectors.next_meeting(pair) is None


def test_actor_adds_agenda_item_and_shared_notes_and_reflection(as_user, meeting, actor, mentor):
    client = as_user(actor)
    client.post(reverse("mentorships:agenda_add", args=[meeting.pk]), {"title": "CV review"})
    client.post(reverse("mentorships:meeting_notes", args=[meeting.pk]), {"text": "We agreed X"})
    client.post(reverse("mentorships:meeting_reflection", args=[meeting.pk]), {"text": "Nervous"})
    page = as_user(mentor).get(reverse("mentorships:meeting", args=[meeting.pk])).content.decode()
    assert "CV review" in page and "We agreed X" in page and "Nervous" not in page


def test_reminders_are_sent_once(meeting, mailoutbox):
    now = meeting.start - dt.timedelta(hours=20)
    assert reminders.send_due(now) == 2
    assert reminders.send_due(now) == 0
    assert {m.to[0] for m in mailoutbox} == {"actor@example.org", "mentor@example.org"}
    later = meeting.start + dt.timedelta(days=1)
    assert reminders.send_due(later) == 2
    assert reminders.send_due(later) == 0
    assert "take place" in mailoutbox[-1].subject


def test_held_meeting_gets_no_log_reminder(meeting, actor, mailoutbox):
    Meeting.objects.filter(pk=meeting.pk).update(status="held")
    assert reminders.send_due(meeting.start + dt.timedelta(days=1)) == 0

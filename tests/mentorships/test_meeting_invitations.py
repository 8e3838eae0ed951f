"""Meeting invitations that calendar apps accept: each booked, moved or cancelled meeting is
mailed with an iCalendar part (iTIP, RFC 5546) that Outlook and Google Calendar apply to the
same entry. The tests read the sent message with Python's strict e-mail parser and the
calendar with icalendar, as a mail client would."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes
from email.policy import default

import pytest
from django.core import mail
from icalendar import Calendar

from mentorlab.mentorships import services
from mentorlab.mentorships.models import MeetingStatus
from mentorlab.notifications.models import MailState, OutboxMail
from mentorlab.notifications.services import preference_set
from tests.mentorships.conftest import soon

pytestmark = pytest.mark.django_db


def _parsed(message):
    return message_from_bytes(message.message().as_bytes(), policy=default)


def _invitation_of(message):
    """(method parameter of the text/calendar part, the parsed calendar, attachment names)."""
    parsed = _parsed(message)
    calendars = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert len(calendars) == 1, [p.get_content_type() for p in parsed.walk()]
    part = calendars[0]
    attachments = [p.get_filename() for p in parsed.walk() if p.get_filename()]
    ics = [p for p in parsed.walk() if p.get_content_type() == "application/ics"]
    assert len(ics) == 1
    assert ics[0].get_content().replace(b"\r\n", b"\n") == part.get_content().encode().replace(
        b"\r\n", b"\n"
    )
    return part.get_param("method"), Calendar.from_ical(part.get_content()), attachments


def _mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def _event(calendar):
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def _book(pair, by):
    return services.meeting_schedule(
        mentorship=pair,
        by=by,
        start=soon(),
        end=soon() + dt.timedelta(hours=1),
        mode="on_site",
        place="Library café",
    )


def test_booking_mails_both_participants_an_invitation_calendars_accept(pair, actor, mentor):
    meeting = _book(pair, actor)
    for person in (mentor, actor):
        (message,) = _mails_to(person)
        method, calendar, attachments = _invitation_of(message)
        assert method == "REQUEST"
        assert calendar["METHOD"] == "REQUEST"
        event = _event(calendar)
        assert str(event["UID"]) == f"meeting-{meeting.pk}@mentorlab"
        assert event["SEQUENCE"] == 0
        assert str(event["STATUS"]) == "CONFIRMED"
        assert event.decoded("DTSTART") == meeting.start
        assert event.decoded("DTEND") == meeting.end
        assert "Library café" in str(event["LOCATION"])
        # Outlook and Google apply updates from the same organizer: the site's sender.
        assert str(event["ORGANIZER"]).lower().startswith("mailto:")
        attendees = sorted(str(a).lower() for a in event["ATTENDEE"])
        assert attendees == sorted(f"mailto:{p.email}".lower() for p in (actor, mentor))
        assert all(a.params["RSVP"] == "FALSE" for a in event["ATTENDEE"])
        assert attachments == ["invite.ics"]
    other = _mails_to(mentor)[0]
    assert "booked a meeting with you" in other.body
    assert other.reply_to == [actor.email]
    own = _mails_to(actor)[0]
    assert "You booked this meeting" in own.body
    assert own.reply_to == [mentor.email]


def test_moving_and_cancelling_keep_the_uid_and_raise_the_sequence(pair, actor, mentor):
    meeting = _book(pair, actor)
    later = soon(days=4)
    services.meeting_update(
        meeting=meeting,
        by=mentor,
        start=later,
        end=later + dt.timedelta(hours=1),
        mode="online",
        video_link="https://video.example.org/room",
    )
    services.meeting_set_status(meeting=meeting, by=actor, status=MeetingStatus.CANCELLED)
    messages = _mails_to(actor)
    assert len(messages) == 3
    found = [_invitation_of(m) for m in messages]
    methods = [method for method, _calendar, _names in found]
    assert methods == ["REQUEST", "REQUEST", "CANCEL"]
    events = [_event(calendar) for _method, calendar, _names in found]
    assert {str(e["UID"]) for e in events} == {f"meeting-{meeting.pk}@mentorlab"}
    assert [e["SEQUENCE"] for e in events] == [0, 1, 2]
    assert events[1].decoded("DTSTART") == later
    assert str(events[2]["STATUS"]) == "CANCELLED"
    assert found[2][2] == ["cancel.ics"]
    assert messages[1].subject.startswith("Changed:")
    assert messages[2].subject.startswith("Cancelled:")
    # The mentor, who moved it, got their own copy of the change, and the cancellation.
    assert [_invitation_of(m)[0] for m in _mails_to(mentor)] == ["REQUEST", "REQUEST", "CANCEL"]


def test_invitation_respects_the_meeting_mail_preference(pair, actor, mentor):
    preference_set(user=mentor, kind="meeting", delivery="app")
    preference_set(user=actor, kind="meeting", delivery="daily")
    _book(pair, actor)
    assert mail.outbox == []
    # The mentor still sees it in the app.
    assert mentor.notifications.filter(kind="meeting").count() == 1


def test_invitation_is_optional_mail_with_one_click_unsubscribe(pair, actor, mentor):
    _book(pair, actor)
    (message,) = _mails_to(mentor)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/unsubscribe/meeting/" in message.extra_headers["List-Unsubscribe"]


def test_ending_the_mentorship_cancels_planned_meetings_in_calendars(pair, actor, mentor):
    meeting = _book(pair, actor)
    mail.outbox.clear()
    services.mentorship_end(mentorship=pair, by=mentor, reason="Moving abroad")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert meeting.sequence == 1
    for person in (actor, mentor):
        invitations = [m for m in _mails_to(person) if m.subject.startswith("Cancelled:")]
        (message,) = invitations
        method, calendar, _names = _invitation_of(message)
        assert method == "CANCEL"
        assert _event(calendar)["SEQUENCE"] == 1
        assert "The mentorship has ended" in message.body


def test_invitation_is_queued_in_the_outbox_and_sent_once(pair, actor, mentor):
    meeting = _book(pair, actor)
    rows = OutboxMail.objects.filter(kind="mentorships/email/meeting_invitation")
    assert rows.count() == 2
    assert all(row.state == MailState.SENT for row in rows)
    assert all(f"UID:meeting-{meeting.pk}@mentorlab" in row.calendar for row in rows)
    from mentorlab.notifications.outbox import outbox_deliver_due

    assert outbox_deliver_due()["sent"] == 0
    assert len(mail.outbox) == 2


def test_a_failed_invitation_keeps_its_calendar_for_the_retry(pair, actor, mentor, settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.RefusingBackend"
    _book(pair, actor)
    rows = OutboxMail.objects.filter(kind="mentorships/email/meeting_invitation")
    assert all(row.state == MailState.QUEUED and row.attempts == 1 for row in rows)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from mentorlab.notifications.outbox import outbox_deliver_due

    OutboxMail.objects.update(next_attempt_at=rows[0].created_at)
    assert outbox_deliver_due()["sent"] == 2
    assert [_invitation_of(m)[0] for m in mail.outbox] == ["REQUEST", "REQUEST"]


def test_invitation_is_written_in_the_recipients_language(pair, actor, mentor):
    mentor.language = "fi"
    mentor.save()
    _book(pair, actor)
    (message,) = _mails_to(mentor)
    _method, calendar, _names = _invitation_of(message)
    assert str(_event(calendar)["SUMMARY"]).startswith("Mentorointitapaaminen")
    assert f"{actor.display_name} varasi tapaamisen kanssasi." in message.body

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
from django.utils import timezone
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


# --- the reminder's subject and the personal feed (issue 12, item 8) ------------------------
def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_current_timezone())


@pytest.mark.parametrize(
    ("language", "sent_hour", "meeting_hour", "meeting_day", "subject"),
    [
        ("en", 8, 18, 0, "Mentoring meeting today at 18:00"),
        ("en", 20, 9, 1, "Mentoring meeting tomorrow at 09:00"),
        ("fi", 8, 18, 0, "Mentorointitapaaminen tänään klo 18.00"),
        ("fi", 20, 9, 1, "Mentorointitapaaminen huomenna klo 9.00"),
        ("sv", 8, 18, 0, "Mentorsmöte i dag kl. 18:00"),
        ("sv", 20, 9, 1, "Mentorsmöte i morgon kl. 09:00"),
    ],
)
def test_meeting_reminder_subject_says_today_or_tomorrow_truthfully(
    pair, actor, mentor, language, sent_hour, meeting_hour, meeting_day, subject
):
    from mentorlab.mentorships import reminders
    from mentorlab.mentorships.models import Meeting

    actor.language = language
    actor.save()
    day = timezone.localdate() + dt.timedelta(days=3)
    meeting = Meeting.objects.create(
        mentorship=pair, start=_at(day + dt.timedelta(days=meeting_day), meeting_hour)
    )
    assert reminders.send_due(_at(day, sent_hour)) == 2
    (message,) = _mails_to(actor)
    assert message.subject == subject
    parsed = _parsed(message)
    assert parsed["Subject"] == subject
    assert meeting.pk


def test_meeting_reminder_subject_names_the_date_across_midnight_and_in_helsinki_time(
    pair, actor, settings
):
    """The site's clock decides the day: 23:30 UTC on the 6th is already the 7th in Helsinki."""
    from mentorlab.mentorships.emails import meeting_day

    utc = dt.UTC
    now = dt.datetime(2026, 12, 6, 21, 30, tzinfo=utc)  # 23:30 in Helsinki
    assert meeting_day(dt.datetime(2026, 12, 6, 22, 30, tzinfo=utc), now) == "tomorrow"
    assert meeting_day(dt.datetime(2026, 12, 6, 21, 45, tzinfo=utc), now) == "today"
    assert meeting_day(dt.datetime(2026, 12, 8, 6, 0, tzinfo=utc), now) == ""


def test_held_meeting_stays_in_the_personal_calendar_feed(as_user, client, pair, actor, mentor):
    from django.urls import reverse

    from mentorlab.accounts.services import calendar_feed_renew
    from mentorlab.mentorships.models import Meeting

    held = Meeting.objects.create(
        mentorship=pair, start=timezone.now() - dt.timedelta(days=7), status=MeetingStatus.HELD
    )
    cancelled = Meeting.objects.create(
        mentorship=pair,
        start=timezone.now() + dt.timedelta(days=7),
        status=MeetingStatus.CANCELLED,
        sequence=1,
    )
    planned = _book(pair, actor)
    token = calendar_feed_renew(user=mentor).token
    response = client.get(reverse("core:calendar_feed", args=[token]))
    events = {str(e["UID"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert set(events) >= {f"meeting-{m.pk}@mentorlab" for m in (held, cancelled, planned)}
    assert str(events[f"meeting-{held.pk}@mentorlab"]["STATUS"]) == "CONFIRMED"
    assert str(events[f"meeting-{cancelled.pk}@mentorlab"]["STATUS"]) == "CANCELLED"
    # A feed is not an invitation: no METHOD, no organizer.
    assert "METHOD" not in Calendar.from_ical(response.content)
    assert "ORGANIZER" not in events[f"meeting-{held.pk}@mentorlab"]


def test_marking_a_meeting_held_keeps_it_in_the_feed_with_a_higher_sequence(pair, actor):
    from mentorlab.core.calendar import build_calendar
    from mentorlab.mentorships.calendar import feed_items
    from mentorlab.mentorships.models import Meeting

    meeting = Meeting.objects.create(mentorship=pair, start=timezone.now() - dt.timedelta(hours=2))
    services.meeting_set_status(meeting=meeting, by=actor, status=MeetingStatus.HELD)
    (event,) = Calendar.from_ical(build_calendar(feed_items(actor))).walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{meeting.pk}@mentorlab"
    assert event["SEQUENCE"] == 1

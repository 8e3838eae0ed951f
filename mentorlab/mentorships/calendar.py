"""The mentorship meetings a person sees in their calendar feed and .ics downloads."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from mentorlab.core.calendar import Attendee, CalendarItem, absolute_url, build_calendar

from .models import Meeting, MeetingStatus


def meeting_item(meeting: Meeting) -> CalendarItem:
    """One meeting as a calendar entry. The UID never changes; SEQUENCE is bumped by the
    services on every change of time, place or status, so calendars update the entry."""
    mentorship = meeting.mentorship
    people = [mentorship.mentor, *(m.actor for m in mentorship.members.all())]
    names = [str(person) for person in people]
    return CalendarItem(
        uid=f"meeting-{meeting.pk}@mentorlab",
        summary=_("Mentoring meeting: %(names)s") % {"names": ", ".join(names)},
        start=meeting.start,
        end=meeting.end,
        sequence=meeting.sequence,
        location=meeting.location,
        description=meeting.get_mode_display(),
        url=absolute_url(reverse("mentorships:meeting", args=[meeting.pk])),
        cancelled=meeting.status == MeetingStatus.CANCELLED,
        last_modified=meeting.updated_at,
        attendees=tuple(Attendee(p.email, p.display_name) for p in people if p.is_active),
    )


def meeting_invitation(meeting: Meeting, *, user: Any) -> str:
    """The meeting as an e-mail invitation for `user`, in their language: METHOD:CANCEL
    when it is cancelled, otherwise METHOD:REQUEST (a calendar adds it, or moves the entry
    it already has when SEQUENCE grew)."""
    method = "CANCEL" if meeting.status == MeetingStatus.CANCELLED else "REQUEST"
    with translation.override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
        return build_calendar([meeting_item(meeting)], method=method).decode()


def feed_items(user: Any) -> list[CalendarItem]:
    """Every meeting of the user: planned, held and cancelled. A held meeting stays (a
    subscribed calendar deletes whatever drops out of the feed, and people keep their past
    meetings); a cancelled one stays with STATUS:CANCELLED so calendars remove it."""
    meetings = (
        Meeting.objects.filter(Q(mentorship__mentor=user) | Q(mentorship__members__actor=user))
        .select_related("mentorship__mentor")
        .prefetch_related("mentorship__members__actor")
        .distinct()
    )
    return [meeting_item(m) for m in meetings]

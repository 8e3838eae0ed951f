"""The mentorship meetings a person sees in their calendar feed and .ics downloads."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from mentorlab.core.calendar import CalendarItem, absolute_url

from .models import Meeting, MeetingStatus


def meeting_item(meeting: Meeting) -> CalendarItem:
    """One meeting as a calendar entry. The UID never changes; SEQUENCE is bumped by the
    services on every change of time, place or status, so calendars update the entry."""
    mentorship = meeting.mentorship
    names = [str(mentorship.mentor), *(str(m.actor) for m in mentorship.members.all())]
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
    )


def feed_items(user: Any) -> list[CalendarItem]:
    """The user's planned and cancelled meetings (held ones are history, not plans)."""
    meetings = (
        Meeting.objects.filter(Q(mentorship__mentor=user) | Q(mentorship__members__actor=user))
        .filter(status__in=(MeetingStatus.PLANNED, MeetingStatus.CANCELLED))
        .select_related("mentorship__mentor")
        .prefetch_related("mentorship__members__actor")
        .distinct()
    )
    return [meeting_item(m) for m in meetings]

"""Events in the personal calendar feed and as single `.ics` downloads.

The feed lists the events a person holds a seat for (status "registered"; waitlist places
are left out until the person moves up). Cancelled events stay in the feed with
STATUS:CANCELLED so that calendar apps remove them. UIDs are `event-<pk>@mentorlab`;
SEQUENCE is `Event.sequence`, which grows with every change of time, place or status."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from mentorlab.core.calendar import CalendarItem, absolute_url
from mentorlab.core.markdown import markdown_to_text

from .models import Event, EventStatus, RegistrationStatus


def event_item(event: Event) -> CalendarItem:
    location = event.place
    if event.video_url:
        location = f"{location} ({event.video_url})" if location else event.video_url
    return CalendarItem(
        uid=event.uid,
        summary=event.title,
        start=event.starts_at,
        end=event.ends_at,
        sequence=event.sequence,
        location=location,
        # Calendars show plain text: the Markdown as words, not as "**" and "[…](…)".
        description=markdown_to_text(event.description, profile="event"),
        url=absolute_url(reverse("events:detail", args=[event.pk])),
        cancelled=event.status == EventStatus.CANCELLED,
        last_modified=event.updated_at,
    )


def feed_items(user: Any) -> list[CalendarItem]:
    events = (
        Event.objects.filter(
            registrations__user=user,
            registrations__status=RegistrationStatus.REGISTERED,
            status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED],
        )
        .distinct()
        .order_by("starts_at", "pk")
    )
    return [event_item(e) for e in events]

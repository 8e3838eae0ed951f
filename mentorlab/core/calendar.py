"""iCalendar (RFC 5545) output for meetings and events, and the personal feed.

Apps contribute to a person's feed by registering a function in `feed_providers` from their
`AppConfig.ready`: each takes a user and returns the `CalendarItem`s that person should see. UIDs are stable and SEQUENCE
grows with every change, so a calendar app updates an entry rather than adding a new one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from icalendar import Calendar, Event

from mentorlab.core.registry import Registry

FeedProvider = Callable[[Any], Iterable["CalendarItem"]]

feed_providers: Registry[FeedProvider] = Registry("calendar feed providers")


@dataclass(frozen=True)
class CalendarItem:
    uid: str  # stable across updates, e.g. "meeting-42@mentorlab"
    summary: str
    start: dt.datetime
    end: dt.datetime
    sequence: int = 0
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False
    last_modified: dt.datetime | None = None


def build_calendar(items: Iterable[CalendarItem], *, name: str = "") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Mentorlab//Mentoring programme//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    stamp = dt.datetime.now(dt.UTC)
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start.astimezone(dt.UTC))
        event.add("dtend", item.end.astimezone(dt.UTC))
        event.add("summary", item.summary)
        event.add("sequence", item.sequence)
        if item.last_modified:
            event.add("last-modified", item.last_modified.astimezone(dt.UTC))
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()


def ics_response(items: Iterable[CalendarItem], *, filename: str, name: str = "") -> HttpResponse:
    response = HttpResponse(
        build_calendar(items, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def feed_items_for(user: Any) -> list[CalendarItem]:
    items: list[CalendarItem] = []
    for provider in feed_providers:
        items.extend(provider(user))
    return sorted(items, key=lambda i: (i.start, i.uid))


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"

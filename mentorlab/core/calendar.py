"""iCalendar (RFC 5545) output for meetings and events, the personal feed, and invitations.

Apps contribute to a person's feed by registering a function in `feed_providers` from their
`AppConfig.ready`: each takes a user and returns the `CalendarItem`s that person should see. UIDs are stable and SEQUENCE
grows with every change, so a calendar app updates an entry rather than adding a new one.

The same entries travel in e-mail as invitations (iTIP, RFC 5546): `build_calendar(...,
method="REQUEST")` for a booked or moved meeting, `method="CANCEL"` for a cancelled one.
Outlook and Google Calendar apply an update only when it comes from the entry's ORGANIZER with
the same UID and a higher SEQUENCE, so the organizer is always the site's own sender address
(never a participant: the person who booked may not be the one who moves it) and every
participant is an ATTENDEE. RSVP is off: nobody reads replies sent to the site's address."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from icalendar import Calendar, Event, vCalAddress

from mentorlab.core.registry import Registry

FeedProvider = Callable[[Any], Iterable["CalendarItem"]]

feed_providers: Registry[FeedProvider] = Registry("calendar feed providers")


@dataclass(frozen=True)
class Attendee:
    email: str
    name: str = ""


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
    # Only invitations need them (see the module's docstring); a feed leaves them out.
    attendees: tuple[Attendee, ...] = ()


METHODS = ("REQUEST", "CANCEL")


def organizer() -> tuple[str, str]:
    """The site's own sender (address, name): the one organizer of every invitation."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return address or "mentorlab@localhost", name or settings.SITE_NAME


def build_calendar(items: Iterable[CalendarItem], *, name: str = "", method: str = "") -> bytes:
    """A calendar of `items`. With `method` ("REQUEST" or "CANCEL") it is an invitation:
    ORGANIZER and ATTENDEEs are added and a CANCEL marks every entry cancelled."""
    if method and method not in METHODS:
        raise ValueError(f"unknown iTIP method {method!r}")
    calendar = Calendar()
    calendar.add("prodid", "-//Mentorlab//Mentoring programme//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
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
        cancelled = item.cancelled or method == "CANCEL"
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        if method:
            _add_people(event, item)
        calendar.add_component(event)
    return calendar.to_ical()


def _add_people(event: Event, item: CalendarItem) -> None:
    address, cn = organizer()
    event.add("organizer", vCalAddress(f"mailto:{address}"), parameters={"CN": cn})
    for attendee in item.attendees:
        params = {
            "CUTYPE": "INDIVIDUAL",
            "ROLE": "REQ-PARTICIPANT",
            "PARTSTAT": "ACCEPTED",
            "RSVP": "FALSE",
        }
        if attendee.name:
            params["CN"] = attendee.name
        event.add("attendee", vCalAddress(f"mailto:{attendee.email}"), parameters=params)


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

"""What a copy of a programme takes along from events: registered in
`programme_setup_providers` (programmes cannot import this app)."""

from __future__ import annotations

from django.db import transaction

from mentorlab.core.content_columns import content_columns
from mentorlab.programmes.models import Programme
from mentorlab.programmes.setup import ProgrammeCopy

from .models import Audience, Event, EventStatus

EVENT_RULES = ("kind", "video_url", "audience", "capacity", "reminder_hours")


def programme_setup(*, programme: Programme, copy: ProgrammeCopy | None = None) -> None:
    """A copy gets the source's events as drafts (nobody sees them until a coordinator
    publishes each), as many days later as the programme moved, same time of day. Not
    copied: cancelled events, events of a peer group (groups are made of the source's
    students), registrations and attendance."""
    if copy is None:
        return
    # Written texts are copied in every language they have (see core/content_columns.py).
    fields = (*EVENT_RULES, *content_columns(Event, ("title", "description", "place")))
    with transaction.atomic():
        events = []
        for event in (
            Event.objects.filter(programme=copy.source)
            .exclude(status=EventStatus.CANCELLED)
            .exclude(audience=Audience.GROUP)
        ):
            new = Event(
                programme=programme,
                status=EventStatus.DRAFT,
                created_by=copy.by,
                starts_at=copy.shift(event.starts_at),
                ends_at=copy.shift(event.ends_at),
                registration_deadline=(
                    copy.shift(event.registration_deadline) if event.registration_deadline else None
                ),
                **{name: getattr(event, name) for name in fields},
            )
            new.full_clean()
            events.append(new)
        Event.objects.bulk_create(events)

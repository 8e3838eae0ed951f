from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from mentorlab.events.models import Event, EventKind, EventStatus, PeerGroup
from tests.factories import ProgrammeFactory


def in_hours(n: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=n)


class EventFactory(factory.django.DjangoModelFactory):
    """A published event for everyone, a week ahead, with no seat limit."""

    class Meta:
        model = Event

    programme = factory.SubFactory(ProgrammeFactory)
    kind = EventKind.NETWORKING
    title = "Networking evening"
    description = "Meet **everyone** in the programme."
    starts_at = factory.LazyFunction(lambda: in_hours(24 * 7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    place = "Dipoli, Espoo"
    status = EventStatus.PUBLISHED


class PeerGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeerGroup

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Group {n}")
    theme = "Startups"
    is_published = True

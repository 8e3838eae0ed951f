"""Many people register for the last seats at the same moment (PostgreSQL only: SQLite
serialises writes anyway, so it cannot show the race)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from mentorlab.events import services
from mentorlab.events.models import RegistrationStatus
from tests.events.factories import EventFactory
from tests.factories import ActorApplicationFactory, ProgrammeFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_simultaneous_registrations_never_exceed_capacity():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    programme = ProgrammeFactory()
    event = EventFactory(programme=programme, capacity=5)
    people = [UserFactory() for _ in range(20)]
    for person in people:
        ActorApplicationFactory(programme=programme, user=person)
    barrier = threading.Barrier(len(people))
    errors: list[BaseException] = []

    def register(person):
        try:
            barrier.wait()
            services.event_register(event=event, user=person)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    statuses = list(event.registrations.values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.REGISTERED) == 5
    assert statuses.count(RegistrationStatus.WAITLISTED) == 15

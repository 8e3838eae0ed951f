"""Two coordinators pairing the same mentor by hand at the same moment (PostgreSQL only:
SQLite serialises writers anyway and has no row locks)."""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from mentorlab.mentorships import services
from mentorlab.mentorships.models import Mentorship
from mentorlab.programmes.models import MentorApplication
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_two_coordinators_cannot_overfill_a_mentor_at_the_same_moment(
    monkeypatch, programme, coordinator, mentor, actor, other_actor
):
    second_coordinator = UserFactory(email="coordinator2@example.org")
    programme.coordinators.add(second_coordinator)
    MentorApplication.objects.filter(programme=programme, user=mentor).update(capacity=1)

    start = threading.Barrier(2, timeout=10)
    # Both threads meet again once they have counted the mentor's load. Without the row lock
    # both count 0 here and both go on to create; with it, the second thread is still
    # waiting for the lock, so the first one waits out the short timeout and carries on.
    counted = threading.Barrier(2, timeout=1)
    real_load = services.mentor_live_load

    def load_then_meet(**kwargs):
        load = real_load(**kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            counted.wait()
        return load

    monkeypatch.setattr(services, "mentor_live_load", load_then_meet)

    created: list[Mentorship] = []
    refused: list[ValidationError] = []
    unexpected: list[BaseException] = []

    def pair(by, student):
        try:
            start.wait()
            created.append(
                services.mentorship_create_by_coordinator(
                    programme=programme, mentor=mentor, actors=[student], by=by
                )
            )
        except ValidationError as exc:
            refused.append(exc)
        except BaseException as exc:  # reported below
            unexpected.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=pair, args=(coordinator, actor)),
        threading.Thread(target=pair, args=(second_coordinator, other_actor)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not unexpected, unexpected
    assert len(created) == 1 and len(refused) == 1
    assert refused[0].message_dict == {
        "mentor": ["This mentor can take 1 student(s) and already has 1."]
    }
    assert Mentorship.objects.filter(mentor=mentor).count() == 1

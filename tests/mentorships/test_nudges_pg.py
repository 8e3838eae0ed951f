"""Two `send_nudges` runs at the same moment (two machines' cron) nudge each pair once per
condition (PostgreSQL only: SQLite serialises writers anyway and has no row locks)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from mentorlab.mentorships.models import Mentorship, Nudge
from mentorlab.mentorships.nudges import nudges_send_due

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_four_runs_at_once_nudge_each_pair_once(pair, other_pair, actor, mentor):
    Mentorship.objects.update(introduced_at=timezone.now() - dt.timedelta(weeks=3, days=2))
    start = threading.Barrier(4, timeout=10)
    counts: list[int] = []
    unexpected: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            counts.append(nudges_send_due())
        except BaseException as exc:  # reported below
            unexpected.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not unexpected, unexpected
    assert sum(counts) == 2
    assert Nudge.objects.count() == 2
    assert len(mail.outbox) == 4  # two participants in each of the two pairs
    assert nudges_send_due() == 0

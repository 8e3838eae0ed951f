"""Two workers deliver the same queued mails at once: each mail goes out exactly once
(PostgreSQL only: SQLite serialises writes, so it cannot show the race)."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from mentorlab.notifications.models import MailState, OutboxMail
from mentorlab.notifications.outbox import outbox_deliver_due
from tests.notifications.backends import RecordingBackend


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_queued_mail_exactly_once(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks (SKIP LOCKED)")
    settings.EMAIL_BACKEND = "tests.notifications.backends.RecordingBackend"
    RecordingBackend.sent = []
    RecordingBackend.delay = 0.005
    OutboxMail.objects.bulk_create(
        OutboxMail(
            key=f"mail-{i}",
            batch="one-transaction",
            kind="test",
            to_email=f"person{i}@example.org",
            subject="Hello",
            text="Hello",
        )
        for i in range(60)
    )
    barrier = threading.Barrier(2)
    results: list[dict[str, int]] = []
    errors: list[BaseException] = []

    def worker(batch: str | None) -> None:
        try:
            barrier.wait()
            results.append(outbox_deliver_due(batch=batch))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    # One worker runs the batch's task, the other the cron sweep, at the same moment.
    threads = [threading.Thread(target=worker, args=(b,)) for b in ("one-transaction", None)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    sent_to = Counter(address for address, _ in RecordingBackend.sent)
    assert len(sent_to) == 60 and set(sent_to.values()) == {1}
    assert sum(r["sent"] for r in results) == 60
    assert all(r["sent"] > 0 for r in results)  # both workers took part
    assert OutboxMail.objects.filter(state=MailState.SENT).count() == 60

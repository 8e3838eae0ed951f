"""apply_retention started on two machines at once: one works, the other gives up at once
(PostgreSQL only: SQLite allows one writer anyway)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from mentorlab.audit.models import Action, AuditEntry
from mentorlab.programmes.retention import ADVISORY_LOCK_KEY, retention_apply
from tests.programmes.test_retention import ended, student


@pytest.mark.django_db(transaction=True)
def test_a_second_run_while_one_is_working_changes_nothing_and_the_next_one_works():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL advisory locks")
    gone = student(ended(3 * 365), "Ville Vanha")
    holding, release = threading.Event(), threading.Event()

    def other_machine() -> None:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_machine)
    thread.start()
    assert holding.wait(10)
    busy = retention_apply()
    release.set()
    thread.join()
    assert busy.skipped_busy
    assert busy.anonymised == []
    gone.refresh_from_db()
    assert gone.is_active
    assert [c.user for c in retention_apply().anonymised] == [gone]
    assert AuditEntry.objects.filter(action=Action.RETENTION_ANONYMISED).count() == 1

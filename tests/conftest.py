"""Named personas reused by every test: the same five people in every story.

- actor: a student accepted into `programme`
- other_actor: a second student in the same programme
- mentor: an alumna mentoring in `programme`
- other_mentor: another mentor in the same programme
- coordinator: runs `programme` (signs in with an authenticator app, as coordinators must)
- other_coordinator: runs `other_programme` only (also with an authenticator app)
- outsider: has an account and nothing else
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import (
    ActorApplicationFactory,
    MentorApplicationFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.second_factor import sign_in, totp_add


@pytest.fixture(autouse=True)
def _english_and_fast(settings):
    settings.LANGUAGE_CODE = "en"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


_OUTBOX_COMMITS = {"on": False}


@pytest.fixture(autouse=True)
def _outbox_enqueues_when_the_change_commits(monkeypatch):
    """Mail is queued in the caller's transaction and handed to the workers when it commits.
    pytest-django wraps each test in a transaction that never commits, so while a test runs
    its own transaction counts as "no transaction": the outbox's on-commit callbacks run when
    the outermost atomic block of the code under test ends without error (or at once outside
    one), as in production, and are dropped when it rolls back. Other on-commit callbacks are
    left to `django_capture_on_commit_callbacks` as before. Mail queued while fixtures set
    the scene stays queued (as before the outbox, when it was never sent)."""
    from django.db import connections
    from django.db.transaction import Atomic

    conn = connections["default"]
    original_on_commit = conn.on_commit
    original_exit = Atomic.__exit__

    def committing() -> bool:
        return (
            _OUTBOX_COMMITS["on"]
            and conn.in_atomic_block
            and all(getattr(block, "_from_testcase", False) for block in conn.atomic_blocks)
        )

    def on_commit(func, robust=False):
        if getattr(func, "outbox", False) and committing():
            func()
        else:
            original_on_commit(func, robust)

    def exit_(self, exc_type, exc_value, traceback):
        result = original_exit(self, exc_type, exc_value, traceback)
        if self.using in (None, "default") and exc_type is None and committing():
            due = [entry for entry in conn.run_on_commit if getattr(entry[1], "outbox", False)]
            conn.run_on_commit = [entry for entry in conn.run_on_commit if entry not in due]
            for _, func, _ in due:
                func()
        return result

    monkeypatch.setattr(conn, "on_commit", on_commit)
    monkeypatch.setattr(Atomic, "__exit__", exit_)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    from django.db import connections

    from mentorlab.notifications import mail

    # What the fixtures queued is not part of the test: forget its pending hand-over.
    conn = connections["default"]
    conn.run_on_commit = [e for e in conn.run_on_commit if not getattr(e[1], "outbox", False)]
    mail._local.batch = None
    _OUTBOX_COMMITS["on"] = True
    try:
        return (yield)
    finally:
        _OUTBOX_COMMITS["on"] = False


@pytest.fixture
def programme(coordinator):
    programme = ProgrammeFactory(name="Mentoring 2031", slug="mentoring-2031")
    programme.coordinators.add(coordinator)
    return programme


@pytest.fixture
def other_programme(other_coordinator):
    programme = ProgrammeFactory(name="Other programme", slug="other-programme")
    programme.coordinators.add(other_coordinator)
    return programme


@pytest.fixture
def coordinator(db):
    user = UserFactory(email="coordinator@example.org", full_name="Cora Coordinator")
    totp_add(user)
    return user


@pytest.fixture
def other_coordinator(db):
    user = UserFactory(email="other.coordinator@example.org", full_name="Olli Othercoord")
    totp_add(user)
    return user


@pytest.fixture
def actor(programme):
    user = UserFactory(email="actor@example.org", full_name="Aino Actor")
    ActorApplicationFactory(programme=programme, user=user)
    return user


@pytest.fixture
def other_actor(programme):
    user = UserFactory(email="actor2@example.org", full_name="Bea Second")
    ActorApplicationFactory(programme=programme, user=user, goals="I want to start a company.")
    return user


@pytest.fixture
def mentor(programme):
    user = UserFactory(email="mentor@example.org", full_name="Maija Mentor")
    MentorApplicationFactory(programme=programme, user=user)
    return user


@pytest.fixture
def other_mentor(programme):
    user = UserFactory(email="mentor2@example.org", full_name="Niko Othermentor")
    MentorApplicationFactory(programme=programme, user=user, employer="Wärtsilä")
    return user


@pytest.fixture
def outsider(db):
    return UserFactory(email="outsider@example.org", full_name="Otto Outsider")


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        sign_in(client, user)
    return client


@pytest.fixture
def as_user():
    """`as_user(persona)` gives a logged-in test client (None gives an anonymous one)."""
    return client_for

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

"""Coordinators and staff reach the API only with their second factor, as the coordinator
pages require: a token works only while they have one and is made only in a session that
proved it; the session works for the API only once it proved it."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from mentorlab.accounts import services
from mentorlab.accounts.models import ApiToken
from tests.factories import ProgrammeFactory, UserFactory
from tests.second_factor import sign_in, totp_add


@pytest.fixture
def bare_coordinator(db):
    """A coordinator who has not set up a second factor."""
    user = UserFactory(email="new.coordinator@example.org")
    ProgrammeFactory(slug="mentoring-2031").coordinators.add(user)
    return user


def bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_a_token_of_a_coordinator_without_a_second_factor_is_refused(bare_coordinator):
    # e.g. made as a student, before they became a coordinator
    _token, secret = services.api_token_create(user=bare_coordinator, name="old")
    response = bearer(secret).get("/api/v1/programmes/")
    assert response.status_code == 401
    assert "two-factor" in response.json()["detail"]
    totp_add(bare_coordinator)
    assert bearer(secret).get("/api/v1/programmes/").status_code == 200


def test_staff_without_a_second_factor_are_refused_too(db):
    staff = UserFactory(is_staff=True)
    _token, secret = services.api_token_create(user=staff, name="ops")
    assert bearer(secret).get("/api/v1/programmes/").status_code == 401


def test_a_coordinators_session_uses_the_api_only_after_the_second_factor(coordinator, programme):
    unproven = Client()
    unproven.force_login(coordinator)  # a session that never showed the code
    response = unproven.get("/api/v1/programmes/")
    assert response.status_code == 401
    assert "two-factor" in response.json()["detail"]
    assert sign_in(Client(), coordinator).get("/api/v1/programmes/").status_code == 200


def test_a_coordinator_without_a_second_factor_is_sent_to_set_one_up_before_a_token(
    bare_coordinator,
):
    response = sign_in(Client(), bare_coordinator).post("/me/tokens/", {"name": "CRM"})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")
    assert not ApiToken.objects.exists()


def test_a_coordinator_whose_session_never_showed_the_code_is_asked_for_it(coordinator, programme):
    client = Client()
    client.force_login(coordinator)
    response = client.post("/me/tokens/", {"name": "CRM"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert not ApiToken.objects.exists()


def test_a_coordinator_with_a_proven_second_factor_makes_a_token(coordinator, programme):
    response = sign_in(Client(), coordinator).post("/me/tokens/", {"name": "CRM"})
    assert response.status_code == 200
    assert ApiToken.objects.filter(user=coordinator).count() == 1


def test_a_student_makes_a_token_without_a_second_factor(actor):
    response = sign_in(Client(), actor).post("/me/tokens/", {"name": "Portal"})
    assert response.status_code == 200


def test_the_command_refuses_a_coordinator_without_a_second_factor(bare_coordinator):
    with pytest.raises(CommandError, match="second factor"):
        call_command("api_token", bare_coordinator.email, "--name", "ops")
    assert not ApiToken.objects.exists()

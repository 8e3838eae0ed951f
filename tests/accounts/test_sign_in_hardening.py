"""Sign-in pages that give an attacker nothing: the reset form does not tell who has an
account, and wrong passwords from one place do not lock the owner out elsewhere."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
ATTACKER = "203.0.113.7"
OWNER = "198.51.100.23"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def _verified(user):
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def _without_csrf(html: str) -> str:
    """The page less its CSRF tokens, which are masked anew on every response."""
    return re.sub(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', r"\1", html)


def _sign_in(client: Client, email: str, password: str, ip: str):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip
    )


def test_password_reset_answers_the_same_whether_or_not_the_address_has_an_account(client, actor):
    _verified(actor)
    known = client.post(reverse("account_reset_password"), {"email": actor.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    done_known = _without_csrf(client.get(known["Location"]).content.decode())
    done_unknown = _without_csrf(client.get(unknown["Location"]).content.decode())
    assert done_known == done_unknown
    # Each address is told by e-mail: a link for the account, a note for the unknown one.
    assert [m.to for m in mail.outbox] == [[actor.email], ["nobody@example.org"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body


def test_password_reset_still_refuses_a_malformed_address(client):
    response = client.post(reverse("account_reset_password"), {"email": "not-an-address"})
    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()


def test_wrong_passwords_from_one_client_do_not_lock_the_owner_out_elsewhere(coordinator):
    _verified(coordinator)
    attacker = Client()
    for _ in range(6):
        _sign_in(attacker, coordinator.email, "guess", ATTACKER)
    owner = Client()
    response = _sign_in(owner, coordinator.email, PASSWORD, OWNER)
    assert response.status_code == 302
    # The owner gets on to the second step (the authenticator code), not "too many attempts".
    assert response["Location"] == reverse("mfa_authenticate")


def test_the_guessing_client_is_still_throttled_even_with_the_right_password(actor):
    _verified(actor)
    attacker = Client()
    bodies = [_sign_in(attacker, actor.email, "guess", ATTACKER).content.decode() for _ in range(6)]
    assert "Too many failed login attempts" not in bodies[0]
    assert "Too many failed login attempts" in bodies[-1]
    again = _sign_in(attacker, actor.email, PASSWORD, ATTACKER)
    assert "Too many failed login attempts" in again.content.decode()
    assert not again.wsgi_request.user.is_authenticated


def test_one_client_guessing_many_accounts_is_throttled_by_its_address(db):
    from tests.factories import UserFactory

    users = [_verified(UserFactory()) for _ in range(11)]
    attacker = Client()
    bodies = [_sign_in(attacker, user.email, "guess", ATTACKER).content.decode() for user in users]
    assert "Too many failed login attempts" not in bodies[0]
    assert "Too many failed login attempts" in bodies[-1]

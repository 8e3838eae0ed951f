from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from mentorlab.accounts.models import User

pytestmark = pytest.mark.django_db


def _signup(client, email="new.person@example.org", name="New Person"):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "full_name": name,
            "password1": "a-long-Unusual-passphrase-42",
            "password2": "a-long-Unusual-passphrase-42",
        },
    )


def test_signup_sends_verification_and_confirming_signs_in(client):
    response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert user.full_name == "New Person"
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    # Unverified: cannot sign in yet.
    client.logout()
    login = client.post(
        reverse("account_login"),
        {"login": "new.person@example.org", "password": "a-long-Unusual-passphrase-42"},
    )
    assert not login.wsgi_request.user.is_authenticated
    path = link.group(0).split("testserver", 1)[-1]
    confirm = client.post(path)
    assert confirm.status_code == 302
    home = client.get(reverse("core:home"))
    assert home.wsgi_request.user.is_authenticated
    assert "Hello, New" in home.content.decode()


def test_signup_rejects_taken_email_and_keeps_name(client, actor):
    response = _signup(client, email="actor@example.org", name="Someone Else")
    assert response.status_code == 200
    body = response.content.decode()
    assert "already registered" in body
    assert 'value="Someone Else"' in body
    assert User.objects.filter(email="actor@example.org").count() == 1


def test_login_and_logout(client, actor):
    response = client.post(
        reverse("account_login"),
        {"login": "actor@example.org", "password": "correct horse battery"},
    )
    # The actor persona has no verified address, so allauth asks for verification first.
    assert response.status_code == 302
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=actor, email=actor.email, defaults={"verified": True, "primary": True}
    )
    response = client.post(
        reverse("account_login"),
        {"login": "actor@example.org", "password": "correct horse battery"},
    )
    assert response.status_code == 302
    assert client.get(reverse("core:home")).wsgi_request.user == actor
    client.post(reverse("account_logout"))
    assert not client.get(reverse("core:home")).wsgi_request.user.is_authenticated


def test_login_is_throttled_after_repeated_failures(client, actor, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    bodies = [
        client.post(
            reverse("account_login"), {"login": actor.email, "password": "wrong"}
        ).content.decode()
        for _ in range(6)
    ]
    assert "Too many failed login attempts" not in bodies[0]
    assert "Too many failed login attempts" in bodies[-1]
    # Even the right password is refused while the account is throttled.
    ok = client.post(
        reverse("account_login"), {"login": actor.email, "password": "correct horse battery"}
    )
    assert not ok.wsgi_request.user.is_authenticated


def test_password_reset_sends_a_link(client, actor):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=actor, email=actor.email, verified=True, primary=True)
    response = client.post(reverse("account_reset_password"), {"email": actor.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_passwords_are_hashed_with_argon2():
    from mentorlab import settings as project_settings

    # The test run swaps in a fast hasher; the project's own setting is what production uses.
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_profile_edit_saves_own_data(as_user, actor):
    client = as_user(actor)
    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Aino A. Actor", "preferred_name": "Aino", "language": "fi", "bio": "Hi"},
    )
    assert response.status_code == 302
    actor.refresh_from_db()
    assert actor.full_name == "Aino A. Actor"
    assert actor.language == "fi"


def test_profile_requires_a_name_and_keeps_input(as_user, actor):
    client = as_user(actor)
    response = client.post(
        reverse("accounts:profile"), {"full_name": "", "bio": "Something I typed", "language": "en"}
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert "Something I typed" in response.content.decode()
    actor.refresh_from_db()
    assert actor.full_name == "Aino Actor"


def test_profile_needs_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_sign_in_page_has_the_passkey_form_its_button_submits(client):
    """The "Sign in with a passkey" button submits the form `mfa_login` with allauth's script;
    the site's layout dropped allauth's `extra_body` block, so the form and the script were
    missing and the button did nothing (the Nu HTML checker found it)."""
    html = client.get(reverse("account_login")).content.decode()
    assert 'form="mfa_login"' in html
    assert 'id="mfa_login"' in html
    assert "mfa/js/webauthn.js" in html

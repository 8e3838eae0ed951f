"""OpenID Connect sign-in, end to end against a real provider on localhost.

The Django test client plays the browser on Mentorlab's side, `requests` plays it at the
provider, and allauth talks to the provider over HTTP (discovery, token, userinfo, JWKS).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.test import Client
from django.urls import reverse

from mentorlab.accounts.models import User
from mentorlab.accounts.sso_config import social_providers_from_env

from .oidc_provider import OIDCProvider

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/accounts/oidc/uni/login/callback/"


@pytest.fixture
def university(settings) -> Iterator[OIDCProvider]:
    with OIDCProvider(
        client_id="mentorlab", client_secret="s3cret-for-tests", redirect_uris=[CALLBACK]
    ) as provider:
        settings.SOCIALACCOUNT_PROVIDERS = social_providers_from_env(
            {
                "OIDC_PROVIDERS": "uni",
                "OIDC_UNI_NAME": "University of Testing",
                "OIDC_UNI_SERVER_URL": provider.issuer,
                "OIDC_UNI_CLIENT_ID": "mentorlab",
                "OIDC_UNI_SECRET": "s3cret-for-tests",
            }
        )
        yield provider


def _start(client: Client, provider: OIDCProvider) -> str:
    """Press the university button; returns where the provider sends the browser back."""
    start = client.post(reverse("openid_connect_login", kwargs={"provider_id": "uni"}))
    assert start.status_code == 302
    assert start["Location"].startswith(f"{provider.issuer}/authorize?")
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = at_provider.headers["Location"]
    assert back.startswith(CALLBACK)
    return back.removeprefix("http://testserver")


def _sso_sign_in(client: Client, provider: OIDCProvider, **person: Any) -> Any:
    provider.person = person
    return client.get(_start(client, provider), follow=True)


def _sign_out(client: Client) -> None:
    client.post(reverse("account_logout"))
    assert not client.get(reverse("core:home")).wsgi_request.user.is_authenticated


def _verified(user: User) -> User:
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_login_page_shows_the_university_button_only_when_configured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = social_providers_from_env({})
    body = client.get(reverse("account_login")).content.decode()
    assert "Students and staff" not in body
    assert "Connected accounts" not in body
    assert 'action="/accounts/oidc/' not in body


def test_login_page_offers_the_university_account(client, university):
    body = client.get(reverse("account_login")).content.decode()
    assert "Students and staff" in body
    assert "Sign in with University of Testing" in body


def test_new_student_signs_up_with_the_university_account_then_out_and_in(client, university):
    person = {
        "sub": "stu-100",
        "email": "uma.student@uni.example",
        "email_verified": True,
        "name": "Uma Student",
    }
    page = _sso_sign_in(client, university, **person)

    assert page.wsgi_request.user.is_authenticated
    assert "Hello, Uma" in page.content.decode()
    user = User.objects.get(email="uma.student@uni.example")
    assert user.full_name == "Uma Student"
    assert not user.has_usable_password()
    assert SocialAccount.objects.get(user=user).uid == "stu-100"
    assert EmailAddress.objects.get(user=user).verified
    assert mail.outbox == []  # the university vouched for the address
    assert "POST /token" in university.requests_seen
    assert "GET /userinfo" in university.requests_seen

    _sign_out(client)
    again = _sso_sign_in(client, university, **person)
    assert again.wsgi_request.user == user
    assert User.objects.filter(email="uma.student@uni.example").count() == 1


def test_existing_student_with_the_same_verified_email_is_connected(client, university, actor):
    _verified(actor)
    users_before = User.objects.count()

    page = _sso_sign_in(
        client,
        university,
        sub="stu-200",
        email="actor@example.org",
        email_verified=True,
        name="Aino Actor",
    )

    assert page.wsgi_request.user == actor
    assert "Hello, Aino" in page.content.decode()
    assert SocialAccount.objects.get(provider="uni", uid="stu-200").user == actor
    assert User.objects.count() == users_before
    actor.refresh_from_db()
    assert actor.has_usable_password()  # e-mail and password keep working

    _sign_out(client)
    # The connection now identifies her, even if the university changes her address.
    again = _sso_sign_in(
        client, university, sub="stu-200", email="aino@uni.example", email_verified=True
    )
    assert again.wsgi_request.user == actor


def test_unverified_email_never_signs_in_to_an_existing_account(client, university, actor):
    _verified(actor)

    page = _sso_sign_in(
        client,
        university,
        sub="intruder-1",
        email="actor@example.org",
        email_verified=False,
        name="Not Aino",
    )

    assert page.wsgi_request.user != actor
    assert not page.wsgi_request.user.is_authenticated
    assert not SocialAccount.objects.filter(user=actor).exists()
    assert User.objects.filter(email="actor@example.org").count() == 1
    # The person is asked to sign up instead, and the address is not theirs to take.
    assert page.redirect_chain[-1][0] == reverse("socialaccount_signup")
    assert 'value="Not Aino"' in page.content.decode()
    taken = client.post(
        reverse("socialaccount_signup"), {"email": "actor@example.org", "full_name": "Not Aino"}
    )
    assert "An account already exists with this email address" in taken.content.decode()
    assert not taken.wsgi_request.user.is_authenticated
    assert not SocialAccount.objects.exists()
    assert User.objects.filter(email="actor@example.org").count() == 1


def test_unverified_email_of_a_new_person_must_be_verified_first(client, university):
    page = _sso_sign_in(
        client,
        university,
        sub="stu-300",
        email="vera.unverified@uni.example",
        email_verified=False,
        name="Vera Unverified",
    )

    user = User.objects.get(email="vera.unverified@uni.example")
    assert not page.wsgi_request.user.is_authenticated
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert "vera.unverified@uni.example" in mail.outbox[0].to


def test_callback_with_a_forged_state_is_refused_and_logged(client, university, caplog):
    university.person = {"sub": "stu-400", "email": "x@uni.example", "email_verified": True}
    back = _start(client, university)
    code = back.split("code=", 1)[1].split("&", 1)[0]
    forged = f"/accounts/oidc/uni/login/callback/?code={code}&state=forged-by-attacker"

    with caplog.at_level(logging.WARNING, logger="mentorlab.accounts.sso"):
        page = client.get(forged)

    assert page.status_code == 401
    body = page.content.decode()
    assert "Sign-in refused" in body
    assert "did not start on this site" in body
    assert not page.wsgi_request.user.is_authenticated
    assert not User.objects.filter(email="x@uni.example").exists()
    assert "POST /token" not in university.requests_seen  # the code was never redeemed
    assert any("reason=state" in r.getMessage() for r in caplog.records)


@pytest.fixture
def linkedin(settings, university) -> Iterator[OIDCProvider]:
    """LinkedIn's OpenID Connect sign-in, played by a second local provider."""
    callback = "http://testserver/accounts/oidc/linkedin/login/callback/"
    with OIDCProvider(
        client_id="li-client", client_secret="li-secret", redirect_uris=[callback]
    ) as provider:
        apps = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]
        apps.append(
            {
                "provider_id": "linkedin",
                "name": "LinkedIn",
                "client_id": "li-client",
                "secret": "li-secret",
                "settings": {"server_url": provider.issuer},
            }
        )
        yield provider


def _via(client: Client, provider: OIDCProvider, provider_id: str, query: str = "") -> Any:
    start = client.post(
        reverse("openid_connect_login", kwargs={"provider_id": provider_id}) + query
    )
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    return client.get(
        at_provider.headers["Location"].removeprefix("http://testserver"), follow=True
    )


def test_alumna_connects_linkedin_from_her_profile_and_signs_in_with_it(client, linkedin, mentor):
    _verified(mentor)  # she signed up with e-mail and confirmed it
    client.force_login(mentor)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "Connected accounts" in profile
    assert reverse("socialaccount_connections") in profile
    assert "LinkedIn" in client.get(reverse("socialaccount_connections")).content.decode()

    linkedin.person = {
        "sub": "li-777",
        "email": "maija.private@mail.example",
        "email_verified": True,
        "name": "Maija Mentor",
    }
    connected = _via(client, linkedin, "linkedin", "?process=connect")
    assert connected.wsgi_request.user == mentor
    assert SocialAccount.objects.get(provider="linkedin").user == mentor

    _sign_out(client)
    login_page = client.get(reverse("account_login")).content.decode()
    assert "Sign in with LinkedIn" in login_page
    # Her LinkedIn address is not her Mentorlab address: the connection identifies her.
    again = _via(client, linkedin, "linkedin")
    assert again.wsgi_request.user == mentor
    mentor.refresh_from_db()
    assert mentor.has_usable_password()  # e-mail and password still work


def test_erasure_removes_the_connection_and_the_data_export_lists_it(client, university):
    person = {"sub": "stu-900", "email": "erkki@uni.example", "email_verified": True}
    person["name"] = "Erkki Erased"
    user = _sso_sign_in(client, university, **person).wsgi_request.user
    export = client.post(reverse("accounts:data_export"))
    connected = json.loads(export.content)["accounts"]["connected_accounts"]
    assert [(c["provider"], c["uid"]) for c in connected] == [("uni", "stu-900")]

    client.post(reverse("accounts:account_delete"), {"confirmation": "erkki@uni.example"})
    assert not SocialAccount.objects.filter(user=user).exists()

    # Signing in with the same university account later starts afresh.
    fresh = _sso_sign_in(client, university, **person)
    assert fresh.wsgi_request.user.is_authenticated
    assert fresh.wsgi_request.user.pk != user.pk

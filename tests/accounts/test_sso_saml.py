"""SAML 2.0 sign-in (e.g. Haka) against an IdP whose key and signed assertions the test makes.

The browser's part is played by the test client: it starts the sign-in (AuthnRequest to the
IdP), and posts the IdP's signed response to allauth's assertion consumer service.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.urls import reverse

from mentorlab.accounts.models import User
from mentorlab.accounts.sso_config import social_providers_from_env

from .saml_idp import SAMLIdP, key_and_certificate

pytestmark = pytest.mark.django_db

HOST = "mentoring.uni.example"
ACS = f"http://{HOST}/accounts/saml/uni/acs/"
SP_ENTITY_ID = f"http://{HOST}/accounts/saml/uni/metadata/"


@pytest.fixture
def client(settings) -> Client:
    # A browser always sends Host; python3-saml builds the URLs it checks from it (and
    # refuses single-label names such as "testserver").
    settings.ALLOWED_HOSTS = [HOST]
    return Client(HTTP_HOST=HOST)


@pytest.fixture
def idp(settings) -> SAMLIdP:
    idp = SAMLIdP()
    settings.SOCIALACCOUNT_PROVIDERS = social_providers_from_env(
        {
            "SAML_PROVIDERS": "uni",
            "SAML_UNI_NAME": "University of Testing",
            "SAML_UNI_IDP_ENTITY_ID": idp.entity_id,
            "SAML_UNI_IDP_SSO_URL": idp.sso_url,
            "SAML_UNI_IDP_X509CERT": idp.certificate,
            "SAML_UNI_VERIFIED_EMAIL": "uni.example,example.org",
        }
    )
    return idp


def _start(client: Client, idp: SAMLIdP) -> str:
    """Press the university button; returns the AuthnRequest's ID the IdP answers."""
    start = client.post(reverse("saml_login", kwargs={"organization_slug": "uni"}))
    assert start.status_code == 302
    assert start["Location"].startswith(idp.sso_url)
    return idp.request_id(start["Location"])


def _person(**overrides: Any) -> dict[str, Any]:
    return {
        "eppn": "saku@uni.example",
        "email": "saku.student@uni.example",
        "name": "Saku Student",
        **overrides,
    }


def _post_response(client: Client, saml_response: str) -> Any:
    return client.post(
        reverse("saml_acs", args=["uni"]), {"SAMLResponse": saml_response}, follow=True
    )


def _sign_in(client: Client, idp: SAMLIdP, **person: Any) -> Any:
    request_id = _start(client, idp)
    response = idp.response(
        acs_url=ACS, audience=SP_ENTITY_ID, in_response_to=request_id, **_person(**person)
    )
    return _post_response(client, response)


def _sign_out(client: Client) -> None:
    client.post(reverse("account_logout"))
    assert not client.get(reverse("core:home")).wsgi_request.user.is_authenticated


def test_login_page_offers_the_saml_university_account(client, idp):
    assert (
        "Sign in with University of Testing"
        in client.get(reverse("account_login")).content.decode()
    )


def test_new_student_signs_up_with_saml_then_out_and_in(client, idp):
    page = _sign_in(client, idp)

    assert page.wsgi_request.user.is_authenticated
    assert "Hello, Saku" in page.content.decode()
    user = User.objects.get(email="saku.student@uni.example")
    assert user.full_name == "Saku Student"
    assert SocialAccount.objects.get(user=user, provider="saml").uid == "saku@uni.example"
    assert EmailAddress.objects.get(user=user).verified

    _sign_out(client)
    again = _sign_in(client, idp)
    assert again.wsgi_request.user == user
    assert User.objects.filter(email="saku.student@uni.example").count() == 1


def test_existing_student_with_an_address_the_idp_vouches_for_is_connected(client, idp, actor):
    EmailAddress.objects.create(user=actor, email=actor.email, verified=True, primary=True)

    page = _sign_in(client, idp, eppn="aino@uni.example", email="actor@example.org")

    assert page.wsgi_request.user == actor
    assert SocialAccount.objects.get(uid="aino@uni.example").user == actor
    _sign_out(client)
    assert (
        _sign_in(client, idp, eppn="aino@uni.example", email="actor@example.org").wsgi_request.user
        == actor
    )


def test_address_the_idp_does_not_vouch_for_never_connects(client, idp, actor, settings):
    EmailAddress.objects.create(user=actor, email=actor.email, verified=True, primary=True)
    # This IdP's own domain only: an example.org address it sends is unverified.
    settings.SOCIALACCOUNT_PROVIDERS["saml"]["APPS"][0]["settings"]["verified_email"] = [
        "uni.example"
    ]

    page = _sign_in(client, idp, eppn="not-aino@uni.example", email="actor@example.org")

    assert page.wsgi_request.user != actor
    assert not page.wsgi_request.user.is_authenticated
    assert not SocialAccount.objects.filter(user=actor).exists()
    assert page.redirect_chain[-1][0] == reverse("socialaccount_signup")


def _refused(client: Client, saml_response: str, caplog: Any) -> Any:
    users, links = User.objects.count(), SocialAccount.objects.count()
    with caplog.at_level(logging.WARNING, logger="mentorlab.accounts.sso"):
        page = _post_response(client, saml_response)
    assert page.status_code == 401
    assert "Sign-in refused" in page.content.decode()
    assert not page.wsgi_request.user.is_authenticated
    assert (User.objects.count(), SocialAccount.objects.count()) == (users, links)
    return page


def test_assertion_with_a_bad_signature_is_refused(client, idp, caplog):
    request_id = _start(client, idp)
    genuine = idp.response(
        acs_url=ACS, audience=SP_ENTITY_ID, in_response_to=request_id, **_person()
    )
    # Someone changes the signed address to take over another account.
    xml = (
        base64.b64decode(genuine).decode().replace("saku.student@uni.example", "actor@example.org")
    )
    page = _refused(client, base64.b64encode(xml.encode()).decode(), caplog)

    assert "not signed with its known key" in page.content.decode()
    assert any("reason=signature" in r.getMessage() for r in caplog.records)


def test_assertion_signed_by_another_key_is_refused(client, idp, caplog):
    request_id = _start(client, idp)
    other_key, other_cert = key_and_certificate("evil.example")
    forged = idp.response(
        acs_url=ACS,
        audience=SP_ENTITY_ID,
        in_response_to=request_id,
        signing_key=other_key,
        signing_certificate=other_cert,
        **_person(),
    )
    page = _refused(client, forged, caplog)
    assert "not signed with its known key" in page.content.decode()


def test_assertion_for_another_audience_is_refused(client, idp, caplog):
    request_id = _start(client, idp)
    other = idp.response(
        acs_url=ACS,
        audience="https://another-service.example/sp",
        in_response_to=request_id,
        **_person(),
    )
    page = _refused(client, other, caplog)
    assert "meant for another service" in page.content.decode()
    assert any("reason=audience" in r.getMessage() for r in caplog.records)


def test_expired_assertion_is_refused(client, idp, caplog):
    request_id = _start(client, idp)
    stale = idp.response(
        acs_url=ACS,
        audience=SP_ENTITY_ID,
        in_response_to=request_id,
        lifetime=-dt.timedelta(minutes=30),
        **_person(),
    )
    page = _refused(client, stale, caplog)
    assert "has expired" in page.content.decode()
    assert any("reason=expired" in r.getMessage() for r in caplog.records)


def test_replayed_assertion_is_refused(client, idp, caplog):
    request_id = _start(client, idp)
    response = idp.response(
        acs_url=ACS, audience=SP_ENTITY_ID, in_response_to=request_id, **_person()
    )
    assert _post_response(client, response).wsgi_request.user.is_authenticated
    _sign_out(client)

    # The same signed response, posted again (from another browser, with a fresh start).
    thief = Client(HTTP_HOST=HOST)
    _start(thief, idp)
    page = _refused(thief, response, caplog)
    assert "already been used" in page.content.decode()
    assert any("reason=replayed" in r.getMessage() for r in caplog.records)


def test_service_provider_metadata_for_the_federation(client, idp):
    metadata = client.get(reverse("saml_metadata", args=["uni"]))
    assert metadata.status_code == 200
    body = metadata.content.decode()
    assert f'entityID="{SP_ENTITY_ID}"' in body
    assert f'Location="{ACS}"' in body

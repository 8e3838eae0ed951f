"""Personal API tokens: made and revoked on the profile page (or by a command), stored
hashed, shown once, refused once revoked or expired."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from mentorlab.accounts import services
from mentorlab.accounts.models import ApiToken


def bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_the_secret_is_stored_only_as_a_digest(actor):
    token, secret = services.api_token_create(user=actor, name="CRM")
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in str(stored.__dict__.values())
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(f"mlab_{stored.prefix}_")


def test_a_token_signs_its_owner_in_and_records_when_it_was_used(actor):
    token, secret = services.api_token_create(user=actor, name="CRM")
    response = bearer(secret).get("/api/v1/me/applications/")
    assert response.status_code == 200
    assert response.json()["results"][0]["applicant"]["name"] == actor.full_name
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "mangle",
    [
        lambda s: s[:-1] + ("A" if s[-1] != "A" else "B"),  # wrong secret, right prefix
        lambda s: "mlab_00000000_" + s.rsplit("_", 1)[1],  # unknown prefix
        lambda s: "nonsense",
        lambda s: s + " extra",  # three words in the header
    ],
)
def test_a_wrong_token_is_a_401_that_says_nothing_more(actor, mangle):
    _token, secret = services.api_token_create(user=actor, name="CRM")
    response = bearer(mangle(secret)).get("/api/v1/programmes/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_a_revoked_token_is_refused_at_once(actor):
    token, secret = services.api_token_create(user=actor, name="CRM")
    services.api_token_revoke(token=token, by=actor)
    response = bearer(secret).get("/api/v1/programmes/")
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_an_expired_token_is_refused(actor):
    token, secret = services.api_token_create(
        user=actor, name="CRM", expires_at=timezone.now() + dt.timedelta(days=1)
    )
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    assert bearer(secret).get("/api/v1/programmes/").status_code == 401


def test_a_deactivated_account_cannot_use_its_tokens(actor):
    _token, secret = services.api_token_create(user=actor, name="CRM")
    actor.is_active = False
    actor.save(update_fields=["is_active"])
    assert bearer(secret).get("/api/v1/programmes/").status_code == 401


def test_a_token_needs_a_name_and_a_future_expiry(actor):
    with pytest.raises(ValidationError) as caught:
        services.api_token_create(
            user=actor, name="  ", expires_at=timezone.now() - dt.timedelta(days=1)
        )
    assert set(caught.value.message_dict) == {"name", "expires_at"}
    assert not ApiToken.objects.exists()


def test_nobody_revokes_someone_elses_token(actor, outsider, as_user):
    token, _secret = services.api_token_create(user=actor, name="CRM")
    response = as_user(outsider).post(f"/me/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_profile_page_makes_a_token_and_shows_the_secret_once(actor, as_user):
    client = as_user(actor)
    response = client.post("/me/tokens/", {"name": "Alumni CRM sync", "expires_days": "30"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    token = ApiToken.objects.get(user=actor)
    secret = page.split('<code id="api-token-secret">', 1)[1].split("</code>", 1)[0]
    assert secret.startswith(f"mlab_{token.prefix}_")
    assert bearer(secret).get("/api/v1/programmes/").status_code == 200
    assert token.expires_at is not None
    # The profile lists the token by name and prefix, never with its secret.
    profile = client.get("/me/profile/").content.decode()
    assert "Alumni CRM sync" in profile and token.prefix in profile
    assert secret not in profile


def test_profile_page_refuses_a_nameless_token_on_the_form(actor, as_user):
    response = as_user(actor).post("/me/tokens/", {"name": "", "expires_days": "0"})
    assert response.status_code == 400
    form = response.context["token_form"]
    assert set(form.errors) == {"name", "expires_days"}
    assert not ApiToken.objects.exists()


def test_profile_page_revokes_a_token(actor, as_user):
    token, secret = services.api_token_create(user=actor, name="CRM")
    response = as_user(actor).post(f"/me/tokens/{token.pk}/revoke/", follow=True)
    assert "has been revoked" in response.content.decode()
    assert bearer(secret).get("/api/v1/programmes/").status_code == 401


def test_token_pages_are_post_only_and_need_a_sign_in(actor, client):
    assert client.post("/me/tokens/", {"name": "x"}).status_code == 302
    client.force_login(actor)
    assert client.get("/me/tokens/").status_code == 405


def test_command_prints_a_working_token(actor):
    out = StringIO()
    call_command("api_token", actor.email, "--name", "ops", "--expires-days", "7", stdout=out)
    secret = out.getvalue().strip()
    assert bearer(secret).get("/api/v1/programmes/").status_code == 200
    token = ApiToken.objects.get(user=actor)
    assert token.name == "ops"
    assert token.expires_at is not None


def test_command_refuses_an_unknown_address(db):
    with pytest.raises(CommandError):
        call_command("api_token", "nobody@example.org", "--name", "ops")


def test_each_token_has_its_own_rate_limit(actor, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api": "2/minute"},
    }
    _t, first = services.api_token_create(user=actor, name="one")
    _t, second = services.api_token_create(user=actor, name="two")
    statuses = [bearer(first).get("/api/v1/programmes/").status_code for _i in range(3)]
    assert statuses == [200, 200, 429]
    assert bearer(second).get("/api/v1/programmes/").status_code == 200


def test_the_data_export_lists_tokens_without_secrets_and_erasure_removes_them(actor):
    from mentorlab.accounts import privacy

    _token, secret = services.api_token_create(user=actor, name="CRM")
    exported = privacy.export(actor)["api_tokens"]
    assert [t["name"] for t in exported] == ["CRM"]
    assert "digest" not in exported[0] and secret not in str(exported)
    privacy.erase(actor)
    assert not ApiToken.objects.exists()

"""The demo coordinator signs in with a second factor too: `manage.py demo_totp` gives the
code."""

from __future__ import annotations

import io

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from mentorlab.programmes import demo

pytestmark = pytest.mark.django_db


def test_demo_coordinator_signs_in_with_the_printed_code():
    cache.clear()
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())  # safe to run twice: still one authenticator
    assert Authenticator.objects.filter(user__email=demo.COORDINATOR, type="totp").count() == 1
    assert EmailAddress.objects.filter(email=demo.COORDINATOR, verified=True).exists()

    out, err = io.StringIO(), io.StringIO()
    call_command("demo_totp", stdout=out, stderr=err)
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    assert demo.DEMO_TOTP_SECRET in err.getvalue()

    client = Client()
    login = client.post(
        reverse("account_login"), {"login": demo.COORDINATOR, "password": demo.DEMO_PASSWORD}
    )
    assert login["Location"] == reverse("mfa_authenticate")
    # The printed code is the one the app shows now (or, at a window's edge, the next one).
    codes = {code, demo.demo_totp_code()[0]}
    assert any(
        client.post(reverse("mfa_authenticate"), {"code": c}).status_code == 302 for c in codes
    )
    overview = client.get(reverse("dashboard:overview", args=["mentoring-2026"]))
    assert overview.status_code == 200

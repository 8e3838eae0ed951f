"""An app plugs into the privacy rights by registering; the collector runs what is
registered, in the registered order, with accounts last."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from mentorlab.accounts.models import User
from mentorlab.accounts.privacy import (
    account_erase,
    data_export,
    erasure_preview,
    privacy_providers,
    register_privacy,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

seen: list[str] = []


def _export(user: User) -> dict[str, Any]:
    return {"note": "kept by the test app"}


def _erase(user: User) -> None:
    # The account is anonymised only after every app has done its part.
    seen.append(f"erase while active={user.is_active}")


def _preview(user: User) -> dict[str, Any]:
    return {"test_app_warning": "something will end"}


@pytest.fixture
def test_app() -> Iterator[None]:
    seen.clear()
    register_privacy("test_app", order=999, export=_export, erase=_erase, preview=_preview)
    yield
    privacy_providers.unregister("test_app")


def test_a_registered_app_has_its_own_section_in_the_data_export(test_app):
    data = data_export(user=UserFactory())
    assert data["test_app"] == {"note": "kept by the test app"}


def test_sections_follow_the_registered_order(test_app):
    data = data_export(user=UserFactory())
    apps = [key for key in data if key not in ("exported_at", "accounts")]
    assert apps == [name for name in privacy_providers.names() if name in apps]
    assert apps[-1] == "test_app"


def test_a_registered_app_erases_its_part_before_the_account_goes(test_app):
    user = UserFactory()
    account_erase(user=user, confirmation=user.email)
    assert seen == ["erase while active=True"]
    user.refresh_from_db()
    assert not user.is_active


def test_the_erasure_page_gathers_every_apps_warning(test_app):
    preview = erasure_preview(user=UserFactory())
    assert preview["test_app_warning"] == "something will end"
    assert preview["live_mentorships"] == []
    assert preview["sole_coordinator_of"] == []

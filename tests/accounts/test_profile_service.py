"""profile_update called directly with plain values, as an API would."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from mentorlab.accounts.services import profile_update

pytestmark = pytest.mark.django_db


def test_profile_is_saved_from_plain_values(actor):
    profile_update(
        user=actor,
        full_name=" Aino Actor ",
        preferred_name="Aino",
        linkedin_url="https://example.org/aino",
        language="fi",
    )
    actor.refresh_from_db()
    assert (actor.full_name, actor.preferred_name, actor.language) == ("Aino Actor", "Aino", "fi")
    assert actor.linkedin_url == "https://example.org/aino"


def test_bad_values_are_named_and_nothing_changes(actor):
    with pytest.raises(ValidationError) as caught:
        profile_update(
            user=actor, full_name="Someone Else", linkedin_url="not a link", language="de"
        )
    assert set(caught.value.message_dict) == {"linkedin_url", "language"}
    actor.refresh_from_db()
    assert actor.full_name == "Aino Actor"
    assert actor.language == "en"


def test_profile_update_cannot_touch_the_sign_in_address(actor):
    # Only the profile's own fields are accepted; the address one signs in with is not one.
    with pytest.raises(TypeError):
        profile_update(user=actor, full_name="Aino", email="new@example.org")  # type: ignore[call-arg]
    actor.refresh_from_db()
    assert actor.email == "actor@example.org"

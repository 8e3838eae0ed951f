from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from mentorlab.programmes.models import Phase
from tests.factories import ProgrammeFactory, days

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("offset", "phase"),
    [
        (-10, Phase.UPCOMING),
        (0, Phase.RECRUITING),
        (15, Phase.MATCHING),
        (30, Phase.MENTORING),
        (130, Phase.HALFWAY),
        (205, Phase.CLOSING),
        (211, Phase.ENDED),
    ],
)
def test_phase_follows_the_dates(offset, phase):
    programme = ProgrammeFactory()
    assert programme.phase_on(days(offset)) == phase


def test_coordinator_can_override_the_phase():
    programme = ProgrammeFactory(phase_override=Phase.HALFWAY)
    assert programme.phase == Phase.HALFWAY


def test_dates_out_of_order_are_explained_field_by_field():
    programme = ProgrammeFactory.build(kickoff_date=days(-100), mentor_signup_closes=days(-30))
    with pytest.raises(ValidationError) as info:
        programme.full_clean()
    errors = info.value.message_dict
    assert "Sign-up cannot close before it opens." in errors["mentor_signup_closes"]
    assert "The kick-off comes after matching." in errors["kickoff_date"]


def test_database_refuses_a_cycle_that_ends_before_it_starts():
    with pytest.raises(IntegrityError):
        ProgrammeFactory(end_date=days(-300))

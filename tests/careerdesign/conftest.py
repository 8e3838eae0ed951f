from __future__ import annotations

import pytest

from mentorlab.mentorships.services import mentorship_create


@pytest.fixture
def mentorship(programme, actor, mentor):
    """`mentor` mentors `actor`."""
    return mentorship_create(programme=programme, mentor=mentor, actors=[actor])


@pytest.fixture
def other_mentorship(programme, other_actor, other_mentor):
    """`other_mentor` mentors someone else, not `actor`."""
    return mentorship_create(programme=programme, mentor=other_mentor, actors=[other_actor])

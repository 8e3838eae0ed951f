"""A mentor's load, defined once in mentorships: manual pairing counts students in live
mentorships; matching counts every place used in the programme (a completed mentorship
keeps its student matched, an early end that frees the student gives the place back)."""

from __future__ import annotations

import pytest

from mentorlab.mentorships import selectors
from mentorlab.mentorships.models import MentorshipState
from mentorlab.mentorships.services import mentorship_create

pytestmark = pytest.mark.django_db


def test_a_completed_mentorship_ends_the_live_load_but_keeps_the_place_used(
    programme, mentor, actor, other_actor
):
    first = mentorship_create(programme=programme, mentor=mentor, actors=[actor])
    mentorship_create(programme=programme, mentor=mentor, actors=[other_actor])
    assert selectors.mentor_live_load(programme=programme, mentor=mentor) == 2
    assert selectors.mentor_places_used_by_id(programme) == {mentor.pk: 2}

    first.state = MentorshipState.COMPLETED
    first.save()
    assert selectors.mentor_live_load(programme=programme, mentor=mentor) == 1
    assert selectors.mentor_places_used_by_id(programme) == {mentor.pk: 2}
    assert selectors.matched_actor_ids(programme) == {actor.pk, other_actor.pk}


def test_a_student_freed_for_a_new_match_gives_the_place_back(programme, mentor, actor):
    mentorship = mentorship_create(programme=programme, mentor=mentor, actors=[actor])
    mentorship.members.update(live=False)
    assert selectors.mentor_places_used_by_id(programme) == {}
    assert selectors.matched_actor_ids(programme) == set()

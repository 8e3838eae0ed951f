from __future__ import annotations

import io

from mentorlab.careerdesign import demo
from mentorlab.careerdesign.models import CareerStory, JournalEntry, OdysseyPlan
from tests.factories import UserFactory


def test_demo_seed_works_without_a_mentorship_and_only_once(db):
    actor = UserFactory(email=demo.ACTOR)
    demo.seed(io.StringIO())
    entries = JournalEntry.objects.filter(owner=actor).count()
    assert entries > 0
    assert OdysseyPlan.objects.filter(owner=actor).count() == 3
    assert CareerStory.objects.get(owner=actor).versions.count() == 2
    demo.seed(io.StringIO())
    assert JournalEntry.objects.filter(owner=actor).count() == entries

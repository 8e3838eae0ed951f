from __future__ import annotations

import pytest

from mentorlab.events.models import PeerGroupMember
from tests.events.factories import EventFactory, PeerGroupFactory


@pytest.fixture
def event(programme):
    return EventFactory(programme=programme)


@pytest.fixture
def small_event(programme):
    """One seat only."""
    return EventFactory(programme=programme, title="Sauna talk", capacity=1)


@pytest.fixture
def group(programme, actor):
    group = PeerGroupFactory(programme=programme, name="Founders")
    PeerGroupMember.objects.create(group=group, programme=programme, user=actor)
    return group

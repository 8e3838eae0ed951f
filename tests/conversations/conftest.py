from __future__ import annotations

import pytest
from django.urls import reverse

from mentorlab.conversations import services
from mentorlab.events.models import PeerGroupMember
from mentorlab.mentorships import services as mentorship_services
from tests.events.factories import PeerGroupFactory


@pytest.fixture
def pair(programme, actor, mentor):
    return mentorship_services.mentorship_create(programme=programme, mentor=mentor, actors=[actor])


@pytest.fixture
def other_pair(programme, other_actor, other_mentor):
    return mentorship_services.mentorship_create(
        programme=programme, mentor=other_mentor, actors=[other_actor]
    )


@pytest.fixture
def peer_group(programme, actor, other_actor):
    """A published peer group of the two students."""
    group = PeerGroupFactory(programme=programme, name="Founders", is_published=True)
    for user in (actor, other_actor):
        PeerGroupMember.objects.create(group=group, programme=programme, user=user)
    return group


def thread_url(kind: str, pk: int, name: str = "thread") -> str:
    return reverse(f"conversations:{name}", args=[kind, pk])


def post(by, pair, text: str):
    return services.message_post(by=by, kind="mentorship", owner_id=pair.pk, text=text)

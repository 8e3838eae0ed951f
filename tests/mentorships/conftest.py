from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mentorlab.mentorships import services
from mentorlab.mentorships.models import Goal, Meeting, MeetingStatus, Reflection, Visibility


@pytest.fixture
def pair(programme, actor, mentor):
    """The actor and the mentor in one mentorship."""
    return services.mentorship_create(programme=programme, mentor=mentor, actors=[actor])


@pytest.fixture
def other_pair(programme, other_actor, other_mentor):
    """Another mentorship in the same programme."""
    return services.mentorship_create(
        programme=programme, mentor=other_mentor, actors=[other_actor]
    )


def soon(days: int = 3, hour: int = 15) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def meeting(pair, actor):
    return services.meeting_schedule(
        mentorship=pair,
        by=actor,
        start=soon(),
        end=soon() + dt.timedelta(hours=1),
        mode="on_site",
        place="Library café",
    )


@pytest.fixture
def past_meeting(pair):
    """A meeting that was held last week, with notes and both participants' reflections."""
    meeting = Meeting.objects.create(
        mentorship=pair,
        start=timezone.now() - dt.timedelta(days=7),
        status=MeetingStatus.HELD,
        shared_notes="SHARED-NOTE-TEXT",
    )
    return meeting


@pytest.fixture
def private_things(pair, actor, mentor, past_meeting):
    """Private and shared content with recognisable text."""
    Goal.objects.create(mentorship=pair, owner=actor, title="PRIVATE-GOAL-ACTOR")
    Goal.objects.create(
        mentorship=pair, owner=actor, title="SHARED-GOAL-ACTOR", visibility=Visibility.SHARED
    )
    Goal.objects.create(mentorship=pair, owner=mentor, title="PRIVATE-GOAL-MENTOR")
    Reflection.objects.create(meeting=past_meeting, author=actor, text="ACTOR-REFLECTION")
    Reflection.objects.create(meeting=past_meeting, author=mentor, text="MENTOR-REFLECTION")
    return pair

"""The overview never claims that pairs are "on pace" when no meeting is due yet, and says
why the number of students differs from the number of mentorships."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mentorlab.mentorships.models import Meeting, MeetingStatus, Mentorship
from mentorlab.mentorships.services import mentorship_create
from tests.factories import ActorApplicationFactory, MentorApplicationFactory, UserFactory, days

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def _pairs(programme, n: int, *, actors_each: int = 1) -> list[Mentorship]:
    pairs = []
    for _ in range(n):
        mentor = UserFactory()
        MentorApplicationFactory(programme=programme, user=mentor)
        actors = [UserFactory() for _ in range(actors_each)]
        for actor in actors:
            ActorApplicationFactory(programme=programme, user=actor)
        pairs.append(mentorship_create(programme=programme, mentor=mentor, actors=actors))
    return pairs


def test_a_cohort_that_has_not_met_is_not_called_on_pace(as_user, coordinator, programme):
    _pairs(programme, 3)  # introduced today; the kick-off is a month ahead
    text = _text(as_user(coordinator).get(reverse("dashboard:overview", args=[programme.slug])))
    assert "3 of 3" not in text
    assert "recommended pace" not in text
    assert "Too early to judge 3 pairs" in text
    assert "Met already: 0." in text


def test_pace_is_judged_only_for_pairs_with_a_meeting_due(as_user, coordinator, programme):
    programme.kickoff_date = days(-70)
    programme.matching_date = days(-80)
    programme.actor_applications_close = programme.mentor_signup_closes = days(-90)
    programme.actor_applications_open = programme.mentor_signup_opens = days(-100)
    programme.save()
    meeting_pair, idle_pair, _new_pair = _pairs(programme, 3)
    now = timezone.now()
    Mentorship.objects.filter(pk__in=[meeting_pair.pk, idle_pair.pk]).update(
        introduced_at=now - dt.timedelta(days=75), state="active"
    )
    for weeks in (8, 4):  # two meetings in 70 days: on pace (two due)
        Meeting.objects.create(
            mentorship=meeting_pair,
            start=now - dt.timedelta(weeks=weeks),
            status=MeetingStatus.HELD,
        )
    text = _text(as_user(coordinator).get(reverse("dashboard:overview", args=[programme.slug])))
    assert (
        "1 of 2 live pairs with a meeting due by now are meeting at about the recommended pace"
        in text
    )
    assert "Too early to judge 1 pair" in text  # the pair introduced today


def test_overview_explains_more_students_than_mentorships(as_user, coordinator, programme):
    _pairs(programme, 2)
    _pairs(programme, 1, actors_each=3)
    text = _text(as_user(coordinator).get(reverse("dashboard:overview", args=[programme.slug])))
    assert (
        "5 students are in 3 mentorships because 1 mentorship is a group: "
        "3 students share a mentor in groups." in text
    )


def test_the_overview_lists_a_page_of_pairs_that_need_attention_and_counts_the_rest(
    as_user, coordinator, programme, monkeypatch
):
    monkeypatch.setattr("mentorlab.dashboard.selectors.ATTENTION_SHOWN", 2)
    pairs = _pairs(programme, 3)
    calm = _pairs(programme, 1)[0]
    weeks_ago = timezone.now() - dt.timedelta(weeks=4)
    # Introduced four weeks ago and never agreed: each needs attention.
    Mentorship.objects.filter(pk__in=[p.pk for p in pairs]).update(introduced_at=weeks_ago)
    Meeting.objects.create(mentorship=calm, start=timezone.now(), status=MeetingStatus.HELD)
    text = _text(as_user(coordinator).get(reverse("dashboard:overview", args=[programme.slug])))
    assert "The first 2 of 3 pairs that need attention, by mentor." in text
    names = sorted(p.mentor.full_name for p in pairs)
    assert names[0] in text and names[1] in text
    assert names[2] not in text
    assert calm.mentor.full_name not in text

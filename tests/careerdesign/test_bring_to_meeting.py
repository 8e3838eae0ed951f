"""Bring an item to a meeting: it goes on the next meeting's agenda and is shared, in one step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mentorlab.mentorships import services as mentorship_services
from mentorlab.mentorships.models import AgendaItem
from tests.careerdesign.factories import OdysseyPlanFactory


@pytest.fixture
def next_meeting(mentorship, actor):
    start = (timezone.now() + dt.timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    return mentorship_services.meeting_schedule(
        mentorship=mentorship,
        by=actor,
        start=start,
        end=start + dt.timedelta(hours=1),
        mode="on_site",
        place="Library café",
    )


def test_item_goes_on_the_agenda_and_is_shared(as_user, actor, mentor, next_meeting):
    plan = OdysseyPlanFactory(owner=actor, title="Teach physics in Lapland")
    response = as_user(actor).post(reverse("careerdesign:item_agenda", args=["plan", plan.pk]))
    assert response.status_code == 302
    agenda_item = AgendaItem.objects.get(meeting=next_meeting)
    link = reverse("careerdesign:item", args=["plan", plan.pk])
    assert agenda_item.title == "Teach physics in Lapland"
    assert agenda_item.link == link
    plan.refresh_from_db()
    assert plan.shared
    # The mentor can follow the link from the agenda.
    assert "Teach physics in Lapland" in as_user(mentor).get(link).content.decode()


def test_without_a_coming_meeting_nothing_changes(as_user, actor, mentorship):
    plan = OdysseyPlanFactory(owner=actor)
    response = as_user(actor).post(
        reverse("careerdesign:item_agenda", args=["plan", plan.pk]), follow=True
    )
    assert "There is no upcoming meeting yet" in response.content.decode()
    plan.refresh_from_db()
    assert not plan.shared
    assert not AgendaItem.objects.exists()


@pytest.mark.parametrize("persona", ["mentor", "other_mentor", "coordinator", "outsider"])
def test_only_the_owner_can_bring_an_item(as_user, request, actor, next_meeting, persona):
    plan = OdysseyPlanFactory(owner=actor, shared=True)
    user = request.getfixturevalue(persona)
    response = as_user(user).post(reverse("careerdesign:item_agenda", args=["plan", plan.pk]))
    assert response.status_code == 404
    assert not AgendaItem.objects.exists()


def test_item_page_offers_the_button_only_with_a_mentor(as_user, actor, other_actor, programme):
    plan = OdysseyPlanFactory(owner=actor)
    page = as_user(actor).get(reverse("careerdesign:item", args=["plan", plan.pk]))
    assert "Add to the next meeting" not in page.content.decode()

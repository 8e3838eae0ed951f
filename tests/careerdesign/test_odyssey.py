"""Odyssey plans: three at most, one of each kind, gauges 0–10, a short title."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentorlab.careerdesign.models import OdysseyPlan
from tests.careerdesign.factories import OdysseyPlanFactory


def plan_data(**overrides):
    data = {
        "plan-plan_kind": "current",
        "plan-title": "Data engineer at a utility",
        "plan-year1": "Graduate and join the grid team",
        "plan-questions": "Is the energy sector moving fast enough?\nWould I miss research?",
        "plan-resources": "7",
        "plan-likability": "6",
        "plan-confidence": "8",
        "plan-coherence": "5",
    }
    data.update(overrides)
    return data


def test_actor_saves_a_plan_with_gauges(as_user, actor):
    response = as_user(actor).post(reverse("careerdesign:odyssey"), plan_data())
    assert response.status_code == 302
    plan = OdysseyPlan.objects.get(owner=actor)
    assert (plan.resources, plan.likability, plan.confidence, plan.coherence) == (7, 6, 8, 5)
    assert plan.question_list() == [
        "Is the energy sector moving fast enough?",
        "Would I miss research?",
    ]


@pytest.mark.parametrize("gauge", ["resources", "likability", "confidence", "coherence"])
@pytest.mark.parametrize("value", ["11", "-1"])
def test_gauge_out_of_range_is_refused_and_input_kept(as_user, actor, gauge, value):
    response = as_user(actor).post(
        reverse("careerdesign:odyssey"), plan_data(**{f"plan-{gauge}": value})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "A gauge is a whole number from 0 (empty) to 10 (full)." in page
    assert "Graduate and join the grid team" in page
    assert not OdysseyPlan.objects.exists()


def test_empty_title_is_refused(as_user, actor):
    response = as_user(actor).post(reverse("careerdesign:odyssey"), plan_data(**{"plan-title": ""}))
    assert "Give the plan a title of six words or fewer." in response.content.decode()
    assert not OdysseyPlan.objects.exists()


def test_title_longer_than_six_words_is_refused(as_user, actor):
    title = "One two three four five six seven"
    response = as_user(actor).post(
        reverse("careerdesign:odyssey"), plan_data(**{"plan-title": title})
    )
    page = response.content.decode()
    assert "Six words at most: this title has 7." in page
    assert title in page


def test_more_than_three_questions_is_refused(as_user, actor):
    response = as_user(actor).post(
        reverse("careerdesign:odyssey"), plan_data(**{"plan-questions": "a?\nb?\nc?\nd?"})
    )
    assert "three questions at most" in response.content.decode()


def test_second_plan_of_the_same_kind_is_refused(as_user, actor):
    OdysseyPlanFactory(owner=actor, plan_kind="current")
    response = as_user(actor).post(reverse("careerdesign:odyssey"), plan_data())
    assert response.status_code == 200
    assert "You already have a plan for" in response.content.decode()
    assert OdysseyPlan.objects.filter(owner=actor).count() == 1


def test_fourth_plan_is_refused_and_nothing_is_lost(as_user, actor):
    for kind in ("current", "vanished", "wildcard"):
        OdysseyPlanFactory(owner=actor, plan_kind=kind, title=f"Plan {kind}")
    response = as_user(actor).post(
        reverse("careerdesign:odyssey"), plan_data(**{"plan-title": "A fourth idea"})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "You already have three odyssey plans" in page
    assert OdysseyPlan.objects.filter(owner=actor).count() == 3
    assert all(f"Plan {kind}" in page for kind in ("current", "vanished", "wildcard"))


def test_plans_of_different_people_do_not_count_against_each_other(as_user, actor, other_actor):
    for kind in ("current", "vanished", "wildcard"):
        OdysseyPlanFactory(owner=other_actor, plan_kind=kind)
    response = as_user(actor).post(reverse("careerdesign:odyssey"), plan_data())
    assert response.status_code == 302


def test_compare_view_shows_plans_side_by_side(as_user, actor):
    OdysseyPlanFactory(owner=actor, plan_kind="current", title="Stay in fintech", resources=9)
    OdysseyPlanFactory(
        owner=actor, plan_kind="wildcard", title="Run a ceramics studio", resources=2
    )
    page = as_user(actor).get(reverse("careerdesign:odyssey_compare")).content.decode()
    assert "Stay in fintech" in page and "Run a ceramics studio" in page
    assert '<meter min="0" max="10" value="9">' in page
    assert '<meter min="0" max="10" value="2">' in page


def test_editing_a_plan_with_a_bad_gauge_keeps_the_old_values(as_user, actor):
    plan = OdysseyPlanFactory(owner=actor, confidence=4)
    url = reverse("careerdesign:item_edit", args=["plan", plan.pk])
    data = {k.removeprefix("plan-"): v for k, v in plan_data(**{"plan-confidence": "12"}).items()}
    response = as_user(actor).post(url, data)
    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.confidence == 4

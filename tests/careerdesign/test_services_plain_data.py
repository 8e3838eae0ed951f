"""The toolkit's writes called directly with plain values, as an import or an API would: the
same rules as the exercise pages, without a form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mentorlab.careerdesign import services
from mentorlab.careerdesign.models import (
    JournalEntry,
    Moment,
    OdysseyPlan,
    Strength,
    Theme,
    ValuesProfile,
)

pytestmark = pytest.mark.django_db


def plan_values(**overrides):
    values = {
        "plan_kind": "current",
        "title": "Engineer by day, founder by night",
        "questions": "Can I do both?\nWho would fund it?",
    }
    values.update(overrides)
    return values


def test_journal_entry_is_saved_from_plain_values(actor):
    entry = services.item_save(
        owner=actor,
        kind="entry",
        values={
            "day": dt.date(2031, 3, 1),
            "activity": " Sketching ",
            "engagement": 8,
            "energy": 3,
        },
    )
    entry.refresh_from_db()
    assert entry.owner == actor
    assert entry.activity == "Sketching"
    assert not entry.shared


def test_engagement_out_of_range_is_named_and_nothing_saved(actor):
    with pytest.raises(ValidationError) as caught:
        services.item_save(
            owner=actor,
            kind="entry",
            values={"activity": "Coding", "engagement": 11, "energy": 0},
        )
    assert caught.value.message_dict == {
        "engagement": ["Engagement goes from 1 (not at all) to 10 (fully absorbed)."]
    }
    assert not JournalEntry.objects.exists()


def test_nobody_edits_another_persons_item(actor, other_actor):
    entry = services.item_save(
        owner=actor, kind="entry", values={"activity": "Mine", "engagement": 5, "energy": 0}
    )
    with pytest.raises(PermissionDenied):
        services.item_save(
            owner=other_actor, kind="entry", item=entry, values={"activity": "Taken over"}
        )
    entry.refresh_from_db()
    assert entry.activity == "Mine"


def test_refused_edit_leaves_the_stored_item_as_it_was(actor):
    entry = services.item_save(
        owner=actor, kind="entry", values={"activity": "Mine", "engagement": 5, "energy": 0}
    )
    with pytest.raises(ValidationError):
        services.item_save(
            owner=actor, kind="entry", item=entry, values={"activity": "New", "energy": 9}
        )
    entry.refresh_from_db()
    assert (entry.activity, entry.energy) == ("Mine", 0)


def test_moment_cannot_use_another_persons_theme(actor, other_actor):
    theirs = services.theme_add(owner=other_actor, name="Teaching")
    with pytest.raises(ValidationError) as caught:
        services.item_save(
            owner=actor, kind="moment", values={"title": "First lecture", "theme": theirs}
        )
    assert list(caught.value.message_dict) == ["theme"]
    assert not Moment.objects.exists()


def test_field_a_kind_does_not_have_is_a_programming_error(actor):
    with pytest.raises(ValueError):
        services.item_save(owner=actor, kind="reflection", values={"owner": actor})


def test_plan_keeps_the_exercise_shape(actor):
    plan = services.item_save(owner=actor, kind="plan", values=plan_values())
    assert isinstance(plan, OdysseyPlan)
    with pytest.raises(ValidationError) as caught:
        services.item_save(
            owner=actor,
            kind="plan",
            values=plan_values(plan_kind="wildcard", title="one two three four five six seven"),
        )
    assert caught.value.message_dict == {"title": ["Six words at most: this title has 7."]}
    with pytest.raises(ValidationError) as caught:
        services.item_save(owner=actor, kind="plan", values=plan_values(title="Again"))
    assert list(caught.value.message_dict) == ["plan_kind"]
    assert OdysseyPlan.objects.count() == 1


def test_plan_questions_are_tidied_and_limited_to_three(actor):
    plan = services.item_save(
        owner=actor, kind="plan", values=plan_values(questions="  One?\n\nTwo?  ")
    )
    assert plan.questions == "One?\nTwo?"
    with pytest.raises(ValidationError) as caught:
        services.odyssey_plan_save(owner=actor, plan=plan, values={"questions": "A?\nB?\nC?\nD?"})
    assert list(caught.value.message_dict) == ["questions"]
    plan.refresh_from_db()
    assert plan.questions == "One?\nTwo?"


def test_theme_names_are_unique_per_owner(actor, other_actor):
    services.theme_add(owner=actor, name="Teaching", description="Explaining things")
    services.theme_add(owner=other_actor, name="Teaching")
    with pytest.raises(ValidationError) as caught:
        services.theme_add(owner=actor, name=" teaching ")
    assert caught.value.message_dict == {"name": ["You already have a theme with this name."]}
    assert Theme.objects.filter(owner=actor).count() == 1


def test_strength_is_added_and_a_bad_kind_is_named(actor):
    services.strength_add(owner=actor, kind="strength", name="Listening")
    assert ValuesProfile.objects.filter(owner=actor).exists()
    with pytest.raises(ValidationError) as caught:
        services.strength_add(owner=actor, kind="superpower", name="Flying")
    assert list(caught.value.message_dict) == ["kind"]
    assert [s.name for s in Strength.objects.filter(owner=actor)] == ["Listening"]


def test_compass_is_saved_on_the_owners_one_profile(actor):
    services.compass_save(owner=actor, workview="To build things", lifeview="", shared=True)
    services.compass_save(owner=actor, workview="To help people", lifeview="", shared=False)
    (profile,) = ValuesProfile.objects.filter(owner=actor)
    assert (profile.workview, profile.shared) == ("To help people", False)

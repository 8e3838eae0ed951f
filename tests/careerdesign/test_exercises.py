"""Meaningful moments, values and strengths, prototypes and the printable summary."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentorlab.careerdesign.models import Moment, Prototype, Strength, Theme, Value
from tests.careerdesign.factories import (
    CareerStoryFactory,
    JournalEntryFactory,
    MomentFactory,
    OdysseyPlanFactory,
    PrototypeFactory,
)


def test_moments_are_grouped_under_their_themes(as_user, actor):
    client = as_user(actor)
    client.post(reverse("careerdesign:moments"), {"theme-name": "Teaching others"})
    theme = Theme.objects.get(owner=actor)
    client.post(
        reverse("careerdesign:moments"),
        {"moment-title": "Ran a coding club", "moment-theme": theme.pk},
    )
    client.post(reverse("careerdesign:moments"), {"moment-title": "Summer on a farm"})
    page = client.get(reverse("careerdesign:moments")).content.decode()
    assert page.index("Teaching others") < page.index("Ran a coding club")
    assert page.index("Not yet in a theme") < page.index("Summer on a farm")


def test_moment_without_a_title_is_refused(as_user, actor):
    response = as_user(actor).post(
        reverse("careerdesign:moments"),
        {"moment-title": "", "moment-description": "It was the best week."},
    )
    page = response.content.decode()
    assert "Give the moment a short title." in page
    assert "It was the best week." in page
    assert not Moment.objects.exists()


def test_someone_elses_theme_cannot_be_chosen(as_user, actor, other_actor):
    theirs = Theme.objects.create(owner=other_actor, name="Secret")
    response = as_user(actor).post(
        reverse("careerdesign:moments"), {"moment-title": "Mine", "moment-theme": theirs.pk}
    )
    assert response.status_code == 200
    assert not Moment.objects.exists()


def test_values_are_picked_added_and_ranked(as_user, actor):
    client = as_user(actor)
    client.post(
        reverse("careerdesign:values"),
        {"action": "pick", "pick-picked": ["Autonomy", "Learning"], "pick-own": "Humour"},
    )
    values = {v.name: v for v in Value.objects.filter(owner=actor)}
    assert set(values) == {"Autonomy", "Learning", "Humour"}
    data = {"action": "rank"}
    for name, rank in (("Autonomy", 3), ("Learning", 2), ("Humour", 1)):
        data[f"rank-rank_{values[name].pk}"] = str(rank)
    client.post(reverse("careerdesign:values"), data)
    assert list(Value.objects.filter(owner=actor).values_list("name", flat=True)) == [
        "Humour",
        "Learning",
        "Autonomy",
    ]


def test_rank_out_of_range_is_refused(as_user, actor):
    client = as_user(actor)
    client.post(reverse("careerdesign:values"), {"action": "pick", "pick-own": "Calm, Courage"})
    calm = Value.objects.get(name="Calm")
    courage = Value.objects.get(name="Courage")
    response = client.post(
        reverse("careerdesign:values"),
        {
            "action": "rank",
            f"rank-rank_{calm.pk}": "9",
            f"rank-rank_{courage.pk}": "1",
            f"rank-note_{courage.pk}": "Saying the hard thing kindly",
        },
    )
    page = response.content.decode()
    assert "Rank from 1 (most important) to 2." in page
    assert "Saying the hard thing kindly" in page
    calm.refresh_from_db()
    assert calm.rank == 1


def test_picking_nothing_says_so(as_user, actor):
    response = as_user(actor).post(reverse("careerdesign:values"), {"action": "pick"})
    assert "Pick at least one value or write your own." in response.content.decode()


def test_strength_with_evidence_and_compass(as_user, actor, mentor, mentorship):
    client = as_user(actor)
    client.post(
        reverse("careerdesign:values"),
        {
            "action": "strength",
            "strength-kind": "strength",
            "strength-name": "Explaining",
            "strength-evidence": "TA for two courses",
        },
    )
    client.post(
        reverse("careerdesign:values"),
        {
            "action": "compass",
            "compass-workview": "Work should leave things better.",
            "compass-lifeview": "Family first.",
            "compass-shared": "on",
        },
    )
    assert Strength.objects.filter(owner=actor, name="Explaining").exists()
    page = client.get(reverse("careerdesign:values")).content.decode()
    assert "TA for two courses" in page
    profile_url = reverse("careerdesign:item", args=["values", actor_profile_pk(actor)])
    shared = as_user(mentor).get(profile_url).content.decode()
    assert "Work should leave things better." in shared and "Explaining" in shared


def actor_profile_pk(actor):
    from mentorlab.careerdesign.models import ValuesProfile

    return ValuesProfile.objects.get(owner=actor).pk


def test_empty_strength_name_is_refused(as_user, actor):
    response = as_user(actor).post(
        reverse("careerdesign:values"),
        {"action": "strength", "strength-kind": "strength", "strength-evidence": "kept"},
    )
    page = response.content.decode()
    assert "Name the strength or the thing to develop." in page
    assert "kept" in page


def test_prototype_conversation_ideas_for_the_mentor(as_user, actor, mentor, mentorship):
    plan = OdysseyPlanFactory(owner=actor)
    response = as_user(actor).post(
        reverse("careerdesign:prototypes"),
        {
            "prototype-prototype_kind": "conversation",
            "prototype-question": "How do people move into UX research?",
            "prototype-plan": plan.pk,
            "prototype-status": "idea",
            "prototype-mentor_can_help": "on",
            "prototype-shared": "on",
        },
    )
    assert response.status_code == 302
    PrototypeFactory(owner=actor, question="Shadow a nurse", prototype_kind="experience")
    page = as_user(actor).get(reverse("careerdesign:prototypes")).content.decode()
    ideas = page[
        page.index("Conversations my mentor could help with") : page.index("Your prototypes")
    ]
    assert "How do people move into UX research?" in ideas
    assert "Shadow a nurse" not in ideas
    shared = as_user(mentor).get(reverse("careerdesign:shared_actor", args=[actor.pk]))
    assert "How do people move into UX research?" in shared.content.decode()


def test_prototype_needs_a_question(as_user, actor):
    response = as_user(actor).post(
        reverse("careerdesign:prototypes"),
        {"prototype-prototype_kind": "other", "prototype-status": "idea", "prototype-what": "x"},
    )
    assert "Write the question this experiment answers." in response.content.decode()
    assert not Prototype.objects.exists()


def test_every_exercise_page_explains_itself(as_user, actor):
    for name in ("journal", "moments", "values", "odyssey", "prototypes", "story"):
        page = as_user(actor).get(reverse(f"careerdesign:{name}")).content.decode()
        assert "What this is for and how to do it" in page, name


def test_summary_prints_only_the_chosen_sections(as_user, actor):
    JournalEntryFactory(owner=actor, activity="Pair programming")
    MomentFactory(owner=actor, title="Spoke at a meetup")
    CareerStoryFactory(owner=actor, text="From bikes to batteries.")
    response = as_user(actor).get(
        reverse("careerdesign:summary"), {"sections": ["journal", "story"]}
    )
    page = response.content.decode()
    assert "Pair programming" in page
    assert "From bikes to batteries." in page
    assert "Spoke at a meetup" not in page
    assert "careerdesign.css" in page  # carries the print stylesheet


def test_summary_without_sections_asks_to_choose(as_user, actor):
    response = as_user(actor).get(reverse("careerdesign:summary"), {"sections": []})
    assert response.status_code == 200
    assert "Open the print view" in response.content.decode()


@pytest.mark.parametrize("persona", ["mentor", "coordinator", "outsider"])
def test_summary_is_only_ones_own(as_user, request, actor, persona):
    user = request.getfixturevalue(persona)
    response = as_user(user).get(reverse("careerdesign:summary"), {"sections": ["story"]})
    assert response.status_code == 404


def test_home_page_links_to_the_toolkit(as_user, actor, mentor, mentorship):
    assert reverse("careerdesign:index") in as_user(actor).get("/").content.decode()
    assert reverse("careerdesign:shared_actor", args=[actor.pk]) in (
        as_user(mentor).get("/").content.decode()
    )

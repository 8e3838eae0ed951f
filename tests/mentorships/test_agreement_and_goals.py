from __future__ import annotations

import pytest
from django.urls import reverse

from mentorlab.mentorships.models import AgreementVersion, Goal

AGREEMENT = {
    "objectives": "Find out which career paths fit me.",
    "topics": "Career options",
    "topics_out": "Salary details",
    "confidentiality": "What we say stays between us.",
    "frequency": "Monthly",
    "mode": "mixed",
    "duration_months": "6",
    "who_books": "The student",
    "progress_recording": "Shared notes after each meeting",
    "comment": "",
}


def url(name, obj):
    return reverse(f"mentorships:{name}", args=[obj.pk])


def test_actor_drafts_mentor_proposes_changes_and_both_confirm(as_user, pair, actor, mentor):
    actor_client, mentor_client = as_user(actor), as_user(mentor)
    assert actor_client.post(url("agreement", pair), AGREEMENT).status_code == 302
    changed = {**AGREEMENT, "frequency": "Every three weeks", "comment": "Let us meet more often."}
    mentor_client.post(url("agreement", pair), changed)
    assert list(AgreementVersion.objects.values_list("number", "frequency")) == [
        (2, "Every three weeks"),
        (1, "Monthly"),
    ]
    pair.refresh_from_db()
    assert pair.state == "introduced"
    actor_client.post(url("agreement_confirm", pair))
    pair.refresh_from_db()
    assert pair.state == "active" and pair.agreed_at is not None
    page = actor_client.get(url("agreement", pair)).content.decode()
    assert "Let us meet more often." in page and "Earlier versions" in page


def test_mentor_cannot_write_the_first_draft(as_user, pair, mentor):
    response = as_user(mentor).post(url("agreement", pair), AGREEMENT)
    assert response.status_code == 200
    assert "The student writes the first draft" in response.content.decode()
    assert not AgreementVersion.objects.exists()


def test_confirmed_agreement_cannot_be_edited_without_reopening(as_user, pair, actor, mentor):
    as_user(actor).post(url("agreement", pair), AGREEMENT)
    as_user(mentor).post(url("agreement_confirm", pair))
    response = as_user(actor).post(url("agreement", pair), {**AGREEMENT, "frequency": "Weekly"})
    assert "Reopen it before you change anything" in response.content.decode()
    assert AgreementVersion.objects.count() == 1
    as_user(mentor).post(url("agreement_reopen", pair))
    as_user(actor).post(url("agreement", pair), {**AGREEMENT, "frequency": "Weekly"})
    assert AgreementVersion.objects.count() == 2
    pair.refresh_from_db()
    assert pair.state == "active"  # reopening keeps the mentorship going


def test_agreement_form_keeps_input_on_error(as_user, pair, actor):
    response = as_user(actor).post(url("agreement", pair), {**AGREEMENT, "objectives": ""})
    assert response.status_code == 200
    assert "Salary details" in response.content.decode()
    assert not AgreementVersion.objects.exists()


GOAL = {
    "title": "Learn about product management",
    "why": "I am curious",
    "success": "Two conversations",
    "target_date": "",
    "status": "open",
    "progress": "10",
    "visibility": "private",
}


def test_actor_creates_private_goal_by_default(as_user, pair, actor):
    as_user(actor).post(url("goal_new", pair), {**GOAL, "visibility": ""})
    response = as_user(actor).post(url("goal_new", pair), GOAL)
    goal = Goal.objects.get()
    assert response.status_code == 302 and goal.visibility == "private" and goal.owner == actor


@pytest.mark.parametrize("progress", ["101", "-5"])
def test_progress_outside_0_100_is_refused(as_user, pair, actor, progress):
    goal = Goal.objects.create(mentorship=pair, owner=actor, title="G", progress=20)
    response = as_user(actor).post(url("goal_edit", goal), {**GOAL, "progress": progress})
    assert response.status_code == 200
    assert "Progress is a percentage" in response.content.decode()
    goal.refresh_from_db()
    assert goal.progress == 20 and goal.title == "G"


def test_mentor_cannot_edit_the_actors_goal(as_user, pair, actor, mentor):
    goal = Goal.objects.create(mentorship=pair, owner=actor, title="Mine", visibility="shared")
    response = as_user(mentor).post(
        url("goal_edit", goal), {**GOAL, "title": "Changed"}, follow=True
    )
    assert "Only the person who set this goal can change it." in response.content.decode()
    goal.refresh_from_db()
    assert goal.title == "Mine"


def test_mentor_comments_on_shared_goal(as_user, pair, actor, mentor):
    goal = Goal.objects.create(mentorship=pair, owner=actor, title="Mine", visibility="shared")
    as_user(mentor).post(url("goal", goal), {"text": "Have you asked a PM about it?"})
    assert "Have you asked a PM" in as_user(actor).get(url("goal", goal)).content.decode()


def test_mentor_keeps_own_learning_goal(as_user, pair, mentor):
    as_user(mentor).post(url("goal_new", pair), {**GOAL, "title": "Ask more, advise less"})
    goal = Goal.objects.get()
    assert goal.owner == mentor and goal.is_learning_goal and goal.visibility == "private"


def test_first_meeting_checklist_is_ticked(as_user, pair, actor):
    client = as_user(actor)
    client.post(url("checklist", pair), {"step": "know", "done": "1"})
    assert pair.ticks.filter(step="know").exists()
    client.post(url("checklist", pair), {"step": "know", "done": "0"})
    assert not pair.ticks.exists()

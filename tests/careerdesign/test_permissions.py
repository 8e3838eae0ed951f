"""Who sees what: the actor owns everything; their mentor reads only what is shared;
everyone else (another mentor, coordinators, outsiders) gets a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentorlab.careerdesign.models import Comment
from mentorlab.careerdesign.selectors import usage_counts
from mentorlab.mentorships.models import MentorshipState
from tests.careerdesign.factories import ITEM_FACTORIES, ITEM_MARKERS, JournalEntryFactory

KINDS = list(ITEM_FACTORIES)
EXERCISES = [
    "index",
    "journal",
    "moments",
    "values",
    "odyssey",
    "odyssey_compare",
    "prototypes",
    "story",
    "summary",
]


def item_url(kind, item, action="item"):
    return reverse(f"careerdesign:{action}", kwargs={"kind": kind, "pk": item.pk})


@pytest.fixture
def everyone(actor, mentor, other_mentor, coordinator, outsider, mentorship, other_mentorship):
    return {
        "actor": actor,
        "mentor": mentor,
        "other_mentor": other_mentor,
        "coordinator": coordinator,
        "outsider": outsider,
    }


@pytest.mark.parametrize("kind", KINDS)
def test_actor_reads_own_private_item(as_user, everyone, kind):
    item = ITEM_FACTORIES[kind](owner=everyone["actor"])
    response = as_user(everyone["actor"]).get(item_url(kind, item))
    assert response.status_code == 200
    assert ITEM_MARKERS[kind] in response.content.decode()
    assert "Private" in response.content.decode()


@pytest.mark.parametrize("kind", KINDS)
def test_mentor_reads_shared_item_read_only(as_user, everyone, kind):
    item = ITEM_FACTORIES[kind](owner=everyone["actor"], shared=True)
    response = as_user(everyone["mentor"]).get(item_url(kind, item))
    assert response.status_code == 200
    page = response.content.decode()
    assert ITEM_MARKERS[kind] in page
    assert "Shared with you to read" in page
    assert item_url(kind, item, "item_edit") not in page


@pytest.mark.parametrize("kind", KINDS)
def test_mentor_cannot_read_private_item(as_user, everyone, kind):
    item = ITEM_FACTORIES[kind](owner=everyone["actor"], shared=False)
    assert as_user(everyone["mentor"]).get(item_url(kind, item)).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("persona", ["other_mentor", "coordinator", "outsider"])
def test_others_cannot_read_even_shared_item(as_user, everyone, kind, persona):
    item = ITEM_FACTORIES[kind](owner=everyone["actor"], shared=True)
    assert as_user(everyone[persona]).get(item_url(kind, item)).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_anonymous_is_sent_to_sign_in(as_user, everyone, kind):
    item = ITEM_FACTORIES[kind](owner=everyone["actor"], shared=True)
    response = as_user(None).get(item_url(kind, item))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", ["item_edit", "item_delete"])
@pytest.mark.parametrize("persona", ["mentor", "other_mentor", "coordinator", "outsider"])
def test_only_the_owner_can_edit_or_delete(as_user, everyone, kind, action, persona):
    item = ITEM_FACTORIES[kind](owner=everyone["actor"], shared=True)
    client = as_user(everyone[persona])
    assert client.get(item_url(kind, item, action)).status_code == 404
    assert client.post(item_url(kind, item, action), {}).status_code == 404
    assert type(item).objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_mentor_cannot_change_sharing(as_user, everyone, kind):
    item = ITEM_FACTORIES[kind](owner=everyone["actor"], shared=True)
    response = as_user(everyone["mentor"]).post(item_url(kind, item, "item_share"), {"shared": "0"})
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.shared


@pytest.mark.parametrize("kind", KINDS)
def test_mentor_comments_on_shared_item_and_actor_sees_it(as_user, everyone, kind):
    item = ITEM_FACTORIES[kind](owner=everyone["actor"], shared=True)
    response = as_user(everyone["mentor"]).post(
        item_url(kind, item), {"body": "Have you tried talking to Anna?"}
    )
    assert response.status_code == 302
    page = as_user(everyone["actor"]).get(item_url(kind, item)).content.decode()
    assert "Have you tried talking to Anna?" in page


@pytest.mark.parametrize("persona", ["mentor", "other_mentor", "coordinator", "outsider"])
def test_nobody_but_the_owner_comments_on_private_item(as_user, everyone, persona):
    item = JournalEntryFactory(owner=everyone["actor"], shared=False)
    response = as_user(everyone[persona]).post(item_url("entry", item), {"body": "Hello"})
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_empty_comment_is_refused_with_a_message(as_user, everyone):
    item = JournalEntryFactory(owner=everyone["actor"], shared=True)
    response = as_user(everyone["mentor"]).post(item_url("entry", item), {"body": "  "})
    assert response.status_code == 200
    assert "Write a comment before sending." in response.content.decode()
    assert not Comment.objects.exists()


def test_owner_can_make_an_item_private_again(as_user, everyone):
    item = JournalEntryFactory(owner=everyone["actor"], shared=True)
    as_user(everyone["actor"]).post(item_url("entry", item, "item_share"), {"shared": "0"})
    assert as_user(everyone["mentor"]).get(item_url("entry", item)).status_code == 404


def test_mentor_loses_access_when_the_mentorship_ends_early(as_user, everyone, mentorship):
    item = JournalEntryFactory(owner=everyone["actor"], shared=True)
    mentorship.state = MentorshipState.ENDED_EARLY
    mentorship.save()
    assert as_user(everyone["mentor"]).get(item_url("entry", item)).status_code == 404


@pytest.mark.parametrize("name", EXERCISES)
def test_exercise_pages_open_for_the_actor(as_user, everyone, name):
    assert as_user(everyone["actor"]).get(reverse(f"careerdesign:{name}")).status_code == 200


@pytest.mark.parametrize("name", EXERCISES)
@pytest.mark.parametrize("persona", ["mentor", "other_mentor", "coordinator", "outsider"])
def test_exercise_pages_are_404_for_non_actors(as_user, everyone, name, persona):
    assert as_user(everyone[persona]).get(reverse(f"careerdesign:{name}")).status_code == 404


@pytest.mark.parametrize("name", EXERCISES)
def test_exercise_pages_ask_anonymous_to_sign_in(as_user, everyone, name):
    response = as_user(None).get(reverse(f"careerdesign:{name}"))
    assert response.status_code == 302


def test_mentor_overview_lists_only_shared_items(as_user, everyone):
    shared = JournalEntryFactory(owner=everyone["actor"], shared=True, activity="Shared thing")
    JournalEntryFactory(owner=everyone["actor"], shared=False, activity="Secret thing")
    url = reverse("careerdesign:shared_actor", args=[everyone["actor"].pk])
    page = as_user(everyone["mentor"]).get(url).content.decode()
    assert shared.activity in page
    assert "Secret thing" not in page


@pytest.mark.parametrize("persona", ["actor", "other_mentor", "coordinator", "outsider"])
def test_mentor_overview_is_404_for_others(as_user, everyone, persona):
    JournalEntryFactory(owner=everyone["actor"], shared=True)
    url = reverse("careerdesign:shared_actor", args=[everyone["actor"].pk])
    assert as_user(everyone[persona]).get(url).status_code == 404


def test_mentor_chart_uses_only_shared_entries(as_user, everyone):
    JournalEntryFactory(owner=everyone["actor"], shared=True, engagement=4, energy=1)
    JournalEntryFactory(owner=everyone["actor"], shared=False, engagement=10, energy=5)
    url = reverse("careerdesign:shared_actor", args=[everyone["actor"].pk])
    page = as_user(everyone["mentor"]).get(url).content.decode()
    assert 'data-engagement="4.00"' in page
    assert 'data-energy="1.00"' in page


def test_coordinator_gets_counts_only(everyone, programme):
    JournalEntryFactory(owner=everyone["actor"], shared=True)
    JournalEntryFactory(owner=everyone["actor"])
    ITEM_FACTORIES["plan"](owner=everyone["actor"])
    counts = usage_counts(programme)
    assert counts["entry"] == 2
    assert counts["plan"] == 1
    assert counts["shared"] == 1
    assert counts["actors_using"] == 1
    assert all(isinstance(v, int) for v in counts.values())


def test_usage_counts_ignore_other_programmes(everyone, other_programme):
    JournalEntryFactory(owner=everyone["actor"])
    assert usage_counts(other_programme)["entry"] == 0

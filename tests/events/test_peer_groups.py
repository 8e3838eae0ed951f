from __future__ import annotations

import pytest
from django.urls import reverse

from mentorlab.events import services
from mentorlab.events.grouping import ActorProfile, propose_groups
from mentorlab.events.models import Audience, BoardPost, PeerGroup, PeerGroupMember
from mentorlab.programmes.models import Topic
from tests.events.factories import EventFactory
from tests.factories import ActorApplicationFactory

pytestmark = pytest.mark.django_db


def test_proposal_groups_people_who_share_topics_and_goals():
    founders = [
        ActorProfile(f"f{i}", frozenset({"Startups", "Leadership"}), "found my own startup company")
        for i in range(5)
    ]
    researchers = [
        ActorProfile(
            f"r{i}", frozenset({"Doctoral careers"}), "choose between postdoc and industry research"
        )
        for i in range(5)
    ]
    groups = propose_groups([*founders, *researchers])
    assert sorted(sorted(g.members) for g in groups) == [
        sorted(p.id for p in founders),
        sorted(p.id for p in researchers),
    ]
    assert {g.themes[0] for g in groups} >= {"Doctoral careers"}


def test_proposal_sizes_stay_between_four_and_six_and_is_deterministic():
    people = [
        ActorProfile(f"a{i:02d}", frozenset({f"t{i % 4}"}), f"goal {i % 3}") for i in range(23)
    ]
    first = propose_groups(people)
    assert all(4 <= len(g.members) <= 6 for g in first)
    assert sorted(m for g in first for m in g.members) == sorted(p.id for p in people)
    assert propose_groups(list(reversed(people))) == first


def make_actors(programme, n, topic_name, goals):
    topic = Topic.objects.get_or_create(programme=programme, name=topic_name)[0]
    users = []
    for _ in range(n):
        application = ActorApplicationFactory(programme=programme, goals=goals)
        application.topics.set([topic])
        users.append(application.user)
    return users


def test_coordinator_proposes_adjusts_and_publishes(as_user, coordinator, programme):
    make_actors(programme, 5, "Startups", "start a company")
    research = make_actors(programme, 5, "Research", "doctoral research career")
    client = as_user(coordinator)
    client.post(reverse("events:groups_propose", args=[programme.slug]))
    groups = list(PeerGroup.objects.filter(programme=programme))
    assert len(groups) == 2 and not any(g.is_published for g in groups)
    # A draft group is invisible to its members.
    member = research[0]
    own = PeerGroup.objects.get(memberships__user=member)
    assert as_user(member).get(reverse("events:group", args=[own.pk])).status_code == 404
    # Move one member to the other group, then publish both.
    other = next(g for g in groups if g.pk != own.pk)
    move = reverse("events:group_member_move", args=[programme.slug])
    client.post(move, {"user": member.pk, "group": other.pk})
    assert PeerGroupMember.objects.get(user=member).group == other
    response = client.post(
        reverse("events:group_publish", args=[programme.slug, other.pk]), follow=True
    )
    assert "is published" in response.content.decode()
    # Taking one more out leaves three: too few to publish.
    leaver = own.memberships.first().user
    client.post(move, {"user": leaver.pk, "group": ""})
    response = client.post(
        reverse("events:group_publish", args=[programme.slug, own.pk]), follow=True
    )
    assert "needs 4–6 members" in response.content.decode()
    assert "has 3" in response.content.decode()
    own.refresh_from_db()
    assert not own.is_published
    assert leaver.full_name in response.content.decode()  # listed among students without one
    assert as_user(member).get(reverse("events:group", args=[other.pk])).status_code == 200


def test_group_page_shows_members_sessions_and_board_to_members_only(
    as_user, actor, other_actor, mentor, coordinator, programme, group
):
    session = EventFactory(
        programme=programme, title="Founders' circle", audience=Audience.GROUP, peer_group=group
    )
    url = reverse("events:group", args=[group.pk])
    response = as_user(actor).post(url, {"body": "Hello, founders!"}, follow=True)
    body = response.content.decode()
    assert "Hello, founders!" in body
    assert "Founders&#x27; circle" in body or "Founders' circle" in body
    assert "Aino Actor" in body
    assert BoardPost.objects.count() == 1
    for outsider in (other_actor, mentor):
        assert as_user(outsider).get(url).status_code == 404
        assert as_user(outsider).post(url, {"body": "spam"}).status_code == 404
        assert as_user(outsider).get(reverse("events:detail", args=[session.pk])).status_code == 404
    assert as_user(coordinator).get(url).status_code == 200
    assert BoardPost.objects.count() == 1


def test_only_accepted_students_can_be_put_in_a_group(coordinator, programme, mentor, group):
    with pytest.raises(Exception, match="Only accepted students"):
        services.group_member_move(programme=programme, user=mentor, to=group, by=coordinator)


def test_students_without_a_group_are_paged_by_name(as_user, coordinator, programme, group):
    from mentorlab.events.views import PEOPLE_PAGE_SIZE
    from tests.factories import UserFactory

    for i in range(PEOPLE_PAGE_SIZE + 3):
        user = UserFactory(full_name=f"Zz Student {i:03}")
        ActorApplicationFactory(programme=programme, user=user, status="accepted")
    url = reverse("events:groups", args=[programme.slug])
    first = as_user(coordinator).get(url).content.decode()
    ungrouped = (
        programme.actor_applications.filter(status="accepted")
        .exclude(user__peer_memberships__programme=programme)
        .count()
    )
    assert f"{ungrouped} students have no group." in first
    assert "Zz Student 000" in first
    assert f"Zz Student {PEOPLE_PAGE_SIZE + 2:03}" not in first
    last = as_user(coordinator).get(url + "?people=2").content.decode()
    assert f"Zz Student {PEOPLE_PAGE_SIZE + 2:03}" in last
    assert "Zz Student 000" not in last

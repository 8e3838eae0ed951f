"""The library section of the home page picks articles for the person's roles and the
current phase of their programmes."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from mentorlab.library.selectors import home_articles, reader_contexts
from mentorlab.programmes.choices import ApplicationStatus
from tests.factories import ActorApplicationFactory, MentorApplicationFactory, UserFactory

from .conftest import programme_at


@pytest.fixture
def shelf(article_factory):
    """A small library: per role and phase, plus general pages."""
    a = article_factory
    a("purpose", title="Why mentoring", audiences=("everyone",), phases=("before-start",), order=1)
    a("roles", title="Roles", audiences=("everyone",), phases=("before-start",), order=2)
    a("faq", title="FAQ", audiences=("everyone",), phases=("before-start", "during"), order=3)
    a(
        "first-steps",
        title="First meeting steps",
        audiences=("actor", "mentor"),
        phases=("first-meeting",),
        order=4,
    )
    a(
        "agreement",
        title="The agreement",
        audiences=("actor", "mentor"),
        phases=("first-meeting",),
        order=5,
    )
    a(
        "questions",
        title="Questions to ask",
        audiences=("mentor",),
        phases=("first-meeting", "during"),
        order=6,
    )
    a("journal", title="Good Time Journal", audiences=("actor",), phases=("during",), order=7)
    a(
        "dip",
        title="The dip",
        audiences=("actor", "mentor", "coordinator"),
        phases=("halfway",),
        order=8,
    )
    a("ending", title="Ending well", audiences=("actor", "mentor"), phases=("closing",), order=9)
    a(
        "coord-start",
        title="Preparing a cycle",
        audiences=("coordinator",),
        phases=("before-start",),
        order=10,
    )
    a(
        "coord-follow",
        title="Following pairs",
        audiences=("coordinator",),
        phases=("during", "halfway"),
        order=11,
    )
    a(
        "coord-close",
        title="Closing the cycle",
        audiences=("coordinator",),
        phases=("closing",),
        order=12,
    )
    a(
        "hidden",
        title="Unpublished",
        audiences=("everyone",),
        phases=("before-start", "first-meeting", "during", "halfway", "closing"),
        published=False,
    )


def slugs(user) -> list[str]:
    return [a.slug for a in home_articles(user)]


def actor_in(phase: str):
    user = UserFactory()
    ActorApplicationFactory(user=user, programme=programme_at(phase))
    return user


def mentor_in(phase: str):
    user = UserFactory()
    MentorApplicationFactory(user=user, programme=programme_at(phase))
    return user


def coordinator_of(*phases: str):
    user = UserFactory()
    for phase in phases:
        programme_at(phase).coordinators.add(user)
    return user


def test_actor_in_first_month_gets_first_meeting_pages_not_mentor_pages(shelf):
    picked = slugs(actor_in("first-meeting"))
    assert picked[:2] == ["first-steps", "agreement"]
    assert "questions" not in picked
    assert not {"coord-start", "coord-follow", "coord-close", "hidden"} & set(picked)
    assert 3 <= len(picked) <= 5


def test_mentor_in_first_month_also_gets_questions_to_ask(shelf):
    picked = slugs(mentor_in("first-meeting"))
    assert {"first-steps", "agreement", "questions"} <= set(picked)


def test_actor_during_mentoring_gets_the_journal(shelf):
    picked = slugs(actor_in("during"))
    assert picked[0] == "journal"
    assert "first-steps" not in picked[:1]


def test_halfway_brings_the_dip_page(shelf):
    assert slugs(actor_in("halfway"))[0] == "dip"
    assert slugs(mentor_in("halfway"))[0] == "dip"


def test_closing_and_recently_ended_bring_ending_well(shelf):
    assert slugs(actor_in("closing"))[0] == "ending"
    assert slugs(mentor_in("ended"))[0] == "ending"


def test_only_accepted_applications_make_someone_an_actor(shelf):
    user = UserFactory()
    ActorApplicationFactory(
        user=user, programme=programme_at("during"), status=ApplicationStatus.SUBMITTED
    )
    assert reader_contexts(user) == []
    # Without a role, the introduction for everyone.
    assert slugs(user)[:3] == ["purpose", "roles", "faq"]


def test_coordinator_gets_pages_for_each_programmes_phase(shelf):
    picked = slugs(coordinator_of("before-start", "closing"))
    assert "coord-start" in picked and "coord-close" in picked
    assert "journal" not in picked and "first-steps" not in picked


def test_coordinator_during_mentoring(shelf):
    picked = slugs(coordinator_of("during"))
    assert picked[0] == "coord-follow"


def test_staff_without_programmes_count_as_coordinators(shelf):
    staff = UserFactory(is_staff=True)
    assert slugs(staff)[0] == "coord-start"


def test_mentor_who_also_coordinates_gets_both(shelf):
    user = mentor_in("first-meeting")
    programme_at("closing").coordinators.add(user)
    picked = slugs(user)
    assert "first-steps" in picked and "coord-close" in picked
    assert len(picked) <= 5


def test_too_few_phase_pages_are_topped_up_to_three(shelf):
    # Only two coordinator pages fit "closing" (coord-close); top up from the role's others.
    picked = slugs(coordinator_of("closing"))
    assert picked[0] == "coord-close"
    assert len(picked) == 3


def test_empty_library_shows_nothing(db):
    user = actor_in("during")
    html = Template("{% include 'library/_home.html' %}").render(Context({"user": user}))
    assert html.strip() == ""


def test_home_section_renders_titles_and_links(shelf):
    user = actor_in("first-meeting")
    html = Template("{% include 'library/_home.html' %}").render(Context({"user": user}))
    assert "First meeting steps" in html
    assert 'href="/library/first-steps/"' in html
    assert "Questions to ask" not in html


def test_home_page_shows_the_library_section(shelf, as_user, actor):
    response = as_user(actor).get("/")
    page = response.content.decode()
    # The persona's programme is recruiting: "before start".
    assert "Tips for where you are now" in page
    assert "Why mentoring" in page

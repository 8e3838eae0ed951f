"""The matching pages at cohort scale: the proposal pages, sorts and filters in SQL, the swap
chooser is a list, the rule pickers search, and neither a run nor a publish starts twice."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from mentorlab.accounts.models import User
from mentorlab.matching import selectors
from mentorlab.matching.engine import Weights
from mentorlab.matching.models import Lock, MatchRun, ProposedPair, RunStatus, main_reason
from mentorlab.mentorships.models import Mentorship
from mentorlab.programmes.models import ActorApplication
from tests.factories import ActorApplicationFactory, MentorApplicationFactory
from tests.performance.rows import rows_fetched

pytestmark = pytest.mark.django_db

CRITERIA = ("topics", "industry", "location")
ROW_NAME = re.compile(r"<th scope=\"row\">([^<]+)")


def _proposal(programme, coordinator, n: int, mentors: int = 10) -> MatchRun:
    """A pending proposal of n pairs with varied scores and reasons; every 7th pair locked by
    the run, every 11th changed by hand."""
    run = MatchRun.objects.create(
        programme=programme,
        created_by=coordinator,
        status=RunStatus.DONE,
        progress=100,
        stats={"actors": n},
        weights=Weights().as_dict(),
    )
    people = User.objects.bulk_create(
        [User(email=f"s{i}@example.org", full_name=f"Student {i:04}") for i in range(n)]
        + [User(email=f"m{i}@example.org", full_name=f"Mentor {i:03}") for i in range(mentors)]
    )
    students, guides = people[:n], people[n:]
    pairs = []
    for i, student in enumerate(students):
        breakdown = {CRITERIA[i % 3]: 100 + i % 50, CRITERIA[(i + 1) % 3]: 10}
        pairs.append(
            ProposedPair(
                run=run,
                actor=student,
                mentor=guides[i % mentors],
                score=(i * 37) % 1000,
                breakdown=breakdown,
                reason=main_reason(breakdown),
                locked=i % 7 == 0,
                edited=i % 11 == 0,
            )
        )
    ProposedPair.objects.bulk_create(pairs)
    run.mentor_remaining = {str(m.pk): 1 for m in guides}
    run.save()
    return run


def _names(page: str) -> list[str]:
    return [name.strip() for name in ROW_NAME.findall(page)]


def _url(programme, run, query: str = "") -> str:
    return reverse("matching:run", args=[programme.slug, run.pk]) + query


def test_weakest_pairs_come_first_one_page_at_a_time(as_user, coordinator, programme):
    run = _proposal(programme, coordinator, 120)
    client = as_user(coordinator)
    expected = [
        p.actor.full_name
        for p in sorted(
            run.pairs.select_related("actor"), key=lambda p: (p.score, p.actor.full_name)
        )
    ]
    first = client.get(_url(programme, run)).content.decode()
    assert _names(first) == expected[:50]
    assert "120 pairs" in first
    assert "Page 1 of 3" in first
    third = client.get(_url(programme, run, "?page=3")).content.decode()
    assert _names(third) == expected[100:]


def test_sort_by_mentor_and_strongest_first(as_user, coordinator, programme):
    run = _proposal(programme, coordinator, 60)
    client = as_user(coordinator)
    pairs = list(run.pairs.select_related("actor", "mentor"))
    by_mentor = [
        p.actor.full_name
        for p in sorted(pairs, key=lambda p: (p.mentor.full_name, p.actor.full_name))
    ]
    page = client.get(_url(programme, run, "?sort=mentor")).content.decode()
    assert _names(page) == by_mentor[:50]
    strongest = [
        p.actor.full_name for p in sorted(pairs, key=lambda p: (-p.score, p.actor.full_name))
    ]
    page = client.get(_url(programme, run, "?sort=strongest&page=2")).content.decode()
    assert _names(page) == strongest[50:]
    # The sort stays in the links to the other pages.
    assert "?sort=strongest&amp;page=1" in page


def test_filters_show_locked_swapped_and_a_reason_with_counts(as_user, coordinator, programme):
    run = _proposal(programme, coordinator, 40)
    # A coordinator's lock made after the run counts as locked too.
    rule_locked = run.pairs.filter(locked=False).select_related("actor", "mentor").first()
    Lock.objects.create(programme=programme, actor=rule_locked.actor, mentor=rule_locked.mentor)
    client = as_user(coordinator)
    locked = {p.actor.full_name for p in run.pairs.filter(locked=True).select_related("actor")}
    locked.add(rule_locked.actor.full_name)
    page = client.get(_url(programme, run, "?show=locked")).content.decode()
    assert set(_names(page)) == locked
    assert f'Locked <span class="badge count">{len(locked)}</span>' in page
    swapped = {p.actor.full_name for p in run.pairs.filter(edited=True).select_related("actor")}
    page = client.get(_url(programme, run, "?show=swapped")).content.decode()
    assert set(_names(page)) == swapped
    assert f'Changed by hand <span class="badge count">{len(swapped)}</span>' in page
    industry = {
        p.actor.full_name for p in run.pairs.filter(reason="industry").select_related("actor")
    }
    page = client.get(_url(programme, run, "?reason=industry&show=all")).content.decode()
    assert set(_names(page)) == industry
    assert f'Industry <span class="badge count">{len(industry)}</span>' in page
    assert 'aria-current="true">Industry' in page
    # Filters have labels, and an unknown value falls back to every pair.
    assert '<label for="id_sort">Sort:</label>' in page
    page = client.get(_url(programme, run, "?show=nonsense")).content.decode()
    assert len(_names(page)) == 40


def test_each_pair_has_its_reasons_on_demand(as_user, coordinator, programme):
    run = _proposal(programme, coordinator, 3)
    page = as_user(coordinator).get(_url(programme, run)).content.decode()
    first = run.pairs.order_by("score").first()
    top = max(first.breakdown.items(), key=lambda kv: kv[1])
    assert "<details><summary>" in page
    assert f"<li>{top[0].capitalize()}: {top[1]}</li>" in page
    # Each row's actions lead where the URL configuration says.
    for pair in run.pairs.all():
        actions = [("reject", pair.pk), ("swap", pair.actor_id)]
        if not pair.locked:  # a locked pair has nothing to lock
            actions.append(("lock", pair.pk))
        for name, arg in actions:
            assert f'"{reverse(f"matching:{name}", args=[programme.slug, run.pk, arg])}"' in page


def test_one_page_of_a_2000_pair_proposal_loads_about_one_page_of_rows(
    as_user, coordinator, programme
):
    run = _proposal(programme, coordinator, 2000, mentors=200)
    client = as_user(coordinator)
    client.get(_url(programme, run))  # warm up (session, caches)
    with rows_fetched() as rows:
        response = client.get(_url(programme, run, "?sort=mentor&page=7"))
    assert response.status_code == 200
    assert len(_names(response.content.decode())) == 50
    # One page (50 pairs), 50 mentors' free places, a few aggregate rows: never 2,000.
    assert rows.total < 250, rows.by_table()
    assert rows.by_table().get("matching_proposedpair", 0) <= 60, rows.by_table()


def test_the_matching_home_pickers_do_not_load_every_person(as_user, coordinator, programme):
    users = User.objects.bulk_create(
        User(email=f"a{i}@example.org", full_name=f"Applicant {i:04}") for i in range(600)
    )
    ActorApplication.objects.bulk_create(
        ActorApplicationFactory.build(programme=programme, user=u) for u in users
    )
    client = as_user(coordinator)
    url = reverse("matching:home", args=[programme.slug])
    client.get(url)
    with rows_fetched() as rows:
        page = client.get(url).content.decode()
    assert "Applicant 0001" not in page
    assert rows.total < 100, rows.by_table()
    # Searching without JavaScript: the page lists the first matches only.
    with rows_fetched() as rows:
        page = client.get(url + "?actor_q=Applicant+00").content.decode()
    assert page.count('name="actor" value=') == selectors.PICKER_LIMIT
    assert "type more of the name" in page
    assert rows.total < 100, rows.by_table()


def test_picker_searches_as_you_type_with_a_live_status(as_user, coordinator, programme, actor):
    client = as_user(coordinator)
    url = reverse("matching:rule_candidates", args=[programme.slug, "actor"])
    fragment = client.get(
        url, {"actor_q": actor.full_name[:4]}, headers={"HX-Request": "true"}
    ).content.decode()
    assert f'value="{actor.pk}"' in fragment
    assert f'<label for="actor-{actor.pk}">{actor.full_name}' in fragment
    assert 'id="actor-status" role="status" hx-swap-oob="true">1 match.' in fragment
    nothing = client.get(url, {"actor_q": "zzzz"}).content.decode()
    assert "Nobody matches that search." in nothing
    home = client.get(reverse("matching:home", args=[programme.slug])).content.decode()
    assert '<label for="actor-q">Find a student</label>' in home
    assert 'aria-describedby="actor-status"' in home
    assert 'id="actor-status" role="status"' in home


def test_a_picked_pair_becomes_a_rule(as_user, coordinator, programme, actor, mentor):
    client = as_user(coordinator)
    client.post(
        reverse("matching:rule_add", args=[programme.slug, "exclusion"]),
        {"actor": actor.pk, "mentor": mentor.pk, "note": "Same team"},
    )
    assert programme.exclusions.get().note == "Same team"


@pytest.mark.parametrize("persona", ["actor", "mentor", "other_coordinator", "outsider"])
def test_only_the_programmes_coordinators_search_people(
    request, as_user, programme, actor, persona
):
    client = as_user(request.getfixturevalue(persona))
    url = reverse("matching:rule_candidates", args=[programme.slug, "actor"])
    assert client.get(url, {"actor_q": actor.full_name[:3]}).status_code == 404


def test_unknown_picker_role_is_not_found(as_user, coordinator, programme):
    url = reverse("matching:rule_candidates", args=[programme.slug, "admin"])
    assert as_user(coordinator).get(url).status_code == 404


def test_swap_chooser_is_a_list_with_each_options_score_and_reason(
    as_user, coordinator, programme, django_capture_on_commit_callbacks
):
    for _ in range(12):
        MentorApplicationFactory(programme=programme, capacity=1, employer="Kone")
    student = ActorApplicationFactory(programme=programme).user
    run = MatchRun.objects.create(
        programme=programme, created_by=coordinator, weights=Weights().as_dict()
    )
    from mentorlab.matching.services import match_run_execute

    match_run_execute(run.pk)
    run.refresh_from_db()
    client = as_user(coordinator)
    url = reverse("matching:swap", args=[programme.slug, run.pk, student.pk])
    page = client.get(url).content.decode()
    options = selectors.swap_options(run=run, actor=student)
    assert len(options) == 11
    assert '<ol class="options">' in page
    assert page.count('type="radio" name="mentor"') == 10
    best = options[0]
    name = User.objects.get(pk=int(best.mentor)).full_name
    assert f"<strong>{name}</strong> – score {best.score}</label>" in page
    assert "Show 1 more mentor" in page
    assert client.get(url + "?all=1").content.decode().count('type="radio" name="mentor"') == 11


# ----------------------------------------------------------------------- twice, and progress
def _run_data() -> dict[str, object]:
    data: dict[str, object] = {"mode": "best", "k": 10}
    data.update({f"w_{k}": v for k, v in Weights().as_dict().items()})
    return data


def test_a_second_run_while_one_is_waiting_says_so_and_starts_nothing(
    as_user, coordinator, programme, actor, mentor, django_capture_on_commit_callbacks
):
    client = as_user(coordinator)
    url = reverse("matching:home", args=[programme.slug])
    with django_capture_on_commit_callbacks(execute=False):  # the worker has not started
        client.post(url, _run_data())
        response = client.post(url, _run_data(), follow=True)
    run = MatchRun.objects.get()
    assert response.redirect_chain[-1][0] == reverse("matching:run", args=[programme.slug, run.pk])
    page = response.content.decode()
    assert "already under way" in page
    assert 'role="status" aria-live="polite"' in page
    assert "Waiting to start" in page


def test_publishing_twice_publishes_once_and_says_so(
    as_user, coordinator, programme, actor, mentor, django_capture_on_commit_callbacks
):
    run = MatchRun.objects.create(
        programme=programme, created_by=coordinator, weights=Weights().as_dict()
    )
    from mentorlab.matching.services import match_run_execute

    match_run_execute(run.pk)
    client = as_user(coordinator)
    url = reverse("matching:publish", args=[programme.slug, run.pk])
    page = client.get(_url(programme, run)).content.decode()
    assert "data-submit-once" in page
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(url)
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHING
    # While it is being published the page shows progress, polled, in a live region.
    waiting = client.get(_url(programme, run)).content.decode()
    assert "Publishing the matching" in waiting
    assert 'role="status" aria-live="polite"' in waiting
    second = client.post(url, follow=True).content.decode()
    assert "already being published" in second
    for callback in queued:
        callback()
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED
    assert Mentorship.objects.filter(programme=programme).count() == 1
    third = client.post(url, follow=True).content.decode()
    assert "already been published" in third
    assert Mentorship.objects.filter(programme=programme).count() == 1

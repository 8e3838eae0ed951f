"""The coordinator's matching workflow: run → pending proposal → adjust → publish."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from mentorlab.matching import services
from mentorlab.matching.engine import Weights
from mentorlab.matching.models import Exclusion, Lock, MatchRun, Preference, RunStatus
from mentorlab.mentorships.models import Mentorship, MentorshipActor
from mentorlab.mentorships.services import mentorship_create
from tests.factories import ActorApplicationFactory, MentorApplicationFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def start_run(client, programme, capture, **weights):
    data = {"mode": "best", "k": 10}
    data.update({f"w_{k}": v for k, v in Weights().as_dict().items()})
    data.update({f"w_{k}": v for k, v in weights.items()})
    with capture(execute=True):
        response = client.post(reverse("matching:home", args=[programme.slug]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return MatchRun.objects.filter(programme=programme).latest("pk")


@pytest.fixture
def cohort(programme, actor, other_actor, mentor, other_mentor):
    """Two students and two mentors; the actor must not meet Reaktor (the mentor's employer)."""
    app = actor.actor_applications.get()
    app.conflict_employer = "reaktor"
    app.save()
    return programme


def test_run_proposes_pairs_but_creates_nothing_until_published(
    as_user, coordinator, cohort, actor, mentor, other_mentor, django_capture_on_commit_callbacks
):
    client = as_user(coordinator)
    run = start_run(client, cohort, django_capture_on_commit_callbacks)
    assert run.status == RunStatus.DONE
    page = client.get(reverse("matching:run", args=[cohort.slug, run.pk])).content.decode()
    assert "Matching proposal (pending)" in page
    assert "Matched</dt><dd>2 / 2" in page.replace("\n", "")
    # The conflict of interest is a hard rule: the actor goes to the other mentor.
    assert run.pairs.get(actor=actor).mentor == other_mentor
    assert not Mentorship.objects.exists()
    assert mail.outbox == []


def test_publishing_creates_mentorships_and_introduces_each_pair(
    as_user, coordinator, cohort, actor, other_actor, django_capture_on_commit_callbacks
):
    client = as_user(coordinator)
    run = start_run(client, cohort, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matching:publish", args=[cohort.slug, run.pk]))
    assert response["Location"] == reverse("matching:run", args=[cohort.slug, run.pk])
    # The publishing ran as background work (in-process here); the page shows the result.
    response = client.get(response["Location"])
    assert "Published 2 pairs" in response.content.decode()
    run.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED
    assert run.published_by == coordinator
    assert Mentorship.objects.filter(programme=cohort).count() == 2
    recipients = {to for m in mail.outbox for to in m.to}
    assert {
        actor.email,
        other_actor.email,
        "mentor@example.org",
        "mentor2@example.org",
    } <= recipients


def test_publishing_twice_is_refused(
    as_user, coordinator, cohort, django_capture_on_commit_callbacks
):
    client = as_user(coordinator)
    run = start_run(client, cohort, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:publish", args=[cohort.slug, run.pk]))
    response = client.post(reverse("matching:publish", args=[cohort.slug, run.pk]), follow=True)
    assert "already been published" in response.content.decode()
    assert Mentorship.objects.count() == 2


def test_publish_refuses_to_put_a_mentor_over_capacity(
    as_user, coordinator, programme, django_capture_on_commit_callbacks
):
    mentor_app = MentorApplicationFactory(programme=programme, capacity=1)
    first = ActorApplicationFactory(programme=programme)
    client = as_user(coordinator)
    run = start_run(client, programme, django_capture_on_commit_callbacks)
    assert run.pairs.count() == 1
    # Meanwhile another coordinator gives the mentor a student by hand.
    late = ActorApplicationFactory(programme=programme)
    mentorship_create(programme=programme, mentor=mentor_app.user, actors=[late.user])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:publish", args=[programme.slug, run.pk]))
    response = client.get(reverse("matching:run", args=[programme.slug, run.pk]))
    assert "more students than the 1 they offered" in response.content.decode()
    assert not MentorshipActor.objects.filter(actor=first.user).exists()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE


def test_rejecting_a_pair_excludes_it_from_the_next_run(
    as_user, coordinator, cohort, other_actor, django_capture_on_commit_callbacks
):
    client = as_user(coordinator)
    run = start_run(client, cohort, django_capture_on_commit_callbacks)
    pair = run.pairs.get(actor=other_actor)
    client.post(reverse("matching:reject", args=[cohort.slug, run.pk, pair.pk]))
    assert Exclusion.objects.filter(actor=other_actor, mentor=pair.mentor).exists()
    page = client.get(reverse("matching:run", args=[cohort.slug, run.pk])).content.decode()
    assert "A coordinator rejected the proposed pair." in page
    rerun = start_run(client, cohort, django_capture_on_commit_callbacks)
    assert rerun.pairs.get(actor=other_actor).mentor != pair.mentor


def test_swap_offers_only_mentors_that_pass_the_rules(
    as_user,
    coordinator,
    cohort,
    actor,
    other_actor,
    mentor,
    other_mentor,
    django_capture_on_commit_callbacks,
):
    client = as_user(coordinator)
    run = start_run(client, cohort, django_capture_on_commit_callbacks)
    url = reverse("matching:swap", args=[cohort.slug, run.pk, actor.pk])
    page = client.get(url).content.decode()
    # The only other mentor works at the actor's conflict employer: not offered.
    assert "No other mentor passes every rule" in page
    response = client.post(url, {"mentor": mentor.pk}, follow=True)
    assert "Choose one of the listed mentors." in response.content.decode()
    assert run.pairs.get(actor=actor).mentor == other_mentor
    # The other actor may move, once the mentor has a free place.
    other_pair = run.pairs.get(actor=other_actor)
    free_mentor = other_mentor if other_pair.mentor == mentor else mentor
    assert other_pair.mentor != free_mentor
    mentor_app = free_mentor.mentor_applications.get()
    mentor_app.capacity = 3
    mentor_app.save()
    run.mentor_remaining = {**run.mentor_remaining, str(free_mentor.pk): 2}
    run.save()
    swap = reverse("matching:swap", args=[cohort.slug, run.pk, other_actor.pk])
    client.post(swap, {"mentor": free_mentor.pk})
    moved = run.pairs.get(actor=other_actor)
    assert moved.mentor == free_mentor
    assert moved.edited


def test_lock_that_breaks_a_hard_rule_is_refused_with_the_rule_named(
    as_user, coordinator, cohort, actor, mentor
):
    response = as_user(coordinator).post(
        reverse("matching:rule_add", args=[cohort.slug, "lock"]),
        {"actor": actor.pk, "mentor": mentor.pk},
        follow=True,
    )
    body = response.content.decode()
    assert "This pair cannot be locked" in body
    assert "conflict" in body.lower()
    assert not Lock.objects.exists()


def test_lock_is_kept_by_the_next_run(
    as_user,
    coordinator,
    cohort,
    other_actor,
    mentor,
    other_mentor,
    django_capture_on_commit_callbacks,
):
    client = as_user(coordinator)
    first = start_run(client, cohort, django_capture_on_commit_callbacks)
    target = mentor if first.pairs.get(actor=other_actor).mentor == other_mentor else other_mentor
    client.post(
        reverse("matching:rule_add", args=[cohort.slug, "lock"]),
        {"actor": other_actor.pk, "mentor": target.pk},
    )
    second = start_run(client, cohort, django_capture_on_commit_callbacks)
    pair = second.pairs.get(actor=other_actor)
    assert pair.mentor == target
    assert pair.locked


def test_unmatched_student_gets_a_specific_reason(
    as_user, coordinator, programme, mentor, django_capture_on_commit_callbacks
):
    lonely = ActorApplicationFactory(programme=programme, languages=["de"])
    run = start_run(as_user(coordinator), programme, django_capture_on_commit_callbacks)
    page = (
        as_user(coordinator)
        .get(reverse("matching:run", args=[programme.slug, run.pk]))
        .content.decode()
    )
    assert lonely.user.full_name in page
    assert "No mentor shares a language with this student (German)." in page


def test_doctoral_programme_publishes_a_group_per_mentor(
    as_user, coordinator, django_capture_on_commit_callbacks
):
    programme = ProgrammeFactory(track="doctoral")
    programme.coordinators.add(coordinator)
    MentorApplicationFactory(programme=programme, capacity=3, levels="doctoral")
    for _ in range(3):
        ActorApplicationFactory(programme=programme, degree_level="doctoral")
    client = as_user(coordinator)
    run = start_run(client, programme, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:publish", args=[programme.slug, run.pk]))
    mentorship = Mentorship.objects.get(programme=programme)
    assert mentorship.members.count() == 3


@pytest.mark.parametrize("persona", ["actor", "mentor", "other_coordinator", "outsider"])
def test_only_the_programmes_coordinators_reach_matching(
    request, as_user, coordinator, cohort, persona, django_capture_on_commit_callbacks
):
    run = start_run(as_user(coordinator), cohort, django_capture_on_commit_callbacks)
    pair = run.pairs.first()
    client = as_user(request.getfixturevalue(persona))
    for name, args in [
        ("matching:home", [cohort.slug]),
        ("matching:run", [cohort.slug, run.pk]),
        ("matching:export", [cohort.slug, run.pk]),
        ("matching:swap", [cohort.slug, run.pk, pair.actor_id]),
        ("matching:rule_candidates", [cohort.slug, "actor"]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    for name, args in [
        ("matching:publish", [cohort.slug, run.pk]),
        ("matching:reject", [cohort.slug, run.pk, pair.pk]),
        ("matching:lock", [cohort.slug, run.pk, pair.pk]),
    ]:
        assert client.post(reverse(name, args=args)).status_code == 404, name
    assert not Mentorship.objects.exists()
    assert run.pairs.count() == 2


def test_anonymous_visitor_is_asked_to_sign_in(client, cohort):
    response = client.get(reverse("matching:home", args=[cohort.slug]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_runs_are_kept_with_who_ran_them_and_the_weights(
    as_user, coordinator, cohort, django_capture_on_commit_callbacks
):
    client = as_user(coordinator)
    run = start_run(client, cohort, django_capture_on_commit_callbacks, topics=5, diversity=1)
    assert run.created_by == coordinator
    assert run.weights["topics"] == 5
    assert run.weights["diversity"] == 1
    page = client.get(reverse("matching:home", args=[cohort.slug])).content.decode()
    assert "Earlier runs" in page
    assert reverse("matching:run", args=[cohort.slug, run.pk]) in page


def test_bad_weights_are_refused_and_no_run_starts(as_user, coordinator, cohort):
    data = {"mode": "best", "k": 10, **{f"w_{k}": v for k, v in Weights().as_dict().items()}}
    data["w_topics"] = -1
    response = as_user(coordinator).post(reverse("matching:home", args=[cohort.slug]), data)
    assert response.status_code == 200
    assert "greater than or equal to 0" in response.content.decode()
    assert not MatchRun.objects.exists()


def test_csv_export_lists_pairs_and_reasons(
    as_user, coordinator, cohort, django_capture_on_commit_callbacks
):
    client = as_user(coordinator)
    run = start_run(client, cohort, django_capture_on_commit_callbacks)
    body = client.get(reverse("matching:export", args=[cohort.slug, run.pk])).content
    # A byte-order mark first, so that Excel reads the UTF-8 names right.
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Student,Student's e-mail,Mentor,Mentor's e-mail")
    assert "Aino Actor" in text


def test_csv_export_header_is_in_the_coordinators_language(
    as_user, coordinator, cohort, django_capture_on_commit_callbacks
):
    client = as_user(coordinator)
    run = start_run(client, cohort, django_capture_on_commit_callbacks)
    url = reverse("matching:export", args=[cohort.slug, run.pk])
    body = client.get(url, headers={"accept-language": "fi"}).content.decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(body)))
    assert header[:5] == [
        "Opiskelija",
        "Opiskelijan sähköposti",
        "Mentori",
        "Mentorin sähköposti",
        "Pisteet",
    ]
    assert "Aiheet" in header and "Lukittu" in header


# ----------------------------------------------------------------------- student rankings
@pytest.fixture
def ranking_programme(programme, actor, mentor, other_mentor):
    programme.actor_preferences_enabled = True
    programme.save()
    return programme


def test_student_sees_suggestions_and_ranks_them(
    as_user, ranking_programme, actor, mentor, other_mentor
):
    client = as_user(actor)
    url = reverse("matching:choose", args=[ranking_programme.slug])
    page = client.get(url).content.decode()
    assert "Maija Mentor" in page
    assert "Niko Othermentor" in page
    response = client.post(url, {"rank1": other_mentor.pk, "rank2": mentor.pk})
    assert response.status_code == 302
    assert list(Preference.objects.filter(actor=actor).values_list("mentor_id", "rank")) == [
        (other_mentor.pk, 1),
        (mentor.pk, 2),
    ]


def test_ranking_the_same_mentor_twice_is_refused(as_user, ranking_programme, actor, mentor):
    url = reverse("matching:choose", args=[ranking_programme.slug])
    response = as_user(actor).post(url, {"rank1": mentor.pk, "rank2": mentor.pk})
    assert "Each mentor can be ranked only once." in response.content.decode()
    assert not Preference.objects.exists()


def test_rankings_are_closed_to_others(as_user, ranking_programme, actor, mentor, outsider):
    url = reverse("matching:choose", args=[ranking_programme.slug])
    assert as_user(mentor).get(url).status_code == 404
    assert as_user(outsider).get(url).status_code == 404
    ranking_programme.actor_preferences_enabled = False
    ranking_programme.save()
    assert as_user(actor).get(url).status_code == 404


def test_rankings_raise_the_chance_of_the_chosen_mentor(
    as_user,
    coordinator,
    ranking_programme,
    actor,
    other_actor,
    mentor,
    other_mentor,
    django_capture_on_commit_callbacks,
):
    services.preferences_set(programme=ranking_programme, actor=other_actor, mentors=[other_mentor])
    run = start_run(
        as_user(coordinator), ranking_programme, django_capture_on_commit_callbacks, preference=10
    )
    assert run.pairs.get(actor=other_actor).mentor == other_mentor
    with pytest.raises(ValidationError):
        services.preferences_set(
            programme=ranking_programme, actor=other_actor, mentors=[mentor, mentor]
        )


# ----------------------------------------------------------------------- command line
def test_demo_data_can_be_matched_from_the_command_line(tmp_path):
    call_command("seed_demo")
    source = tmp_path / "in.json"
    out = tmp_path / "out.json"
    call_command("export_matching_input", "mentoring-2027", "-o", str(source))
    data = json.loads(source.read_text())
    assert len(data["actors"]) > 90
    result = subprocess.run(
        [sys.executable, "-m", "mentorlab.matching", str(source), "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    output = json.loads(out.read_text())
    demo_run = MatchRun.objects.get(programme__slug="mentoring-2027")
    assert len(output["assignments"]) == demo_run.pairs.count()
    assert sum(a["score"] for a in output["assignments"]) == sum(
        p.score for p in demo_run.pairs.all()
    )


def test_publish_refuses_a_student_who_withdrew_after_the_run(
    as_user, coordinator, cohort, other_actor, django_capture_on_commit_callbacks
):
    client = as_user(coordinator)
    run = start_run(client, cohort, django_capture_on_commit_callbacks)
    application = other_actor.actor_applications.get()
    application.status = "withdrawn"
    application.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:publish", args=[cohort.slug, run.pk]))
    response = client.get(reverse("matching:run", args=[cohort.slug, run.pk]))
    assert "Bea Second is no longer an accepted student" in response.content.decode()
    assert not Mentorship.objects.exists()
    run.refresh_from_db()
    assert run.status == RunStatus.DONE  # back to pending, so it can be fixed and published

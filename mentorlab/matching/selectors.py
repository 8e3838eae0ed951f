"""Every read of the matching app: the engine's input built from the database, and what the
coordinator's and the students' pages show. Querysets come with their related rows, so a
page costs the same few queries whatever the size of the programme."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import get_object_or_404

from mentorlab.accounts.models import User
from mentorlab.mentorships.models import MentorshipActor
from mentorlab.mentorships.selectors import matched_actor_ids, mentor_places_used_by_id
from mentorlab.programmes.choices import ApplicationStatus, Track
from mentorlab.programmes.models import ActorApplication, MentorApplication, Programme

from . import engine
from .engine import Weights
from .models import Exclusion, Lock, MatchRun, Mode, Preference, ProposedPair, RunStatus


# ----------------------------------------------------------------------- the engine's input
def actor_applications_to_match(programme: Programme) -> list[ActorApplication]:
    """Accepted students not yet matched in the programme, in a stable order."""
    taken = matched_actor_ids(programme)
    return [
        a
        for a in programme.actor_applications.filter(status=ApplicationStatus.ACCEPTED)
        .select_related("user")
        .prefetch_related("topics")
        .order_by("user_id")
        if a.user_id not in taken
    ]


def mentor_applications_to_match(programme: Programme) -> list[MentorApplication]:
    return list(
        programme.mentor_applications.filter(status=ApplicationStatus.ACCEPTED)
        .select_related("user")
        .prefetch_related("topics")
        .order_by("user_id")
    )


def _actor(application: ActorApplication, preferences: tuple[str, ...]) -> engine.Actor:
    return engine.Actor(
        id=str(application.user_id),
        degree_level=application.degree_level,
        field=application.field_of_study,
        languages=frozenset(application.languages),
        topics=frozenset(t.name for t in application.topics.all()),
        industries=frozenset(application.industries),
        goals_text=application.goals,
        city=application.city,
        remote_ok=application.remote_ok,
        conflict_employer=application.conflict_employer,
        preferences=preferences,
    )


def _mentor(application: MentorApplication, load: int) -> engine.Mentor:
    return engine.Mentor(
        id=str(application.user_id),
        levels=frozenset(application.level_set),
        field=application.degree_field,
        languages=frozenset(application.languages),
        topics=frozenset(t.name for t in application.topics.all()),
        industry=application.industry,
        employer=application.employer,
        offer_text=application.offer,
        city=application.city,
        remote_ok=application.remote_ok,
        capacity=max(application.capacity - load, 0),
    )


def build_problem(
    programme: Programme,
    *,
    weights: Weights | None = None,
    mode: str = Mode.BEST,
    k: int = 10,
    extra_exclusions: Iterable[tuple[int, int]] = (),
) -> engine.Problem:
    """The engine's view of a programme: accepted actors still without a mentor, accepted
    mentors with the places they have left, and the coordinators' rules."""
    actors = actor_applications_to_match(programme)
    actor_ids = {a.user_id for a in actors}
    ranked: dict[int, list[str]] = defaultdict(list)
    if programme.actor_preferences_enabled:
        for p in Preference.objects.filter(programme=programme).order_by("actor_id", "rank"):
            ranked[p.actor_id].append(str(p.mentor_id))
    load = mentor_places_used_by_id(programme)
    mentors = mentor_applications_to_match(programme)
    mentor_ids = {m.user_id for m in mentors}
    exclusions = {
        (str(a), str(m))
        for a, m in Exclusion.objects.filter(programme=programme).values_list(
            "actor_id", "mentor_id"
        )
    }
    exclusions |= {(str(a), str(m)) for a, m in extra_exclusions}
    locks = tuple(
        (str(a), str(m))
        for a, m in Lock.objects.filter(programme=programme)
        .order_by("actor_id")
        .values_list("actor_id", "mentor_id")
        if a in actor_ids and m in mentor_ids
    )
    if programme.track == Track.DOCTORAL and weights is not None and weights.group_cohesion == 0:
        # Doctoral mentors take small groups: prefer groups whose members share topics.
        weights = Weights(**{**weights.as_dict(), "group_cohesion": 1.0})
    return engine.Problem(
        actors=[_actor(a, tuple(ranked.get(a.user_id, ()))) for a in actors],
        mentors=[_mentor(m, load.get(m.user_id, 0)) for m in mentors],
        rules=engine.Rules(exclusions=frozenset(exclusions), locks=locks),
        weights=weights or Weights(),
        mode=mode,  # type: ignore[arg-type]
        k=k,
    )


# ----------------------------------------------------------------------- programme overview
def waiting_count(programme: Programme) -> int:
    """Accepted actors not yet matched in the programme, counted in the database."""
    matched = MentorshipActor.objects.matched().filter(programme=programme).values("actor_id")
    return (
        programme.actor_applications.filter(status=ApplicationStatus.ACCEPTED)
        .exclude(user_id__in=matched)
        .count()
    )


def free_places(programme: Programme) -> int:
    """Places accepted mentors still offer (capacity minus places used, never below 0),
    summed in the database: one row whatever the number of mentors."""
    used = (
        MentorshipActor.objects.matched()
        .filter(programme=programme, mentorship__mentor_id=OuterRef("user_id"))
        .order_by()
        .values("mentorship__mentor_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    total = (
        programme.mentor_applications.filter(status=ApplicationStatus.ACCEPTED)
        .annotate(used=Coalesce(Subquery(used, output_field=IntegerField()), 0))
        .aggregate(free=Sum(Greatest(F("capacity") - F("used"), Value(0))))
    )["free"]
    return int(total or 0)


PICKER_LIMIT = 20


def rule_candidates(programme: Programme, role: str, query: str) -> tuple[list[User], bool]:
    """Accepted students (role "actor") or mentors whose name or e-mail contains `query`,
    at most PICKER_LIMIT by name, and whether there were more. Nobody for an empty query:
    the rule pickers never list a whole programme."""
    text = query.strip()
    if not text:
        return [], False
    people = accepted_actors(programme) if role == "actor" else accepted_mentors(programme)
    found = list(
        people.filter(Q(full_name__icontains=text) | Q(email__icontains=text)).order_by(
            "full_name", "pk"
        )[: PICKER_LIMIT + 1]
    )
    return found[:PICKER_LIMIT], len(found) > PICKER_LIMIT


def accepted_actors(programme: Programme) -> QuerySet[User]:
    return User.objects.filter(
        actor_applications__programme=programme,
        actor_applications__status=ApplicationStatus.ACCEPTED,
    )


def accepted_mentors(programme: Programme) -> QuerySet[User]:
    return User.objects.filter(
        mentor_applications__programme=programme,
        mentor_applications__status=ApplicationStatus.ACCEPTED,
    )


def accepted_actor_or_404(programme: Programme, user_id: int) -> User:
    return get_object_or_404(accepted_actors(programme), pk=user_id)


def recent_runs(programme: Programme, limit: int = 20) -> QuerySet[MatchRun]:
    return programme.match_runs.select_related("created_by", "published_by")[:limit]


def locks_of(programme: Programme) -> QuerySet[Lock]:
    return Lock.objects.filter(programme=programme).select_related("actor", "mentor")


def exclusions_of(programme: Programme) -> QuerySet[Exclusion]:
    return Exclusion.objects.filter(programme=programme).select_related("actor", "mentor")


def locked_actor_ids(programme: Programme) -> set[int]:
    return set(Lock.objects.filter(programme=programme).values_list("actor_id", flat=True))


# ----------------------------------------------------------------------- one run
def run_or_404(programme: Programme, run_id: int) -> MatchRun:
    return get_object_or_404(
        MatchRun.objects.select_related("programme"), programme=programme, pk=run_id
    )


def run_pairs(run: MatchRun) -> QuerySet[ProposedPair]:
    return run.pairs.select_related("actor", "mentor")


def run_pair_or_404(run: MatchRun, pair_id: int) -> ProposedPair:
    return get_object_or_404(run_pairs(run), pk=pair_id)


def current_pair(run: MatchRun, actor: User) -> ProposedPair | None:
    """The actor's pair in the proposal, if the run gave them one."""
    return run.pairs.filter(actor=actor).select_related("mentor").first()


def mentor_places_left(
    run: MatchRun, limit: int | None = None
) -> list[tuple[MentorApplication, int]]:
    """Each mentor of the proposal with the places they still have, most places first;
    with `limit`, only that many of those with the most places (their rows alone are read)."""
    remaining = {int(k): v for k, v in run.mentor_remaining.items()}
    if limit is not None:
        top = sorted(remaining.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        remaining = dict(top)
    mentors = MentorApplication.objects.filter(
        programme=run.programme, user_id__in=remaining
    ).select_related("user")
    return sorted(
        ((m, remaining.get(m.user_id, 0)) for m in mentors),
        key=lambda mr: (-mr[1], mr[0].user.full_name),
    )


def run_summary(run: MatchRun) -> dict[str, Any]:
    """Figures for the proposal page, recomputed from the pairs as they are now (after
    swaps and rejections), aggregated in the database (two rows whatever the size)."""
    ranked_pair = Preference.objects.filter(
        programme_id=run.programme_id,
        actor_id=OuterRef("actor_id"),
        mentor_id=OuterRef("mentor_id"),
    )
    figures = run.pairs.order_by().aggregate(
        matched=Count("pk"),
        mean=Avg("score"),
        lowest=Min("score"),
        ranked=Count("pk", filter=Q(Exists(ranked_pair))),
    )
    actors = int(run.stats.get("actors", 0))
    matched = int(figures["matched"] or 0)
    ranking_actors = (
        Preference.objects.filter(programme_id=run.programme_id)
        .order_by()
        .values("actor_id")
        .distinct()
        .count()
    )
    bound = run.stats.get("bound") or {}
    return {
        "actors": actors,
        "matched": matched,
        "share": (matched / actors) if actors else 0.0,
        "mean": figures["mean"] or 0,
        "lowest": figures["lowest"],
        "ranked_choice": int(figures["ranked"] or 0),
        "ranking_actors": ranking_actors,
        "gap": bound.get("gap"),
        "cardinality_certified": bound.get("cardinality_certified"),
        "timings": run.stats.get("timings", {}),
    }


def unmatched_rows(run: MatchRun, limit: int | None = None) -> list[dict[str, Any]]:
    """The run's unmatched actors (engine codes and details) with their user, if still there;
    with `limit`, the first that many (only their users are read)."""
    rows = run.unmatched if limit is None else run.unmatched[:limit]
    users = User.objects.in_bulk([int(u["actor"]) for u in rows])
    return [{**u, "user": users.get(int(u["actor"]))} for u in rows]


# The proposal page's sort orders and filters (query-string values); all of them in SQL.
PROPOSAL_PAGE_SIZE = 50
PROPOSAL_SORTS: dict[str, tuple[str, ...]] = {
    "weakest": ("score", "actor__full_name"),
    "strongest": ("-score", "actor__full_name"),
    "mentor": ("mentor__full_name", "actor__full_name"),
    "student": ("actor__full_name",),
}
PROPOSAL_SHOWS = ("all", "locked", "swapped")


def _rule_locked(run: MatchRun) -> Exists:
    return Exists(Lock.objects.filter(programme_id=run.programme_id, actor_id=OuterRef("actor_id")))


def proposal_pairs(
    run: MatchRun, *, sort: str = "weakest", show: str = "all", reason: str | None = None
) -> QuerySet[ProposedPair]:
    """The run's pairs filtered and sorted in the database, each with `is_locked` (locked by
    the run or by a coordinator's rule since). Slice it: the page reads one page of rows."""
    pairs = run.pairs.select_related("actor", "mentor").annotate(
        is_locked=Q(locked=True) | Q(_rule_locked(run))
    )
    if show == "locked":
        pairs = pairs.filter(is_locked=True)
    elif show == "swapped":
        pairs = pairs.filter(edited=True)
    if reason is not None:
        pairs = pairs.filter(reason=reason)
    return pairs.order_by(*PROPOSAL_SORTS.get(sort, PROPOSAL_SORTS["weakest"]), "pk")


def proposal_counts(run: MatchRun) -> dict[str, Any]:
    """How many pairs each filter of the proposal page shows: {"all", "locked", "swapped",
    "reasons": {reason: count}}, from one grouped query (a row per reason)."""
    rows = (
        run.pairs.order_by()
        .values("reason")
        .annotate(
            n=Count("pk"),
            locked_n=Count("pk", filter=Q(locked=True) | Q(_rule_locked(run))),
            swapped_n=Count("pk", filter=Q(edited=True)),
        )
    )
    counts: dict[str, Any] = {"all": 0, "locked": 0, "swapped": 0, "reasons": {}}
    for row in rows:
        counts["all"] += row["n"]
        counts["locked"] += row["locked_n"]
        counts["swapped"] += row["swapped_n"]
        counts["reasons"][row["reason"]] = row["n"]
    return counts


def swap_options(*, run: MatchRun, actor: User) -> list[engine.Suggestion]:
    """Mentors this actor could be given in this proposal, best first."""
    problem = build_problem(run.programme, weights=Weights(**run.weights))
    if not any(a.id == str(actor.pk) for a in problem.actors):
        return []
    current = run.pairs.filter(actor=actor).values_list("mentor_id", flat=True).first()
    remaining = {int(k): v for k, v in run.mentor_remaining.items()}
    if current is not None:
        remaining[current] = remaining.get(current, 0) + 1
    options = engine.suggestions(problem, str(actor.pk), k=len(problem.mentors))
    return [s for s in options if remaining.get(int(s.mentor), 0) > 0 and int(s.mentor) != current]


# ----------------------------------------------------------------------- students' rankings
def ranking_programme_or_404(slug: str) -> Programme:
    return get_object_or_404(Programme, slug=slug, actor_preferences_enabled=True)


def accepted_application_or_404(programme: Programme, user: User) -> ActorApplication:
    return get_object_or_404(
        programme.actor_applications.prefetch_related("topics"),
        user=user,
        status=ApplicationStatus.ACCEPTED,
    )


def matching_published(programme: Programme) -> bool:
    """A proposal of this programme has been published: students' rankings are closed."""
    return programme.match_runs.filter(status=RunStatus.PUBLISHED).exists()


def suggestions_for(*, programme: Programme, actor: User, k: int = 8) -> list[engine.Suggestion]:
    problem = build_problem(programme)
    if not any(a.id == str(actor.pk) for a in problem.actors):
        return []
    return engine.suggestions(problem, str(actor.pk), k=k)


def suggested_mentor_applications(
    programme: Programme, suggestions: list[engine.Suggestion]
) -> list[tuple[MentorApplication, engine.Suggestion]]:
    """The suggested mentors' applications, in the order of the suggestions."""
    applications = {
        m.user_id: m
        for m in MentorApplication.objects.filter(
            programme=programme, user_id__in=[int(s.mentor) for s in suggestions]
        )
        .select_related("user")
        .prefetch_related("topics")
    }
    return [(applications[int(s.mentor)], s) for s in suggestions]


def current_ranking(programme: Programme, actor: User) -> dict[str, str]:
    """The actor's saved ranking as the ranking form's initial data (rank1…rank3)."""
    return {
        f"rank{p.rank}": str(p.mentor_id)
        for p in Preference.objects.filter(programme=programme, actor=actor)
    }


def users_in_order(ids: list[int]) -> list[User]:
    """The users with these ids, in the order given (unknown ids are left out)."""
    users = User.objects.in_bulk(ids)
    return [users[i] for i in ids if i in users]


def users_by_id(ids: Iterable[int]) -> dict[int, User]:
    return User.objects.in_bulk(list(ids))

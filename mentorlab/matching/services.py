"""Between the database and the matching engine, and every write of the matching workflow.

Run → proposal (pending) → the coordinator swaps, rejects, locks, re-runs → publish. Publishing
turns the proposal into mentorships; it is the only step that reaches participants."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mentorlab.accounts.models import User
from mentorlab.mentorships.models import MentorshipActor
from mentorlab.mentorships.services import mentorship_create
from mentorlab.programmes.access import require_coordinator
from mentorlab.programmes.choices import ApplicationStatus, DegreeLevel, Track
from mentorlab.programmes.models import ActorApplication, MentorApplication, Programme

from . import engine
from .models import Exclusion, Lock, MatchRun, Mode, Preference, ProposedPair, RunStatus
from .scoring import Weights

logger = logging.getLogger(__name__)


# ----------------------------------------------------------------------- building the input
def matched_actor_ids(programme: Programme) -> set[int]:
    """Actors who already have a live mentorship in the programme."""
    return set(
        MentorshipActor.objects.filter(programme=programme, live=True).values_list(
            "actor_id", flat=True
        )
    )


def mentor_load(programme: Programme) -> dict[int, int]:
    """How many live actors each mentor already has in the programme."""
    rows = (
        MentorshipActor.objects.filter(programme=programme, live=True)
        .values("mentorship__mentor_id")
        .annotate(n=Count("id"))
    )
    return {r["mentorship__mentor_id"]: r["n"] for r in rows}


def waiting_count(programme: Programme) -> int:
    """Accepted actors still without a live mentorship, counted in the database."""
    taken = MentorshipActor.objects.filter(programme=programme, live=True).values("actor_id")
    return (
        programme.actor_applications.filter(status=ApplicationStatus.ACCEPTED)
        .exclude(user_id__in=taken)
        .count()
    )


def free_places(programme: Programme) -> int:
    """Places accepted mentors still offer (capacity minus live actors, never below 0)."""
    load = mentor_load(programme)
    capacities = programme.mentor_applications.filter(
        status=ApplicationStatus.ACCEPTED
    ).values_list("user_id", "capacity")
    return sum(max(capacity - load.get(user_id, 0), 0) for user_id, capacity in capacities)


def actor_applications_to_match(programme: Programme) -> list[ActorApplication]:
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
    load = mentor_load(programme)
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


# ----------------------------------------------------------------------- rules
def exclusion_add(
    *, programme: Programme, actor: User, mentor: User, by: User, note: str = ""
) -> Exclusion:
    require_coordinator(programme, by)
    if Lock.objects.filter(programme=programme, actor=actor, mentor=mentor).exists():
        raise ValidationError(_("This pair is locked. Unlock it before excluding it."))
    exclusion, _created = Exclusion.objects.get_or_create(
        programme=programme, actor=actor, mentor=mentor, defaults={"note": note, "created_by": by}
    )
    return exclusion


def lock_add(*, programme: Programme, actor: User, mentor: User, by: User) -> Lock:
    """Keep this pair in every following run. Refused (with the rule named) when the pair
    breaks a hard rule or the mentor's places are already taken by other locks."""
    require_coordinator(programme, by)
    if Exclusion.objects.filter(programme=programme, actor=actor, mentor=mentor).exists():
        raise ValidationError(_("This pair is excluded. Remove the exclusion before locking it."))
    problem = build_problem(programme)
    trial = engine.Problem(
        actors=problem.actors,
        mentors=problem.mentors,
        rules=engine.Rules(
            exclusions=problem.rules.exclusions,
            locks=(
                *[lk for lk in problem.rules.locks if lk[0] != str(actor.pk)],
                (str(actor.pk), str(mentor.pk)),
            ),
        ),
        k=1,
        certify=False,
    )
    try:
        engine.candidate_graph(trial)  # validates the locks against every hard rule
    except engine.MatchingInputError as exc:
        raise ValidationError(_("This pair cannot be locked: %(why)s") % {"why": exc}) from exc
    lock, _created = Lock.objects.update_or_create(
        programme=programme, actor=actor, defaults={"mentor": mentor, "created_by": by}
    )
    return lock


def lock_remove(*, programme: Programme, actor: User, by: User) -> None:
    require_coordinator(programme, by)
    Lock.objects.filter(programme=programme, actor=actor).delete()


def exclusion_remove(*, programme: Programme, exclusion_id: int, by: User) -> None:
    require_coordinator(programme, by)
    Exclusion.objects.filter(programme=programme, pk=exclusion_id).delete()


def preferences_set(*, programme: Programme, actor: User, mentors: list[User]) -> None:
    """Replace an actor's ranked choices (up to three, best first)."""
    if not programme.actor_preferences_enabled:
        raise ValidationError(_("This programme does not ask students to rank mentors."))
    if not programme.actor_applications.filter(
        user=actor, status=ApplicationStatus.ACCEPTED
    ).exists():
        raise PermissionDenied
    if len(mentors) > 3:
        raise ValidationError(_("You can rank at most three mentors."))
    if len({m.pk for m in mentors}) != len(mentors):
        raise ValidationError(_("Each mentor can be ranked only once."))
    allowed = {s.mentor for s in suggestions_for(programme=programme, actor=actor)}
    for mentor in mentors:
        if str(mentor.pk) not in allowed:
            raise ValidationError(_("You can only rank mentors from your suggestions."))
    with transaction.atomic():
        Preference.objects.filter(programme=programme, actor=actor).delete()
        Preference.objects.bulk_create(
            Preference(programme=programme, actor=actor, mentor=m, rank=i)
            for i, m in enumerate(mentors, start=1)
        )


def suggestions_for(*, programme: Programme, actor: User, k: int = 8) -> list[engine.Suggestion]:
    problem = build_problem(programme)
    if not any(a.id == str(actor.pk) for a in problem.actors):
        return []
    return engine.suggestions(problem, str(actor.pk), k=k)


# ----------------------------------------------------------------------- runs
def match_run_start(
    *, programme: Programme, by: User, weights: Weights, mode: str, k: int = 10
) -> MatchRun:
    """Record a run and hand it to the task queue (a worker in production; in-process on
    the embedded default). The page polls the run until it is finished."""
    require_coordinator(programme, by)
    run = MatchRun.objects.create(
        programme=programme, created_by=by, weights=weights.as_dict(), mode=mode, shortlist_size=k
    )
    from .tasks import run_matching

    transaction.on_commit(partial(run_matching.enqueue, run.pk))
    return run


def match_run_execute(run_id: int) -> None:
    """Do the work of a run (called by the task). Failures are stored on the run."""
    run = MatchRun.objects.select_related("programme").get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return
    MatchRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=10)
    try:
        problem = build_problem(
            run.programme, weights=Weights(**run.weights), mode=run.mode, k=run.shortlist_size
        )
        MatchRun.objects.filter(pk=run.pk).update(progress=30)
        result = engine.match(problem)
    except (engine.MatchingInputError, ValueError) as exc:
        MatchRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(exc), finished_at=timezone.now(), progress=100
        )
        return
    with transaction.atomic():
        ProposedPair.objects.bulk_create(
            ProposedPair(
                run=run,
                actor_id=int(a.actor),
                mentor_id=int(a.mentor),
                score=a.score,
                breakdown=a.breakdown,
                locked=a.locked,
            )
            for a in result.assignments
        )
        stats = asdict(result.stats)
        MatchRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE,
            progress=100,
            stats=stats,
            unmatched=[asdict(u) for u in result.unmatched],
            mentor_remaining=result.mentor_remaining,
            finished_at=timezone.now(),
        )


def _pending_run(run: MatchRun, by: User) -> MatchRun:
    require_coordinator(run.programme, by)
    locked = MatchRun.objects.select_for_update().get(pk=run.pk)
    if locked.status != RunStatus.DONE:
        raise ValidationError(_("Only a pending proposal can be changed."))
    return locked


def proposal_reject_pair(*, run: MatchRun, pair_id: int, by: User) -> None:
    """Take a pair out of the proposal; the next run will not propose it again."""
    with transaction.atomic():
        run = _pending_run(run, by)
        pair = run.pairs.filter(pk=pair_id).first()
        if pair is None:
            raise ValidationError(_("That pair is not in this proposal."))
        Exclusion.objects.get_or_create(
            programme=run.programme,
            actor_id=pair.actor_id,
            mentor_id=pair.mentor_id,
            defaults={"note": _("Rejected from run %(run)s") % {"run": run.pk}, "created_by": by},
        )
        Lock.objects.filter(
            programme=run.programme, actor_id=pair.actor_id, mentor_id=pair.mentor_id
        ).delete()
        _record_unmatched(run, pair.actor_id, "rejected", _("rejected by a coordinator"))
        _free_place(run, pair.mentor_id, +1)
        pair.delete()


def proposal_swap(*, run: MatchRun, actor: User, mentor: User, by: User) -> ProposedPair:
    """Give an actor a different mentor (one that passes every hard rule and has a free
    place), or a mentor to an actor the run left unmatched."""
    with transaction.atomic():
        run = _pending_run(run, by)
        options = {s.mentor: s for s in swap_options(run=run, actor=actor)}
        choice = options.get(str(mentor.pk))
        if choice is None:
            raise ValidationError(
                _(
                    "%(mentor)s cannot take %(actor)s: a hard rule or their capacity stands in the way."
                )
                % {"mentor": mentor, "actor": actor}
            )
        old = run.pairs.filter(actor=actor).first()
        if old is not None:
            _free_place(run, old.mentor_id, +1)
            old.delete()
        _free_place(run, mentor.pk, -1)
        run.unmatched = [u for u in run.unmatched if u["actor"] != str(actor.pk)]
        run.save(update_fields=["unmatched"])
        return ProposedPair.objects.create(
            run=run,
            actor=actor,
            mentor=mentor,
            score=choice.score,
            breakdown=choice.breakdown,
            edited=True,
        )


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


def _free_place(run: MatchRun, mentor_id: int, delta: int) -> None:
    remaining = dict(run.mentor_remaining)
    remaining[str(mentor_id)] = int(remaining.get(str(mentor_id), 0)) + delta
    run.mentor_remaining = remaining
    run.save(update_fields=["mentor_remaining"])


def _record_unmatched(run: MatchRun, actor_id: int, code: str, reason: str) -> None:
    run.unmatched = [
        *[u for u in run.unmatched if u["actor"] != str(actor_id)],
        {"actor": str(actor_id), "code": code, "reason": reason, "details": {}},
    ]
    run.save(update_fields=["unmatched"])


def match_publish(*, run: MatchRun, by: User) -> int:
    """Turn a pending proposal into mentorships and introduce each pair by e-mail.

    Safe against double clicks and two coordinators at once: the run row is locked, so the
    second attempt sees it published; mentors' application rows are locked while their
    places are counted, so no mentor ends up over capacity whatever else is published."""
    from mentorlab.mentorships import emails as mentorship_emails

    with transaction.atomic():
        require_coordinator(run.programme, by)
        # One publish at a time per programme: everything below reads and writes the
        # programme's mentorships, so the programme row is the lock everyone queues on.
        Programme.objects.select_for_update().get(pk=run.programme_id)
        locked_run = (
            MatchRun.objects.select_for_update(of=("self",))
            .select_related("programme")
            .get(pk=run.pk)
        )
        if locked_run.status == RunStatus.PUBLISHED:
            raise ValidationError(_("This proposal has already been published."))
        if locked_run.status != RunStatus.DONE:
            raise ValidationError(_("Only a finished proposal can be published."))
        programme = locked_run.programme
        pairs = list(
            locked_run.pairs.select_related("actor", "mentor").order_by("mentor_id", "actor_id")
        )
        if not pairs:
            raise ValidationError(_("The proposal has no pairs to publish."))
        by_mentor: dict[int, list[ProposedPair]] = defaultdict(list)
        for pair in pairs:
            by_mentor[pair.mentor_id].append(pair)
        applications = {
            m.user_id: m
            for m in MentorApplication.objects.select_for_update()
            .filter(programme=programme, user_id__in=by_mentor)
            .order_by("pk")
        }
        accepted_actors = set(
            programme.actor_applications.filter(
                status=ApplicationStatus.ACCEPTED, user_id__in=[p.actor_id for p in pairs]
            ).values_list("user_id", flat=True)
        )
        gone = [p.actor for p in pairs if p.actor_id not in accepted_actors]
        if gone:
            raise ValidationError(
                _("%(student)s is no longer an accepted student; re-run the matching.")
                % {"student": gone[0]}
            )
        load = mentor_load(programme)
        for mentor_id, group in by_mentor.items():
            application = applications.get(mentor_id)
            if application is None or application.status != ApplicationStatus.ACCEPTED:
                raise ValidationError(
                    _("%(mentor)s is no longer an accepted mentor; re-run the matching.")
                    % {"mentor": group[0].mentor}
                )
            if load.get(mentor_id, 0) + len(group) > application.capacity:
                raise ValidationError(
                    _(
                        "%(mentor)s would have more students than the %(capacity)d they offered; re-run the matching."
                    )
                    % {"mentor": group[0].mentor, "capacity": application.capacity}
                )
        created = []
        for group in by_mentor.values():
            mentor = group[0].mentor
            if programme.track == Track.DOCTORAL or _all_doctoral(programme, group):
                created.append(
                    mentorship_create(
                        programme=programme,
                        mentor=mentor,
                        actors=[p.actor for p in group],
                        created_by=by,
                    )
                )
            else:
                created.extend(
                    mentorship_create(
                        programme=programme, mentor=mentor, actors=[p.actor], created_by=by
                    )
                    for p in group
                )
        MatchRun.objects.filter(pk=locked_run.pk).update(
            status=RunStatus.PUBLISHED, published_at=timezone.now(), published_by=by
        )
        # Other pending proposals were made from the same people; they are out of date now.
        MatchRun.objects.filter(programme=programme, status=RunStatus.DONE).exclude(
            pk=locked_run.pk
        ).update(status=RunStatus.FAILED, error=_("Another proposal was published."))
        for mentorship in created:
            transaction.on_commit(partial(mentorship_emails.mentorship_introduced, mentorship))
    return len(pairs)


def _all_doctoral(programme: Programme, group: list[ProposedPair]) -> bool:
    """In a mixed programme, a mentor's doctoral actors form a group when there are 2+."""
    if len(group) < 2:
        return False
    levels = set(
        ActorApplication.objects.filter(
            programme=programme, user_id__in=[p.actor_id for p in group]
        ).values_list("degree_level", flat=True)
    )
    return levels == {DegreeLevel.DOCTORAL}


def run_summary(run: MatchRun) -> dict[str, Any]:
    """Figures for the proposal page, recomputed from the pairs as they are now (after
    swaps and rejections)."""
    pairs = list(run.pairs.all())
    actors = int(run.stats.get("actors", 0))
    scores = [p.score for p in pairs]
    prefs = {
        (p.actor_id, p.mentor_id)
        for p in Preference.objects.filter(programme=run.programme).only("actor_id", "mentor_id")
    }
    ranked = sum((p.actor_id, p.mentor_id) in prefs for p in pairs)
    ranking_actors = len({a for a, _m in prefs})
    bound = run.stats.get("bound") or {}
    return {
        "actors": actors,
        "matched": len(pairs),
        "share": (len(pairs) / actors) if actors else 0.0,
        "mean": (sum(scores) / len(scores)) if scores else 0,
        "lowest": min(scores) if scores else None,
        "ranked_choice": ranked,
        "ranking_actors": ranking_actors,
        "gap": bound.get("gap"),
        "cardinality_certified": bound.get("cardinality_certified"),
        "timings": run.stats.get("timings", {}),
    }


def unmatched_rows(run: MatchRun) -> list[dict[str, Any]]:
    users = User.objects.in_bulk([int(u["actor"]) for u in run.unmatched])
    return [{**u, "user": users.get(int(u["actor"]))} for u in run.unmatched]


def open_runs_exist(programme: Programme) -> bool:
    return MatchRun.objects.filter(
        Q(status=RunStatus.QUEUED) | Q(status=RunStatus.RUNNING), programme=programme
    ).exists()

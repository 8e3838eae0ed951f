""":func:`match`: the steps of the package in order (see the package docstring)."""

from __future__ import annotations

import time

import numpy as np

from .candidates import shortlist
from .certificate import Certified, lp_dual_certify, resolved_bound_method, row_max_bound
from .cohesion import improve_cohesion
from .edges import CandidateEdges, Solution
from .explanations import unmatched_reason
from .flow import solve_mode
from .prepare import prepare
from .repair import all_pairs_max, evident_max, repair
from .types import Assignment, Bound, CandidateGraph, Problem, Result, Stats


def candidate_graph(problem: Problem) -> CandidateGraph:
    """The shortlist graph :func:`match` solves first (locks applied, nothing solved)."""
    prep = prepare(problem)
    edges = shortlist(prep.features, prep.available, prep.free, problem.k).edges
    return CandidateGraph(
        [a.id for a in prep.actors],
        [x.id for x in prep.mentors],
        edges.actor,
        edges.mentor,
        edges.score,
        prep.remaining,
    )


def match(problem: Problem) -> Result:
    """Match a cohort; see the package docstring for the guarantees."""
    t0 = time.perf_counter()
    prep = prepare(problem)
    actors, mentors, feat = prep.actors, prep.mentors, prep.features
    available, free = prep.available, prep.free
    n, m = prep.n_actors, prep.n_mentors
    t1 = time.perf_counter()

    # Candidate graph.
    k = problem.k
    short = shortlist(feat, available, free, k)
    edges = short.edges
    t2 = time.perf_counter()

    chosen = solve_mode(
        problem.mode,
        edges,
        n_actors=n,
        capacity=prep.remaining,
        rank=feat.preference_ranks(edges.actor, edges.mentor),
    )
    solution = Solution(edges, chosen)
    t3 = time.perf_counter()

    bound: Bound | None = None
    locked_rows = prep.locked_rows
    locked = CandidateEdges.scored(feat, locked_rows, prep.locked_mentor[locked_rows])
    locked_total = int(locked.score.sum())
    method = resolved_bound_method(problem.bound_method, len(prep.free_rows), int(available.sum()))
    bounded = problem.certify and problem.mode == "best"

    # No actor left unmatched while a feasible mentor has (or could free) a place: the
    # max-flow over all feasible pairs says how many can be placed; the repair grows the
    # graph until the solve places that many.
    best = evident_max(prep, solution, short.has_feasible_mentor) or all_pairs_max(prep)
    fix = repair(prep, problem.mode, solution, best, per_row=2 * k)
    solution = fix.solution
    proven = bool(fix.certified)
    t4 = time.perf_counter()

    certified: Certified | None = None
    if bounded and method == "lp_dual":
        certified = lp_dual_certify(
            prep,
            solution,
            short.kth_scan_score,
            best,
            k=k,
            refine_rounds=problem.refine_rounds,
            gap_tolerance=problem.gap_tolerance,
        )
        solution = certified.solution
    if certified is not None:
        bound = certified.lp.bound(
            solution.matched, solution.total_score + locked_total, locked_total, proven
        )
    elif bounded:
        bound = row_max_bound(
            prep,
            solution,
            short.kth_scan_score,
            short.has_feasible_mentor,
            locked_total=locked_total,
            proven=proven,
        )
    t4b = time.perf_counter()

    if problem.weights.group_cohesion > 0:
        solution = Solution(solution.edges, improve_cohesion(prep, solution, problem.weights))
    t5 = time.perf_counter()

    # Assemble.
    assignments: list[Assignment] = []
    for r, li in enumerate(locked_rows.tolist()):
        bd = {c: int(locked.points[c][r]) for c in feat.active}
        assignments.append(
            Assignment(
                actors[li].id, mentors[prep.locked_mentor[li]].id, sum(bd.values()), bd, True
            )
        )
    edges, sel = solution.edges, solution.chosen
    picked = np.nonzero(sel)[0]
    cols = {c: edges.points[c][picked].tolist() for c in feat.active}
    for r, (i, j, s) in enumerate(
        zip(
            edges.actor[picked].tolist(),
            edges.mentor[picked].tolist(),
            edges.score[picked].tolist(),
            strict=True,
        )
    ):
        bd = {c: cols[c][r] for c in feat.active}
        assignments.append(Assignment(actors[i].id, mentors[j].id, s, bd, False))
    assignments.sort(key=lambda x: x.actor)
    load = np.bincount(edges.mentor[sel], minlength=m) + prep.lock_load
    left = prep.capacity - load
    matched = np.zeros(n, dtype=bool)
    matched[edges.actor[sel]] = True
    matched[locked_rows] = True
    unmatched = [
        unmatched_reason(feat.rules, actors, mentors, i, prep.capacity, left, k)
        for i in np.nonzero(~matched)[0].tolist()
    ]
    scores = [x.score for x in assignments]
    prefs = {a.id: set(a.preferences) for a in actors}
    stats = Stats(
        actors=n,
        matched=len(assignments),
        share=len(assignments) / n if n else 0.0,
        mean_score=float(np.mean(scores)) if scores else 0.0,
        min_score=min(scores) if scores else None,
        total_score=int(sum(scores)),
        ranked_choice=sum(1 for x in assignments if x.mentor in prefs[x.actor]),
        with_preferences=sum(1 for a in actors if a.preferences),
        candidate_edges=len(edges),
        timings={
            "build": t1 - t0,
            "score": t2 - t1,
            "solve": (t3 - t2) + (t4 - t3) + (t5 - t4b),  # includes the repair
            "bound": t4b - t4,
            "repair": t4 - t3,
            "total": time.perf_counter() - t0,
        },
        bound=bound,
        repaired=fix.placed,
    )
    return Result(
        problem.mode,
        assignments,
        unmatched,
        {x.id: int(left[j]) for j, x in enumerate(mentors)},
        stats,
    )

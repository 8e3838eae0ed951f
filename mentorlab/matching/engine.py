"""Mentorlab matching engine: plain dataclasses in, plain dataclasses out (no Django).

Pipeline of :func:`match`:

1. **Hard rules are edge filters**: a pair is possible only if actor and mentor share a
   language, the mentor takes the actor's degree level, the mentor's employer is not the
   actor's declared conflict of interest (trimmed, case-insensitive), the pair is not excluded
   by the coordinator, and the mentor has a free place.
2. **Locks** are validated (an invalid lock raises :class:`MatchingInputError`), assigned first
   and use up their mentor's capacity.
3. **Candidate graph**: one blocked, vectorised pass over every feasible pair keeps each actor's
   best ``k`` mentors and each mentor's best ``k`` actors, plus every ranked preference.
4. **Solve** (OR-Tools min-cost flow, source -> actor (1) -> mentor (capacity) -> sink):
   the maximum number of actors is matched, and among those matchings the total score is
   maximal on the candidate graph (exact, integer costs). Modes change the second criterion:
   ``best`` total score; ``fairest`` the lowest score first, then the total; ``rankings`` the
   actors' own ranked choices first (1st/2nd/3rd weighted 3/2/1), then the total.
5. **Certificate** (mode ``best``): LP dual prices of the mentors give an upper bound on what
   *any* matching over *all* feasible pairs could score; ``gap`` says how far the result can be
   from that all-pairs optimum (0 means proven optimal). Missed pairs the bound exposes are
   added and the problem re-solved for a few rounds (column generation).
6. **Repair** (every mode): alternating-path searches over ALL feasible pairs place every
   actor left unmatched while a feasible mentor has, or could free, a place; the moved actors
   are re-solved over their full rows (see :func:`_repair`).
7. Optional group-cohesion local improvement, unmatched reasons, statistics.

Same input gives the same output: actors and mentors are sorted by id before anything else.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

from mentorlab.matching.scoring import (
    CRITERIA,
    LEVELS,
    POINTS_PER_WEIGHT,
    Features,
    TextBackend,
    Weights,
    norm,
    topic_text_similarity_matrix,
)

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = [
    "Actor",
    "Assignment",
    "Bound",
    "CandidateGraph",
    "MatchingInputError",
    "Mentor",
    "Mode",
    "PairAssignment",
    "PairResult",
    "Problem",
    "Result",
    "Rules",
    "Stats",
    "Suggestion",
    "Unmatched",
    "Weights",
    "candidate_graph",
    "match",
    "solve_pairs",
    "suggestions",
    "topic_text_similarity_matrix",
]

Mode = Literal["best", "fairest", "rankings"]
BoundMethod = Literal["auto", "lp_dual", "row_max"]
BOUND_METHODS: tuple[BoundMethod, ...] = ("auto", "lp_dual", "row_max")
# With bound_method="auto", the LP-dual bound is computed up to this many actor x mentor
# pairs (about 14,000 x 14,000); above it the free row-max bound is reported.
LP_DUAL_MAX_CELLS = 2 * 10**8
MODES: tuple[Mode, ...] = ("best", "fairest", "rankings")
LEVEL_LABEL = {"masters": "master's", "doctoral": "doctoral"}
# Float scores in solve_pairs are compared after rounding to this many units per 1.0.
DEFAULT_SCALE = 1_000_000


class MatchingInputError(ValueError):
    """Input the engine refuses: duplicate/unknown ids, an invalid lock, bad values."""


# ---------------------------------------------------------------------------- inputs
@dataclass(frozen=True)
class Actor:
    """A student applying for a mentor. ``preferences``: up to 3 mentor ids, best first."""

    id: str
    degree_level: str  # "masters" | "doctoral"
    field: str = ""
    languages: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    industries: frozenset[str] = frozenset()
    goals_text: str = ""
    city: str = ""
    remote_ok: bool = False
    conflict_employer: str = ""
    preferences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mentor:
    """An alumnus/alumna offering ``capacity`` places to actors of the given ``levels``."""

    id: str
    levels: frozenset[str]  # subset of {"masters", "doctoral"}
    field: str = ""
    languages: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    industry: str = ""
    employer: str = ""
    offer_text: str = ""
    city: str = ""
    remote_ok: bool = False
    capacity: int = 1


@dataclass(frozen=True)
class Rules:
    """Coordinator rules: pairs never allowed, and pairs always kept."""

    exclusions: frozenset[tuple[str, str]] = frozenset()
    locks: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Problem:
    actors: Sequence[Actor]
    mentors: Sequence[Mentor]
    rules: Rules = field(default_factory=Rules)
    weights: Weights = field(default_factory=Weights)
    mode: Mode = "best"
    k: int = 10
    certify: bool = True  # compute the all-pairs bound (mode "best")
    refine_rounds: int = 2  # column-generation rounds when the bound shows missed pairs
    # Column generation stops once (bound - achieved) / achieved is at most this; the gap
    # reached is reported either way (0: refine while any round can still add pairs).
    gap_tolerance: float = 1e-4
    # "lp_dual": tight LP-dual bound (a second pass over the pairs of actors it cannot settle
    # cheaply, plus re-solves); "row_max": each actor's best feasible score, free from the
    # scoring pass; "auto": lp_dual up to LP_DUAL_MAX_CELLS actor x mentor pairs.
    bound_method: BoundMethod = "auto"
    text_backend: TextBackend | None = None


# ---------------------------------------------------------------------------- outputs
@dataclass(frozen=True)
class Assignment:
    actor: str
    mentor: str
    score: int
    breakdown: dict[str, int]
    locked: bool = False


@dataclass(frozen=True)
class Unmatched:
    """``code`` is stable for translation; ``reason`` is English; ``details`` hold the data."""

    actor: str
    code: str
    reason: str
    details: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Bound:
    """Certificate against the optimum over ALL feasible pairs (not only candidates).

    ``upper``: no matching of the non-locked actors, with as many actors matched, can score
    more than this (locked scores included; with ``method == "row_max"``: no matching at all). ``gap`` = (upper - achieved) / achieved; 0 means
    the result is proven optimal over all pairs. ``cardinality_certified``: no matching over
    all pairs matches more actors than the result does.
    """

    upper: float
    achieved: int
    gap: float
    cardinality_certified: bool | None
    rounds: int
    added_edges: int
    # "lp_dual": mentor prices from the LP duals (tight); "row_max": the sum of every actor's
    # best feasible score (no prices, no re-solve; weaker). With "row_max",
    # cardinality_certified is None unless every actor with a feasible mentor (or every place)
    # is taken.
    method: str = "lp_dual"


@dataclass(frozen=True)
class Stats:
    actors: int
    matched: int
    share: float
    mean_score: float
    min_score: int | None
    total_score: int
    ranked_choice: int  # matched actors who got one of their ranked mentors
    with_preferences: int  # actors who ranked at least one mentor
    candidate_edges: int
    timings: dict[str, float]
    bound: Bound | None
    # Actors placed by the repair after the shortlist solve (augmenting paths over all pairs).
    repaired: int = 0


@dataclass(frozen=True)
class Result:
    mode: Mode
    assignments: list[Assignment]
    unmatched: list[Unmatched]
    mentor_remaining: dict[str, int]
    stats: Stats


@dataclass(frozen=True)
class Suggestion:
    mentor: str
    score: int
    breakdown: dict[str, int]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class PairAssignment:
    actor: str
    mentor: str
    score: float


@dataclass(frozen=True)
class PairResult:
    assignments: list[PairAssignment]
    unmatched: list[Unmatched]
    total_score: float


# ---------------------------------------------------------------------------- solver core
def _flow_arcs(
    n_a: int, caps: NDArray[np.int64], ei: NDArray[np.int64], ej: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], int, int]:
    m = len(caps)
    src, sink = n_a + m, n_a + m + 1
    tails = np.concatenate([np.full(n_a, src), ei, n_a + np.arange(m)]).astype(np.int64)
    heads = np.concatenate([np.arange(n_a), n_a + ej, np.full(m, sink)]).astype(np.int64)
    cap = np.concatenate([np.ones(n_a + len(ei), dtype=np.int64), caps]).astype(np.int64)
    return tails, heads, cap, src, sink


def _max_cardinality_max_weight(
    n_a: int,
    caps: NDArray[np.int64],
    ei: NDArray[np.int64],
    ej: NDArray[np.int64],
    w: NDArray[np.int64],
) -> NDArray[np.bool_]:
    """Exact: the most edges possible, then the largest sum of integer weights ``w``."""
    if len(ei) == 0:
        return np.zeros(0, dtype=bool)
    tails, heads, cap, src, sink = _flow_arcs(n_a, caps, ei, ej)
    cost = np.concatenate([np.zeros(n_a, dtype=np.int64), -w, np.zeros(len(caps), dtype=np.int64)])
    if np.abs(w).max(initial=0) * (n_a + len(caps) + 2) >= 2**62:
        raise MatchingInputError("scores too large to solve exactly; lower the scale")
    mcf = min_cost_flow.SimpleMinCostFlow()
    mcf.add_arcs_with_capacity_and_unit_cost(tails, heads, cap, cost.astype(np.int64))
    total = int(min(n_a, int(caps.sum())))
    mcf.set_node_supply(src, total)
    mcf.set_node_supply(sink, -total)
    status = mcf.solve_max_flow_with_min_cost()
    if status != mcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    flows = mcf.flows(np.arange(n_a, n_a + len(ei), dtype=np.int64))
    return np.asarray(flows) > 0


def _max_flow_value(
    n_a: int, caps: NDArray[np.int64], ei: NDArray[np.int64], ej: NDArray[np.int64]
) -> int:
    if len(ei) == 0:
        return 0
    tails, heads, cap, src, sink = _flow_arcs(n_a, caps, ei, ej)
    mf = max_flow.SimpleMaxFlow()
    mf.add_arcs_with_capacity(tails, heads, cap)
    if mf.solve(src, sink) != mf.OPTIMAL:
        raise RuntimeError("max flow failed")
    return int(mf.optimal_flow())


def _solve_mode(
    mode: Mode,
    n_a: int,
    caps: NDArray[np.int64],
    ei: NDArray[np.int64],
    ej: NDArray[np.int64],
    w: NDArray[np.int64],
    rank: NDArray[np.int64],
) -> NDArray[np.bool_]:
    """Selected edges for a mode; cardinality is always maximal first."""
    if mode == "best" or len(ei) == 0:
        return _max_cardinality_max_weight(n_a, caps, ei, ej, w)
    if mode == "fairest":
        # Bottleneck: the largest threshold whose edges still allow a max-cardinality matching.
        target = _max_flow_value(n_a, caps, ei, ej)
        levels = np.unique(w)
        lo, hi = 0, len(levels) - 1  # levels[lo] is always feasible
        while lo < hi:
            mid = (lo + hi + 1) // 2
            keep = w >= levels[mid]
            if _max_flow_value(n_a, caps, ei[keep], ej[keep]) == target:
                lo = mid
            else:
                hi = mid - 1
        keep = w >= levels[lo]
        sel = np.zeros(len(ei), dtype=bool)
        sel[
            np.nonzero(keep)[0][_max_cardinality_max_weight(n_a, caps, ei[keep], ej[keep], w[keep])]
        ] = True
        return sel
    # rankings: a ranked choice (3/2/1 for 1st/2nd/3rd) outweighs any score difference.
    per_actor_max = np.zeros(n_a, dtype=np.int64)
    np.maximum.at(per_actor_max, ei, np.maximum(w, 0))
    big = int(per_actor_max.sum() - min(0, int(w.min()))) * 2 + 1
    bonus = np.where(rank >= 0, (3 - rank) * big, 0).astype(np.int64)
    return _max_cardinality_max_weight(n_a, caps, ei, ej, w + bonus)


# ---------------------------------------------------------------------------- bare solver
def solve_pairs(
    actor_ids: Sequence[str],
    capacities: Mapping[str, int],
    pairs: Iterable[tuple[str, str, float]],
    *,
    scale: int = DEFAULT_SCALE,
) -> PairResult:
    """Optimum over explicit allowed pairs: most actors matched, then highest total score.

    Scores are floats (higher is better, negatives allowed) rounded to ``1/scale``
    (default 1e-6): totals differing by less than that are treated as ties. Only the listed
    pairs are allowed; each mentor takes at most ``capacities[mentor]`` actors.
    """
    ids = sorted(actor_ids)
    if len(set(ids)) != len(ids):
        raise MatchingInputError(f"duplicate actor id {_first_dup(ids)!r}")
    a_index = {a: i for i, a in enumerate(ids)}
    m_ids = sorted(capacities)
    m_index = {m: j for j, m in enumerate(m_ids)}
    caps = np.array([capacities[m] for m in m_ids], dtype=np.int64)
    for m in m_ids:
        c = capacities[m]
        if isinstance(c, bool) or not isinstance(c, int) or c < 0:
            raise MatchingInputError(f"mentor {m!r}: capacity must be a whole number >= 0")
    rows: dict[tuple[int, int], float] = {}
    for a, m, s in pairs:
        if a not in a_index:
            raise MatchingInputError(f"unknown actor {a!r} in pair ({a!r}, {m!r})")
        if m not in m_index:
            raise MatchingInputError(f"unknown mentor {m!r} in pair ({a!r}, {m!r})")
        if not math.isfinite(s):
            raise MatchingInputError(f"pair ({a!r}, {m!r}): score must be a finite number")
        key = (a_index[a], m_index[m])
        if key in rows:
            raise MatchingInputError(f"duplicate pair ({a!r}, {m!r})")
        rows[key] = float(s)
    keys = sorted(rows)
    ei = np.array([k[0] for k in keys], dtype=np.int64)
    ej = np.array([k[1] for k in keys], dtype=np.int64)
    score = np.array([rows[k] for k in keys], dtype=np.float64)
    w = np.rint(score * scale).astype(np.int64)
    usable = caps[ej] > 0 if len(ej) else np.zeros(0, dtype=bool)
    sel = np.zeros(len(ei), dtype=bool)
    sel[
        np.nonzero(usable)[0][
            _max_cardinality_max_weight(len(ids), caps, ei[usable], ej[usable], w[usable])
        ]
    ] = True
    matched = np.zeros(len(ids), dtype=bool)
    matched[ei[sel]] = True
    load = np.bincount(ej[sel], minlength=len(m_ids))
    assignments = [
        PairAssignment(ids[i], m_ids[j], float(s))
        for i, j, s in zip(ei[sel], ej[sel], score[sel], strict=True)
    ]
    unmatched: list[Unmatched] = []
    for i in np.nonzero(~matched)[0]:
        js = ej[ei == i]
        if len(js) == 0:
            unmatched.append(Unmatched(ids[i], "no_pairs", "no allowed pair for this actor", {}))
        elif (caps[js] == 0).all():
            unmatched.append(
                Unmatched(
                    ids[i], "no_capacity", "every allowed mentor has no places (capacity 0)", {}
                )
            )
        else:
            n = len(js)
            text = (
                "the only allowed mentor is at capacity"
                if n == 1
                else f"every allowed mentor ({n}) is at capacity"
            )
            unmatched.append(
                Unmatched(
                    ids[i],
                    "at_capacity",
                    text,
                    {"mentors": [m_ids[j] for j in js], "full": bool((load[js] >= caps[js]).all())},
                )
            )
    return PairResult(assignments, unmatched, float(score[sel].sum()))


# ---------------------------------------------------------------------------- validation
def _first_dup(items: Sequence[str]) -> str:
    seen: set[str] = set()
    for x in items:
        if x in seen:
            return x
        seen.add(x)
    return ""


def _validate(problem: Problem) -> tuple[list[Actor], list[Mentor]]:
    if problem.mode not in MODES:
        raise MatchingInputError(f"unknown mode {problem.mode!r}; use one of {', '.join(MODES)}")
    if problem.bound_method not in BOUND_METHODS:
        raise MatchingInputError(
            f"unknown bound method {problem.bound_method!r}; use one of {', '.join(BOUND_METHODS)}"
        )
    if isinstance(problem.k, bool) or not isinstance(problem.k, int) or problem.k < 1:
        raise MatchingInputError("k must be a whole number >= 1")
    tol = problem.gap_tolerance
    if isinstance(tol, bool) or not isinstance(tol, (int, float)) or not tol >= 0:
        raise MatchingInputError("gap_tolerance must be a number >= 0")
    actors = sorted(problem.actors, key=lambda a: a.id)
    mentors = sorted(problem.mentors, key=lambda m: m.id)
    for kind, ids in (("actor", [a.id for a in actors]), ("mentor", [m.id for m in mentors])):
        dup = _first_dup(ids)
        if dup:
            raise MatchingInputError(f"duplicate {kind} id {dup!r}")
    for a in actors:
        if a.degree_level not in LEVELS:
            raise MatchingInputError(
                f"actor {a.id!r}: degree_level must be 'masters' or 'doctoral'"
            )
    for m in mentors:
        bad = set(m.levels) - set(LEVELS)
        if bad:
            raise MatchingInputError(f"mentor {m.id!r}: unknown level {sorted(bad)[0]!r}")
        if isinstance(m.capacity, bool) or not isinstance(m.capacity, int) or m.capacity < 0:
            raise MatchingInputError(f"mentor {m.id!r}: capacity must be a whole number >= 0")
    return actors, mentors


def _rule_broken(feat: Features, actor: Actor, mentor: Mentor, i: int, j: int) -> str | None:
    if not feat.language_ok(i)[j]:
        return "they share no language"
    if not feat.level_ok(i)[j]:
        return f"the mentor does not take {LEVEL_LABEL[actor.degree_level]} students"
    if actor.conflict_employer.strip() and norm(actor.conflict_employer) == norm(mentor.employer):
        return f"the mentor works at {mentor.employer.strip()}, the actor's conflict of interest"
    if np.any((feat.ex_i == i) & (feat.ex_j == j)):
        return "the pair is excluded by the coordinator"
    return None


@dataclass(frozen=True)
class _Prepared:
    actors: list[Actor]
    mentors: list[Mentor]
    feat: Features
    caps: NDArray[np.int64]
    locked_mentor: NDArray[np.int64]  # mentor index per actor, -1 if not locked
    lock_load: NDArray[np.int64]
    remaining: NDArray[np.int64]


def _prepare(problem: Problem) -> _Prepared:
    """Validate, sort by id, encode features, validate and apply locks."""
    actors, mentors = _validate(problem)
    n, m = len(actors), len(mentors)
    a_index = {a.id: i for i, a in enumerate(actors)}
    m_index = {x.id: j for j, x in enumerate(mentors)}
    exclusions = [
        (a_index[a], m_index[b])
        for a, b in problem.rules.exclusions
        if a in a_index and b in m_index
    ]
    feat = Features(actors, mentors, problem.weights, exclusions, problem.text_backend)
    caps = np.array([x.capacity for x in mentors], dtype=np.int64)

    # Locks: validated and assigned first.
    locked_mentor = np.full(n, -1, dtype=np.int64)
    for a_id, m_id in problem.rules.locks:
        if a_id not in a_index:
            raise MatchingInputError(f"lock ({a_id!r}, {m_id!r}): unknown actor {a_id!r}")
        if m_id not in m_index:
            raise MatchingInputError(f"lock ({a_id!r}, {m_id!r}): unknown mentor {m_id!r}")
        i, j = a_index[a_id], m_index[m_id]
        if locked_mentor[i] >= 0:
            raise MatchingInputError(f"actor {a_id!r} is locked to more than one mentor")
        broken = _rule_broken(feat, actors[i], mentors[j], i, j)
        if broken:
            raise MatchingInputError(f"lock ({a_id!r}, {m_id!r}) breaks a hard rule: {broken}")
        locked_mentor[i] = j
    lock_load = np.bincount(locked_mentor[locked_mentor >= 0], minlength=m)
    over = np.nonzero(lock_load > caps)[0]
    if len(over):
        j = int(over[0])
        raise MatchingInputError(
            f"mentor {mentors[j].id!r} has {lock_load[j]} locked actors but capacity {caps[j]}"
        )
    return _Prepared(actors, mentors, feat, caps, locked_mentor, lock_load, caps - lock_load)


@dataclass(frozen=True)
class CandidateGraph:
    """The shortlist graph :func:`match` solves (for baselines, diagnostics and benchmarks).

    Edge ``e`` joins ``actors[actor[e]]`` and ``mentors[mentor[e]]`` with integer ``score[e]``;
    ``capacity`` is each mentor's capacity left after locks; locked actors have no edges.
    """

    actors: list[str]
    mentors: list[str]
    actor: NDArray[np.int64]
    mentor: NDArray[np.int64]
    score: NDArray[np.int64]
    capacity: NDArray[np.int64]


def candidate_graph(problem: Problem) -> CandidateGraph:
    prep = _prepare(problem)
    ei, ej, _, _ = _candidates(prep.feat, prep.remaining > 0, prep.locked_mentor < 0, problem.k)
    w = _total(prep.feat.edge_points(ei, ej), len(ei))
    return CandidateGraph(
        [a.id for a in prep.actors], [x.id for x in prep.mentors], ei, ej, w, prep.remaining
    )


# ---------------------------------------------------------------------------- main entry
def match(problem: Problem) -> Result:
    """Match a cohort; see the module docstring for the guarantees."""
    t0 = time.perf_counter()
    prep = _prepare(problem)
    actors, mentors, feat, caps = prep.actors, prep.mentors, prep.feat, prep.caps
    locked_mentor, lock_load, remaining = prep.locked_mentor, prep.lock_load, prep.remaining
    available, free = remaining > 0, locked_mentor < 0
    n, m = len(actors), len(mentors)
    free_rows = np.nonzero(free)[0]
    t1 = time.perf_counter()

    # Candidate graph.
    k = problem.k
    ei, ej, kth, has_pair = _candidates(feat, available, free, k)
    points = feat.edge_points(ei, ej)
    w = _total(points, len(ei))
    t2 = time.perf_counter()

    rank = _ranks(feat, ei, ej)
    sel = _solve_mode(problem.mode, n, remaining, ei, ej, w, rank)
    t3 = time.perf_counter()

    bound: Bound | None = None
    locked_rows = np.nonzero(~free)[0]
    locked_points = feat.edge_points(locked_rows, locked_mentor[locked_rows])
    locked_total = int(_total(locked_points, len(locked_rows)).sum())
    method = problem.bound_method
    if method == "auto":
        cells = len(free_rows) * int(available.sum())
        method = "lp_dual" if cells <= LP_DUAL_MAX_CELLS else "row_max"
    bounded = problem.certify and problem.mode == "best"
    lp: _LpBound | None = None
    if bounded and method == "lp_dual":
        ei, ej, points, w, sel, lp = _certify(
            feat, n, remaining, available, free_rows, kth, ei, ej, points, w, sel, problem
        )
    t4 = time.perf_counter()

    # No actor left unmatched while a feasible mentor has (or could free) a place.
    matched_free = int(sel.sum())
    if lp is not None and lp.upper_b < (matched_free + 1) * lp.big - 1e-6:
        fix = _Repair(ei, ej, points, w, sel, 0, True)  # the LP bound proves it already
    else:
        fix = _repair(
            feat, problem.mode, remaining, available, free, has_pair, ei, ej, points, w, sel
        )
    ei, ej, points, w, sel = fix.ei, fix.ej, fix.points, fix.w, fix.sel
    proven = bool(fix.certified)
    if lp is not None and fix.placed:
        # The prices were for fewer matched actors: re-solve the grown graph (it holds the
        # repaired matching) and price it once more, so the bound is tight again.
        first = lp
        sel = _max_cardinality_max_weight(n, remaining, ei, ej, w)
        ei, ej, points, w, sel, lp = _certify(
            feat,
            n,
            remaining,
            available,
            free_rows,
            kth,
            ei,
            ej,
            points,
            w,
            sel,
            replace(problem, refine_rounds=0),
        )
        lp = replace(lp, rounds=first.rounds, added=first.added)
    if lp is not None:
        bound = lp.bound(int(sel.sum()), int(w[sel].sum()) + locked_total, locked_total, proven)
    elif bounded:
        bound = _row_max_bound(
            feat, free_rows, kth, has_pair, remaining, available, ei, w, sel, locked_total, proven
        )
    t4r = time.perf_counter()

    if problem.weights.group_cohesion > 0:
        sel = _improve_cohesion(
            feat, actors, remaining, locked_mentor, ei, ej, w, sel, problem.weights
        )
    t5 = time.perf_counter()

    # Assemble.
    assignments: list[Assignment] = []
    for r, li in enumerate(locked_rows.tolist()):
        bd = {c: int(locked_points[c][r]) for c in feat.active}
        assignments.append(
            Assignment(actors[li].id, mentors[locked_mentor[li]].id, sum(bd.values()), bd, True)
        )
    chosen = np.nonzero(sel)[0]
    cols = {c: points[c][chosen].tolist() for c in feat.active}
    for r, (i, j, s) in enumerate(
        zip(ei[chosen].tolist(), ej[chosen].tolist(), w[chosen].tolist(), strict=True)
    ):
        bd = {c: cols[c][r] for c in feat.active}
        assignments.append(Assignment(actors[i].id, mentors[j].id, s, bd, False))
    assignments.sort(key=lambda x: x.actor)
    load = np.bincount(ej[sel], minlength=m) + lock_load
    left = caps - load
    matched = np.zeros(n, dtype=bool)
    matched[ei[sel]] = True
    matched[locked_rows] = True
    unmatched = [
        _reason(feat, actors, mentors, i, caps, left, k) for i in np.nonzero(~matched)[0].tolist()
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
        candidate_edges=len(ei),
        timings={
            "build": t1 - t0,
            "score": t2 - t1,
            "solve": (t3 - t2) + (t5 - t4),  # includes the repair
            "bound": t4 - t3,
            "repair": t4r - t4,
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


def _candidates(
    feat: Features, available: NDArray[np.bool_], free: NDArray[np.bool_], k: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64], NDArray[np.bool_]]:
    """Each free actor's best k mentors, each mentor's best k actors, and ranked choices.

    One pass over every feasible pair (blocked, on worker threads). Ties are broken by the
    lower index, so the shortlist is deterministic. Also returns each actor's k-th best
    (float) scan score (-inf when all its feasible mentors are shortlisted; used to screen
    the bound) and whether the actor has any feasible mentor.
    """
    n, m = feat.n, feat.m
    free_rows = np.nonzero(free)[0]
    kth = np.full(n, -np.inf)
    has_pair = np.zeros(n, dtype=bool)
    ei_parts: list[NDArray[np.int64]] = []
    ej_parts: list[NDArray[np.int64]] = []
    m_thr = np.full(m, -np.inf, dtype=np.float32)  # a lower bound of each mentor's k-th best
    # Mentor side: each worker thread keeps its own top k per mentor (no lock, merged in
    # parallel) and raises the shared thresholds; the states are merged once at the end.
    local = threading.local()
    states: list[_MentorTop] = []
    states_lock = threading.Lock()
    batch = max(m * k // 4, 1 << 15)

    def scan(rows: NDArray[np.int64], cols: NDArray[np.int64], block: NDArray[np.float32]) -> Any:
        out = _scan_block(rows, cols, block, k, m_thr)
        h_i, h_j, h_v = out[5:]
        if len(h_i):
            state = getattr(local, "state", None)
            if state is None:
                state = local.state = _MentorTop(m, k)
                with states_lock:
                    states.append(state)
            state.add(h_i, h_j, h_v)
            if state.pending >= batch:
                state.merge(m_thr)
        return out[:5]

    for rows, r_i, r_j, r_kth, r_has in feat.map_blocks(available, free_rows, scan):
        ei_parts.append(r_i)
        ej_parts.append(r_j)
        kth[rows] = r_kth
        has_pair[rows] = r_has
    final = _MentorTop(m, k)
    for state in states:  # the union of the threads' top k holds every mentor's top k
        state.merge(m_thr)
        okm = np.isfinite(state.val) & (state.idx >= 0)
        final.add(
            state.idx[okm], np.broadcast_to(np.arange(m)[:, None], (m, k))[okm], state.val[okm]
        )
    if final.pending:
        final.merge(m_thr)
    m_top_val, m_top_idx = final.val, final.idx
    okm = np.isfinite(m_top_val) & (m_top_idx >= 0)
    ei_parts.append(m_top_idx[okm])
    ej_parts.append(np.broadcast_to(np.arange(m)[:, None], (m, k))[okm])
    if len(feat.pref_i):  # ranked choices that pass every hard rule
        pok = free[feat.pref_i] & available[feat.pref_j] & feat.pair_ok(feat.pref_i, feat.pref_j)
        ei_parts.append(feat.pref_i[pok])
        ej_parts.append(feat.pref_j[pok])
    mm = max(m, 1)
    keys = _sorted_unique(
        np.concatenate(
            [np.zeros(0, dtype=np.int64)]
            + [a * mm + b for a, b in zip(ei_parts, ej_parts, strict=True)]
        )
    )
    ei, ej = keys // mm, keys % mm
    return ei, ej, kth, has_pair


class _MentorTop:
    """Each mentor's best k (value, actor) seen so far; ties: the lower actor index first."""

    def __init__(self, m: int, k: int) -> None:
        self.k = k
        self.val = np.full((m, k), -np.inf, dtype=np.float32)
        self.idx = np.full((m, k), -1, dtype=np.int64)
        self.parts: list[tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float32]]] = []
        self.pending = 0

    def add(self, h_i: NDArray[np.int64], h_j: NDArray[np.int64], h_v: NDArray[np.float32]) -> None:
        self.parts.append((h_i, h_j, h_v))
        self.pending += len(h_i)

    def merge(self, thr: NDArray[np.float32]) -> None:
        """Fold the pending hits in; raise ``thr`` (shared) to the new k-th best values."""
        if not self.parts:
            return
        k = self.k
        h_i = np.concatenate([x[0] for x in self.parts])
        h_j = np.concatenate([x[1] for x in self.parts])
        h_v = np.concatenate([x[2] for x in self.parts])
        self.parts, self.pending = [], 0
        # Touched mentors and each hit's position among them (a bincount, no sort).
        touched = np.bincount(h_j, minlength=len(self.val)) > 0
        uc = np.nonzero(touched)[0]
        new_pos = (np.cumsum(touched) - 1)[h_j]
        old = self.idx[uc].ravel() >= 0
        all_pos = np.concatenate([np.repeat(np.arange(len(uc)), k)[old], new_pos.ravel()])
        all_v = np.concatenate([self.val[uc].ravel()[old], h_v])
        all_i = np.concatenate([self.idx[uc].ravel()[old], h_i])
        order = _group_order(all_pos, all_v, all_i)
        spos = all_pos[order]
        rank = np.arange(len(order)) - np.searchsorted(spos, spos)
        keep = rank < k  # a mentor's entries only grow: every filled slot is rewritten
        self.val[uc[spos[keep]], rank[keep]] = all_v[order][keep]
        self.idx[uc[spos[keep]], rank[keep]] = all_i[order][keep]
        # Any thread's k-th best is a lower bound of the global one, so a racing write can
        # only leave a lower (still valid, less selective) threshold.
        thr[uc] = np.maximum(thr[uc], self.val[uc, k - 1])


def _group_order(
    group: NDArray[np.int64], v: NDArray[np.float32], tie: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Order by group ascending, then value descending, then ``tie`` ascending (< 2**31).

    Same result as ``np.lexsort((tie, -v, group))`` when the (group, tie) pairs are unique
    (they are: actor-mentor pairs), about 3x faster: one sort of an int64 key (value bits,
    tie) and a stable (radix, for small groups) sort by group.
    """
    v = v.astype(np.float32) + np.float32(0.0)  # -0.0 -> +0.0: equal values, equal bits
    bits = v.view(np.int32).astype(np.int64)
    ordered = np.where(bits >= 0, bits, bits ^ 0x7FFFFFFF)  # monotone in v, in [-2**31, 2**31)
    key = ((np.int64(2**31 - 1) - ordered) << 31) | tie  # < 2**63: v descending, tie ascending
    o1 = np.argsort(key)
    g = group[o1]
    if len(g) and int(g.max()) < 1 << 16:
        g = g.astype(np.uint16)
    return o1[np.argsort(g, kind="stable")]


def _sorted_unique(keys: NDArray[np.int64]) -> NDArray[np.int64]:
    """``np.unique`` for int64 keys by one in-place sort (NumPy 2's hash path is slower)."""
    keys = np.sort(keys)
    if len(keys) > 1:
        keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]
    return keys


# A finite floor for thresholds, so that -inf (a broken hard rule) is never selected.
_FLOOR = np.float32(-3e38)
_SAMPLE = 1024


def _scan_block(
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    block: NDArray[np.float32],
    k: int,
    m_thr: NDArray[np.float32],
) -> tuple[
    NDArray[np.int64],
    NDArray[np.int64],
    NDArray[np.int64],
    NDArray[np.float64],
    NDArray[np.bool_],
    NDArray[np.int64],
    NDArray[np.int64],
    NDArray[np.float32],
]:
    """Top-k selection for one block without sorting or partitioning whole rows.

    The k-th best value among a sample of columns is a lower bound of a row's k-th best, so
    one comparison keeps a few hundred entries per row, which are then ranked exactly.
    Likewise for mentors: the running k-th best of each mentor (read without a lock: it only
    grows, and a stale value only lets more entries through), raised by the block's own k-th
    best per column where a mentor is new. Entries equal to a threshold are kept, so ties are
    decided exactly (by index) whatever the thread timing.
    """
    nr, nc = block.shape
    s = min(nc, _SAMPLE)
    if s > k:
        t_row = np.partition(block[:, :s], s - k, axis=1)[:, s - k]
    else:
        t_row = block[:, :s].min(axis=1)
    t_row = np.maximum(t_row, _FLOOR)
    t_col = m_thr[cols]
    if nr > k and np.isneginf(t_col).mean() > 0.25:
        t_col = np.maximum(t_col, np.partition(block, nr - k, axis=0)[nr - k])
    t_col = np.maximum(t_col, _FLOOR)
    mask = block >= t_row[:, None]
    mask |= block >= t_col[None, :]
    idx = np.flatnonzero(mask)
    r = idx // nc
    c = idx - r * nc
    v = block.ravel()[idx]
    # Actor side: exact top k of each row among the kept entries (ties: lower column).
    a = v >= t_row[r]
    ar, ac, av = r[a], c[a], v[a]
    order = _group_order(ar, av, ac)
    ar, ac, av = ar[order], ac[order], av[order]
    rank = np.arange(len(ar)) - np.searchsorted(ar, ar)
    keep = rank < k
    kth = np.full(nr, -np.inf)
    at_k = rank == k - 1
    kth[ar[at_k]] = av[at_k]
    counts = np.bincount(ar, minlength=nr)
    # Fewer than k entries kept means the row has fewer than k feasible mentors: all kept.
    kth[counts < k] = -np.inf
    has = counts > 0
    mh = v >= t_col[c]
    mr, mc, mv = r[mh], c[mh], v[mh]
    if (np.bincount(mc, minlength=nc) > k).any():  # keep each column's top k in the block
        order = _group_order(mc, mv, mr)
        mr, mc, mv = mr[order], mc[order], mv[order]
        keep_m = np.arange(len(mc)) - np.searchsorted(mc, mc) < k
        mr, mc, mv = mr[keep_m], mc[keep_m], mv[keep_m]
    return rows, rows[ar[keep]], cols[ac[keep]], kth, has, rows[mr], cols[mc], mv


def _total(points: Mapping[str, NDArray[np.int64]], size: int) -> NDArray[np.int64]:
    total = np.zeros(size, dtype=np.int64)
    for v in points.values():
        total += v
    return total


def _ranks(feat: Features, ei: NDArray[np.int64], ej: NDArray[np.int64]) -> NDArray[np.int64]:
    rank = np.full(len(ei), -1, dtype=np.int64)
    if len(feat.pref_i) and len(ei):
        mm = max(feat.m, 1)
        pkey = feat.pref_i * mm + feat.pref_j
        order = np.argsort(pkey)
        key = ei * mm + ej
        idx = np.minimum(np.searchsorted(pkey[order], key), len(pkey) - 1)
        hit = pkey[order][idx] == key
        rank[hit] = feat.pref_rank[order][idx][hit]
    return rank


# ---------------------------------------------------------------------------- certificate
def _mentor_prices(
    n: int,
    m: int,
    ei: NDArray[np.int64],
    ej: NDArray[np.int64],
    wb: NDArray[np.float64],
    sel: NDArray[np.bool_],
) -> NDArray[np.float64]:
    """Smallest optimal LP dual prices of the mentors for the candidate-graph optimum ``sel``.

    Complementary slackness turns the dual into difference constraints between mentors
    (p_j >= p_j' + w_ij - w_ij' when actor i holds j'), lower bounds from unmatched actors
    (p_j >= w_ij + B) and p >= 0; their least solution is found by vectorised Bellman-Ford.
    """
    mu = np.full(n, -1, dtype=np.int64)
    wmu = np.zeros(n)
    mu[ei[sel]] = ej[sel]
    wmu[ei[sel]] = wb[sel]
    p = np.zeros(m)
    un = mu[ei] < 0
    if un.any():
        np.maximum.at(p, ej[un], wb[un])
    d = ~un & ~sel
    src, dst, delta = mu[ei[d]], ej[d], wb[d] - wmu[ei[d]]
    for _ in range(m + 1):
        cand = p[src] + delta
        better = cand > p[dst] + 1e-9
        if not better.any():
            return p
        np.maximum.at(p, dst[better], cand[better])
    raise RuntimeError("dual prices did not converge (solution not optimal?)")


@dataclass(frozen=True)
class _LpBound:
    upper_b: float  # bound on sum(score + big) over matchings of the free actors, all pairs
    big: float  # per matched actor (cardinality first)
    rounds: int
    added: int

    def bound(self, matched_free: int, achieved: int, locked_total: int, proven: bool) -> Bound:
        """``proven``: cardinality shown maximal by other means (the repair's path search)."""
        certified = proven or self.upper_b < (matched_free + 1) * self.big - 1e-6
        upper = self.upper_b - matched_free * self.big + locked_total
        gap = round(max(0.0, upper - achieved) / max(achieved, 1), 9)
        return Bound(
            round(float(upper), 6), achieved, gap, bool(certified), self.rounds, self.added
        )


# Reduced costs are computed in float32 while every price is below this (then the rounding
# error, at most 2**-23 * (price + score) per pair, is added back as a margin); else float64.
_F32_PRICE_LIMIT = 2.0**16


def _certify(
    feat: Features,
    n: int,
    remaining: NDArray[np.int64],
    available: NDArray[np.bool_],
    free_rows: NDArray[np.int64],
    kth: NDArray[np.float64],
    ei: NDArray[np.int64],
    ej: NDArray[np.int64],
    points: dict[str, NDArray[np.int64]],
    w: NDArray[np.int64],
    sel: NDArray[np.bool_],
    problem: Problem,
) -> tuple[
    NDArray[np.int64],
    NDArray[np.int64],
    dict[str, NDArray[np.int64]],
    NDArray[np.int64],
    NDArray[np.bool_],
    _LpBound,
]:
    """Upper bound over all feasible pairs from LP duals; adds missed pairs and re-solves.

    Each round: mentor prices ``p`` (LP duals of the candidate-graph optimum), then one pass
    over the pairs of the actors the shortlist threshold cannot settle, giving
    ``UB = sum(c_j p_j) + sum_i max(0, max_j(w_ij + B - p_j))``. Pairs with positive reduced
    cost are added (only they are scored) and the graph re-solved, for at most
    ``refine_rounds`` rounds, stopping early once ``(UB - achieved) / achieved`` is at most
    ``problem.gap_tolerance``.
    """
    m = feat.m
    wmax = sum(getattr(feat.weights, c) for c in CRITERIA) * POINTS_PER_WEIGHT + feat.slack()
    big = float(len(free_rows)) * wmax + 1.0  # cardinality first: B > n * max score
    rounds = added = 0
    row_slack = feat.slack() + feat.row_slack
    mm = max(m, 1)
    while True:
        wb = w.astype(np.float64) + big
        p = _mentor_prices(n, m, ei, ej, wb, sel)
        u = np.zeros(n)
        if len(ei):
            np.maximum.at(u, ei, wb - p[ej])
        lb = float(wb[sel].sum())
        # Pairs outside the candidate graph score at most kth + slack (not in the actor's top k).
        check = free_rows[u[free_rows] < kth[free_rows] + row_slack[free_rows] + big - 1e-9]
        new_i: list[NDArray[np.int64]] = []
        new_j: list[NDArray[np.int64]] = []
        refine = rounds < problem.refine_rounds
        # Pairs added per violating actor: 2k in the first round (most of the gap closes
        # there, and a second re-solve costs more than the extra pairs), then k.
        per_row = 2 * problem.k if rounds == 0 else problem.k
        pmax = float(p.max(initial=0.0))
        use32 = pmax < _F32_PRICE_LIMIT
        p32 = p.astype(np.float32)
        margin = 2.0**-23 * (pmax + wmax) * 1.01 + 1e-9 if use32 else 0.0

        def reduced(
            rows: NDArray[np.int64],
            cols: NDArray[np.int64],
            block: NDArray[np.float32],
            ei: NDArray[np.int64] = ei,
            ej: NDArray[np.int64] = ej,
            p: NDArray[np.float64] = p,
            p32: NDArray[np.float32] = p32,
            u: NDArray[np.float64] = u,
            refine: bool = refine,
            per_row: int = per_row,
            use32: bool = use32,
            margin: float = margin,
        ) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]]:
            # score - price; the per-row constants (slack, B) are added after the row maximum.
            if use32:
                red: NDArray[Any] = block
                red -= p32[cols]
            else:  # prices about B (~n x max score): beyond float32's exact integers
                red = block.astype(np.float64)
                red -= p[cols]
            # Candidate pairs are covered by the duals already: mask them out.
            lo, hi = np.searchsorted(ei, rows, "left"), np.searchsorted(ei, rows, "right")
            cnt = hi - lo
            idx = np.repeat(lo - np.cumsum(cnt) + cnt, cnt) + np.arange(cnt.sum())
            rr = np.repeat(np.arange(len(rows)), cnt)
            cc = np.minimum(np.searchsorted(cols, ej[idx]), len(cols) - 1)
            ok = cols[cc] == ej[idx]
            red[rr[ok], cc[ok]] = -np.inf
            shift = row_slack[rows] + big + margin
            best = red.max(axis=1).astype(np.float64) + shift
            u_old = u[rows]
            viol = best > u_old + 1e-6
            ni = nj = np.zeros(0, dtype=np.int64)
            if viol.any() and refine:
                vr = np.nonzero(viol)[0]
                sub = red[vr]
                kk = min(per_row, sub.shape[1])
                top = np.argpartition(-sub, kk - 1, axis=1)[:, :kk]
                tv = np.take_along_axis(sub, top, axis=1).astype(np.float64)
                ok = tv + shift[vr][:, None] > u_old[vr][:, None] + 1e-6  # positive reduced cost
                ni = np.broadcast_to(rows[vr][:, None], top.shape)[ok]
                nj = cols[top[ok]]
            return rows, best, ni, nj

        if len(check):
            for rows, best, ni, nj in feat.map_blocks(available, check, reduced):
                u[rows] = np.maximum(u[rows], best)
                if len(ni):
                    new_i.append(ni)
                    new_j.append(nj)
        upper = float(np.dot(remaining * available, p) + np.maximum(u, 0).sum())
        achieved_free = max(float(w[sel].sum()), 1.0)
        small = (upper - lb) / achieved_free <= problem.gap_tolerance
        if new_i and refine and upper - lb > 0.5 and not small:
            ni, nj = np.concatenate(new_i), np.concatenate(new_j)
            rounds += 1
            added += len(ni)
            # Score only the new pairs (never candidates: those were masked) and merge.
            npoints = feat.edge_points(ni, nj)
            order = np.argsort(np.concatenate([ei * mm + ej, ni * mm + nj]), kind="stable")
            ei = np.concatenate([ei, ni])[order]
            ej = np.concatenate([ej, nj])[order]
            points = {c: np.concatenate([points[c], npoints[c]])[order] for c in points}
            w = _total(points, len(ei))
            sel = _max_cardinality_max_weight(n, remaining, ei, ej, w)
            continue
        return ei, ej, points, w, sel, _LpBound(upper, big, rounds, added)


def _row_max_bound(
    feat: Features,
    free_rows: NDArray[np.int64],
    kth: NDArray[np.float64],
    has_pair: NDArray[np.bool_],
    remaining: NDArray[np.int64],
    available: NDArray[np.bool_],
    ei: NDArray[np.int64],
    w: NDArray[np.int64],
    sel: NDArray[np.bool_],
    locked_total: int,
    proven: bool,
) -> Bound:
    """Upper bound = sum over free actors of their best score over ALL feasible mentors.

    Free from the scoring pass: an actor's pairs outside its top k scan at most its k-th best
    scan value, so they score at most ``floor(kth + slack)`` exactly; its shortlisted pairs
    have exact scores. Sound but weaker than the LP-dual bound (popular mentors are counted
    once per actor, capacities are ignored).
    """
    n = feat.n
    best = np.zeros(n)
    if len(ei):
        np.maximum.at(best, ei, w.astype(np.float64))
    fin = np.isfinite(kth)
    outside = np.zeros(n)
    outside[fin] = np.floor(kth[fin] + feat.slack() + feat.row_slack[fin] + 1e-9)
    per_actor = np.maximum(best, outside)[free_rows] * has_pair[free_rows]
    upper = float(per_actor.sum()) + locked_total
    matched_free = int(sel.sum())
    achieved = int(w[sel].sum()) + locked_total
    places = int((remaining * available).sum())
    certified = proven or matched_free >= min(int(has_pair[free_rows].sum()), places) or None
    gap = round(max(0.0, upper - achieved) / max(achieved, 1), 9)
    return Bound(round(upper, 6), achieved, gap, certified, 0, 0, method="row_max")


# ---------------------------------------------------------------------------- repair
# Repair budget: alternating-path searches (phases), and the most cells of full rows scored for
# the re-solve of the actors it moved.
REPAIR_MAX_PHASES = 64
REPAIR_MAX_CELLS = 5 * 10**6


@dataclass
class _Repair:
    ei: NDArray[np.int64]
    ej: NDArray[np.int64]
    points: dict[str, NDArray[np.int64]]
    w: NDArray[np.int64]
    sel: NDArray[np.bool_]
    placed: int  # actors matched by the repair
    certified: bool | None  # True: no matching over all pairs places more actors


def _repair(
    feat: Features,
    mode: Mode,
    remaining: NDArray[np.int64],
    available: NDArray[np.bool_],
    free: NDArray[np.bool_],
    has_pair: NDArray[np.bool_],
    ei: NDArray[np.int64],
    ej: NDArray[np.int64],
    points: dict[str, NDArray[np.int64]],
    w: NDArray[np.int64],
    sel: NDArray[np.bool_],
) -> _Repair:
    """No actor left unmatched while a feasible mentor has (or could free) a place.

    The shortlist can miss the only free mentors an actor could take. Alternating-path
    searches over ALL feasible pairs (the actor's full row, computed per (language set,
    level) group and filtered for conflicts and exclusions, never pair by pair) find
    augmenting paths: an unmatched actor takes a mentor, whose actor moves on, ..., until a
    mentor with a free place. Vertex-disjoint paths are applied per phase (Hopcroft-Karp
    style) until a search finds none, which proves by Berge's theorem that no matching over
    all pairs places more actors. The actors that moved are then re-solved (mode objective)
    over their full feasible rows with everyone else fixed, so they get their best places.
    """
    n, m = feat.n, feat.m
    mu = np.full(n, -1, dtype=np.int64)
    mu[ei[sel]] = ej[sel]
    load = np.bincount(ej[sel], minlength=m)
    left = remaining - load
    roots0 = np.nonzero(free & has_pair & (mu < 0))[0]
    unchanged = _Repair(ei, ej, points, w, sel, 0, None)
    if len(roots0) == 0:
        unchanged.certified = True
        return unchanged
    if not (available & (left > 0)).any():
        unchanged.certified = True  # every place is taken
        return unchanged
    groups = _ActorGroups(feat, available)
    mu0 = mu.copy()
    certified: bool | None = None
    for _ in range(REPAIR_MAX_PHASES):
        roots = np.nonzero(free & has_pair & (mu < 0))[0]
        if len(roots) == 0:
            certified = True
            break
        paths = _augmenting_paths(feat, groups, mu, left, roots, free)
        if not paths:
            certified = True
            break
        for path in paths:  # [(actor, new mentor), ...]; path[0] ends at a free place
            left[path[0][1]] -= 1
            for a, j in path:
                mu[a] = j
    moved = np.nonzero(mu != mu0)[0]
    if len(moved) == 0:
        unchanged.certified = certified
        return unchanged
    # Re-solve the moved actors over their full feasible rows, everyone else fixed.
    moved_mask = np.zeros(n, dtype=bool)
    moved_mask[moved] = True
    keep = sel & ~moved_mask[ei]
    sub_cap = remaining - np.bincount(ej[keep], minlength=m)
    rows_i: list[NDArray[np.int64]] = []
    rows_j: list[NDArray[np.int64]] = []
    cells = 0
    for a in moved.tolist():
        cols = feat.feasible_cols(a, available & (sub_cap > 0))
        cells += len(cols)
        if cells > REPAIR_MAX_CELLS:  # too many: keep the augmented places only
            rows_i, rows_j = [moved], [mu[moved]]
            break
        rows_i.append(np.full(len(cols), a, dtype=np.int64))
        rows_j.append(cols)
    si, sj = np.concatenate(rows_i), np.concatenate(rows_j)
    mm = max(m, 1)
    key = np.unique(np.concatenate([si * mm + sj, moved * mm + mu[moved]]))
    si, sj = key // mm, key % mm
    spoints = feat.edge_points(si, sj)
    sw = _total(spoints, len(si))
    local = np.searchsorted(moved, si)
    ssel = _solve_mode(mode, len(moved), sub_cap, local, sj, sw, _ranks(feat, si, sj))
    if ssel.sum() < len(moved):  # cannot happen (the augmented places are feasible)
        raise RuntimeError("repair re-solve lost an actor")
    # Merge the chosen pairs into the graph (sorted by actor, then mentor).
    ni, nj = si[ssel], sj[ssel]
    all_key = np.concatenate([ei * mm + ej, ni * mm + nj])
    uniq, first = np.unique(all_key, return_index=True)
    new_points = {c: np.concatenate([points[c], spoints[c][ssel]])[first] for c in points}
    new_w = np.concatenate([w, sw[ssel]])[first]
    chosen = np.concatenate([keep, np.ones(len(ni), dtype=bool)])
    new_sel = np.zeros(len(uniq), dtype=bool)
    new_sel[np.searchsorted(uniq, all_key[chosen])] = True
    placed = int(new_sel.sum() - sel.sum())
    return _Repair(uniq // mm, uniq % mm, new_points, new_w, new_sel, placed, certified)


class _ActorGroups:
    """Actors grouped by (language set, degree level); a group's mentors pass both rules."""

    def __init__(self, feat: Features, available: NDArray[np.bool_]) -> None:
        self.feat, self.available = feat, available
        keys = np.column_stack([feat.a_lang.view(np.int64), feat.a_level])
        _, inverse = np.unique(keys, axis=0, return_inverse=True)
        self.of = inverse.ravel()
        self._cols: dict[int, NDArray[np.int64]] = {}
        special = feat.a_conflict >= 0
        special[feat.ex_i] = True
        self.special = special

    def cols(self, g: int, i: int) -> NDArray[np.int64]:
        if g not in self._cols:
            f = self.feat
            self._cols[g] = np.nonzero(f.language_ok(i) & f.level_ok(i) & self.available)[0]
        return self._cols[g]


def _augmenting_paths(
    feat: Features,
    groups: _ActorGroups,
    mu: NDArray[np.int64],
    left: NDArray[np.int64],
    roots: NDArray[np.int64],
    free: NDArray[np.bool_],
) -> list[list[tuple[int, int]]]:
    """Breadth-first alternating search from all unmatched ``roots`` over ALL feasible pairs.

    Returns vertex-disjoint augmenting paths of the shortest length found (empty: none
    exists). Each mentor is reached once; from an actor's group only the mentors not reached
    yet are examined, so a search costs about (groups x mentors) plus the actors it visits.
    """
    n, m = feat.n, feat.m
    parent = np.full(m, -1, dtype=np.int64)  # actor through which a mentor was reached
    seen_m = np.zeros(m, dtype=bool)
    seen_a = np.zeros(n, dtype=bool)
    seen_a[roots] = True
    # Free actors held by each mentor (the matched edges walked backwards).
    held = np.nonzero((mu >= 0) & free)[0]
    frontier = roots
    while len(frontier):
        found: list[NDArray[np.int64]] = []
        g_of = groups.of[frontier]
        for g in np.unique(g_of).tolist():
            members = frontier[g_of == g]
            gcols = groups.cols(g, int(members[0]))
            rem = gcols[~seen_m[gcols]]
            if len(rem) == 0:
                continue
            plain = members[~groups.special[members]]
            if len(plain):
                parent[rem] = plain[0]
                seen_m[rem] = True
                found.append(rem)
                continue
            for a in members.tolist():
                if len(rem) == 0:
                    break
                ok = np.ones(len(rem), dtype=bool)
                c = feat.a_conflict[a]
                if c >= 0:
                    ok &= feat.m_emp[rem] != c
                ex = feat.ex_j[feat.ex_i == a]
                if len(ex):
                    ok &= ~np.isin(rem, ex)
                hit = rem[ok]
                parent[hit] = a
                seen_m[hit] = True
                found.append(hit)
                rem = rem[~ok]
        if not found:
            return []
        new = np.sort(np.concatenate(found))
        ends = new[left[new] > 0]
        if len(ends):
            return _disjoint_paths(ends, parent, mu)
        reached = np.zeros(m, dtype=bool)
        reached[new] = True
        nxt = held[reached[mu[held]]]
        nxt = nxt[~seen_a[nxt]]
        seen_a[nxt] = True
        frontier = nxt
    return []


def _disjoint_paths(
    ends: NDArray[np.int64],
    parent: NDArray[np.int64],
    mu: NDArray[np.int64],
) -> list[list[tuple[int, int]]]:
    """One path per end mentor, back to its root; paths sharing an actor are skipped."""
    used_a: set[int] = set()
    paths: list[list[tuple[int, int]]] = []
    for end in ends.tolist():  # each mentor has one parent: one path per end mentor
        path: list[tuple[int, int]] = []
        j = end
        while True:
            a = int(parent[j])
            if a in used_a:
                break
            path.append((a, j))
            if mu[a] < 0:  # reached an unmatched root
                used_a.update(x for x, _ in path)
                paths.append(path)
                break
            j = int(mu[a])
    return paths


# ---------------------------------------------------------------------------- cohesion
def _improve_cohesion(
    feat: Features,
    actors: Sequence[Actor],
    remaining: NDArray[np.int64],
    locked_mentor: NDArray[np.int64],
    ei: NDArray[np.int64],
    ej: NDArray[np.int64],
    w: NDArray[np.int64],
    sel: NDArray[np.bool_],
    weights: Weights,
) -> NDArray[np.bool_]:
    """Deterministic local improvement of score + group cohesion.

    Cohesion of a mentor's group = sum over its actor pairs of
    ``round(100 * group_cohesion * Jaccard(topics))``. Moves: give an actor a candidate mentor
    with a free place, or swap the mentors of two actors (both new pairs must be candidate
    pairs, so every hard rule holds). A move is taken only if it strictly raises
    total score + total cohesion. Guaranteed: the number of matched actors, locks and all hard
    rules are unchanged, the combined objective never decreases, and the pass stops (at a
    local optimum for these moves, or after 20 sweeps). Not guaranteed: the global optimum of
    the quadratic objective.
    """
    topics = [frozenset(map(norm, a.topics)) for a in actors]
    coh_pts = weights.group_cohesion * POINTS_PER_WEIGHT

    def pair_coh(a: int, b: int) -> int:
        ta, tb = topics[a], topics[b]
        union = len(ta | tb)
        return round(coh_pts * len(ta & tb) / union) if union else 0

    score = {(int(i), int(j)): int(s) for i, j, s in zip(ei, ej, w, strict=True)}
    cands: dict[int, list[int]] = {}
    for i, j in zip(ei.tolist(), ej.tolist(), strict=True):
        cands.setdefault(i, []).append(j)
    at: dict[int, int] = {int(i): int(j) for i, j in zip(ei[sel], ej[sel], strict=True)}
    members: dict[int, set[int]] = {}
    for i, j in at.items():
        members.setdefault(j, set()).add(i)
    for i in np.nonzero(locked_mentor >= 0)[0]:
        members.setdefault(int(locked_mentor[i]), set()).add(int(i))
    free_places = {
        j: int(remaining[j]) - len([i for i in members.get(j, ()) if i in at])
        for j in range(feat.m)
    }

    def coh_with(i: int, j: int, without: int = -1) -> int:
        return sum(pair_coh(i, o) for o in members.get(j, ()) if o not in (i, without))

    for _ in range(20):
        improved = False
        for i in sorted(at):
            j = at[i]
            for j2 in cands.get(i, []):
                if j2 == j:
                    continue
                if free_places[j2] > 0:
                    delta = score[(i, j2)] - score[(i, j)] + coh_with(i, j2) - coh_with(i, j)
                    if delta > 0:
                        members[j].discard(i)
                        members.setdefault(j2, set()).add(i)
                        free_places[j] += 1
                        free_places[j2] -= 1
                        at[i] = j = j2
                        improved = True
                    continue
                for o in sorted(members.get(j2, ())):
                    if o not in at or (o, j) not in score:
                        continue
                    delta = (
                        score[(i, j2)]
                        + score[(o, j)]
                        - score[(i, j)]
                        - score[(o, j2)]
                        + coh_with(i, j2, o)
                        + coh_with(o, j, i)
                        - coh_with(i, j)
                        - coh_with(o, j2)
                    )
                    if delta > 0:
                        members[j].discard(i)
                        members[j2].discard(o)
                        members[j].add(o)
                        members[j2].add(i)
                        at[i], at[o] = j2, j
                        j = j2
                        improved = True
                        break
        if not improved:
            break
    key_of = {(int(i), int(j)): e for e, (i, j) in enumerate(zip(ei, ej, strict=True))}
    out = np.zeros(len(ei), dtype=bool)
    out[[key_of[(i, j)] for i, j in at.items()]] = True
    return out


# ---------------------------------------------------------------------------- reasons
def _reason(
    feat: Features,
    actors: Sequence[Actor],
    mentors: Sequence[Mentor],
    i: int,
    caps: NDArray[np.int64],
    left: NDArray[np.int64],
    k: int,
) -> Unmatched:
    a = actors[i]
    ids = np.array([x.id for x in mentors], dtype=object)
    langs = ", ".join(sorted(a.languages)) or "none given"
    ok = feat.language_ok(i)
    if not ok.any():
        return Unmatched(
            a.id,
            "no_shared_language",
            f"no mentor shares a language ({langs})",
            {"languages": sorted(a.languages)},
        )
    ok &= feat.level_ok(i)
    level = LEVEL_LABEL[a.degree_level]
    if not ok.any():
        return Unmatched(
            a.id,
            "no_level_language",
            f"no mentor takes {level} students and shares a language ({langs})",
            {"level": a.degree_level, "languages": sorted(a.languages)},
        )
    if a.conflict_employer.strip():
        c = feat.a_conflict[i]
        ok2 = ok & (feat.m_emp != c) if c >= 0 else ok
        if not ok2.any():
            return Unmatched(
                a.id,
                "conflict_of_interest",
                f"every mentor who fits works at {a.conflict_employer.strip()}, "
                "the actor's conflict of interest",
                {"employer": a.conflict_employer.strip(), "mentors": ids[ok].tolist()},
            )
        ok = ok2
    ex = feat.ex_j[feat.ex_i == i]
    ok2 = ok.copy()
    ok2[ex] = False
    if not ok2.any():
        n = int(ok.sum())
        text = (
            "the only compatible mentor is excluded by the coordinator"
            if n == 1
            else f"all {n} compatible mentors are excluded by the coordinator"
        )
        return Unmatched(a.id, "excluded", text, {"mentors": ids[ok].tolist()})
    ok = ok2
    if not (ok & (caps > 0)).any():
        n = int(ok.sum())
        return Unmatched(
            a.id,
            "no_capacity",
            f"every compatible mentor ({n}) offers no places (capacity 0)",
            {"mentors": ids[ok].tolist()},
        )
    ok &= caps > 0
    n = int(ok.sum())
    if not (ok & (left > 0)).any():
        text = (
            "the only compatible mentor is at capacity"
            if n == 1
            else f"every compatible mentor ({n}) is at capacity"
        )
        return Unmatched(
            a.id, "at_capacity", text, {"mentors": ids[ok].tolist()[:20], "compatible": n}
        )
    free_n = int((ok & (left > 0)).sum())
    return Unmatched(
        a.id,
        "outside_shortlist",
        f"{free_n} compatible mentor(s) with free places were not on the shortlist "
        f"(k={k}); raise k",
        {"mentors": ids[ok & (left > 0)].tolist()[:20], "k": k},
    )


# ---------------------------------------------------------------------------- suggestions
def suggestions(problem: Problem, actor_id: str, k: int = 8) -> list[Suggestion]:
    """The ``k`` best mentors passing every hard rule for one actor (capacity > 0).

    Ignores locks and other actors (use it while actors rank mentors, before matching).
    Sorted by score, then mentor id.
    """
    actors, mentors = _validate(problem)
    a_index = {a.id: i for i, a in enumerate(actors)}
    if actor_id not in a_index:
        raise MatchingInputError(f"unknown actor {actor_id!r}")
    m_index = {x.id: j for j, x in enumerate(mentors)}
    exclusions = [
        (a_index[a], m_index[b])
        for a, b in problem.rules.exclusions
        if a in a_index and b in m_index
    ]
    feat = Features(actors, mentors, problem.weights, exclusions, problem.text_backend)
    i = a_index[actor_id]
    available = np.array([x.capacity > 0 for x in mentors], dtype=bool)
    cols = feat.feasible_cols(i, available)
    if len(cols) == 0:
        return []
    rows = np.full(len(cols), i, dtype=np.int64)
    pts = feat.edge_points(rows, cols)
    total = _total(pts, len(cols))
    order = sorted(range(len(cols)), key=lambda e: (-int(total[e]), mentors[cols[e]].id))[:k]
    out = []
    actor = actors[i]
    for e in order:
        mentor = mentors[cols[e]]
        bd = {c: int(pts[c][e]) for c in feat.active}
        out.append(Suggestion(mentor.id, int(total[e]), bd, _explain(actor, mentor, bd)))
    return out


def _explain(actor: Actor, mentor: Mentor, bd: Mapping[str, int]) -> tuple[str, ...]:
    reasons: list[str] = []
    mt = {norm(t) for t in mentor.topics}
    shared = sorted(t for t in actor.topics if norm(t) in mt)
    if shared:
        reasons.append(f"shares {len(shared)} of your topics: {', '.join(shared)}")
    if mentor.industry and norm(mentor.industry) in {norm(x) for x in actor.industries}:
        reasons.append(f"works in {mentor.industry}, an industry you chose")
    if bd.get("text", 0) > 0:
        reasons.append("their offer echoes your goals")
    if actor.city and norm(actor.city) == norm(mentor.city):
        reasons.append(f"also in {mentor.city}")
    elif actor.remote_ok and mentor.remote_ok:
        reasons.append("both of you are happy to meet remotely")
    if mentor.id in actor.preferences:
        reasons.append(f"your choice no. {actor.preferences.index(mentor.id) + 1}")
    if bd.get("diversity", 0) > 0:
        reasons.append(f"a different field ({mentor.field}) for a fresh perspective")
    return tuple(reasons)

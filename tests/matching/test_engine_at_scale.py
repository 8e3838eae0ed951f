"""The engine's promises at bench scale: everyone placeable is placed, the bound is sound and
tight in plentiful and scarce cohorts, the result does not depend on the thread count, and the
unmatched explanation counts every full mentor (no database)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mentorlab.matching.engine import Actor, Mentor, Problem, match  # noqa: E402
from mentorlab.matching.engine.prepare import prepare  # noqa: E402


def _bench_cohort(n: int, seed: int = 7) -> Problem:
    """The seeded cohort of ``bench/matching.py`` (the benchmark's own generator)."""
    spec = importlib.util.spec_from_file_location("bench_matching", ROOT / "bench" / "matching.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    problem: Problem = module.cohort(n, seed)
    return problem


def _scarce(problem: Problem) -> Problem:
    """Places cut for doctoral students and the smaller languages: about a tenth (at 10,000)
    cannot be placed, and the mentors they could take are all full."""
    mentors = [
        x
        if "fi" in x.languages and "masters" in x.levels
        else replace(x, capacity=0 if j % 3 and "masters" not in x.levels else 1)
        for j, x in enumerate(problem.mentors)
    ]
    return replace(problem, mentors=mentors)


def _full_graph_max(problem: Problem) -> int:
    """Maximum matching over every feasible pair: scipy on the capacity-expanded graph."""
    prep = prepare(problem)
    rules = prep.features.rules
    rows = prep.free_rows
    places = np.repeat(np.arange(prep.n_mentors), prep.remaining)
    feasible = []
    for i in rows.tolist():
        ok = rules.language_ok(i) & rules.level_ok(i) & rules.conflict_free(i)
        ok[rules.excluded_mentors(i)] = False
        feasible.append(ok[places])
    graph = csr_matrix(np.array(feasible))
    return int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum())


def test_k1_matches_as_many_as_a_max_flow_over_all_feasible_pairs() -> None:
    problem = replace(_bench_cohort(2_000), k=1, certify=False)
    res = match(problem)
    assert res.stats.repaired > 200  # the shortlist alone leaves many out
    assert res.stats.matched == _full_graph_max(problem)
    assert all(u.code != "outside_shortlist" for u in res.unmatched)


def test_k1_at_10000_matches_as_many_as_a_max_flow_over_all_feasible_pairs() -> None:
    problem = replace(_bench_cohort(10_000), k=1, certify=False)
    res = match(problem)
    assert res.stats.repaired >= 1_000  # >= 1,000 actors outside the shortlist's reach
    assert res.stats.matched == 10_000  # everyone: no matching can place more


def test_a_thousand_actors_outside_the_shortlist_are_placed() -> None:
    # 1,200 actors want the same 5 mentors (k=1 lists only them); 1,200 plain places
    # elsewhere are on no shortlist.
    star = frozenset({"ai"})
    actors = [
        Actor(f"a{i:04d}", "masters", languages=frozenset({"fi"}), topics=star)
        for i in range(1_205)
    ]
    mentors = [
        Mentor(f"s{j}", frozenset({"masters"}), languages=frozenset({"fi"}), topics=star)
        for j in range(5)
    ]
    mentors += [
        Mentor(f"p{j:04d}", frozenset({"masters"}), languages=frozenset({"fi"}), capacity=2)
        for j in range(600)
    ]
    res = match(Problem(actors, mentors, k=1))
    assert res.stats.repaired >= 1_000
    assert res.stats.matched == 1_205
    assert res.stats.bound is not None and res.stats.bound.cardinality_certified


def _exact_best(problem: Problem) -> tuple[int, int]:
    """(matched, best total) from a solve whose shortlist holds every feasible pair."""
    n = len(problem.mentors)
    res = match(replace(problem, k=n, certify=False))
    return res.stats.matched, res.stats.total_score


@pytest.mark.parametrize(("scarce", "k"), [(False, 10), (False, 1), (True, 10), (True, 1)], ids=str)
def test_bound_is_sound_and_tight_against_the_exact_optimum(scarce: bool, k: int) -> None:
    problem = _bench_cohort(600, seed=3)
    if scarce:
        problem = _scarce(problem)
    matched, optimum = _exact_best(problem)
    res = match(replace(problem, k=k))
    bound = res.stats.bound
    assert bound is not None and bound.method == "lp_dual"
    assert res.stats.matched == matched
    assert bound.cardinality_certified
    assert bound.upper >= optimum - 1e-6  # sound
    assert res.stats.total_score <= optimum
    assert bound.gap <= 1e-4 or bound.rounds == 8  # tight (or out of rounds)
    assert (bound.upper - optimum) / optimum <= 2e-3  # never absurd


def test_scarce_cohort_leaves_about_a_tenth_unplaced_and_proves_it() -> None:
    problem = _scarce(_bench_cohort(1_000, seed=5))
    res = match(problem)
    assert res.stats.bound is not None and res.stats.bound.cardinality_certified
    assert res.stats.matched < 1_000
    assert res.stats.bound.gap <= 1e-4


def _assignment_optimum(problem: Problem) -> tuple[int, int]:
    """(most actors placed, best total among those) over EVERY feasible pair, solved by
    scipy's dense ``linear_sum_assignment`` on the capacity-expanded matrix (one column per
    place), independent of the engine's own solver and shortlist."""
    prep = prepare(problem)
    feat = prep.features
    rules = feat.rules
    rows = prep.free_rows
    places = np.repeat(np.arange(prep.n_mentors), prep.remaining)
    ii, jj = np.meshgrid(rows, places, indexing="ij")
    ok = rules.pairs_ok(ii.ravel(), jj.ravel()) & prep.available[jj.ravel()]
    points = feat.edge_points(ii.ravel(), jj.ravel())
    score = sum(points.values(), np.zeros(ii.size, dtype=np.int64))
    big = int(score.max(initial=0)) * len(rows) + 1  # one more actor placed beats any score
    cost = np.where(ok, -(score + big), 0).reshape(ii.shape)
    r, c = linear_sum_assignment(cost)
    placed = ok.reshape(ii.shape)[r, c]
    return int(placed.sum()), int(score.reshape(ii.shape)[r, c][placed].sum())


@pytest.mark.parametrize(
    ("scarce", "k", "seed"),
    [(False, 10, 4), (False, 1, 4), (True, 10, 4), (True, 1, 4), (True, 3, 9), (False, 2, 9)],
    ids=str,
)
def test_certificate_against_scipy_over_every_feasible_pair(
    scarce: bool, k: int, seed: int
) -> None:
    problem = _bench_cohort(500, seed=seed)
    if scarce:
        problem = _scarce(problem)
    matched, optimum = _assignment_optimum(problem)
    res = match(replace(problem, k=k))
    bound = res.stats.bound
    assert bound is not None and bound.method == "lp_dual" and bound.cardinality_certified
    assert res.stats.matched == matched
    achieved = res.stats.total_score
    assert achieved <= optimum <= bound.upper + 1e-6  # sound
    true_gap = (optimum - achieved) / achieved
    assert bound.gap >= true_gap - 1e-9  # the reported gap never flatters the result
    assert bound.gap <= 1e-4  # tight


@pytest.mark.parametrize("scarce", [False, True], ids=["plentiful", "scarce"])
def test_bound_is_sound_after_every_round_while_prices_move(scarce: bool) -> None:
    # k=1 and no tolerance: several column-generation rounds, prices fall and rise between
    # them, and the per-actor thresholds of the pairs outside the graph must follow.
    problem = _bench_cohort(400, seed=12)
    if scarce:
        problem = _scarce(problem)
    matched, optimum = _assignment_optimum(problem)
    uppers = []
    for rounds in range(5):
        res = match(replace(problem, k=1, refine_rounds=rounds, gap_tolerance=0.0))
        bound = res.stats.bound
        assert bound is not None and bound.rounds <= rounds
        assert res.stats.matched == matched
        assert res.stats.total_score <= optimum <= bound.upper + 1e-6
        assert bound.gap >= (optimum - res.stats.total_score) / res.stats.total_score - 1e-9
        uppers.append(bound.upper)
    assert uppers[-1] - optimum <= 1e-3 * optimum  # converged close to the optimum


_THREAD_SCRIPT = """
import json, sys
sys.path.insert(0, {root!r})
from dataclasses import replace
import importlib.util
spec = importlib.util.spec_from_file_location("b", {bench!r})
b = importlib.util.module_from_spec(spec); spec.loader.exec_module(b)
from mentorlab.matching.engine import match
r = match(replace(b.cohort(3000, 11), k=5))
print(json.dumps([[a.actor, a.mentor, a.score] for a in r.assignments]
                 + [r.stats.candidate_edges, r.stats.bound.upper]))
"""


def test_same_assignment_with_one_and_two_threads() -> None:
    script = _THREAD_SCRIPT.format(root=str(ROOT), bench=str(ROOT / "bench" / "matching.py"))
    out = []
    for threads in ("1", "2"):
        env = {
            **os.environ,
            "MENTORLAB_MATCHING_THREADS": threads,
            "OMP_NUM_THREADS": threads,
            "OPENBLAS_NUM_THREADS": threads,
            "MKL_NUM_THREADS": threads,
        }
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        out.append(json.loads(done.stdout.strip().splitlines()[-1]))
    assert out[0] == out[1]


def test_at_capacity_reason_counts_every_compatible_mentor() -> None:
    # 35 full compatible mentors: the details list 20 ids, the reason says 35.
    actors = [Actor(f"a{i:02d}", "masters", languages=frozenset({"fi"})) for i in range(36)]
    mentors = [
        Mentor(f"m{j:02d}", frozenset({"masters"}), languages=frozenset({"fi"})) for j in range(35)
    ]
    res = match(Problem(actors, mentors))
    (left,) = res.unmatched
    assert left.code == "at_capacity"
    assert left.reason == "every compatible mentor (35) is at capacity"
    assert len(left.details["mentors"]) == 20  # type: ignore[arg-type]
    assert left.details["compatible"] == 35


def test_proposal_page_explanation_shows_the_true_number_of_full_mentors() -> None:
    from mentorlab.matching.explain import unmatched_reason

    actors = [Actor(f"a{i:02d}", "masters", languages=frozenset({"fi"})) for i in range(30)]
    mentors = [
        Mentor(f"m{j:02d}", frozenset({"masters"}), languages=frozenset({"fi"})) for j in range(29)
    ]
    (left,) = match(Problem(actors, mentors)).unmatched
    row = {"code": left.code, "details": left.details}
    assert unmatched_reason(row) == "Every compatible mentor (29) is already full."


def test_repair_classes_keep_every_language_bit_apart() -> None:
    # 61 languages: the mask of {l00, l60} and of {l60} differ only in bits a float would
    # round away; only the first mentor shares a language with the actors.
    actors = [Actor(f"a{i}", "masters", languages=frozenset({"l00"})) for i in range(2)]
    mentors = [
        Mentor("mA", frozenset({"masters"}), languages=frozenset({"l00", "l60"})),
        Mentor("mB", frozenset({"masters"}), languages=frozenset({"l60"})),
    ]
    mentors += [
        Mentor(f"x{j:02d}", frozenset({"masters"}), languages=frozenset({f"l{j:02d}"}), capacity=0)
        for j in range(1, 60)
    ]
    res = match(Problem(actors, mentors, k=1))
    assert [(x.actor, x.mentor) for x in res.assignments] == [("a0", "mA")]
    assert res.unmatched[0].code == "at_capacity"

"""Matching engine: optimality, hard rules, locks, modes, reasons, bound (no Django, no DB)."""

from __future__ import annotations

import itertools
import random
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mentorlab.matching.engine import (  # noqa: E402
    Actor,
    MatchingInputError,
    Mentor,
    Problem,
    Result,
    Rules,
    Weights,
    match,
    solve_pairs,
    suggestions,
)

FI = frozenset({"fi"})
EN = frozenset({"en"})
BOTH = frozenset({"masters", "doctoral"})
TOPICS = ["ai", "data", "law", "design", "energy", "health", "finance"]
WORDS = [
    "research",
    "career",
    "startup",
    "policy",
    "leadership",
    "software",
    "design",
    "energy",
    "health",
    "money",
]


def actor(aid: str, **kw: object) -> Actor:
    base: dict[str, object] = {"degree_level": "masters", "languages": FI}
    base.update(kw)
    return Actor(aid, **base)  # type: ignore[arg-type]


def mentor(mid: str, **kw: object) -> Mentor:
    base: dict[str, object] = {"levels": BOTH, "languages": FI, "capacity": 1}
    base.update(kw)
    return Mentor(mid, **base)  # type: ignore[arg-type]


def pairs_of(result: Result) -> set[tuple[str, str]]:
    return {(a.actor, a.mentor) for a in result.assignments}


def random_problem(seed: int, n: int, m: int, **kw: object) -> Problem:
    rng = random.Random(seed)
    langs = ["fi", "en", "sv"]
    actors = [
        Actor(
            f"a{i:02d}",
            rng.choice(["masters", "doctoral"]),
            field=rng.choice(["cs", "law", "arts"]),
            languages=frozenset(rng.sample(langs, rng.randint(1, 2))),
            topics=frozenset(rng.sample(TOPICS, rng.randint(1, 3))),
            industries=frozenset(rng.sample(["tech", "gov", "ngo"], 1)),
            goals_text=" ".join(rng.sample(WORDS, 4)),
            city=rng.choice(["Helsinki", "Espoo"]),
            remote_ok=rng.random() < 0.5,
            conflict_employer=rng.choice(["", "", "Nokia"]),
            preferences=tuple(
                rng.sample([f"m{j:02d}" for j in range(m)], min(m, rng.randint(0, 2)))
            ),
        )
        for i in range(n)
    ]
    mentors = [
        Mentor(
            f"m{j:02d}",
            frozenset(rng.sample(["masters", "doctoral"], rng.randint(1, 2))),
            field=rng.choice(["cs", "law", "arts"]),
            languages=frozenset(rng.sample(langs, rng.randint(1, 2))),
            topics=frozenset(rng.sample(TOPICS, rng.randint(1, 3))),
            industry=rng.choice(["tech", "gov", "ngo"]),
            employer=rng.choice(["Nokia", "Kone", "City"]),
            offer_text=" ".join(rng.sample(WORDS, 4)),
            city=rng.choice(["Helsinki", "Espoo"]),
            remote_ok=rng.random() < 0.5,
            capacity=rng.randint(0, 2),
        )
        for j in range(m)
    ]
    return Problem(actors, mentors, k=50, **kw)  # type: ignore[arg-type]


def score_table(problem: Problem) -> dict[tuple[str, str], float]:
    """Score of every pair passing the hard rules (via the public suggestions API)."""
    table: dict[tuple[str, str], float] = {}
    for a in problem.actors:
        for s in suggestions(problem, a.id, k=10_000):
            table[(a.id, s.mentor)] = s.score
    return table


def brute_force(
    actor_ids: list[str],
    caps: dict[str, int],
    table: dict[tuple[str, str], float],
    key: str = "sum",
) -> tuple[int, float, float]:
    """(max cardinality, best min score, best total) by enumerating every assignment."""
    options = [[None, *[m for m in caps if (a, m) in table]] for a in actor_ids]
    best: tuple[int, float, float] | None = None
    for choice in itertools.product(*options):
        used: dict[str, int] = {}
        ok = True
        for m in choice:
            if m is not None:
                used[m] = used.get(m, 0) + 1
                if used[m] > caps[m]:
                    ok = False
                    break
        if not ok:
            continue
        scores = [table[(a, m)] for a, m in zip(actor_ids, choice, strict=True) if m is not None]
        low = min(scores) if scores else 0.0
        cand = (len(scores), low if key == "min" else 0.0, round(sum(scores), 6))
        if key == "sum":
            cand = (len(scores), 0.0, round(sum(scores), 6))
        if best is None or cand > best:
            best = cand
    assert best is not None
    return best


# ------------------------------------------------------------------ optimality
@pytest.mark.parametrize("seed", range(6))
def test_best_mode_equals_brute_force_optimum(seed: int) -> None:
    problem = random_problem(seed, n=6, m=4)
    result = match(problem)
    table = score_table(problem)
    caps = {m.id: m.capacity for m in problem.mentors}
    card, _, total = brute_force([a.id for a in problem.actors], caps, table)
    assert result.stats.matched == card
    assert result.stats.total_score == total
    for a in result.assignments:
        assert table[(a.actor, a.mentor)] == a.score == sum(a.breakdown.values())


@pytest.mark.parametrize("seed", range(5))
def test_bare_solver_equals_brute_force(seed: int) -> None:
    rng = random.Random(100 + seed)
    actors = [f"a{i}" for i in range(6)]
    caps = {f"m{j}": rng.randint(0, 2) for j in range(4)}
    pairs = [
        (a, m, round(rng.uniform(-0.2, 1.0), 3)) for a in actors for m in caps if rng.random() < 0.6
    ]
    res = solve_pairs(actors, caps, pairs)
    card, _, total = brute_force(actors, caps, {(a, m): s for a, m, s in pairs})
    assert len(res.assignments) == card
    assert res.total_score == pytest.approx(total, abs=1e-6)


@pytest.mark.parametrize("seed", range(3))
def test_bare_solver_equals_linear_sum_assignment_on_expanded_matrix(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n, m = 60, 30
    caps = rng.integers(1, 4, size=m)
    allowed = rng.random((n, m)) < 0.15
    scores = np.round(rng.random((n, m)), 4)
    actors = [f"a{i:03d}" for i in range(n)]
    mentors = [f"m{j:03d}" for j in range(m)]
    pairs = [
        (actors[i], mentors[j], float(scores[i, j]))
        for i, j in zip(*np.nonzero(allowed), strict=True)
    ]
    res = solve_pairs(actors, dict(zip(mentors, caps.tolist(), strict=True)), pairs)
    # Reference: one column per mentor place plus one "unmatched" column per actor; a bonus
    # B larger than any total score makes cardinality come first.
    cols = np.repeat(np.arange(m), caps)
    big = 1000.0
    weight = np.where(allowed[:, cols], scores[:, cols] + big, -1e9)
    weight = np.hstack([weight, np.zeros((n, n))])
    r, c = linear_sum_assignment(weight, maximize=True)
    real = (c < len(cols)) & (weight[r, c] > 0)
    assert len(res.assignments) == int(real.sum())
    assert res.total_score == pytest.approx(
        float(weight[r, c][real].sum() - big * real.sum()), abs=1e-6
    )


def test_cardinality_comes_first_where_greedy_loses_an_actor() -> None:
    # Greedy takes the best pair (a1, m1) = 0.9 and leaves a2 without a mentor.
    res = solve_pairs(
        ["a1", "a2"], {"m1": 1, "m2": 1}, [("a1", "m1", 0.9), ("a1", "m2", 0.8), ("a2", "m1", 0.1)]
    )
    assert {(a.actor, a.mentor) for a in res.assignments} == {("a1", "m2"), ("a2", "m1")}
    assert res.unmatched == []


# ------------------------------------------------------------------ hard rules
def test_language_rule() -> None:
    res = match(Problem([actor("a1", languages=EN)], [mentor("m1", languages=FI)]))
    assert res.assignments == []
    assert res.unmatched[0].code == "no_shared_language"
    assert "en" in res.unmatched[0].reason


def test_level_rule() -> None:
    res = match(
        Problem(
            [actor("a1", degree_level="doctoral")], [mentor("m1", levels=frozenset({"masters"}))]
        )
    )
    assert res.assignments == []
    assert res.unmatched[0].code == "no_level_language"
    assert res.unmatched[0].reason.startswith("no mentor takes doctoral students")


def test_conflict_employer_rule_is_trimmed_and_case_insensitive() -> None:
    res = match(
        Problem([actor("a1", conflict_employer="  NOKIA ")], [mentor("m1", employer="Nokia")])
    )
    assert res.assignments == []
    assert res.unmatched[0].code == "conflict_of_interest"


def test_exclusion_rule() -> None:
    rules = Rules(exclusions=frozenset({("a1", "m1")}))
    res = match(Problem([actor("a1")], [mentor("m1")], rules=rules))
    assert res.assignments == []
    assert res.unmatched[0].code == "excluded"
    assert res.unmatched[0].reason == "the only compatible mentor is excluded by the coordinator"


def test_capacity_rule() -> None:
    res = match(Problem([actor("a1"), actor("a2"), actor("a3")], [mentor("m1", capacity=2)]))
    assert res.stats.matched == 2
    assert res.mentor_remaining == {"m1": 0}
    (u,) = res.unmatched
    assert u.code == "at_capacity"
    assert u.reason == "the only compatible mentor is at capacity"


def test_capacity_zero_everywhere_reports_every_actor() -> None:
    res = match(
        Problem([actor("a1"), actor("a2")], [mentor("m1", capacity=0), mentor("m2", capacity=0)])
    )
    assert res.assignments == []
    assert [(u.actor, u.code) for u in res.unmatched] == [
        ("a1", "no_capacity"),
        ("a2", "no_capacity"),
    ]
    assert res.stats.share == 0.0


def test_empty_problem() -> None:
    res = match(Problem([], []))
    assert res.assignments == [] and res.unmatched == [] and res.stats.matched == 0


def test_hard_rules_hold_on_random_cohorts() -> None:
    problem = random_problem(
        7, n=40, m=25, rules=Rules(exclusions=frozenset({("a00", "m00"), ("a01", "m01")}))
    )
    res = match(problem)
    actors = {a.id: a for a in problem.actors}
    mentors = {m.id: m for m in problem.mentors}
    load: dict[str, int] = {}
    for x in res.assignments:
        a, m = actors[x.actor], mentors[x.mentor]
        assert a.languages & m.languages
        assert a.degree_level in m.levels
        assert not a.conflict_employer or a.conflict_employer.casefold() != m.employer.casefold()
        assert (a.id, m.id) not in problem.rules.exclusions
        load[m.id] = load.get(m.id, 0) + 1
    assert all(load[mid] <= mentors[mid].capacity for mid in load)


# ------------------------------------------------------------------ locks
def test_lock_is_kept_even_when_worse() -> None:
    actors = [actor("a1", topics=frozenset({"ai"})), actor("a2", topics=frozenset({"law"}))]
    mentors = [mentor("m1", topics=frozenset({"ai"})), mentor("m2", topics=frozenset({"law"}))]
    free = match(Problem(actors, mentors))
    assert pairs_of(free) == {("a1", "m1"), ("a2", "m2")}
    locked = match(Problem(actors, mentors, rules=Rules(locks=(("a1", "m2"),))))
    assert pairs_of(locked) == {("a1", "m2"), ("a2", "m1")}
    assert [a.locked for a in locked.assignments] == [True, False]


@pytest.mark.parametrize(
    ("lock", "mentors", "message"),
    [
        (("a1", "m9"), [mentor("m1")], "unknown mentor 'm9'"),
        (("a9", "m1"), [mentor("m1")], "unknown actor 'a9'"),
        (
            ("a1", "m1"),
            [mentor("m1", languages=EN)],
            "lock ('a1', 'm1') breaks a hard rule: they share no language",
        ),
        (
            ("a1", "m1"),
            [mentor("m1", levels=frozenset({"doctoral"}))],
            "does not take master's students",
        ),
        (("a1", "m1"), [mentor("m1", employer="ACME")], "ACME, the actor's conflict of interest"),
    ],
)
def test_invalid_lock_raises_naming_it(
    lock: tuple[str, str], mentors: list[Mentor], message: str
) -> None:
    with pytest.raises(MatchingInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        match(Problem([actor("a1", conflict_employer="acme")], mentors, rules=Rules(locks=(lock,))))


def test_lock_on_excluded_pair_raises() -> None:
    rules = Rules(exclusions=frozenset({("a1", "m1")}), locks=(("a1", "m1"),))
    with pytest.raises(MatchingInputError, match="excluded by the coordinator"):
        match(Problem([actor("a1")], [mentor("m1")], rules=rules))


def test_locks_beyond_capacity_raise() -> None:
    rules = Rules(locks=(("a1", "m1"), ("a2", "m1")))
    with pytest.raises(MatchingInputError, match="mentor 'm1' has 2 locked actors but capacity 1"):
        match(Problem([actor("a1"), actor("a2")], [mentor("m1")], rules=rules))


def test_duplicate_ids_raise() -> None:
    with pytest.raises(MatchingInputError, match="duplicate actor id 'a1'"):
        match(Problem([actor("a1"), actor("a1")], [mentor("m1")]))


# ------------------------------------------------------------------ determinism
def test_same_input_same_output_and_order_does_not_matter() -> None:
    problem = random_problem(3, n=60, m=35)
    first, second = match(problem), match(problem)
    shuffled_actors = list(problem.actors)
    shuffled_mentors = list(problem.mentors)
    random.Random(1).shuffle(shuffled_actors)
    random.Random(2).shuffle(shuffled_mentors)
    third = match(replace(problem, actors=shuffled_actors, mentors=shuffled_mentors))
    for other in (second, third):
        assert other.assignments == first.assignments
        assert other.unmatched == first.unmatched
        assert other.mentor_remaining == first.mentor_remaining


# ------------------------------------------------------------------ modes
@pytest.mark.parametrize("seed", range(5))
def test_fairest_mode_maximises_the_lowest_score(seed: int) -> None:
    problem = random_problem(20 + seed, n=6, m=4, mode="fairest")
    res = match(problem)
    table = score_table(problem)
    caps = {m.id: m.capacity for m in problem.mentors}
    card, low, total = brute_force([a.id for a in problem.actors], caps, table, key="min")
    assert res.stats.matched == card
    if card:
        assert res.stats.min_score == low
        assert res.stats.total_score == total
        best = match(replace(problem, mode="best"))
        assert best.stats.total_score >= res.stats.total_score


def test_fairest_trades_total_for_the_worst_off() -> None:
    # best: a1-m1 (90) + a2-m2 (10) = 100 ; fairest: a1-m2 (45) + a2-m1 (50) = 95
    res_best = solve_pairs(
        ["a1", "a2"],
        {"m1": 1, "m2": 1},
        [("a1", "m1", 90), ("a1", "m2", 45), ("a2", "m1", 50), ("a2", "m2", 10)],
    )
    assert res_best.total_score == 100
    actors = [
        actor("a1", topics=frozenset({"ai", "law", "data", "design"})),
        actor("a2", topics=frozenset({"ai", "energy"})),
    ]
    mentors = [
        mentor("m1", topics=frozenset({"ai", "law", "data", "design"})),
        mentor("m2", topics=frozenset({"design"})),
    ]
    w = Weights(topics=1, industry=0, text=0, location=0, preference=0)
    best = match(Problem(actors, mentors, weights=w))
    fair = match(Problem(actors, mentors, weights=w, mode="fairest"))
    assert best.stats.min_score == 0 and best.stats.total_score == 100
    assert pairs_of(fair) == {("a1", "m2"), ("a2", "m1")}
    assert fair.stats.min_score == 25 and fair.stats.total_score == 75


def test_rankings_mode_gives_actors_their_ranked_choice() -> None:
    actors = [
        actor("a1", topics=frozenset({"ai"}), preferences=("m2",)),
        actor("a2", topics=frozenset({"law"}), preferences=("m1",)),
    ]
    mentors = [mentor("m1", topics=frozenset({"ai"})), mentor("m2", topics=frozenset({"law"}))]
    w = Weights(topics=3, preference=0.5, text=0, location=0, industry=0)
    best = match(Problem(actors, mentors, weights=w))
    ranked = match(Problem(actors, mentors, weights=w, mode="rankings"))
    assert pairs_of(best) == {("a1", "m1"), ("a2", "m2")}
    assert pairs_of(ranked) == {("a1", "m2"), ("a2", "m1")}
    assert ranked.stats.ranked_choice == 2 and best.stats.ranked_choice == 0


def test_rankings_mode_prefers_first_choice_and_keeps_cardinality() -> None:
    actors = [actor("a1", preferences=("m1", "m2")), actor("a2", preferences=("m1",))]
    mentors = [mentor("m1"), mentor("m2", languages=frozenset({"fi", "en"}))]
    ranked = match(Problem(actors, mentors, mode="rankings"))
    assert ranked.stats.matched == 2  # a2 can only take m1, so a1 gets its 2nd choice
    assert pairs_of(ranked) == {("a1", "m2"), ("a2", "m1")}


def test_group_cohesion_groups_actors_with_shared_topics() -> None:
    actors = [
        actor("a1", degree_level="doctoral", topics=frozenset({"ai", "x"})),
        actor("a2", degree_level="doctoral", topics=frozenset({"ai", "x"})),
        actor("a3", degree_level="doctoral", topics=frozenset({"law", "y"})),
        actor("a4", degree_level="doctoral", topics=frozenset({"law", "y"})),
    ]
    mentors = [mentor("m1", capacity=2), mentor("m2", capacity=2)]
    w = Weights(topics=0, industry=0, text=0, location=0, preference=0, group_cohesion=1)
    res = match(Problem(actors, mentors, weights=w))
    groups: dict[str, set[str]] = {}
    for a in res.assignments:
        groups.setdefault(a.mentor, set()).add(a.actor)
    assert sorted(map(sorted, groups.values())) == [["a1", "a2"], ["a3", "a4"]]


# ------------------------------------------------------------------ reasons
def test_reason_codes_name_the_cause() -> None:
    actors = [
        actor("a_lang", languages=frozenset({"Finnish"})),
        actor("a_level", degree_level="doctoral", languages=EN),
        actor("a_conf", languages=frozenset({"sv"}), conflict_employer="Kone"),
        actor("a_excl", languages=frozenset({"de"})),
        actor("a_cap0", languages=frozenset({"es"})),
        actor("a_full1", languages=frozenset({"it"})),
        actor("a_full2", languages=frozenset({"it"})),
    ]
    mentors = [
        mentor("m_en", levels=frozenset({"masters"}), languages=EN),
        mentor("m_sv", languages=frozenset({"sv"}), employer="kone "),
        mentor("m_de", languages=frozenset({"de"})),
        mentor("m_es", languages=frozenset({"es"}), capacity=0),
        mentor("m_it", languages=frozenset({"it"})),
    ]
    rules = Rules(exclusions=frozenset({("a_excl", "m_de")}))
    res = match(Problem(actors, mentors, rules=rules))
    codes = {u.actor: u.code for u in res.unmatched}
    assert codes == {
        "a_lang": "no_shared_language",
        "a_level": "no_level_language",
        "a_conf": "conflict_of_interest",
        "a_excl": "excluded",
        "a_cap0": "no_capacity",
        "a_full2": "at_capacity",
    } or codes == {**codes, "a_full1": "at_capacity"}
    reasons = {u.actor: u.reason for u in res.unmatched}
    assert reasons["a_lang"] == "no mentor shares a language (Finnish)"
    assert reasons["a_level"] == "no mentor takes doctoral students and shares a language (en)"
    assert len([u for u in res.unmatched if u.code == "at_capacity"]) == 1


def test_shortlist_miss_is_repaired_even_without_column_generation() -> None:
    # Everyone's single best mentor is m1; m2 and m3 each list only a1 (k=1), so the
    # shortlist alone leaves one actor without the free mentor that was never on a shortlist.
    ai = frozenset({"ai"})
    actors = [actor(f"a{i}", topics=ai, city="Espoo" if i == 1 else "Turku") for i in (1, 2, 3)]
    mentors = [mentor("m1", topics=ai), mentor("m2", city="Espoo"), mentor("m3", city="Espoo")]
    w = Weights(topics=3, location=1, industry=0, text=0, preference=0)
    problem = Problem(actors, mentors, weights=w, k=1, refine_rounds=0)
    for variant in (
        problem,
        replace(problem, bound_method="row_max"),
        replace(problem, certify=False),
        replace(problem, mode="fairest"),
        replace(problem, mode="rankings"),
    ):
        res = match(variant)
        assert res.stats.matched == 3, variant
        assert res.unmatched == []
        assert res.stats.repaired == 1
        if variant.certify and variant.mode == "best":
            assert res.stats.bound is not None and res.stats.bound.cardinality_certified
    res = match(problem)
    at = {x.actor: x.mentor for x in res.assignments}
    assert at["a1"] in {"m2", "m3"} and "m1" in {at["a2"], at["a3"]}
    assert res.stats.total_score == 400  # the optimum over all pairs
    # The bound is priced again after the repair: tight up to the scan's rounding slack
    # (about 1 point per actor outside the shortlist; the full optimum is 400).
    assert res.stats.bound is not None and 400 <= res.stats.bound.upper <= 403


def _popular_mentor_problem(seed: int) -> Problem:
    """Small k and a few popular mentors: shortlists pile onto them and miss free places."""
    rng = random.Random(seed)
    ai = frozenset({"ai", "data"})
    n = rng.randint(12, 20)
    actors = [
        actor(
            f"a{i:02d}",
            topics=ai,
            city="Espoo" if i < 2 else "Turku",
            languages=frozenset(rng.sample(["fi", "en"], rng.randint(1, 2))),
            degree_level=rng.choice(["masters", "masters", "doctoral"]),
            conflict_employer=rng.choice(["", "", "Kone"]),
        )
        for i in range(n)
    ]
    popular = [
        mentor(f"p{j}", topics=ai, languages=frozenset({"fi", "en"}), capacity=rng.randint(1, 2))
        for j in range(3)
    ]
    plain = [
        mentor(
            f"q{j:02d}",
            city="Espoo",
            languages=frozenset(rng.sample(["fi", "en"], rng.randint(1, 2))),
            levels=frozenset(rng.sample(["masters", "doctoral"], rng.randint(1, 2))),
            employer=rng.choice(["Kone", "City", "Nokia"]),
            capacity=rng.randint(0, 2),
        )
        for j in range(rng.randint(4, 12))
    ]
    w = Weights(topics=3, location=1, industry=0, text=0, preference=0)
    exclusions = frozenset((f"a{rng.randrange(n):02d}", f"q{j:02d}") for j in range(3))
    return Problem(
        actors,
        popular + plain,
        weights=w,
        k=1,
        refine_rounds=0,
        rules=Rules(exclusions=exclusions),
    )


def _full_graph_optimum(problem: Problem) -> tuple[int, int]:
    """(max matched, max total among those) over ALL feasible pairs: scipy's
    linear_sum_assignment on the capacity-expanded matrix plus an "unmatched" column each."""
    table = score_table(problem)
    ids = [a.id for a in problem.actors]
    places = [x.id for x in problem.mentors for _ in range(x.capacity)]
    big, n = 10**6, len(ids)
    weight = np.full((n, len(places) + n), -1e12)
    for r, a in enumerate(ids):
        for c, m in enumerate(places):
            if (a, m) in table:
                weight[r, c] = table[(a, m)] + big
    weight[:, len(places) :] = 0.0
    rows, cols = linear_sum_assignment(weight, maximize=True)
    real = (cols < len(places)) & (weight[rows, cols] > 0)
    return int(real.sum()), round(float(weight[rows, cols][real].sum()) - big * int(real.sum()))


@pytest.mark.parametrize("seed", range(8))
def test_repair_matches_everyone_a_full_graph_solve_matches(seed: int) -> None:
    problem = _popular_mentor_problem(seed)
    card, total = _full_graph_optimum(problem)
    short = match(replace(problem, certify=False))
    for variant in (
        problem,
        replace(problem, bound_method="row_max"),
        replace(problem, certify=False),
        replace(problem, mode="fairest"),
        replace(problem, mode="rankings"),
    ):
        res = match(variant)
        assert res.stats.matched == card, (seed, variant.mode, variant.bound_method)
        assert all(u.code != "outside_shortlist" for u in res.unmatched)
        assert res.stats.total_score <= total
        if variant.certify and variant.mode == "best":
            assert res.stats.bound is not None
            assert res.stats.bound.cardinality_certified
            assert res.stats.bound.upper >= total - 1e-6
    # The instance really needs the repair: the shortlist alone matched fewer.
    assert short.stats.repaired == card - (short.stats.matched - short.stats.repaired)
    exact = match(replace(problem, refine_rounds=20, gap_tolerance=0.0))
    assert exact.stats.matched == card
    assert exact.stats.total_score == total


def test_repair_is_needed_in_the_popular_mentor_family() -> None:
    needed = 0
    for seed in range(8):
        res = match(replace(_popular_mentor_problem(seed), certify=False))
        needed += res.stats.repaired > 0
    assert needed >= 4


# ------------------------------------------------------------------ bound
@pytest.mark.parametrize("seed", range(3))
def test_bound_is_exact_on_full_candidate_graph(seed: int) -> None:
    problem = random_problem(40 + seed, n=30, m=18)
    res = match(problem)
    assert res.stats.bound is not None
    assert res.stats.bound.cardinality_certified
    assert res.stats.bound.upper == pytest.approx(res.stats.total_score, abs=1e-6)
    assert res.stats.bound.gap == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("seed", range(3))
def test_bound_is_an_upper_bound_with_small_candidate_graph(seed: int) -> None:
    problem = random_problem(60 + seed, n=40, m=25)
    full = match(replace(problem, refine_rounds=0))
    small = match(replace(problem, k=1, refine_rounds=0))
    assert small.stats.bound is not None
    assert small.stats.bound.upper >= full.stats.total_score - 1e-6
    assert small.stats.total_score <= full.stats.total_score
    refined = match(replace(problem, k=1, refine_rounds=5))
    assert refined.stats.total_score >= small.stats.total_score
    assert refined.stats.bound is not None
    assert refined.stats.bound.upper >= full.stats.total_score - 1e-6


# ------------------------------------------------------------------ fast path
@pytest.mark.parametrize("seed", range(3))
def test_row_max_bound_is_an_upper_bound(seed: int) -> None:
    problem = random_problem(80 + seed, n=40, m=25)
    exact = match(replace(problem, refine_rounds=5))
    for k in (1, 3, 10):
        cheap = match(replace(problem, k=k, bound_method="row_max"))
        assert cheap.stats.bound is not None
        assert cheap.stats.bound.method == "row_max"
        assert cheap.stats.bound.rounds == 0
        assert cheap.stats.bound.upper >= exact.stats.total_score - 1e-6
    tight = match(problem)
    assert tight.stats.bound is not None and tight.stats.bound.method == "lp_dual"
    assert tight.stats.bound.upper <= cheap.stats.bound.upper + 1e-6


def test_unknown_bound_method_raises() -> None:
    with pytest.raises(MatchingInputError, match="bound method"):
        match(replace(random_problem(1, n=3, m=2), bound_method="nope"))  # type: ignore[arg-type]


def test_auto_bound_switches_to_row_max_above_the_threshold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import mentorlab.matching.engine.certificate as engine

    problem = random_problem(5, n=30, m=20)
    monkeypatch.setattr(engine, "LP_DUAL_MAX_CELLS", 10)
    res = match(problem)
    assert res.stats.bound is not None and res.stats.bound.method == "row_max"
    assert res.stats.bound.upper >= res.stats.total_score


def test_result_does_not_depend_on_thread_count(monkeypatch: pytest.MonkeyPatch) -> None:
    problem = random_problem(11, n=60, m=40)
    monkeypatch.setenv("MENTORLAB_MATCHING_THREADS", "1")
    one = match(problem)
    monkeypatch.setenv("MENTORLAB_MATCHING_THREADS", "3")
    three = match(problem)
    assert one.assignments == three.assignments
    assert one.stats.bound == three.stats.bound


def test_lsa_text_path_keeps_scores_exact_and_bound_sound(monkeypatch: pytest.MonkeyPatch) -> None:
    import mentorlab.matching.engine.text as scoring

    problem = random_problem(21, n=60, m=40)
    exact = match(replace(problem, refine_rounds=5))
    monkeypatch.setattr(scoring, "TEXT_EXACT_DIM", 0)
    monkeypatch.setattr(scoring, "TEXT_EXACT_FLOPS", 0)
    monkeypatch.setattr(scoring, "TEXT_LSA_DIM", 4)  # deliberately coarse
    approx = match(problem)
    actors = {a.id: a for a in problem.actors}
    mentors = {m.id: m for m in problem.mentors}
    for x in approx.assignments:
        assert actors[x.actor].languages & mentors[x.mentor].languages
        assert (
            actors[x.actor].degree_level in mentors[x.mentor].levels
        )  # points of chosen pairs are exact, breakdowns add up
        assert sum(x.breakdown.values()) == x.score
    assert approx.stats.bound is not None
    assert approx.stats.bound.upper >= exact.stats.total_score - 1e-6
    assert approx.stats.matched == exact.stats.matched
    assert approx.stats.total_score >= 0.97 * exact.stats.total_score


def test_gap_tolerance_stops_early_and_the_bound_stays_sound() -> None:
    problem = random_problem(31, n=40, m=25)
    exact = match(replace(problem, refine_rounds=20, gap_tolerance=0.0))
    for k in (1, 2):
        full = match(replace(problem, k=k, refine_rounds=20, gap_tolerance=0.0))
        loose = match(replace(problem, k=k, refine_rounds=20, gap_tolerance=0.5))
        assert full.stats.bound is not None and loose.stats.bound is not None
        assert loose.stats.bound.rounds <= full.stats.bound.rounds
        assert loose.stats.bound.upper >= exact.stats.total_score - 1e-6
        assert loose.stats.bound.gap <= 0.5 or loose.stats.bound.rounds == 0
        assert loose.stats.matched == exact.stats.matched
    with pytest.raises(MatchingInputError, match="gap_tolerance"):
        match(replace(problem, gap_tolerance=-1.0))


def test_bound_is_sound_when_prices_are_large() -> None:
    # More actors than places: unmatched actors push mentor prices to about B (~n x max
    # score), so the reduced costs take the float64 path instead of float32.
    problem = random_problem(13, n=40, m=8)
    exact = match(replace(problem, refine_rounds=20, gap_tolerance=0.0))
    for k in (1, 2, 5):
        res = match(replace(problem, k=k, refine_rounds=0))
        assert res.stats.bound is not None
        assert res.stats.bound.upper >= exact.stats.total_score - 1e-6
        assert res.stats.matched == exact.stats.matched


def test_group_order_equals_lexsort() -> None:
    from mentorlab.matching.engine.candidates import group_order as _group_order

    rng = np.random.default_rng(3)
    for size, groups in ((0, 1), (500, 7), (5000, 70_000)):
        g = rng.integers(0, groups, size)
        v = (rng.integers(-20, 20, size) * 0.25).astype(np.float32)
        v[rng.random(size) < 0.05] = -np.inf
        v[rng.random(size) < 0.05] = -0.0
        # Equal values are frequent; (group, tie) pairs are unique (actor-mentor pairs).
        tie = rng.permutation(size).astype(np.int64)
        assert np.array_equal(_group_order(g, v, tie), np.lexsort((tie, -v, g)))


@pytest.mark.parametrize("seed", range(9))
def test_full_assignment_solver_equals_the_min_cost_flow(seed: int) -> None:
    # The weighted solve takes scipy's LAPJVsp when every actor with an edge can be matched
    # or every place filled, and OR-Tools' min-cost flow otherwise; both must give a maximum
    # matching of the same (largest) total. seed % 3: 0 plenty of places (every actor
    # matched), 1 scarce (every place filled), 2 neither (one part scarce, one plentiful).
    import mentorlab.matching.engine.flow as flow

    kind = seed % 3
    rng = np.random.default_rng(seed)
    n, m = 90, (45, 12, 45)[kind]
    caps = rng.integers(1, 5, size=m) if kind != 1 else rng.integers(0, 4, size=m)
    allowed = rng.random((n, m)) < 0.2
    if kind == 2:  # actors 0-59 share mentors 0-5; actors 60-89 have mentors 6-44
        allowed[:60, 6:] = False
        allowed[60:, :6] = False
    ei, ej = (x.astype(np.int64) for x in np.nonzero(allowed))
    w = rng.integers(0, 12, size=len(ei)).astype(np.int64)  # many ties
    full = flow._full_assignment(caps, ei, ej, w)
    assert (full is not None) == (kind != 2)
    lap = flow.max_cardinality_max_weight(n, caps, ei, ej, w)
    mcf = flow.min_cost_flow_matching(n, caps, ei, ej, w)
    for chosen in (lap, mcf):
        assert np.bincount(ei[chosen], minlength=n).max() <= 1
        assert (np.bincount(ej[chosen], minlength=m) <= caps).all()
    assert lap.sum() == mcf.sum()
    assert w[lap].sum() == w[mcf].sum()
    if full is not None:
        assert np.array_equal(full, lap)
        # every actor with an edge is matched, or every place of a mentor with an edge filled
        with_edge = np.bincount(ej, minlength=m) > 0
        assert lap.sum() == min(len(np.unique(ei)), int(caps[with_edge].sum()))


def test_full_assignment_solver_declines_repeated_pairs() -> None:
    import mentorlab.matching.engine.flow as flow

    one = np.array([0, 0], dtype=np.int64)
    assert flow._full_assignment(np.array([2]), one, one * 0, np.array([3, 5])) is None
    chosen = flow.max_cardinality_max_weight(1, np.array([2]), one, one * 0, np.array([3, 5]))
    assert chosen.tolist() == [False, True]

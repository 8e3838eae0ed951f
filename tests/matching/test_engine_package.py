"""The engine package: no Django, one place for the hard rules, the typed edge set."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mentorlab.matching.engine import Actor, Mentor, Problem, Rules, Weights  # noqa: E402
from mentorlab.matching.engine.edges import CandidateEdges  # noqa: E402
from mentorlab.matching.engine.prepare import encode, validated  # noqa: E402
from tests.matching.test_engine import random_problem  # noqa: E402


def test_importing_the_engine_does_not_import_django() -> None:
    code = (
        "import sys; import mentorlab.matching.engine, mentorlab.matching.jsonio; "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_every_way_of_asking_the_hard_rules_agrees() -> None:
    for seed in range(6):
        base = random_problem(seed, n=30, m=20)
        excluded = frozenset(
            (base.actors[i].id, base.mentors[(i * 7) % 20].id) for i in range(0, 30, 3)
        )
        problem = Problem(base.actors, base.mentors, rules=Rules(exclusions=excluded))
        actors, mentors = validated(problem)
        rules = encode(problem, actors, mentors).rules
        everyone = np.ones(len(mentors), dtype=bool)
        for i, actor in enumerate(actors):
            row = np.zeros(len(mentors), dtype=bool)
            row[rules.feasible_mentors(i, everyone)] = True
            pairs = rules.pairs_ok(np.full(len(mentors), i, dtype=np.int64), np.arange(20))
            broken = [rules.broken_rule(i, j, actor, m) for j, m in enumerate(mentors)]
            assert row.tolist() == pairs.tolist() == [b is None for b in broken]
            expected = [
                bool(actor.languages & m.languages)
                and actor.degree_level in m.levels
                and not (
                    actor.conflict_employer.strip()
                    and actor.conflict_employer.strip().casefold() == m.employer.casefold()
                )
                and (actor.id, m.id) not in excluded
                for m in mentors
            ]
            assert row.tolist() == expected


def test_scored_edges_carry_points_that_add_up_to_the_score() -> None:
    actors = [Actor("a", "masters", languages=frozenset({"fi"}), topics=frozenset({"ai"}))]
    mentors = [
        Mentor("m1", frozenset({"masters"}), languages=frozenset({"fi"}), topics=frozenset({"ai"})),
        Mentor("m2", frozenset({"masters"}), languages=frozenset({"fi"})),
    ]
    problem = Problem(actors, mentors, weights=Weights(text=0))
    features = encode(problem, *validated(problem))
    edges = CandidateEdges.scored(features, np.array([0, 0]), np.array([0, 1]))
    assert len(edges) == 2
    assert edges.points["topics"].tolist() == [300, 0]
    assert edges.score.tolist() == [sum(p[e] for p in edges.points.values()) for e in range(2)]

"""Suggestions while actors rank mentors: one actor's best mentors, with reasons."""

from __future__ import annotations

import numpy as np

from .edges import CandidateEdges
from .explanations import suggestion_reasons
from .prepare import encode, validated
from .types import MatchingInputError, Problem, Suggestion


def suggestions(problem: Problem, actor_id: str, k: int = 8) -> list[Suggestion]:
    """The ``k`` best mentors passing every hard rule for one actor (capacity > 0).

    Ignores locks and other actors (use it while actors rank mentors, before matching).
    Sorted by score, then mentor id.
    """
    actors, mentors = validated(problem)
    a_index = {a.id: i for i, a in enumerate(actors)}
    if actor_id not in a_index:
        raise MatchingInputError(f"unknown actor {actor_id!r}")
    feat = encode(problem, actors, mentors)
    i = a_index[actor_id]
    available = np.array([x.capacity > 0 for x in mentors], dtype=bool)
    cols = feat.rules.feasible_mentors(i, available)
    if len(cols) == 0:
        return []
    edges = CandidateEdges.scored(feat, np.full(len(cols), i, dtype=np.int64), cols)
    total = edges.score
    order = sorted(range(len(cols)), key=lambda e: (-int(total[e]), mentors[cols[e]].id))[:k]
    out = []
    actor = actors[i]
    for e in order:
        mentor = mentors[cols[e]]
        breakdown = {c: int(edges.points[c][e]) for c in feat.active}
        out.append(
            Suggestion(
                mentor.id, int(total[e]), breakdown, suggestion_reasons(actor, mentor, breakdown)
            )
        )
    return out

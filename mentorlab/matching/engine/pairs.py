"""The bare solver: explicit allowed pairs with float scores, no features and no rules."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from .flow import max_cardinality_max_weight
from .prepare import first_duplicate
from .types import MatchingInputError, PairAssignment, PairResult, Unmatched

# Float scores in solve_pairs are compared after rounding to this many units per 1.0.
DEFAULT_SCALE = 1_000_000


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
        raise MatchingInputError(f"duplicate actor id {first_duplicate(ids)!r}")
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
            max_cardinality_max_weight(len(ids), caps, ei[usable], ej[usable], w[usable])
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

"""Group cohesion: a local improvement of score + how well a mentor's actors share topics."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .encoding import norm
from .types import POINTS_PER_WEIGHT, Weights

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from .edges import Solution
    from .prepare import Prepared

MAX_SWEEPS = 20


def improve_cohesion(prep: Prepared, solution: Solution, weights: Weights) -> NDArray[np.bool_]:
    """Deterministic local improvement of score + group cohesion; returns the chosen edges.

    Cohesion of a mentor's group = sum over its actor pairs of
    ``round(100 * group_cohesion * Jaccard(topics))``. Moves: give an actor a candidate mentor
    with a free place, or swap the mentors of two actors (both new pairs must be candidate
    pairs, so every hard rule holds). A move is taken only if it strictly raises
    total score + total cohesion. Guaranteed: the number of matched actors, locks and all hard
    rules are unchanged, the combined objective never decreases, and the pass stops (at a
    local optimum for these moves, or after 20 sweeps). Not guaranteed: the global optimum of
    the quadratic objective.
    """
    ei, ej, w = solution.edges.actor, solution.edges.mentor, solution.edges.score
    sel = solution.chosen
    remaining, locked_mentor = prep.remaining, prep.locked_mentor
    topics = [frozenset(map(norm, a.topics)) for a in prep.actors]
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
        for j in range(prep.n_mentors)
    }

    def coh_with(i: int, j: int, without: int = -1) -> int:
        return sum(pair_coh(i, o) for o in members.get(j, ()) if o not in (i, without))

    for _ in range(MAX_SWEEPS):
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

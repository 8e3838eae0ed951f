"""Exact solves on an edge set: OR-Tools max flow and min-cost flow, and scipy's LAPJVsp.

The network is source -> actor (capacity 1) -> mentor (its capacity) -> sink. Every solve
matches the most actors first; the modes change what is maximised among those matchings.
When every actor with an edge can be matched (the usual case), or every place filled
(scarce places), the weighted solve is a full assignment of one side, and scipy's sparse
LAPJV (``min_weight_full_bipartite_matching``) solves it exactly, about 2-3x faster than
the min-cost flow on the engine's graphs; otherwise OR-Tools' min-cost flow does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching, min_weight_full_bipartite_matching

from .types import MatchingInputError, Mode

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from .edges import CandidateEdges


@dataclass(frozen=True)
class _Network:
    tails: NDArray[np.int64]
    heads: NDArray[np.int64]
    capacity: NDArray[np.int64]
    source: int
    sink: int


def _network(
    n_actors: int,
    capacity: NDArray[np.int64],
    actor: NDArray[np.int64],
    mentor: NDArray[np.int64],
) -> _Network:
    """Arcs: source -> each actor, then the edges, then each mentor -> sink (in that order)."""
    m = len(capacity)
    src, sink = n_actors + m, n_actors + m + 1
    tails = np.concatenate([np.full(n_actors, src), actor, n_actors + np.arange(m)])
    heads = np.concatenate([np.arange(n_actors), n_actors + mentor, np.full(m, sink)])
    cap = np.concatenate([np.ones(n_actors + len(actor), dtype=np.int64), capacity])
    return _Network(tails.astype(np.int64), heads.astype(np.int64), cap.astype(np.int64), src, sink)


def max_cardinality_max_weight(
    n_actors: int,
    capacity: NDArray[np.int64],
    actor: NDArray[np.int64],
    mentor: NDArray[np.int64],
    weight: NDArray[np.int64],
) -> NDArray[np.bool_]:
    """Exact: the most edges possible, then the largest sum of integer ``weight``.

    Returns which edges ``(actor[e], mentor[e])`` are chosen; mentor ``j`` takes at most
    ``capacity[j]`` actors, each actor at most one mentor.
    """
    if len(actor) == 0:
        return np.zeros(0, dtype=bool)
    full = _full_assignment(capacity, actor, mentor, weight)
    if full is not None:
        return full
    return min_cost_flow_matching(n_actors, capacity, actor, mentor, weight)


def min_cost_flow_matching(
    n_actors: int,
    capacity: NDArray[np.int64],
    actor: NDArray[np.int64],
    mentor: NDArray[np.int64],
    weight: NDArray[np.int64],
) -> NDArray[np.bool_]:
    """:func:`max_cardinality_max_weight` by OR-Tools' min-cost flow, whatever the graph."""
    if len(actor) == 0:
        return np.zeros(0, dtype=bool)
    net = _network(n_actors, capacity, actor, mentor)
    cost = np.concatenate(
        [np.zeros(n_actors, dtype=np.int64), -weight, np.zeros(len(capacity), dtype=np.int64)]
    )
    if np.abs(weight).max(initial=0) * (n_actors + len(capacity) + 2) >= 2**62:
        raise MatchingInputError("scores too large to solve exactly; lower the scale")
    mcf = min_cost_flow.SimpleMinCostFlow()
    mcf.add_arcs_with_capacity_and_unit_cost(
        net.tails, net.heads, net.capacity, cost.astype(np.int64)
    )
    total = int(min(n_actors, int(capacity.sum())))
    mcf.set_node_supply(net.source, total)
    mcf.set_node_supply(net.sink, -total)
    status = mcf.solve_max_flow_with_min_cost()
    if status != mcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    flows = mcf.flows(np.arange(n_actors, n_actors + len(actor), dtype=np.int64))
    return np.asarray(flows) > 0


# LAPJVsp works in float64: its costs and their sums over a matching stay exact integers
# below this.
_LAP_EXACT = 2**52


def _full_assignment(
    capacity: NDArray[np.int64],
    actor: NDArray[np.int64],
    mentor: NDArray[np.int64],
    weight: NDArray[np.int64],
) -> NDArray[np.bool_] | None:
    """The max-weight maximum matching when it matches every actor with an edge, or fills
    every place of the mentors with an edge; else ``None``.

    Mentors become one column per place; Hopcroft-Karp (``maximum_bipartite_matching``)
    checks that one side can be matched entirely, then LAPJVsp finds the cheapest matching
    that covers that side with cost ``max + 1 - weight`` (>= 1): the same optimum as the
    min-cost flow, since every maximum matching covers that side. Repeated pairs (only
    possible through ``solve_pairs``) or weights too large for exact float64 go to OR-Tools.
    """
    rows, row_of = np.unique(actor, return_inverse=True)
    cap = np.maximum(np.asarray(capacity, dtype=np.int64), 0)
    cap = np.where(np.bincount(mentor, minlength=len(cap)) > 0, cap, 0)  # places with an edge
    places = int(cap.sum())
    lo, hi = int(weight.min()), int(weight.max())
    if (hi - lo + 1) * (min(len(rows), places) + 1) >= _LAP_EXACT:
        return None
    reps = cap[mentor]
    ee = np.repeat(np.arange(len(actor)), reps)
    first = np.repeat(np.cumsum(reps) - reps, reps)
    col = (np.cumsum(cap) - cap)[mentor[ee]] + (np.arange(len(ee)) - first)
    cost = (hi + 1 - weight[ee]).astype(np.float64)
    if len(rows) <= places:  # every actor with an edge matched?
        mat = csr_matrix((cost, (row_of[ee], col)), shape=(len(rows), places))
    else:  # every place filled?
        mat = csr_matrix((cost, (col, row_of[ee])), shape=(places, len(rows)))
    mat.sum_duplicates()
    if mat.nnz != len(ee):
        return None
    if (maximum_bipartite_matching(mat, perm_type="column") < 0).any():
        return None
    try:
        r, c = min_weight_full_bipartite_matching(mat)
    except ValueError:  # "no full matching": Hopcroft-Karp said otherwise; be safe
        return None
    if len(rows) > places:
        r, c = c, r
    slot_mentor = np.repeat(np.arange(len(cap)), cap)
    mm = max(len(cap), 1)
    keys = actor * mm + mentor
    order = np.argsort(keys, kind="stable")
    at = order[np.searchsorted(keys[order], rows[r] * mm + slot_mentor[c])]
    chosen = np.zeros(len(actor), dtype=bool)
    chosen[at] = True
    return chosen


def max_matched(
    n_actors: int,
    capacity: NDArray[np.int64],
    actor: NDArray[np.int64],
    mentor: NDArray[np.int64],
) -> int:
    """How many actors the edges can match at most."""
    if len(actor) == 0:
        return 0
    net = _network(n_actors, capacity, actor, mentor)
    mf = max_flow.SimpleMaxFlow()
    mf.add_arcs_with_capacity(net.tails, net.heads, net.capacity)
    if mf.solve(net.source, net.sink) != mf.OPTIMAL:
        raise RuntimeError("max flow failed")
    return int(mf.optimal_flow())


def solve_mode(
    mode: Mode,
    edges: CandidateEdges,
    *,
    n_actors: int,
    capacity: NDArray[np.int64],
    rank: NDArray[np.int64],
) -> NDArray[np.bool_]:
    """Chosen edges for a mode; the number of matched actors is always maximal first.

    ``best``: the total score. ``fairest``: the lowest score as high as possible, then the
    total. ``rankings``: the actors' ranked choices (``rank[e]``: 0, 1, 2 or -1 for none;
    1st/2nd/3rd weighted 3/2/1) outweigh any score difference, then the total.
    """
    ei, ej, w = edges.actor, edges.mentor, edges.score
    if mode == "best" or len(ei) == 0:
        return max_cardinality_max_weight(n_actors, capacity, ei, ej, w)
    if mode == "fairest":
        # Bottleneck: the largest threshold whose edges still allow a max-cardinality matching.
        target = max_matched(n_actors, capacity, ei, ej)
        levels = np.unique(w)
        lo, hi = 0, len(levels) - 1  # levels[lo] is always feasible
        while lo < hi:
            mid = (lo + hi + 1) // 2
            keep = w >= levels[mid]
            if max_matched(n_actors, capacity, ei[keep], ej[keep]) == target:
                lo = mid
            else:
                hi = mid - 1
        keep = w >= levels[lo]
        chosen = np.zeros(len(ei), dtype=bool)
        chosen[
            np.nonzero(keep)[0][
                max_cardinality_max_weight(n_actors, capacity, ei[keep], ej[keep], w[keep])
            ]
        ] = True
        return chosen
    # rankings: a ranked choice (3/2/1 for 1st/2nd/3rd) outweighs any score difference.
    per_actor_max = np.zeros(n_actors, dtype=np.int64)
    np.maximum.at(per_actor_max, ei, np.maximum(w, 0))
    big = int(per_actor_max.sum() - min(0, int(w.min()))) * 2 + 1
    bonus = np.where(rank >= 0, (3 - rank) * big, 0).astype(np.int64)
    return max_cardinality_max_weight(n_actors, capacity, ei, ej, w + bonus)

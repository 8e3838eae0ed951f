"""Exact solves on an edge set: OR-Tools max flow and min-cost flow.

The network is source -> actor (capacity 1) -> mentor (its capacity) -> sink. Every solve
matches the most actors first; the modes change what is maximised among those matchings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

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

"""The certificate: an upper bound on what ANY matching over ALL feasible pairs could score.

``lp_dual``: LP dual prices of the mentors, from the candidate-graph optimum, bound every pair
outside the graph; the pairs the bound exposes are added and the graph re-solved for a few
rounds (column generation). ``row_max``: each actor's best feasible score, free from the scan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .edges import CandidateEdges, Solution
from .flow import max_cardinality_max_weight
from .repair import AllPairsMax
from .types import CRITERIA, POINTS_PER_WEIGHT, Bound, BoundMethod

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from .prepare import Prepared

# With bound_method="auto", the LP-dual bound is computed up to this many actor x mentor
# pairs (about 14,000 x 14,000); above it the free row-max bound is reported.
LP_DUAL_MAX_CELLS = 10**11
# Reduced costs are computed in float32 while every price is below this (then the rounding
# error, at most 2**-23 * (price + score) per pair, is added back as a margin); else float64.
_F32_PRICE_LIMIT = 2.0**16
_MIN_PER_ROW = 10


def resolved_bound_method(method: BoundMethod, n_free: int, n_available: int) -> BoundMethod:
    """``auto`` becomes ``lp_dual`` up to ``LP_DUAL_MAX_CELLS`` free actor x mentor pairs."""
    if method == "auto":
        return "lp_dual" if n_free * n_available <= LP_DUAL_MAX_CELLS else "row_max"
    return method


def mentor_prices(
    n_actors: int,
    n_mentors: int,
    edges: CandidateEdges,
    weight: NDArray[np.float64],
    chosen: NDArray[np.bool_],
) -> NDArray[np.float64]:
    """Smallest optimal LP dual prices of the mentors for the candidate-graph optimum ``chosen``.

    ``weight[e]`` is edge e's score plus the cardinality premium B. Complementary slackness
    turns the dual into difference constraints between mentors (p_j >= p_j' + w_ij - w_ij'
    when actor i holds j'), lower bounds from unmatched actors (p_j >= w_ij + B) and p >= 0;
    their least solution is found by vectorised Bellman-Ford.
    """
    ei, ej, wb = edges.actor, edges.mentor, weight
    mu = np.full(n_actors, -1, dtype=np.int64)
    wmu = np.zeros(n_actors)
    mu[ei[chosen]] = ej[chosen]
    wmu[ei[chosen]] = wb[chosen]
    p = np.zeros(n_mentors)
    un = mu[ei] < 0
    if un.any():
        np.maximum.at(p, ej[un], wb[un])
    d = ~un & ~chosen
    src, dst, delta = mu[ei[d]], ej[d], wb[d] - wmu[ei[d]]
    for _ in range(n_mentors + 1):
        cand = p[src] + delta
        better = cand > p[dst] + 1e-9
        if not better.any():
            return p
        np.maximum.at(p, dst[better], cand[better])
    raise RuntimeError("dual prices did not converge (solution not optimal?)")


@dataclass(frozen=True)
class LpBound:
    upper_b: float  # bound on sum(score + big) over matchings of the free actors, all pairs
    big: float  # per matched actor (cardinality first)
    rounds: int
    added: int

    def proves_cardinality(self, matched_free: int) -> bool:
        """No matching over all pairs places more than ``matched_free`` free actors."""
        return self.upper_b < (matched_free + 1) * self.big - 1e-6

    def bound(self, matched_free: int, achieved: int, locked_total: int, proven: bool) -> Bound:
        """``proven``: cardinality shown maximal by other means (the repair's max-flow)."""
        certified = proven or self.proves_cardinality(matched_free)
        upper = self.upper_b - matched_free * self.big + locked_total
        gap = round(max(0.0, upper - achieved) / max(achieved, 1), 9)
        return Bound(
            round(float(upper), 6), achieved, gap, bool(certified), self.rounds, self.added
        )


@dataclass(frozen=True)
class Certified:
    """The (possibly grown and re-solved) solution and its LP-dual bound."""

    solution: Solution
    lp: LpBound


def lp_dual_certify(
    prep: Prepared,
    solution: Solution,
    kth_scan_score: NDArray[np.float64],
    best: AllPairsMax,
    *,
    k: int,
    refine_rounds: int,
    gap_tolerance: float,
) -> Certified:
    """Upper bound over all feasible pairs from LP duals; adds missed pairs and re-solves.

    Any mentor prices ``p >= 0`` give ``UB = sum(c_j p_j) + sum_i max(0, max_j(w_ij + B -
    p_j))`` (weak duality), so the bound is sound whatever prices are used; they only decide
    how tight it is. Each round prices the mentors with the LP duals of the candidate-graph
    optimum (warm: the prices of the solution the engine already holds), then:

    * every candidate pair gets its reduced cost exactly (vectorised over the edges);
    * the pairs outside the graph are bounded per actor by a threshold remembered from the
      last pass over that actor's pairs, raised by the largest price fall since; only the
      actors whose threshold could still raise the bound are read again (one blocked pass,
      reduced costs in float32 NumPy blocks, one comparison to find the pairs with a
      positive reduced cost), and their best such pairs are scored and join the graph,
      which is then solved again.

    It stops once ``(UB - achieved) / achieved <= gap_tolerance``, when no pair outside has
    a positive reduced cost, or after ``refine_rounds`` re-solves.

    ``solution`` places ``best.size`` actors, the most any matching can (the repair's
    max-flow). Every such matching uses only pairs with exactly one end in the max-flow's
    Koenig cover, so the LP is over those pairs only, and each covered mentor's price is at
    least B (it is full in every maximum matching). Without that, a mentor the candidate
    graph never connected to an unplaceable actor would be priced near 0 and that actor's
    outside pair would add about B (n x max score) to the bound.
    """
    cover_a, cover_m = best.cover_actor, best.cover_mentor
    feat = prep.features
    n, m = prep.n_actors, prep.n_mentors
    remaining, available, free_rows = prep.remaining, prep.available, prep.free_rows
    caps = (remaining * available).astype(np.float64)
    edges, sel = solution.edges, solution.chosen
    wmax = sum(getattr(feat.weights, c) for c in CRITERIA) * POINTS_PER_WEIGHT + feat.slack()
    big = float(len(free_rows)) * wmax + 1.0  # cardinality first: B > n * max score
    rounds = added = 0
    row_slack = feat.slack() + feat.row_slack
    mm = max(m, 1)
    row_big = big * cover_a
    # Per actor: a bound on (score - q_j + shift) over its pairs outside the candidate graph,
    # valid at the prices refs[epoch[i]] (epoch -1: at any prices). Before any pass it is
    # the scan's: such a pair is not in the actor's top k, so it scores at most kth + slack,
    # and q >= 0.
    thr = np.full(n, -np.inf)
    thr[free_rows] = kth_scan_score[free_rows] + row_slack[free_rows] + row_big[free_rows]
    epoch = np.full(n, -1, dtype=np.int64)
    refs: list[NDArray[np.float64]] = []
    while True:
        ei, ej, w = edges.actor, edges.mentor, edges.score
        wb = w.astype(np.float64) + big
        single = cover_a[ei] != cover_m[ej]  # pairs a maximum matching may use
        p = mentor_prices(n, m, edges.subset(single), wb[single], sel[single])
        p[cover_m] = np.maximum(p[cover_m], big)
        u = np.zeros(n)
        if single.any():
            np.maximum.at(u, ei[single], wb[single] - p[ej[single]])
        lb = float(wb[sel].sum())
        # Covered mentors cost at least B (p = B + q), and only actors of the cover keep B on
        # their side of a pair (u = B + v): outside pairs are priced from q, in small numbers,
        # and each row adds its own B (or not) after the row maximum.
        q = p - big * cover_m
        # A remembered threshold holds at today's prices once raised by the largest fall.
        falls = np.array([max(0.0, float((r - q).max(initial=0.0))) for r in refs] + [0.0])
        check = free_rows[thr[free_rows] + falls[epoch[free_rows]] > u[free_rows] + 1e-9]
        new_i: list[NDArray[np.int64]] = []
        new_j: list[NDArray[np.int64]] = []
        refine = rounds < refine_rounds
        # Pairs added per violating actor: 2k in the first round (most of the gap closes
        # there, and a second re-solve costs more than the extra pairs), then k.
        # With a small k the shortlist says little: add at least 10 pairs a row.
        per_row = max(2 * k if rounds == 0 else k, _MIN_PER_ROW)
        pmax = float(np.abs(q).max(initial=0.0))
        use32 = pmax < _F32_PRICE_LIMIT
        p32 = q.astype(np.float32)
        margin = 2.0**-23 * (pmax + wmax) * 1.01 + 1e-9 if use32 else 0.0

        def reduced(
            rows: NDArray[np.int64],
            cols: NDArray[np.int64],
            block: NDArray[np.float32],
            ei: NDArray[np.int64] = ei,
            ej: NDArray[np.int64] = ej,
            p: NDArray[np.float64] = q,
            p32: NDArray[np.float32] = p32,
            u: NDArray[np.float64] = u,
            refine: bool = refine,
            per_row: int = per_row,
            use32: bool = use32,
            margin: float = margin,
        ) -> tuple[
            NDArray[np.int64],
            NDArray[np.float64],
            NDArray[np.float64],
            NDArray[np.int64],
            NDArray[np.int64],
        ]:
            # score - price; the per-row constants (slack, B) are added after the row maximum.
            if use32:
                red: NDArray[Any] = block
                red -= p32[cols]
            else:  # prices beyond float32's exact integers
                red = block.astype(np.float64)
                red -= p[cols]
            # Candidate pairs are priced exactly already: mask them out.
            lo, hi = np.searchsorted(ei, rows, "left"), np.searchsorted(ei, rows, "right")
            cnt = hi - lo
            idx = np.repeat(lo - np.cumsum(cnt) + cnt, cnt) + np.arange(cnt.sum())
            rr = np.repeat(np.arange(len(rows)), cnt)
            cc = np.minimum(np.searchsorted(cols, ej[idx]), len(cols) - 1)
            ok = cols[cc] == ej[idx]
            red[rr[ok], cc[ok]] = -np.inf
            # Pairs with both ends covered are in no maximum matching.
            rc, cm = np.nonzero(cover_a[rows])[0], np.nonzero(cover_m[cols])[0]
            if len(rc) and len(cm):
                red[np.ix_(rc, cm)] = -np.inf
            shift = row_slack[rows] + row_big[rows] + margin
            best = red.max(axis=1).astype(np.float64) + shift
            rest = best.copy()  # bound on the pairs that stay outside
            u_old = u[rows]
            viol = best > u_old + 1e-6
            ni = nj = np.zeros(0, dtype=np.int64)
            if viol.any() and refine:
                vr = np.nonzero(viol)[0]
                sub = red[vr]
                # Pairs with a positive reduced cost: one comparison, then at most per_row
                # a row (the best, ties to the lower column) by one sort of those pairs only.
                cut = (u_old[vr] + 1e-6 - shift[vr]).astype(sub.dtype)
                hr, hc = np.nonzero(sub > cut[:, None])
                hv = sub[hr, hc].astype(np.float64)
                order = np.lexsort((hc, -hv, hr))
                hr, hc, hv = hr[order], hc[order], hv[order]
                rank = np.arange(len(hr)) - np.searchsorted(hr, hr, "left")
                take = rank < per_row
                ni, nj = rows[vr[hr[take]]], cols[hc[take]]
                # What stays outside scores at most the cut, or the best pair not taken.
                rest[vr] = cut.astype(np.float64) + shift[vr]
                first_left = rank == per_row
                lr = vr[hr[first_left]]
                rest[lr] = np.maximum(rest[lr], hv[first_left] + shift[lr])
            # (rows, best reduced cost, bound on the pairs left outside, pairs to add)
            return rows, best, rest, ni, nj

        if len(check):
            ep = len(refs)
            refs.append(q.copy())
            for rows, row_best, rest, ni, nj in feat.map_blocks(available, check, reduced):
                u[rows] = np.maximum(u[rows], row_best)
                thr[rows] = rest
                epoch[rows] = ep
                if len(ni):
                    new_i.append(ni)
                    new_j.append(nj)
        upper = float(np.dot(caps, p) + np.maximum(u, 0).sum())
        achieved_free = max(float(w[sel].sum()), 1.0)
        small = (upper - lb) / achieved_free <= gap_tolerance
        if new_i and refine and upper - lb > 0.5 and not small:
            ni, nj = np.concatenate(new_i), np.concatenate(new_j)
            rounds += 1
            added += len(ni)
            # Score only the new pairs (never candidates: those were masked) and merge.
            npoints = feat.edge_points(ni, nj)
            order = np.argsort(np.concatenate([ei * mm + ej, ni * mm + nj]), kind="stable")
            edges = CandidateEdges.from_points(
                np.concatenate([ei, ni])[order],
                np.concatenate([ej, nj])[order],
                {c: np.concatenate([edges.points[c], npoints[c]])[order] for c in edges.points},
            )
            sel = max_cardinality_max_weight(n, remaining, edges.actor, edges.mentor, edges.score)
            continue
        return Certified(Solution(edges, sel), LpBound(upper, big, rounds, added))


def row_max_bound(
    prep: Prepared,
    solution: Solution,
    kth_scan_score: NDArray[np.float64],
    has_feasible_mentor: NDArray[np.bool_],
    *,
    locked_total: int,
    proven: bool,
) -> Bound:
    """Upper bound = sum over free actors of their best score over ALL feasible mentors.

    Free from the scoring pass: an actor's pairs outside its top k scan at most its k-th best
    scan value, so they score at most ``floor(kth + slack)`` exactly; its shortlisted pairs
    have exact scores. Sound but weaker than the LP-dual bound (popular mentors are counted
    once per actor, capacities are ignored).
    """
    feat = prep.features
    free_rows, kth, has_pair = prep.free_rows, kth_scan_score, has_feasible_mentor
    ei, w, sel = solution.edges.actor, solution.edges.score, solution.chosen
    n = feat.n_actors
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
    places = int((prep.remaining * prep.available).sum())
    certified = proven or matched_free >= min(int(has_pair[free_rows].sum()), places) or None
    gap = round(max(0.0, upper - achieved) / max(achieved, 1), 9)
    return Bound(round(upper, 6), achieved, gap, certified, 0, 0, method="row_max")

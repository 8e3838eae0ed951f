"""The repair: no actor left unmatched while a feasible mentor has (or could free) a place.

The shortlist can miss the only free mentors an actor could take. Whether a pair is allowed
depends only on a few properties of each side (language set, degree level, employer against
the actor's conflict of interest, exclusions), so actors with the same hard-rule profile form
one class and so do mentors. A max-flow over these classes (source -> actor class -> mentor
class -> sink) is a max-flow over ALL feasible pairs, on a graph of a few thousand nodes: it
gives the largest number of actors any matching can place, a matching that places them, and
a minimum vertex cover (Koenig) that the certificate uses. When the shortlist solve placed
fewer, that matching's pairs and the unmatched actors' best pairs join the candidate graph
and the mode's objective is solved again: it cannot place fewer than the max-flow, so the
result is maximal by construction, at every size and every ``k``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from ortools.graph.python import max_flow
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import breadth_first_order

from .edges import CandidateEdges, Solution
from .flow import solve_mode
from .scoring import Features

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from .prepare import Prepared
    from .types import Mode

# Actor classes x mentor classes compared at once when building the class graph.
_CLASS_CELLS = 4 * 10**6


@dataclass(frozen=True)
class AllPairsMax:
    """The maximum matching over all feasible pairs (free actors, available mentors)."""

    size: int
    actor: NDArray[np.int64]  # a matching of that size: actor[e] takes mentor[e]
    mentor: NDArray[np.int64]
    # Koenig cover: every feasible pair has a covered end, and (counting mentors by their
    # places) the cover has ``size`` members, so every maximum matching matches each covered
    # actor, fills each covered mentor and uses only pairs with exactly one covered end.
    cover_actor: NDArray[np.bool_]
    cover_mentor: NDArray[np.bool_]


@dataclass(frozen=True)
class Repaired:
    solution: Solution
    placed: int  # actors matched beyond the shortlist solve
    certified: bool | None  # True: no matching over all pairs places more actors


def evident_max(
    prep: Prepared, solution: Solution, has_feasible_mentor: NDArray[np.bool_]
) -> AllPairsMax | None:
    """The maximum without a max-flow when the solution places every free actor who has a
    feasible mentor (cover: those actors) or fills every place (cover: those mentors)."""
    edges, sel = solution.edges, solution.chosen
    placeable = prep.free & has_feasible_mentor
    places = int(prep.remaining[prep.available].sum())
    none = np.zeros(prep.n_mentors, dtype=bool)
    if solution.matched == int(placeable.sum()):
        return AllPairsMax(solution.matched, edges.actor[sel], edges.mentor[sel], placeable, none)
    if solution.matched == places:
        no_actor = np.zeros(prep.n_actors, dtype=bool)
        cover_m = prep.available.copy()
        return AllPairsMax(solution.matched, edges.actor[sel], edges.mentor[sel], no_actor, cover_m)
    return None


def all_pairs_max(prep: Prepared) -> AllPairsMax:
    """Max-flow over actor and mentor classes of identical hard-rule profiles (exact)."""
    rules = prep.features.rules
    n, m = prep.n_actors, prep.n_mentors
    rows = prep.free_rows
    cols = np.nonzero(prep.available)[0]
    cover_a = np.zeros(n, dtype=bool)
    cover_m = np.zeros(m, dtype=bool)
    empty = np.zeros(0, dtype=np.int64)
    if len(rows) == 0 or len(cols) == 0:
        return AllPairsMax(0, empty, empty, cover_a, cover_m)
    # Exclusions between free actors and available mentors make both ends their own class.
    ex_a, ex_m = rules.excluded_actor, rules.excluded_mentor
    ex_keep = prep.free[ex_a] & prep.available[ex_m] if len(ex_a) else np.zeros(0, dtype=bool)
    ex_a, ex_m = ex_a[ex_keep], ex_m[ex_keep]
    single_a = np.zeros(n, dtype=bool)
    single_a[ex_a] = True
    single_m = np.zeros(m, dtype=bool)
    single_m[ex_m] = True
    conflicts = np.unique(rules.actor_conflict[rows])
    employer = rules.mentor_employer[cols]
    # A mentor's employer matters only when some free actor declared it as a conflict.
    emp_key = np.where(np.isin(employer, conflicts[conflicts >= 0]), employer, -1)
    mkey = np.column_stack(
        [
            rules.mentor_languages[cols].view(np.int64),  # uint64 would turn the key into floats
            rules.mentor_levels[cols],
            emp_key,
            np.where(single_m[cols], cols, -1),
        ]
    )
    _, m_first, m_cls = np.unique(mkey, axis=0, return_index=True, return_inverse=True)
    m_cls = np.asarray(m_cls).ravel()
    akey = np.column_stack(
        [
            rules.actor_languages[rows].view(np.int64),
            rules.actor_level[rows],
            rules.actor_conflict[rows],
            np.where(single_a[rows], rows, -1),
        ]
    )
    _, a_first, a_cls = np.unique(akey, axis=0, return_index=True, return_inverse=True)
    a_cls = np.asarray(a_cls).ravel()
    n_ac, n_mc = len(a_first), len(m_first)
    a_rep, m_rep = rows[a_first], cols[m_first]
    a_size = np.bincount(a_cls, minlength=n_ac)
    m_places = np.bincount(m_cls, weights=prep.remaining[cols], minlength=n_mc).astype(np.int64)

    # Class graph: which actor class may take which mentor class (the rules of one member).
    pa: list[NDArray[np.int64]] = []
    pc: list[NDArray[np.int64]] = []
    step = max(1, _CLASS_CELLS // max(n_mc, 1))
    m_lang, m_lev = rules.mentor_languages[m_rep], rules.mentor_levels[m_rep]
    m_emp = rules.mentor_employer[m_rep]
    for s in range(0, n_ac, step):
        r = a_rep[s : s + step]
        ok = (rules.actor_languages[r][:, None, :] & m_lang[None, :, :]).any(axis=2)
        ok &= ((m_lev[None, :] >> rules.actor_level[r][:, None]) & 1).astype(bool)
        conf = rules.actor_conflict[r][:, None]
        ok &= (conf < 0) | (conf != m_emp[None, :])
        ii, cc = np.nonzero(ok)
        pa.append(ii + s)
        pc.append(cc)
    arc_a, arc_c = np.concatenate(pa), np.concatenate(pc)
    if len(ex_a):  # drop the excluded (singleton actor class, singleton mentor class) arcs
        col_pos = np.searchsorted(cols, ex_m)
        row_pos = np.searchsorted(rows, ex_a)
        bad = a_cls[row_pos] * n_mc + m_cls[col_pos]
        arc_key = arc_a * n_mc + arc_c
        keep = ~np.isin(arc_key, bad)
        arc_a, arc_c = arc_a[keep], arc_c[keep]
    if len(arc_a) == 0:
        return AllPairsMax(0, empty, empty, cover_a, cover_m)

    # Nodes: 0 source, 1..n_ac actor classes, then mentor classes, then the sink.
    src, sink = 0, 1 + n_ac + n_mc
    n_arc = len(arc_a)
    tails = np.concatenate([np.zeros(n_ac, dtype=np.int64), 1 + arc_a, 1 + n_ac + np.arange(n_mc)])
    heads = np.concatenate([1 + np.arange(n_ac), 1 + n_ac + arc_c, np.full(n_mc, sink)])
    caps = np.concatenate([a_size, np.minimum(a_size[arc_a], m_places[arc_c]), m_places])
    mf = max_flow.SimpleMaxFlow()
    mf.add_arcs_with_capacity(tails, heads, caps)
    if mf.solve(src, sink) != mf.OPTIMAL:
        raise RuntimeError("max flow failed")
    flows = np.asarray(mf.flows(np.arange(len(tails), dtype=np.int64)), dtype=np.int64)
    size = int(mf.optimal_flow())

    # Minimum cut: nodes reachable from the source in the residual graph.
    fwd, back = flows < caps, flows > 0
    res = coo_matrix(
        (
            np.ones(int(fwd.sum() + back.sum()), dtype=np.int8),
            (np.concatenate([tails[fwd], heads[back]]), np.concatenate([heads[fwd], tails[back]])),
        ),
        shape=(sink + 1, sink + 1),
    ).tocsr()
    reach = np.zeros(sink + 1, dtype=bool)
    reach[breadth_first_order(res, src, directed=True, return_predecessors=False)] = True
    a_cover_cls = ~reach[1 : 1 + n_ac]  # source -> class arc cut
    m_cover_cls = reach[1 + n_ac : 1 + n_ac + n_mc]  # class -> sink arc cut
    cover_a[rows] = a_cover_cls[a_cls]
    cover_m[cols] = m_cover_cls[m_cls]

    # Turn class flows into actor-mentor pairs: each arc takes the next members of its
    # actor class and the next places of its mentor class.
    f = flows[n_ac : n_ac + n_arc]
    used = f > 0
    fa, fc, f = arc_a[used], arc_c[used], f[used]
    a_members = rows[np.argsort(a_cls, kind="stable")]
    a_start = np.concatenate([[0], np.cumsum(a_size)[:-1]])
    slot_mentor = np.repeat(cols, prep.remaining[cols])
    slot_cls = np.repeat(m_cls, prep.remaining[cols])
    slots = slot_mentor[np.argsort(slot_cls, kind="stable")]
    m_start = np.concatenate([[0], np.cumsum(m_places)[:-1]])
    pair_actor = a_members[_take(fa, f, a_start)]
    pair_mentor = slots[_take(fc, f, m_start)]
    return AllPairsMax(size, pair_actor, pair_mentor, cover_a, cover_m)


def _take(
    cls: NDArray[np.int64], count: NDArray[np.int64], start: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Positions: for each arc (in order) the next ``count`` members of its class ``cls``."""
    order = np.argsort(cls, kind="stable")
    c, k = cls[order], count[order]
    before = np.cumsum(k) - k
    offset = np.empty_like(count)
    offset[order] = start[c] + before - before[np.searchsorted(c, c, "left")]
    total = int(count.sum())
    first = np.cumsum(count) - count
    return np.asarray(np.repeat(offset - first, count) + np.arange(total), dtype=np.int64)


def repair(
    prep: Prepared,
    mode: Mode,
    solution: Solution,
    best: AllPairsMax,
    *,
    per_row: int,
) -> Repaired:
    """Grow the candidate graph until its optimum places ``best.size`` actors; re-solve.

    Added: the max-flow matching's pairs (so the graph holds a matching of that size) and
    each unmatched actor's ``per_row`` best feasible pairs (so it gets a good place, not just
    any place). The mode's objective is solved again on the grown graph.
    """
    if solution.matched >= best.size:
        return Repaired(solution, 0, True)
    feat = prep.features
    n, m = prep.n_actors, prep.n_mentors
    edges, sel = solution.edges, solution.chosen
    matched = np.zeros(n, dtype=bool)
    matched[edges.actor[sel]] = True
    roots = np.nonzero(prep.free & ~matched)[0]
    add_i: list[NDArray[np.int64]] = [best.actor]
    add_j: list[NDArray[np.int64]] = [best.mentor]

    def top(
        rows: NDArray[np.int64], cols: NDArray[np.int64], block: NDArray[np.float32]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        kk = min(per_row, block.shape[1])
        idx = np.argpartition(-block, kk - 1, axis=1)[:, :kk]
        ok = np.isfinite(np.take_along_axis(block, idx, axis=1))
        return np.broadcast_to(rows[:, None], idx.shape)[ok], cols[idx[ok]]

    if len(roots):
        for ri, rj in feat.map_blocks(prep.available, roots, top):
            add_i.append(ri)
            add_j.append(rj)
    grown = merge_pairs(feat, edges, np.concatenate(add_i), np.concatenate(add_j), m)
    chosen = solve_mode(
        mode,
        grown,
        n_actors=n,
        capacity=prep.remaining,
        rank=feat.preference_ranks(grown.actor, grown.mentor),
    )
    if int(chosen.sum()) < best.size:  # cannot happen: the graph holds the max-flow matching
        raise RuntimeError("repair re-solve placed fewer actors than the max-flow")
    return Repaired(Solution(grown, chosen), int(chosen.sum()) - solution.matched, True)


def merge_pairs(
    feat: Features,
    edges: CandidateEdges,
    ni: NDArray[np.int64],
    nj: NDArray[np.int64],
    n_mentors: int,
) -> CandidateEdges:
    """``edges`` plus the pairs ``(ni, nj)`` not in it yet (scored), sorted by (actor, mentor)."""
    mm = max(n_mentors, 1)
    old = edges.actor * mm + edges.mentor
    new = np.unique(ni * mm + nj)
    new = new[~np.isin(new, old)]
    if len(new) == 0:
        return edges
    points = feat.edge_points(new // mm, new % mm)
    key = np.concatenate([old, new])
    order = np.argsort(key, kind="stable")
    return CandidateEdges.from_points(
        key[order] // mm,
        key[order] % mm,
        {c: np.concatenate([edges.points[c], points[c]])[order] for c in edges.points},
    )

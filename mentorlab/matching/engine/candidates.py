"""The shortlist: each free actor's best k mentors, each mentor's best k actors, ranked choices.

One blocked pass over every feasible pair (on worker threads) selects the top k of each row
and column without sorting whole rows (see :func:`_scan_block`); the result does not depend on
the thread count or timing.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .edges import CandidateEdges
from .scoring import Features

if TYPE_CHECKING:
    from numpy.typing import NDArray

# A finite floor for thresholds, so that -inf (a broken hard rule) is never selected.
_FLOOR = np.float32(-3e38)
# Columns sampled per block for each row's first threshold.
_SAMPLE = 1024


@dataclass(frozen=True)
class Shortlist:
    """The candidate graph and what the scan learnt about the pairs outside it."""

    edges: CandidateEdges
    # Per actor: its k-th best scan score (-inf when all its feasible mentors are
    # shortlisted); a pair outside the shortlist scans at most this (bounds use it).
    kth_scan_score: NDArray[np.float64]
    has_feasible_mentor: NDArray[np.bool_]  # per actor: some available mentor passes the rules


def shortlist(
    features: Features, available: NDArray[np.bool_], free: NDArray[np.bool_], k: int
) -> Shortlist:
    """Each free actor's best k mentors, each mentor's best k actors, and ranked choices.

    One pass over every feasible pair (blocked, on worker threads). Ties are broken by the
    lower index, so the shortlist is deterministic. The edges are sorted by (actor, mentor)
    and scored exactly.
    """
    n, m = features.n_actors, features.n_mentors
    free_rows = np.nonzero(free)[0]
    kth = np.full(n, -np.inf)
    has_pair = np.zeros(n, dtype=bool)
    actor_parts: list[NDArray[np.int64]] = []
    mentor_parts: list[NDArray[np.int64]] = []
    m_thr = np.full(m, -np.inf, dtype=np.float32)  # a lower bound of each mentor's k-th best
    # Mentor side: each worker thread keeps its own top k per mentor (no lock, merged in
    # parallel) and raises the shared thresholds; the states are merged once at the end.
    local = threading.local()
    states: list[MentorTopK] = []
    states_lock = threading.Lock()
    batch = max(m * k // 4, 1 << 15)

    def scan(
        rows: NDArray[np.int64], cols: NDArray[np.int64], block: NDArray[np.float32]
    ) -> BlockScan:
        out = _scan_block(rows, cols, block, k, m_thr)
        if len(out.mentor_hit_actor):
            state = getattr(local, "state", None)
            if state is None:
                state = local.state = MentorTopK(m, k)
                with states_lock:
                    states.append(state)
            state.add(out.mentor_hit_actor, out.mentor_hit_mentor, out.mentor_hit_value)
            if state.pending >= batch:
                state.merge(m_thr)
        return out

    for out in features.map_blocks(available, free_rows, scan):
        actor_parts.append(out.actor)
        mentor_parts.append(out.mentor)
        kth[out.rows] = out.kth_score
        has_pair[out.rows] = out.has_pair
    final = MentorTopK(m, k)
    for state in states:  # the union of the threads' top k holds every mentor's top k
        state.merge(m_thr)
        okm = np.isfinite(state.val) & (state.idx >= 0)
        final.add(
            state.idx[okm], np.broadcast_to(np.arange(m)[:, None], (m, k))[okm], state.val[okm]
        )
    if final.pending:
        final.merge(m_thr)
    okm = np.isfinite(final.val) & (final.idx >= 0)
    actor_parts.append(final.idx[okm])
    mentor_parts.append(np.broadcast_to(np.arange(m)[:, None], (m, k))[okm])
    pref_i, pref_j = features.pref_actor, features.pref_mentor
    if len(pref_i):  # ranked choices that pass every hard rule
        pok = free[pref_i] & available[pref_j] & features.rules.pairs_ok(pref_i, pref_j)
        actor_parts.append(pref_i[pok])
        mentor_parts.append(pref_j[pok])
    mm = max(m, 1)
    keys = sorted_unique(
        np.concatenate(
            [np.zeros(0, dtype=np.int64)]
            + [a * mm + b for a, b in zip(actor_parts, mentor_parts, strict=True)]
        )
    )
    edges = CandidateEdges.scored(features, keys // mm, keys % mm)
    return Shortlist(edges, kth, has_pair)


class MentorTopK:
    """Each mentor's best k (value, actor) seen so far; ties: the lower actor index first."""

    def __init__(self, m: int, k: int) -> None:
        self.k = k
        self.val = np.full((m, k), -np.inf, dtype=np.float32)
        self.idx = np.full((m, k), -1, dtype=np.int64)
        self.parts: list[tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float32]]] = []
        self.pending = 0

    def add(self, h_i: NDArray[np.int64], h_j: NDArray[np.int64], h_v: NDArray[np.float32]) -> None:
        """Queue hits (actor ``h_i[x]`` scores ``h_v[x]`` with mentor ``h_j[x]``)."""
        self.parts.append((h_i, h_j, h_v))
        self.pending += len(h_i)

    def merge(self, thr: NDArray[np.float32]) -> None:
        """Fold the pending hits in; raise ``thr`` (shared) to the new k-th best values."""
        if not self.parts:
            return
        k = self.k
        h_i = np.concatenate([x[0] for x in self.parts])
        h_j = np.concatenate([x[1] for x in self.parts])
        h_v = np.concatenate([x[2] for x in self.parts])
        self.parts, self.pending = [], 0
        # Touched mentors and each hit's position among them (a bincount, no sort).
        touched = np.bincount(h_j, minlength=len(self.val)) > 0
        uc = np.nonzero(touched)[0]
        new_pos = (np.cumsum(touched) - 1)[h_j]
        old = self.idx[uc].ravel() >= 0
        all_pos = np.concatenate([np.repeat(np.arange(len(uc)), k)[old], new_pos.ravel()])
        all_v = np.concatenate([self.val[uc].ravel()[old], h_v])
        all_i = np.concatenate([self.idx[uc].ravel()[old], h_i])
        order = group_order(all_pos, all_v, all_i)
        spos = all_pos[order]
        rank = np.arange(len(order)) - np.searchsorted(spos, spos)
        keep = rank < k  # a mentor's entries only grow: every filled slot is rewritten
        self.val[uc[spos[keep]], rank[keep]] = all_v[order][keep]
        self.idx[uc[spos[keep]], rank[keep]] = all_i[order][keep]
        # Any thread's k-th best is a lower bound of the global one, so a racing write can
        # only leave a lower (still valid, less selective) threshold.
        thr[uc] = np.maximum(thr[uc], self.val[uc, k - 1])


def group_order(
    group: NDArray[np.int64], v: NDArray[np.float32], tie: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Order by group ascending, then value descending, then ``tie`` ascending (< 2**31).

    Same result as ``np.lexsort((tie, -v, group))`` when the (group, tie) pairs are unique
    (they are: actor-mentor pairs), about 3x faster: one sort of an int64 key (value bits,
    tie) and a stable (radix, for small groups) sort by group.
    """
    v = v.astype(np.float32) + np.float32(0.0)  # -0.0 -> +0.0: equal values, equal bits
    bits = v.view(np.int32).astype(np.int64)
    ordered = np.where(bits >= 0, bits, bits ^ 0x7FFFFFFF)  # monotone in v, in [-2**31, 2**31)
    key = ((np.int64(2**31 - 1) - ordered) << 31) | tie  # < 2**63: v descending, tie ascending
    o1 = np.argsort(key)
    g = group[o1]
    if len(g) and int(g.max()) < 1 << 16:
        g = g.astype(np.uint16)
    return o1[np.argsort(g, kind="stable")]


def sorted_unique(keys: NDArray[np.int64]) -> NDArray[np.int64]:
    """``np.unique`` for int64 keys by one in-place sort (NumPy 2's hash path is slower)."""
    keys = np.sort(keys)
    if len(keys) > 1:
        keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]
    return keys


@dataclass(frozen=True)
class BlockScan:
    """What one block of the scan keeps."""

    rows: NDArray[np.int64]  # the block's actors
    actor: NDArray[np.int64]  # the block's actor-side top-k pairs ...
    mentor: NDArray[np.int64]  # ... (actor, mentor)
    kth_score: NDArray[np.float64]  # per row: its k-th best value (-inf: fewer than k kept)
    has_pair: NDArray[np.bool_]  # per row: some feasible pair in the block
    mentor_hit_actor: NDArray[np.int64]  # pairs that may enter a mentor's top k ...
    mentor_hit_mentor: NDArray[np.int64]
    mentor_hit_value: NDArray[np.float32]  # ... and their scan values


def _scan_block(
    rows: NDArray[np.int64],
    cols: NDArray[np.int64],
    block: NDArray[np.float32],
    k: int,
    m_thr: NDArray[np.float32],
) -> BlockScan:
    """Top-k selection for one block without sorting or partitioning whole rows.

    The k-th best value among a sample of columns is a lower bound of a row's k-th best, so
    one comparison keeps a few hundred entries per row, which are then ranked exactly.
    Likewise for mentors: the running k-th best of each mentor (read without a lock: it only
    grows, and a stale value only lets more entries through), raised by the block's own k-th
    best per column where a mentor is new. Entries equal to a threshold are kept, so ties are
    decided exactly (by index) whatever the thread timing.
    """
    nr, nc = block.shape
    s = min(nc, _SAMPLE)
    if s > k:
        t_row = np.partition(block[:, :s], s - k, axis=1)[:, s - k]
    else:
        t_row = block[:, :s].min(axis=1)
    t_row = np.maximum(t_row, _FLOOR)
    t_col = m_thr[cols]
    if nr > k and np.isneginf(t_col).mean() > 0.25:
        t_col = np.maximum(t_col, np.partition(block, nr - k, axis=0)[nr - k])
    t_col = np.maximum(t_col, _FLOOR)
    mask = block >= t_row[:, None]
    mask |= block >= t_col[None, :]
    idx = np.flatnonzero(mask)
    r = idx // nc
    c = idx - r * nc
    v = block.ravel()[idx]
    # Actor side: exact top k of each row among the kept entries (ties: lower column).
    a = v >= t_row[r]
    ar, ac, av = r[a], c[a], v[a]
    order = group_order(ar, av, ac)
    ar, ac, av = ar[order], ac[order], av[order]
    rank = np.arange(len(ar)) - np.searchsorted(ar, ar)
    keep = rank < k
    kth = np.full(nr, -np.inf)
    at_k = rank == k - 1
    kth[ar[at_k]] = av[at_k]
    counts = np.bincount(ar, minlength=nr)
    # Fewer than k entries kept means the row has fewer than k feasible mentors: all kept.
    kth[counts < k] = -np.inf
    has = counts > 0
    mh = v >= t_col[c]
    mr, mc, mv = r[mh], c[mh], v[mh]
    if (np.bincount(mc, minlength=nc) > k).any():  # keep each column's top k in the block
        order = group_order(mc, mv, mr)
        mr, mc, mv = mr[order], mc[order], mv[order]
        keep_m = np.arange(len(mc)) - np.searchsorted(mc, mc) < k
        mr, mc, mv = mr[keep_m], mc[keep_m], mv[keep_m]
    return BlockScan(rows, rows[ar[keep]], cols[ac[keep]], kth, has, rows[mr], cols[mc], mv)

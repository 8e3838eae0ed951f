"""Vectorised pair scoring (no Django).

Every criterion is a feature ``f`` in ``[0, 1]``; a pair earns ``round(100 * weight * f)``
points for it, so with the default weights a score is an integer between 0 and 900 and the
breakdown (criterion -> points) always adds up to the score.

Criteria (``f`` for actor *a*, mentor *m*):

* ``topics``     share of the actor's topics that the mentor lists as expertise;
* ``industry``   1 if the mentor's industry is one the actor is interested in;
* ``text``       cosine similarity of the actor's goals and the mentor's offer (TF-IDF by
                 default; the backend is pluggable, see :class:`.text.TextBackend`);
* ``location``   1 if both are in the same city, or both are fine with remote meetings;
* ``preference`` 1, 2/3, 1/3 for the actor's 1st, 2nd, 3rd ranked mentor;
* ``diversity``  1 if the mentor's degree field differs from the actor's (default weight 0).

All but ``text`` and ``preference`` are bilinear in one-hot encodings, so one dense matrix
product ``Xa @ Xm.T`` computes them for a whole block of pairs at once; TF-IDF is a sparse
product. Nothing loops over actor x mentor pairs in Python.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import scipy.sparse as sp

from .encoding import code, multihot, norm, norm_set, onehot, vocab
from .rules import HardRules
from .text import TextBackend, TfidfBackend, dense_text
from .types import CRITERIA, POINTS_PER_WEIGHT, Actor, Mentor, Weights

if TYPE_CHECKING:
    from numpy.typing import NDArray

T = TypeVar("T")

# Work on at most this many actor x mentor cells at once (float32: 4 bytes each).
BLOCK_CELLS = 1 << 20


class Features:
    """Encoded actors and mentors (both sorted by id) for fast scoring, and their hard rules.

    ``available`` marks mentors that can take new actors (remaining capacity > 0); only they
    appear in blocks. Pairs failing a hard rule never appear in a block or get ``-inf``.
    """

    def __init__(
        self,
        actors: Sequence[Actor],
        mentors: Sequence[Mentor],
        weights: Weights,
        exclusions: Sequence[tuple[int, int]] = (),
        text_backend: TextBackend | None = None,
    ) -> None:
        self.n_actors, self.n_mentors = len(actors), len(mentors)
        self.weights = weights
        w = weights
        self.rules = HardRules(actors, mentors, exclusions)

        # --- dense bilinear features: score = Xa @ Xm.T (+ text) ---------------------------
        blocks_a: list[NDArray[np.float32]] = []
        blocks_m: list[NDArray[np.float32]] = []
        # Criterion -> its columns in actor_vectors / mentor_vectors.
        self.criterion_columns: dict[str, slice] = {}

        def add(name: str, xa: NDArray[np.float32], xm: NDArray[np.float32]) -> None:
            start = sum(b.shape[1] for b in blocks_a)
            blocks_a.append(xa)
            blocks_m.append(xm)
            self.criterion_columns[name] = slice(start, start + xa.shape[1])

        pts = float(POINTS_PER_WEIGHT)
        a_topics = [norm_set(a.topics) for a in actors]
        m_topics = [norm_set(m.topics) for m in mentors]
        topic_codes = vocab(m_topics, vocab(a_topics, {}))
        if w.topics > 0:
            ta = multihot(a_topics, topic_codes)
            counts = np.maximum(ta.sum(axis=1, keepdims=True), 1.0)
            add("topics", ta * (w.topics * pts) / counts, multihot(m_topics, topic_codes))
        if w.industry > 0:
            a_ind = [norm_set(a.industries) for a in actors]
            ind_codes = vocab(a_ind, {})
            m_ind = np.array([ind_codes.get(norm(m.industry), -1) for m in mentors], dtype=np.int64)
            add(
                "industry",
                multihot(a_ind, ind_codes) * (w.industry * pts),
                onehot(m_ind, max(len(ind_codes), 1)),
            )
        if w.location > 0:
            city_codes: dict[str, int] = {}
            a_city = np.array(
                [code(norm(a.city), city_codes, True) for a in actors], dtype=np.int64
            )
            m_city = np.array(
                [code(norm(m.city), city_codes, True) for m in mentors], dtype=np.int64
            )
            nc = max(len(city_codes), 1)
            a_r = np.array([a.remote_ok for a in actors], dtype=np.float32)[:, None]
            m_r = np.array([m.remote_ok for m in mentors], dtype=np.float32)[:, None]
            oa, om = onehot(a_city, nc), onehot(m_city, nc)
            # Non-remote actor: same city. Remote actor: remote mentor, else same city.
            xa = (np.hstack([oa * (1 - a_r), oa * a_r, a_r]) * (w.location * pts)).astype(
                np.float32
            )
            xm = np.hstack([om, om * (1 - m_r), m_r]).astype(np.float32)
            add("location", xa, xm)
        if w.diversity > 0:
            field_codes: dict[str, int] = {}
            a_f = np.array([code(norm(a.field), field_codes, True) for a in actors], dtype=np.int64)
            m_f = np.array(
                [code(norm(m.field), field_codes, True) for m in mentors], dtype=np.int64
            )
            nf = max(len(field_codes), 1)
            xa = np.hstack([(a_f >= 0).astype(np.float32)[:, None], -onehot(a_f, nf)])
            xm = np.hstack([(m_f >= 0).astype(np.float32)[:, None], onehot(m_f, nf)])
            add("diversity", (xa * (w.diversity * pts)).astype(np.float32), xm)
        if blocks_a:
            self.actor_vectors = np.ascontiguousarray(np.hstack(blocks_a), dtype=np.float32)
            self.mentor_vectors = np.ascontiguousarray(np.hstack(blocks_m), dtype=np.float32)
        else:
            self.actor_vectors = np.zeros((self.n_actors, 1), dtype=np.float32)
            self.mentor_vectors = np.zeros((self.n_mentors, 1), dtype=np.float32)

        # Text: exact vectors (sparse CSR or dense rows) for the points of explicit pairs, and a
        # dense form folded into the scan's matrix product (see text.dense_text).
        self.text_actor: Any = None
        self.text_mentor: Any = None
        self.text_method = "none"
        # Per actor: how much more than its scan value (+ slack()) a pair can score exactly.
        self.row_slack = np.zeros(self.n_actors)
        signed_a: NDArray[np.float32] | None = None
        signed_m: NDArray[np.float32] | None = None
        scan_a, scan_m = [self.actor_vectors], [self.mentor_vectors]
        if w.text > 0:
            backend = text_backend or TfidfBackend()
            ta_, tm_ = backend.encode(
                [a.goals_text for a in actors], [m.offer_text for m in mentors]
            )
            self.text_actor, self.text_mentor = ta_, tm_
            wt = np.float32(w.text * POINTS_PER_WEIGHT)
            dense = dense_text(ta_, tm_, self.n_actors, self.n_mentors)
            self.text_method = dense.method
            self.row_slack = wt * dense.actor_error * float(dense.mentor_error.max(initial=0.0))
            if dense.actor.shape[1]:
                if dense.nonneg:  # cosines are in [0, 1]: fold into the one product
                    scan_a.append(dense.actor * wt)
                    scan_m.append(dense.mentor)
                else:  # signed vectors: the scan clips the cosine at 0 like the points do
                    signed_a, signed_m = np.ascontiguousarray(dense.actor * wt), dense.mentor
        # The scan's float score of a pair (preferences aside) is scan_actor[i] @ scan_mentor[j]
        # (+ max(0, signed_text_actor[i] @ signed_text_mentor[j]) for signed text vectors).
        self.scan_actor = np.ascontiguousarray(np.hstack(scan_a), dtype=np.float32)
        self.scan_mentor = np.ascontiguousarray(np.hstack(scan_m), dtype=np.float32)
        self.signed_text_actor, self.signed_text_mentor = signed_a, signed_m

        # Preferences: rank r (0-based) of mentor pref_mentor[p] in actor pref_actor[p]'s list.
        pi: list[int] = []
        pj: list[int] = []
        pr: list[int] = []
        mentor_index: dict[str, int] = {m.id: j for j, m in enumerate(mentors)}
        for i, a in enumerate(actors):
            for r, mid in enumerate(a.preferences[:3]):
                j = mentor_index.get(mid)
                if j is not None:
                    pi.append(i)
                    pj.append(j)
                    pr.append(r)
        self.pref_actor = np.array(pi, dtype=np.int64)
        self.pref_mentor = np.array(pj, dtype=np.int64)
        self.pref_rank = np.array(pr, dtype=np.int64)
        self.active = [c for c in CRITERIA if getattr(w, c) > 0]

    # ------------------------------------------------------------------ blocks
    def block_tasks(
        self, available: NDArray[np.bool_], rows: NDArray[np.int64] | None = None
    ) -> Iterator[BlockTask]:
        """Blocks covering every feasible pair of ``rows`` (default: all), for :meth:`score_block`.

        Actors are grouped by (language set, degree level) so that each group scores only the
        mentors that share a language and take its level; one group's mentor matrix is shared
        by its blocks. Pairs broken by a conflict of interest or an exclusion score -inf.
        """
        if rows is None:
            rows = np.arange(self.n_actors, dtype=np.int64)
        if len(rows) == 0 or self.n_mentors == 0:
            return
        inverse = self.rules.language_level_groups(rows)
        n_groups = int(inverse.max()) + 1
        order = np.argsort(inverse, kind="stable")
        starts = np.searchsorted(inverse[order], np.arange(n_groups))
        ends = np.append(starts[1:], len(order))
        for g in range(n_groups):
            grows = rows[order[starts[g] : ends[g]]]
            cols = self.rules.group_mentors(int(grows[0]), available)
            if len(cols) == 0:
                continue
            column_of = np.full(self.n_mentors, -1, dtype=np.int64)
            column_of[cols] = np.arange(len(cols))
            group = MentorGroup(
                cols,
                column_of,
                self.scan_mentor[cols].T,  # a row copy, transposed view: BLAS reads it as is
                None if self.signed_text_mentor is None else self.signed_text_mentor[cols].T,
            )
            step = max(1, BLOCK_CELLS // len(cols))
            for s in range(0, len(grows), step):
                yield BlockTask(grows[s : s + step], cols, group)

    def map_blocks(
        self,
        available: NDArray[np.bool_],
        rows: NDArray[np.int64] | None,
        fn: Callable[[NDArray[np.int64], NDArray[np.int64], NDArray[np.float32]], T],
    ) -> Iterator[T]:
        """``fn(rows, cols, S)`` for every block, on worker threads; results in block order.

        NumPy and BLAS release the GIL, so the blocks run in parallel with one BLAS thread
        each (better than one block at a time with multi-threaded BLAS: the selection work
        after the product is single-threaded NumPy). The caller consumes results in order, so
        the outcome does not depend on the number of threads.
        """
        tasks = self.block_tasks(available, rows)

        def run(task: BlockTask) -> T:
            return fn(task.rows, task.cols, self.score_block(task))

        workers = scan_threads()
        from threadpoolctl import threadpool_limits

        # One BLAS thread per product, also without worker threads: a multi-threaded BLAS may
        # split a product's sums differently, and the float32 scan values (so near-ties in
        # the shortlist) would then depend on the thread count.
        if workers <= 1:
            with threadpool_limits(limits=1, user_api="blas"):
                for task in tasks:
                    yield run(task)
            return
        with (
            threadpool_limits(limits=1, user_api="blas"),
            ThreadPoolExecutor(max_workers=workers) as pool,
        ):
            pending: deque[Future[T]] = deque()
            for task in tasks:
                pending.append(pool.submit(run, task))
                if len(pending) > 2 * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()

    def score_block(self, task: BlockTask) -> NDArray[np.float32]:
        """Float scores of one block (every bilinear criterion and the text in one product)."""
        block = self.scan_actor[task.rows] @ task.group.scan_t
        if self.signed_text_actor is not None and task.group.signed_text_t is not None:
            block += np.maximum(self.signed_text_actor[task.rows] @ task.group.signed_text_t, 0)
        self.rules.mask_personal(task.rows, task.group.column_of, block)
        return block

    # ------------------------------------------------------------------ exact points
    def preference_ranks(
        self, actor: NDArray[np.int64], mentor: NDArray[np.int64]
    ) -> NDArray[np.int64]:
        """Per pair: the 0-based rank of the mentor in the actor's choices, -1 if unranked."""
        rank = np.full(len(actor), -1, dtype=np.int64)
        if len(self.pref_actor) and len(actor):
            mm = max(self.n_mentors, 1)
            pkey = self.pref_actor * mm + self.pref_mentor
            order = np.argsort(pkey)
            key = actor * mm + mentor
            idx = np.minimum(np.searchsorted(pkey[order], key), len(pkey) - 1)
            hit = pkey[order][idx] == key
            rank[hit] = self.pref_rank[order][idx][hit]
        return rank

    def edge_points(
        self, actor: NDArray[np.int64], mentor: NDArray[np.int64]
    ) -> dict[str, NDArray[np.int64]]:
        """Integer points per active criterion for explicit pairs (vectorised, chunked)."""
        out = {c: np.zeros(len(actor), dtype=np.int64) for c in self.active}
        chunk = 1 << 17
        for s in range(0, len(actor), chunk):
            a, b = actor[s : s + chunk], mentor[s : s + chunk]
            for name, sl in self.criterion_columns.items():
                vals = np.einsum(
                    "ij,ij->i",
                    self.actor_vectors[a, sl],
                    self.mentor_vectors[b, sl],
                    dtype=np.float64,
                )
                out[name][s : s + chunk] = np.rint(vals + 1e-9).astype(np.int64)
            if self.text_actor is not None and self.text_mentor is not None:
                ta, tm = self.text_actor[a], self.text_mentor[b]
                if sp.issparse(ta):
                    cos = np.asarray(ta.multiply(tm).sum(axis=1), dtype=np.float64).ravel()
                else:
                    cos = np.einsum("ij,ij->i", ta, tm, dtype=np.float64)
                cos = np.clip(cos, 0.0, 1.0)
                pts = self.weights.text * POINTS_PER_WEIGHT
                out["text"][s : s + chunk] = np.rint(cos * pts + 1e-9).astype(np.int64)
        if "preference" in out and len(self.pref_actor):
            rank = self.preference_ranks(actor, mentor)
            val = (3 - rank) / 3 * self.weights.preference * POINTS_PER_WEIGHT
            out["preference"] = np.where(rank >= 0, np.rint(val + 1e-9), 0).astype(np.int64)
        return out

    def slack(self) -> float:
        """Upper bound on (integer score - float block score) for a non-preference pair."""
        return 0.5 * len([c for c in self.active if c != "preference"]) + 0.05


def total_points(points: dict[str, NDArray[np.int64]], size: int) -> NDArray[np.int64]:
    """The score of each pair: the sum of its points over the criteria."""
    total = np.zeros(size, dtype=np.int64)
    for v in points.values():
        total += v
    return total


@dataclass(frozen=True)
class MentorGroup:
    """The mentors one (language set, level) group of actors may take, shared by its blocks."""

    cols: NDArray[np.int64]
    column_of: NDArray[np.int64]  # mentor index -> column in the group, -1 if absent
    scan_t: NDArray[np.float32]  # scan vectors of the group's mentors, transposed
    signed_text_t: NDArray[np.float32] | None


@dataclass(frozen=True)
class BlockTask:
    rows: NDArray[np.int64]
    cols: NDArray[np.int64]
    group: MentorGroup


def scan_threads() -> int:
    """Worker threads for the all-pairs scan: the CPUs this process may use (at most 8).

    ``MENTORLAB_MATCHING_THREADS`` overrides it (1 = no threads).
    """
    env = os.environ.get("MENTORLAB_MATCHING_THREADS", "")
    if env.strip().isdigit():
        return max(1, int(env))
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(8, cpus))

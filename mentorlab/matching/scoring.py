"""Vectorised pair scoring for the matching engine (no Django).

Every criterion is a feature ``f`` in ``[0, 1]``; a pair earns ``round(100 * weight * f)``
points for it, so with the default weights a score is an integer between 0 and 900 and the
breakdown (criterion -> points) always adds up to the score.

Criteria (``f`` for actor *a*, mentor *m*):

* ``topics``     share of the actor's topics that the mentor lists as expertise;
* ``industry``   1 if the mentor's industry is one the actor is interested in;
* ``text``       cosine similarity of the actor's goals and the mentor's offer (TF-IDF by
                 default; the backend is pluggable, see :class:`TextBackend`);
* ``location``   1 if both are in the same city, or both are fine with remote meetings;
* ``preference`` 1, 2/3, 1/3 for the actor's 1st, 2nd, 3rd ranked mentor;
* ``diversity``  1 if the mentor's degree field differs from the actor's (default weight 0).

All but ``text`` and ``preference`` are bilinear in one-hot encodings, so one dense matrix
product ``Xa @ Xm.T`` computes them for a whole block of pairs at once; TF-IDF is a sparse
product. Nothing loops over actor x mentor pairs in Python.
"""

from __future__ import annotations

import functools
import math
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import numpy as np
import scipy.sparse as sp

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from mentorlab.matching.engine import Actor, Mentor

T = TypeVar("T")

POINTS_PER_WEIGHT = 100
CRITERIA = ("topics", "industry", "text", "location", "preference", "diversity")
LEVELS = ("masters", "doctoral")
# Work on at most this many actor x mentor cells at once (float32: 4 bytes each).
BLOCK_CELLS = 1 << 20
# Text similarity in the all-pairs scan (see _dense_text): exact up to this many shared terms
# (or this many multiply-adds in total), else a TEXT_LSA_DIM-dimensional LSA approximation.
TEXT_EXACT_DIM = 256
TEXT_EXACT_FLOPS = 2 * 10**10
TEXT_LSA_DIM = 128


@dataclass(frozen=True)
class Weights:
    """Criterion weights (>= 0). 0 switches a criterion off.

    ``group_cohesion`` is not a pair criterion: it rewards mentors' groups whose actors share
    topics and is applied by the engine's local-improvement pass (off by default, so that
    "best" mode returns the exact score optimum).
    """

    topics: float = 3.0
    industry: float = 1.0
    text: float = 2.0
    location: float = 1.0
    preference: float = 2.0
    diversity: float = 0.0
    group_cohesion: float = 0.0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
                raise ValueError(f"weight {f.name!r} must be a finite number >= 0")

    def as_dict(self) -> dict[str, float]:
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}


@functools.lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """Comparison key for free-form labels (topics, languages, cities, employers...)."""
    return " ".join(text.split()).casefold()


class TextBackend(Protocol):
    """Turns texts into L2-normalised row vectors; similarity is the dot product.

    Return sparse CSR matrices or dense float arrays (one row per text), the same kind for
    both sides. A sentence-embedding backend can implement this later as an optional extra.
    """

    def encode(
        self, actor_texts: Sequence[str], mentor_texts: Sequence[str]
    ) -> tuple[sp.csr_matrix | NDArray[np.float32], sp.csr_matrix | NDArray[np.float32]]: ...


class TfidfBackend:
    """TF-IDF (word 1-2 grams, sublinear tf) fitted on both sides' texts; fully offline.

    Each distinct text is tokenised once and its count row repeated, so cohorts with many
    equal texts are fast; the result is the same matrix ``TfidfVectorizer.fit_transform``
    gives on the whole corpus (same vocabulary, same document frequencies).
    """

    def encode(
        self, actor_texts: Sequence[str], mentor_texts: Sequence[str]
    ) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

        n_a = len(actor_texts)
        corpus = [*actor_texts, *mentor_texts]
        if not any(t.strip() for t in corpus):
            empty = sp.csr_matrix((len(corpus), 1), dtype=np.float32)
            return empty[:n_a], empty[n_a:]
        index: dict[str, int] = {}
        inverse = np.array([index.setdefault(t, len(index)) for t in corpus], dtype=np.int64)
        counter = CountVectorizer(ngram_range=(1, 2), dtype=np.float32)
        try:
            counts = counter.fit_transform(list(index)).tocsr()[inverse]
        except ValueError:  # only stop-word-like tokens
            empty = sp.csr_matrix((len(corpus), 1), dtype=np.float32)
            return empty[:n_a], empty[n_a:]
        mat = TfidfTransformer(sublinear_tf=True).fit_transform(counts).tocsr()
        mat = mat.astype(np.float32)
        return mat[:n_a], mat[n_a:]


def _onehot(codes: NDArray[np.int64], width: int) -> NDArray[np.float32]:
    out = np.zeros((len(codes), width), dtype=np.float32)
    ok = codes >= 0
    out[np.nonzero(ok)[0], codes[ok]] = 1.0
    return out


def _multihot(sets: Sequence[frozenset[str]], vocab: dict[str, int]) -> NDArray[np.float32]:
    out = np.zeros((len(sets), max(len(vocab), 1)), dtype=np.float32)
    rows = [i for i, s in enumerate(sets) for _ in s]
    cols = [vocab[t] for s in sets for t in s]
    out[rows, cols] = 1.0
    return out


class Features:
    """Encoded actors and mentors (both sorted by id) for fast scoring.

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
        self.n, self.m = len(actors), len(mentors)
        self.weights = weights
        w = weights

        # --- hard-rule encodings ---------------------------------------------------------
        lang_vocab = _vocab([frozenset(map(norm, a.languages)) for a in actors], {})
        lang_vocab = _vocab([frozenset(map(norm, m.languages)) for m in mentors], lang_vocab)
        words = max(1, math.ceil(len(lang_vocab) / 63))
        self.a_lang = _bitmask(
            [frozenset(map(norm, a.languages)) for a in actors], lang_vocab, words
        )
        self.m_lang = _bitmask(
            [frozenset(map(norm, m.languages)) for m in mentors], lang_vocab, words
        )
        self.a_level = np.array([LEVELS.index(a.degree_level) for a in actors], dtype=np.int64)
        self.m_levels = np.array(
            [sum(1 << LEVELS.index(lv) for lv in m.levels) for m in mentors], dtype=np.int64
        )
        emp_vocab: dict[str, int] = {}
        self.m_emp = np.array(
            [_code(norm(m.employer), emp_vocab, add=True) for m in mentors], dtype=np.int64
        )
        self.a_conflict = np.array(
            [_code(norm(a.conflict_employer), emp_vocab, add=False) for a in actors], dtype=np.int64
        )
        self.mentors_by_employer: dict[int, NDArray[np.int64]] = {}
        if self.m:
            order = np.argsort(self.m_emp, kind="stable")
            uniq, starts = np.unique(self.m_emp[order], return_index=True)
            for code, chunk in zip(uniq, np.split(order, starts[1:]), strict=True):
                if code >= 0:
                    self.mentors_by_employer[int(code)] = chunk
        ex = np.array(sorted(set(exclusions)), dtype=np.int64).reshape(-1, 2)
        self.ex_i, self.ex_j = ex[:, 0], ex[:, 1]

        # --- dense bilinear features: score = Xa @ Xm.T (+ text) ---------------------------
        blocks_a: list[NDArray[np.float32]] = []
        blocks_m: list[NDArray[np.float32]] = []
        self.slices: dict[str, slice] = {}

        def add(name: str, xa: NDArray[np.float32], xm: NDArray[np.float32]) -> None:
            start = sum(b.shape[1] for b in blocks_a)
            blocks_a.append(xa)
            blocks_m.append(xm)
            self.slices[name] = slice(start, start + xa.shape[1])

        pts = float(POINTS_PER_WEIGHT)
        a_topics = [frozenset(map(norm, a.topics)) for a in actors]
        m_topics = [frozenset(map(norm, m.topics)) for m in mentors]
        self.topic_vocab = _vocab(m_topics, _vocab(a_topics, {}))
        if w.topics > 0:
            ta = _multihot(a_topics, self.topic_vocab)
            counts = np.maximum(ta.sum(axis=1, keepdims=True), 1.0)
            add("topics", ta * (w.topics * pts) / counts, _multihot(m_topics, self.topic_vocab))
        if w.industry > 0:
            a_ind = [frozenset(map(norm, a.industries)) for a in actors]
            ind_vocab = _vocab(a_ind, {})
            m_ind = np.array([ind_vocab.get(norm(m.industry), -1) for m in mentors], dtype=np.int64)
            add(
                "industry",
                _multihot(a_ind, ind_vocab) * (w.industry * pts),
                _onehot(m_ind, max(len(ind_vocab), 1)),
            )
        if w.location > 0:
            city_vocab: dict[str, int] = {}
            a_city = np.array(
                [_code(norm(a.city), city_vocab, True) for a in actors], dtype=np.int64
            )
            m_city = np.array(
                [_code(norm(m.city), city_vocab, True) for m in mentors], dtype=np.int64
            )
            nc = max(len(city_vocab), 1)
            a_r = np.array([a.remote_ok for a in actors], dtype=np.float32)[:, None]
            m_r = np.array([m.remote_ok for m in mentors], dtype=np.float32)[:, None]
            oa, om = _onehot(a_city, nc), _onehot(m_city, nc)
            # Non-remote actor: same city. Remote actor: remote mentor, else same city.
            xa = (np.hstack([oa * (1 - a_r), oa * a_r, a_r]) * (w.location * pts)).astype(
                np.float32
            )
            xm = np.hstack([om, om * (1 - m_r), m_r]).astype(np.float32)
            add("location", xa, xm)
        if w.diversity > 0:
            field_vocab: dict[str, int] = {}
            a_f = np.array(
                [_code(norm(a.field), field_vocab, True) for a in actors], dtype=np.int64
            )
            m_f = np.array(
                [_code(norm(m.field), field_vocab, True) for m in mentors], dtype=np.int64
            )
            nf = max(len(field_vocab), 1)
            xa = np.hstack([(a_f >= 0).astype(np.float32)[:, None], -_onehot(a_f, nf)])
            xm = np.hstack([(m_f >= 0).astype(np.float32)[:, None], _onehot(m_f, nf)])
            add("diversity", (xa * (w.diversity * pts)).astype(np.float32), xm)
        if blocks_a:
            self.xa = np.ascontiguousarray(np.hstack(blocks_a), dtype=np.float32)
            self.xm = np.ascontiguousarray(np.hstack(blocks_m), dtype=np.float32)
        else:
            self.xa = np.zeros((self.n, 1), dtype=np.float32)
            self.xm = np.zeros((self.m, 1), dtype=np.float32)

        # Text: exact vectors (sparse CSR or dense rows) for the points of explicit pairs, and a
        # dense form folded into the scan's matrix product (see _dense_text).
        self.text_a: Any = None
        self.text_m: Any = None
        self.text_method = "none"
        # Per actor: how much more than its scan value (+ slack()) a pair can score exactly.
        self.row_slack = np.zeros(self.n)
        sep_a: NDArray[np.float32] | None = None
        sep_m: NDArray[np.float32] | None = None
        scan_a, scan_m = [self.xa], [self.xm]
        if w.text > 0:
            backend = text_backend or TfidfBackend()
            ta_, tm_ = backend.encode(
                [a.goals_text for a in actors], [m.offer_text for m in mentors]
            )
            self.text_a, self.text_m = ta_, tm_
            wt = np.float32(w.text * POINTS_PER_WEIGHT)
            dense = _dense_text(ta_, tm_, self.n, self.m)
            self.text_method = dense.method
            self.row_slack = wt * dense.err_a * float(dense.err_m.max(initial=0.0))
            if dense.a.shape[1]:
                if dense.nonneg:  # cosines are in [0, 1]: fold into the one product
                    scan_a.append(dense.a * wt)
                    scan_m.append(dense.m)
                else:  # signed vectors: the scan clips the cosine at 0 like the points do
                    sep_a, sep_m = np.ascontiguousarray(dense.a * wt), dense.m
        self.scan_a = np.ascontiguousarray(np.hstack(scan_a), dtype=np.float32)
        self.scan_m = np.ascontiguousarray(np.hstack(scan_m), dtype=np.float32)
        self.sep_a, self.sep_m = sep_a, sep_m

        # Preferences: rank r (0-based) of mentor j in actor i's list.
        pi: list[int] = []
        pj: list[int] = []
        pr: list[int] = []
        self._mentor_index: dict[str, int] = {m.id: j for j, m in enumerate(mentors)}
        for i, a in enumerate(actors):
            for r, mid in enumerate(a.preferences[:3]):
                j = self._mentor_index.get(mid)
                if j is not None:
                    pi.append(i)
                    pj.append(j)
                    pr.append(r)
        self.pref_i = np.array(pi, dtype=np.int64)
        self.pref_j = np.array(pj, dtype=np.int64)
        self.pref_rank = np.array(pr, dtype=np.int64)
        self.active = [c for c in CRITERIA if getattr(w, c) > 0]

    # ------------------------------------------------------------------ hard rules
    def feasible_cols(self, i: int, available: NDArray[np.bool_]) -> NDArray[np.int64]:
        """Mentors passing every hard rule for actor ``i`` (vectorised over mentors)."""
        ok = self.language_ok(i) & self.level_ok(i) & available
        c = self.a_conflict[i]
        if c >= 0:
            ok &= self.m_emp != c
        ex = self.ex_j[self.ex_i == i]
        ok[ex] = False
        return np.nonzero(ok)[0]

    def language_ok(self, i: int) -> NDArray[np.bool_]:
        return np.asarray((self.m_lang & self.a_lang[i]).any(axis=1))

    def level_ok(self, i: int) -> NDArray[np.bool_]:
        return np.asarray(((self.m_levels >> self.a_level[i]) & 1).astype(bool))

    def pair_ok(self, ei: NDArray[np.int64], ej: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Hard rules (not capacity) for explicit pairs."""
        lang = (self.a_lang[ei] & self.m_lang[ej]).any(axis=1)
        level = ((self.m_levels[ej] >> self.a_level[ei]) & 1).astype(bool)
        conflict = (self.a_conflict[ei] >= 0) & (self.a_conflict[ei] == self.m_emp[ej])
        key = ei * max(self.m, 1) + ej
        excluded = np.isin(key, self.ex_i * max(self.m, 1) + self.ex_j)
        return np.asarray(lang & level & ~conflict & ~excluded)

    # ------------------------------------------------------------------ blocks
    def blocks(
        self, available: NDArray[np.bool_], rows: NDArray[np.int64] | None = None
    ) -> Iterator[tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float32]]]:
        """Yield ``(actor_rows, mentor_cols, S)`` covering every feasible pair of ``rows``.

        ``S`` is the float score without the preference criterion (preferences are few and
        always candidates); pairs broken by a conflict of interest or an exclusion are -inf.
        Actors are grouped by (language set, degree level) so that each group scores only
        the mentors that share a language and take its level.
        """
        for task in self.block_tasks(available, rows):
            yield task.rows, task.cols, self.score_block(task)

    def block_tasks(
        self, available: NDArray[np.bool_], rows: NDArray[np.int64] | None = None
    ) -> Iterator[BlockTask]:
        """Lazy work items for :meth:`score_block` (one group's mentor matrix is shared)."""
        if rows is None:
            rows = np.arange(self.n, dtype=np.int64)
        if len(rows) == 0 or self.m == 0:
            return
        keys = np.column_stack([self.a_lang[rows].view(np.int64), self.a_level[rows]])
        uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
        inverse = inverse.ravel()
        order = np.argsort(inverse, kind="stable")
        starts = np.searchsorted(inverse[order], np.arange(len(uniq)))
        ends = np.append(starts[1:], len(order))
        for g in range(len(uniq)):
            grows = rows[order[starts[g] : ends[g]]]
            i0 = int(grows[0])
            cols = np.nonzero(self.language_ok(i0) & self.level_ok(i0) & available)[0]
            if len(cols) == 0:
                continue
            pos = np.full(self.m, -1, dtype=np.int64)
            pos[cols] = np.arange(len(cols))
            group = _Group(
                cols,
                pos,
                self.scan_m[cols].T,  # a row copy, transposed view: BLAS reads it as is
                None if self.sep_m is None else self.sep_m[cols].T,
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
        if workers <= 1:
            for task in tasks:
                yield run(task)
            return
        from threadpoolctl import threadpool_limits

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
        block = self.scan_a[task.rows] @ task.group.xmt
        if self.sep_a is not None and task.group.sept is not None:
            block += np.maximum(self.sep_a[task.rows] @ task.group.sept, 0)
        self._mask_block(task.rows, task.group.pos, block)
        return block

    def _mask_block(
        self, brows: NDArray[np.int64], pos: NDArray[np.int64], block: NDArray[np.float32]
    ) -> None:
        conf = self.a_conflict[brows]
        for r in np.nonzero(conf >= 0)[0]:
            js = self.mentors_by_employer.get(int(conf[r]))
            if js is not None:
                c = pos[js]
                block[r, c[c >= 0]] = -np.inf
        if len(self.ex_i):
            sel = np.isin(self.ex_i, brows)
            if sel.any():
                rpos = np.searchsorted(brows, self.ex_i[sel]) if _is_sorted(brows) else None
                if rpos is None:
                    lookup = {int(b): k for k, b in enumerate(brows)}
                    rpos = np.array([lookup[int(x)] for x in self.ex_i[sel]], dtype=np.int64)
                c = pos[self.ex_j[sel]]
                ok = c >= 0
                block[rpos[ok], c[ok]] = -np.inf

    # ------------------------------------------------------------------ exact points
    def edge_points(
        self, ei: NDArray[np.int64], ej: NDArray[np.int64]
    ) -> dict[str, NDArray[np.int64]]:
        """Integer points per active criterion for explicit pairs (vectorised, chunked)."""
        out = {c: np.zeros(len(ei), dtype=np.int64) for c in self.active}
        chunk = 1 << 17
        for s in range(0, len(ei), chunk):
            a, b = ei[s : s + chunk], ej[s : s + chunk]
            for name, sl in self.slices.items():
                vals = np.einsum("ij,ij->i", self.xa[a, sl], self.xm[b, sl], dtype=np.float64)
                out[name][s : s + chunk] = np.rint(vals + 1e-9).astype(np.int64)
            if self.text_a is not None and self.text_m is not None:
                ta, tm = self.text_a[a], self.text_m[b]
                if sp.issparse(ta):
                    cos = np.asarray(ta.multiply(tm).sum(axis=1), dtype=np.float64).ravel()
                else:
                    cos = np.einsum("ij,ij->i", ta, tm, dtype=np.float64)
                cos = np.clip(cos, 0.0, 1.0)
                pts = self.weights.text * POINTS_PER_WEIGHT
                out["text"][s : s + chunk] = np.rint(cos * pts + 1e-9).astype(np.int64)
        if "preference" in out and len(self.pref_i):
            key = ei * max(self.m, 1) + ej
            pkey = self.pref_i * max(self.m, 1) + self.pref_j
            order = np.argsort(pkey)
            idx = np.searchsorted(pkey[order], key)
            idx = np.minimum(idx, len(pkey) - 1)
            hit = pkey[order][idx] == key
            rank = self.pref_rank[order][idx]
            val = (3 - rank) / 3 * self.weights.preference * POINTS_PER_WEIGHT
            out["preference"] = np.where(hit, np.rint(val + 1e-9), 0).astype(np.int64)
        return out

    def slack(self) -> float:
        """Upper bound on (integer score - float block score) for a non-preference pair."""
        return 0.5 * len([c for c in self.active if c != "preference"]) + 0.05


@dataclass(frozen=True)
class _Group:
    cols: NDArray[np.int64]
    pos: NDArray[np.int64]  # mentor index -> column in the group, -1 if absent
    xmt: NDArray[np.float32]  # scan features of the group's mentors, transposed
    sept: NDArray[np.float32] | None


@dataclass(frozen=True)
class BlockTask:
    rows: NDArray[np.int64]
    cols: NDArray[np.int64]
    group: _Group


@dataclass(frozen=True)
class DenseText:
    a: NDArray[np.float32]
    m: NDArray[np.float32]
    method: str  # "exact" | "lsa"
    nonneg: bool  # all exact cosines are >= 0
    err_a: NDArray[np.float64]  # |exact - dense cosine| <= err_a[i] * err_m[j]
    err_m: NDArray[np.float64]


def _dense_text(ta: Any, tm: Any, n: int, m: int) -> DenseText:
    """Dense vectors whose dot products give (or closely approximate) the text cosines.

    Sparse (TF-IDF) input keeps only the terms used on BOTH sides, which leaves every
    actor-mentor dot product unchanged; if that is at most ``TEXT_EXACT_DIM`` terms, or the
    cohort is small enough that the exact product is cheap, the result is exact. Otherwise it
    is projected onto the top ``TEXT_LSA_DIM`` singular directions (truncated SVD, i.e. LSA,
    fitted once on both sides). Then ``|exact - approx| = |(I-P)a . (I-P)m| <= r_a * r_m``
    with the residual norms ``r = sqrt(|x|^2 - |Px|^2)``, returned as ``err_a``/``err_m`` so
    that bounds stay sound; the points of every shortlisted pair are computed exactly.
    """
    zeros_a, zeros_m = np.zeros(n), np.zeros(m)
    if not sp.issparse(ta):
        da = np.ascontiguousarray(ta, dtype=np.float32)
        dm = np.ascontiguousarray(tm, dtype=np.float32)
        nonneg = bool((da >= 0).all() and (dm >= 0).all())
        return DenseText(da, dm, "exact", nonneg, zeros_a, zeros_m)
    ta, tm = sp.csr_matrix(ta, dtype=np.float32), sp.csr_matrix(tm, dtype=np.float32)
    nonneg = bool((ta.data >= 0).all() and (tm.data >= 0).all())
    shared = (np.bincount(ta.indices, minlength=ta.shape[1]) > 0) & (
        np.bincount(tm.indices, minlength=tm.shape[1]) > 0
    )
    ta, tm = ta[:, shared], tm[:, shared]
    dim = int(shared.sum())
    if dim <= TEXT_EXACT_DIM or (n * m * dim <= TEXT_EXACT_FLOPS and (n + m) * dim <= 1 << 27):
        return DenseText(
            ta.toarray().astype(np.float32),
            tm.toarray().astype(np.float32),
            "exact",
            nonneg,
            zeros_a,
            zeros_m,
        )
    from sklearn.decomposition import TruncatedSVD

    svd = TruncatedSVD(n_components=min(TEXT_LSA_DIM, dim - 1), random_state=0)
    svd.fit(sp.vstack([ta, tm]).tocsr())
    comps = svd.components_.astype(np.float64)
    out = []
    for x in (ta, tm):
        proj = np.asarray(x.astype(np.float64) @ comps.T)
        sq = np.asarray(x.multiply(x).sum(axis=1), dtype=np.float64).ravel()
        resid = np.sqrt(np.maximum(sq - (proj**2).sum(axis=1), 0.0)) + 1e-4
        out.append((proj.astype(np.float32), resid))
    (da, ra), (dm, rm) = out
    return DenseText(da, dm, "lsa", nonneg, ra, rm)


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


def _is_sorted(a: NDArray[np.int64]) -> bool:
    return bool(np.all(a[1:] > a[:-1]))


def _vocab(sets: Sequence[frozenset[str]], vocab: dict[str, int]) -> dict[str, int]:
    vocab = dict(vocab)
    for item in sorted({t for s in sets for t in s if t}):
        vocab.setdefault(item, len(vocab))
    return vocab


def _bitmask(
    sets: Sequence[frozenset[str]], vocab: dict[str, int], words: int
) -> NDArray[np.uint64]:
    out = np.zeros((len(sets), words), dtype=np.uint64)
    for r, s in enumerate(sets):
        for t in s:
            if t in vocab:
                b = vocab[t]
                out[r, b // 63] |= np.uint64(1 << (b % 63))
    return out


def _code(key: str, vocab: dict[str, int], add: bool) -> int:
    if not key:
        return -1
    if key not in vocab:
        if not add:
            return -2  # matches no mentor
        vocab[key] = len(vocab)
    return vocab[key]


def topic_text_similarity_matrix(
    actors: Sequence[Actor], *, text_share: float = 0.5, text_backend: TextBackend | None = None
) -> NDArray[np.float64]:
    """Actor x actor similarity in [0, 1] for peer groups.

    ``(1 - text_share) * cosine(topic sets) + text_share * cosine(goals texts)``; the diagonal
    is 1 for actors with topics or text. Dense n x n, so meant for cohorts of a few thousand.
    """
    n = len(actors)
    topics = [frozenset(map(norm, a.topics)) for a in actors]
    t = _multihot(topics, _vocab(topics, {})).astype(np.float64)
    t /= np.maximum(np.linalg.norm(t, axis=1, keepdims=True), 1e-12)
    sim = (1 - text_share) * (t @ t.T)
    if text_share > 0 and n:
        backend = text_backend or TfidfBackend()
        ta, _ = backend.encode([a.goals_text for a in actors], [])
        prod: Any = ta @ ta.T
        dense = prod.toarray() if sp.issparse(prod) else np.asarray(prod)
        sim += text_share * dense.astype(np.float64)
    return np.clip(sim, 0.0, 1.0)

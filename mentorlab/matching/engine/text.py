"""Goals/offer texts as vectors: the pluggable backend (TF-IDF by default) and its dense form.

The exact cosine of a pair comes from the backend's vectors (:mod:`.scoring` ``edge_points``);
the all-pairs scan folds a dense form of them into its one matrix product (:func:`dense_text`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import scipy.sparse as sp

if TYPE_CHECKING:
    from numpy.typing import NDArray

# Text similarity in the all-pairs scan (see dense_text): exact up to this many shared terms
# (or this many multiply-adds in total), else a TEXT_LSA_DIM-dimensional LSA approximation.
TEXT_EXACT_DIM = 256
TEXT_EXACT_FLOPS = 2 * 10**10
TEXT_LSA_DIM = 128


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


@dataclass(frozen=True)
class DenseText:
    actor: NDArray[np.float32]
    mentor: NDArray[np.float32]
    method: str  # "exact" | "lsa"
    nonneg: bool  # all exact cosines are >= 0
    # |exact - dense cosine| <= actor_error[i] * mentor_error[j]
    actor_error: NDArray[np.float64]
    mentor_error: NDArray[np.float64]


def dense_text(actor_vectors: Any, mentor_vectors: Any, n: int, m: int) -> DenseText:
    """Dense vectors whose dot products give (or closely approximate) the text cosines.

    Sparse (TF-IDF) input keeps only the terms used on BOTH sides, which leaves every
    actor-mentor dot product unchanged; if that is at most ``TEXT_EXACT_DIM`` terms, or the
    cohort is small enough that the exact product is cheap, the result is exact. Otherwise it
    is projected onto the top ``TEXT_LSA_DIM`` singular directions (truncated SVD, i.e. LSA,
    fitted once on both sides). Then ``|exact - approx| = |(I-P)a . (I-P)m| <= r_a * r_m``
    with the residual norms ``r = sqrt(|x|^2 - |Px|^2)``, returned as the errors so that
    bounds stay sound; the points of every shortlisted pair are computed exactly.
    """
    ta, tm = actor_vectors, mentor_vectors
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

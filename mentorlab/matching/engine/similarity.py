"""Actor-to-actor similarity for peer groups (topics and goals texts)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from .encoding import multihot, norm, vocab
from .text import TextBackend, TfidfBackend

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from .types import Actor


def topic_text_similarity_matrix(
    actors: Sequence[Actor], *, text_share: float = 0.5, text_backend: TextBackend | None = None
) -> NDArray[np.float64]:
    """Actor x actor similarity in [0, 1] for peer groups.

    ``(1 - text_share) * cosine(topic sets) + text_share * cosine(goals texts)``; the diagonal
    is 1 for actors with topics or text. Dense n x n, so meant for cohorts of a few thousand.
    """
    n = len(actors)
    topics = [frozenset(map(norm, a.topics)) for a in actors]
    t = multihot(topics, vocab(topics, {})).astype(np.float64)
    t /= np.maximum(np.linalg.norm(t, axis=1, keepdims=True), 1e-12)
    sim = (1 - text_share) * (t @ t.T)
    if text_share > 0 and n:
        backend = text_backend or TfidfBackend()
        ta, _ = backend.encode([a.goals_text for a in actors], [])
        prod: Any = ta @ ta.T
        dense = prod.toarray() if sp.issparse(prod) else np.asarray(prod)
        sim += text_share * dense.astype(np.float64)
    return np.clip(sim, 0.0, 1.0)

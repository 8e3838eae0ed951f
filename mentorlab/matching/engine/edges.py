"""Typed edge sets: the candidate graph's scored pairs, and a matching chosen from them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .scoring import Features, total_points

if TYPE_CHECKING:
    from numpy.typing import NDArray


@dataclass(frozen=True)
class CandidateEdges:
    """Scored pairs: edge ``e`` joins actor index ``actor[e]`` and mentor index ``mentor[e]``.

    ``points`` holds each active criterion's integer points per edge and ``score`` their sum.
    Edge sets the pipeline builds are sorted by (actor, mentor) without duplicates.
    """

    actor: NDArray[np.int64]
    mentor: NDArray[np.int64]
    points: dict[str, NDArray[np.int64]]
    score: NDArray[np.int64]

    @classmethod
    def scored(
        cls, features: Features, actor: NDArray[np.int64], mentor: NDArray[np.int64]
    ) -> CandidateEdges:
        """The pairs ``(actor[e], mentor[e])`` with their exact points."""
        points = features.edge_points(actor, mentor)
        return cls(actor, mentor, points, total_points(points, len(actor)))

    @classmethod
    def from_points(
        cls,
        actor: NDArray[np.int64],
        mentor: NDArray[np.int64],
        points: dict[str, NDArray[np.int64]],
    ) -> CandidateEdges:
        return cls(actor, mentor, points, total_points(points, len(actor)))

    def __len__(self) -> int:
        return len(self.actor)

    def subset(self, keep: NDArray[np.bool_]) -> CandidateEdges:
        """The edges where ``keep`` holds (order kept)."""
        return CandidateEdges(
            self.actor[keep],
            self.mentor[keep],
            {c: v[keep] for c, v in self.points.items()},
            self.score[keep],
        )

    def pair_keys(self, n_mentors: int) -> NDArray[np.int64]:
        """One int64 per edge, ordered like (actor, mentor): ``actor * n_mentors + mentor``."""
        return self.actor * max(n_mentors, 1) + self.mentor


@dataclass(frozen=True)
class Solution:
    """A matching on a candidate graph: ``chosen[e]`` when edge ``e`` is part of it."""

    edges: CandidateEdges
    chosen: NDArray[np.bool_]

    @property
    def matched(self) -> int:
        return int(self.chosen.sum())

    @property
    def total_score(self) -> int:
        return int(self.edges.score[self.chosen].sum())

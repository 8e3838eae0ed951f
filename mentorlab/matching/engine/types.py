"""The engine's input and output dataclasses, its constants and its one exception."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from .text import TextBackend

Mode = Literal["best", "fairest", "rankings"]
MODES: tuple[Mode, ...] = ("best", "fairest", "rankings")
BoundMethod = Literal["auto", "lp_dual", "row_max"]
BOUND_METHODS: tuple[BoundMethod, ...] = ("auto", "lp_dual", "row_max")
LEVELS = ("masters", "doctoral")
LEVEL_LABEL = {"masters": "master's", "doctoral": "doctoral"}
CRITERIA = ("topics", "industry", "text", "location", "preference", "diversity")
# A pair earns round(POINTS_PER_WEIGHT * weight * feature) points per criterion.
POINTS_PER_WEIGHT = 100


class MatchingInputError(ValueError):
    """Input the engine refuses: duplicate/unknown ids, an invalid lock, bad values."""


# ---------------------------------------------------------------------------- inputs
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


@dataclass(frozen=True)
class Actor:
    """A student applying for a mentor. ``preferences``: up to 3 mentor ids, best first."""

    id: str
    degree_level: str  # "masters" | "doctoral"
    field: str = ""
    languages: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    industries: frozenset[str] = frozenset()
    goals_text: str = ""
    city: str = ""
    remote_ok: bool = False
    conflict_employer: str = ""
    preferences: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mentor:
    """An alumnus/alumna offering ``capacity`` places to actors of the given ``levels``."""

    id: str
    levels: frozenset[str]  # subset of {"masters", "doctoral"}
    field: str = ""
    languages: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    industry: str = ""
    employer: str = ""
    offer_text: str = ""
    city: str = ""
    remote_ok: bool = False
    capacity: int = 1


@dataclass(frozen=True)
class Rules:
    """Coordinator rules: pairs never allowed, and pairs always kept."""

    exclusions: frozenset[tuple[str, str]] = frozenset()
    locks: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Problem:
    actors: Sequence[Actor]
    mentors: Sequence[Mentor]
    rules: Rules = field(default_factory=Rules)
    weights: Weights = field(default_factory=Weights)
    mode: Mode = "best"
    k: int = 10
    certify: bool = True  # compute the all-pairs bound (mode "best")
    refine_rounds: int = 8  # column-generation rounds at most (they stop at gap_tolerance)
    # Column generation stops once (bound - achieved) / achieved is at most this; the gap
    # reached is reported either way (0: refine while any round can still add pairs).
    gap_tolerance: float = 1e-4
    # "lp_dual": tight LP-dual bound (a second pass over the pairs of actors it cannot settle
    # cheaply, plus re-solves); "row_max": each actor's best feasible score, free from the
    # scoring pass; "auto": lp_dual up to LP_DUAL_MAX_CELLS actor x mentor pairs.
    bound_method: BoundMethod = "auto"
    text_backend: TextBackend | None = None


# ---------------------------------------------------------------------------- outputs
@dataclass(frozen=True)
class Assignment:
    actor: str
    mentor: str
    score: int
    breakdown: dict[str, int]
    locked: bool = False


@dataclass(frozen=True)
class Unmatched:
    """``code`` is stable for translation; ``reason`` is English; ``details`` hold the data."""

    actor: str
    code: str
    reason: str
    details: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Bound:
    """Certificate against the optimum over ALL feasible pairs (not only candidates).

    ``upper``: no matching of the non-locked actors, with as many actors matched, can score
    more than this (locked scores included; with ``method == "row_max"``: no matching at
    all). ``gap`` = (upper - achieved) / achieved; 0 means the result is proven optimal over
    all pairs. ``cardinality_certified``: no matching over all pairs matches more actors than
    the result does.
    """

    upper: float
    achieved: int
    gap: float
    cardinality_certified: bool | None
    rounds: int
    added_edges: int
    # "lp_dual": mentor prices from the LP duals (tight); "row_max": the sum of every actor's
    # best feasible score (no prices, no re-solve; weaker). With "row_max",
    # cardinality_certified is None unless every actor with a feasible mentor (or every place)
    # is taken.
    method: str = "lp_dual"


@dataclass(frozen=True)
class Stats:
    actors: int
    matched: int
    share: float
    mean_score: float
    min_score: int | None
    total_score: int
    ranked_choice: int  # matched actors who got one of their ranked mentors
    with_preferences: int  # actors who ranked at least one mentor
    candidate_edges: int
    timings: dict[str, float]
    bound: Bound | None
    # Actors placed beyond the shortlist solve by the repair (max-flow over all pairs).
    repaired: int = 0


@dataclass(frozen=True)
class Result:
    mode: Mode
    assignments: list[Assignment]
    unmatched: list[Unmatched]
    mentor_remaining: dict[str, int]
    stats: Stats


@dataclass(frozen=True)
class Suggestion:
    mentor: str
    score: int
    breakdown: dict[str, int]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class PairAssignment:
    actor: str
    mentor: str
    score: float


@dataclass(frozen=True)
class PairResult:
    assignments: list[PairAssignment]
    unmatched: list[Unmatched]
    total_score: float


@dataclass(frozen=True)
class CandidateGraph:
    """The shortlist graph :func:`match` solves (for baselines, diagnostics and benchmarks).

    Edge ``e`` joins ``actors[actor[e]]`` and ``mentors[mentor[e]]`` with integer ``score[e]``;
    ``capacity`` is each mentor's capacity left after locks; locked actors have no edges.
    """

    actors: list[str]
    mentors: list[str]
    actor: NDArray[np.int64]
    mentor: NDArray[np.int64]
    score: NDArray[np.int64]
    capacity: NDArray[np.int64]

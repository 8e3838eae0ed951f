"""Input checks, sorting by id, encoding, and the coordinator's locks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .scoring import Features
from .types import (
    BOUND_METHODS,
    LEVELS,
    MODES,
    Actor,
    MatchingInputError,
    Mentor,
    Problem,
)

if TYPE_CHECKING:
    from numpy.typing import NDArray


def first_duplicate(items: Sequence[str]) -> str:
    """The first item seen twice, or "" if none is."""
    seen: set[str] = set()
    for x in items:
        if x in seen:
            return x
        seen.add(x)
    return ""


def validated(problem: Problem) -> tuple[list[Actor], list[Mentor]]:
    """The actors and mentors sorted by id; raises :class:`MatchingInputError` on bad input."""
    if problem.mode not in MODES:
        raise MatchingInputError(f"unknown mode {problem.mode!r}; use one of {', '.join(MODES)}")
    if problem.bound_method not in BOUND_METHODS:
        raise MatchingInputError(
            f"unknown bound method {problem.bound_method!r}; use one of {', '.join(BOUND_METHODS)}"
        )
    if isinstance(problem.k, bool) or not isinstance(problem.k, int) or problem.k < 1:
        raise MatchingInputError("k must be a whole number >= 1")
    tol = problem.gap_tolerance
    if isinstance(tol, bool) or not isinstance(tol, (int, float)) or not tol >= 0:
        raise MatchingInputError("gap_tolerance must be a number >= 0")
    actors = sorted(problem.actors, key=lambda a: a.id)
    mentors = sorted(problem.mentors, key=lambda m: m.id)
    for kind, ids in (("actor", [a.id for a in actors]), ("mentor", [m.id for m in mentors])):
        dup = first_duplicate(ids)
        if dup:
            raise MatchingInputError(f"duplicate {kind} id {dup!r}")
    for a in actors:
        if a.degree_level not in LEVELS:
            raise MatchingInputError(
                f"actor {a.id!r}: degree_level must be 'masters' or 'doctoral'"
            )
    for m in mentors:
        bad = set(m.levels) - set(LEVELS)
        if bad:
            raise MatchingInputError(f"mentor {m.id!r}: unknown level {sorted(bad)[0]!r}")
        if isinstance(m.capacity, bool) or not isinstance(m.capacity, int) or m.capacity < 0:
            raise MatchingInputError(f"mentor {m.id!r}: capacity must be a whole number >= 0")
    return actors, mentors


def encode(problem: Problem, actors: list[Actor], mentors: list[Mentor]) -> Features:
    """Features (and hard rules) of the sorted cohort; exclusions of unknown ids are ignored."""
    a_index = {a.id: i for i, a in enumerate(actors)}
    m_index = {x.id: j for j, x in enumerate(mentors)}
    exclusions = [
        (a_index[a], m_index[b])
        for a, b in problem.rules.exclusions
        if a in a_index and b in m_index
    ]
    return Features(actors, mentors, problem.weights, exclusions, problem.text_backend)


@dataclass(frozen=True)
class Prepared:
    """A validated cohort (sorted by id), its features and what the locks leave to match."""

    actors: list[Actor]
    mentors: list[Mentor]
    features: Features
    capacity: NDArray[np.int64]
    locked_mentor: NDArray[np.int64]  # mentor index per actor, -1 if not locked
    lock_load: NDArray[np.int64]  # locked actors per mentor
    remaining: NDArray[np.int64]  # capacity left per mentor after the locks

    @property
    def n_actors(self) -> int:
        return len(self.actors)

    @property
    def n_mentors(self) -> int:
        return len(self.mentors)

    @property
    def available(self) -> NDArray[np.bool_]:
        """Per mentor: has a place left after the locks."""
        return self.remaining > 0

    @property
    def free(self) -> NDArray[np.bool_]:
        """Per actor: not locked, so the solve places it."""
        return self.locked_mentor < 0

    @property
    def free_rows(self) -> NDArray[np.int64]:
        return np.nonzero(self.locked_mentor < 0)[0]

    @property
    def locked_rows(self) -> NDArray[np.int64]:
        return np.nonzero(self.locked_mentor >= 0)[0]


def prepare(problem: Problem) -> Prepared:
    """Validate, sort by id, encode features, validate and apply locks."""
    actors, mentors = validated(problem)
    n, m = len(actors), len(mentors)
    a_index = {a.id: i for i, a in enumerate(actors)}
    m_index = {x.id: j for j, x in enumerate(mentors)}
    features = encode(problem, actors, mentors)
    capacity = np.array([x.capacity for x in mentors], dtype=np.int64)

    # Locks: validated and assigned first.
    locked_mentor = np.full(n, -1, dtype=np.int64)
    for a_id, m_id in problem.rules.locks:
        if a_id not in a_index:
            raise MatchingInputError(f"lock ({a_id!r}, {m_id!r}): unknown actor {a_id!r}")
        if m_id not in m_index:
            raise MatchingInputError(f"lock ({a_id!r}, {m_id!r}): unknown mentor {m_id!r}")
        i, j = a_index[a_id], m_index[m_id]
        if locked_mentor[i] >= 0:
            raise MatchingInputError(f"actor {a_id!r} is locked to more than one mentor")
        broken = features.rules.broken_rule(i, j, actors[i], mentors[j])
        if broken:
            raise MatchingInputError(f"lock ({a_id!r}, {m_id!r}) breaks a hard rule: {broken}")
        locked_mentor[i] = j
    lock_load = np.bincount(locked_mentor[locked_mentor >= 0], minlength=m)
    over = np.nonzero(lock_load > capacity)[0]
    if len(over):
        j = int(over[0])
        raise MatchingInputError(
            f"mentor {mentors[j].id!r} has {lock_load[j]} locked actors but capacity {capacity[j]}"
        )
    return Prepared(
        actors, mentors, features, capacity, locked_mentor, lock_load, capacity - lock_load
    )

"""The hard rules, all in one place.

A pair (actor, mentor) is allowed only if they share a language, the mentor takes the actor's
degree level, the mentor's employer is not the actor's declared conflict of interest (trimmed,
case-insensitive) and the coordinator has not excluded the pair. Capacity is the solver's
business, not a rule of the pair.

Language and level are the same for every actor of a (language set, level) group, so they are
checked once per group over all mentors; conflict and exclusion are personal and checked per
actor. Every place that needs a rule (the scan, the shortlist's ranked choices, lock
validation, the repair's class max-flow, unmatched reasons, suggestions) asks this module.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .encoding import bitmask, code, norm, norm_set, vocab
from .types import LEVEL_LABEL, LEVELS, Actor, Mentor

if TYPE_CHECKING:
    from numpy.typing import NDArray


class HardRules:
    """The rules' encodings for actors and mentors (both sorted by id), by index."""

    def __init__(
        self,
        actors: Sequence[Actor],
        mentors: Sequence[Mentor],
        exclusions: Sequence[tuple[int, int]] = (),
    ) -> None:
        self.n_actors, self.n_mentors = len(actors), len(mentors)
        a_langs = [norm_set(a.languages) for a in actors]
        m_langs = [norm_set(m.languages) for m in mentors]
        lang_codes = vocab(m_langs, vocab(a_langs, {}))
        words = max(1, math.ceil(len(lang_codes) / 63))
        # Language sets as bit masks: "share a language" is one AND per pair.
        self.actor_languages = bitmask(a_langs, lang_codes, words)
        self.mentor_languages = bitmask(m_langs, lang_codes, words)
        self.actor_level = np.array([LEVELS.index(a.degree_level) for a in actors], dtype=np.int64)
        # Bit l set: the mentor takes actors of LEVELS[l].
        self.mentor_levels = np.array(
            [sum(1 << LEVELS.index(lv) for lv in m.levels) for m in mentors], dtype=np.int64
        )
        employer_codes: dict[str, int] = {}
        self.mentor_employer = np.array(
            [code(norm(m.employer), employer_codes, add=True) for m in mentors], dtype=np.int64
        )
        # -1: no conflict declared; a code no mentor has when no mentor works there.
        self.actor_conflict = np.array(
            [code(norm(a.conflict_employer), employer_codes, add=False) for a in actors],
            dtype=np.int64,
        )
        self.mentors_by_employer: dict[int, NDArray[np.int64]] = {}
        if self.n_mentors:
            order = np.argsort(self.mentor_employer, kind="stable")
            uniq, starts = np.unique(self.mentor_employer[order], return_index=True)
            for c, chunk in zip(uniq, np.split(order, starts[1:]), strict=True):
                if c >= 0:
                    self.mentors_by_employer[int(c)] = chunk
        ex = np.array(sorted(set(exclusions)), dtype=np.int64).reshape(-1, 2)
        # Excluded pairs sorted by (actor, mentor).
        self.excluded_actor, self.excluded_mentor = ex[:, 0], ex[:, 1]

    # ------------------------------------------------------------------ group rules
    def language_ok(self, i: int) -> NDArray[np.bool_]:
        """Per mentor: shares a language with actor ``i``."""
        return np.asarray((self.mentor_languages & self.actor_languages[i]).any(axis=1))

    def level_ok(self, i: int) -> NDArray[np.bool_]:
        """Per mentor: takes actor ``i``'s degree level."""
        return np.asarray(((self.mentor_levels >> self.actor_level[i]) & 1).astype(bool))

    def group_mentors(self, i: int, available: NDArray[np.bool_]) -> NDArray[np.int64]:
        """Available mentors passing the group rules (language, level) for actor ``i``'s group."""
        return np.nonzero(self.language_ok(i) & self.level_ok(i) & available)[0]

    def language_level_groups(self, rows: NDArray[np.int64]) -> NDArray[np.int64]:
        """Group number of each actor in ``rows`` by (language set, degree level), from 0."""
        keys = np.column_stack([self.actor_languages[rows].view(np.int64), self.actor_level[rows]])
        _, inverse = np.unique(keys, axis=0, return_inverse=True)
        return np.asarray(inverse).ravel()

    # ------------------------------------------------------------------ personal rules
    def has_personal_rules(self) -> NDArray[np.bool_]:
        """Per actor: a declared conflict of interest or a coordinator exclusion applies."""
        special = self.actor_conflict >= 0
        special[self.excluded_actor] = True
        return special

    def conflict_free(self, i: int) -> NDArray[np.bool_]:
        """Per mentor: does not work at actor ``i``'s conflict employer."""
        c = self.actor_conflict[i]
        if c >= 0:
            return np.asarray(self.mentor_employer != c)
        return np.ones(self.n_mentors, dtype=bool)

    def excluded_mentors(self, i: int) -> NDArray[np.int64]:
        """The mentors the coordinator excluded for actor ``i``."""
        return self.excluded_mentor[self.excluded_actor == i]

    def personal_ok(self, i: int, mentors: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Per mentor of ``mentors``: neither actor ``i``'s conflict nor excluded for ``i``."""
        ok = np.ones(len(mentors), dtype=bool)
        c = self.actor_conflict[i]
        if c >= 0:
            ok &= self.mentor_employer[mentors] != c
        ex = self.excluded_mentors(i)
        if len(ex):
            ok &= ~np.isin(mentors, ex)
        return ok

    # ------------------------------------------------------------------ all rules
    def feasible_mentors(self, i: int, available: NDArray[np.bool_]) -> NDArray[np.int64]:
        """Available mentors passing every hard rule for actor ``i`` (vectorised over mentors)."""
        ok = self.language_ok(i) & self.level_ok(i) & available
        c = self.actor_conflict[i]
        if c >= 0:
            ok &= self.mentor_employer != c
        ok[self.excluded_mentors(i)] = False
        return np.nonzero(ok)[0]

    def pairs_ok(self, actor: NDArray[np.int64], mentor: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Every hard rule for explicit pairs ``(actor[e], mentor[e])``."""
        lang = (self.actor_languages[actor] & self.mentor_languages[mentor]).any(axis=1)
        level = ((self.mentor_levels[mentor] >> self.actor_level[actor]) & 1).astype(bool)
        conflict = (self.actor_conflict[actor] >= 0) & (
            self.actor_conflict[actor] == self.mentor_employer[mentor]
        )
        mm = max(self.n_mentors, 1)
        excluded = np.isin(actor * mm + mentor, self.excluded_actor * mm + self.excluded_mentor)
        return np.asarray(lang & level & ~conflict & ~excluded)

    def broken_rule(self, i: int, j: int, actor: Actor, mentor: Mentor) -> str | None:
        """The first rule pair (i, j) breaks, in English (for lock errors); None if none."""
        if not self.language_ok(i)[j]:
            return "they share no language"
        if not self.level_ok(i)[j]:
            return f"the mentor does not take {LEVEL_LABEL[actor.degree_level]} students"
        if actor.conflict_employer.strip() and norm(actor.conflict_employer) == norm(
            mentor.employer
        ):
            return (
                f"the mentor works at {mentor.employer.strip()}, the actor's conflict of interest"
            )
        if np.any((self.excluded_actor == i) & (self.excluded_mentor == j)):
            return "the pair is excluded by the coordinator"
        return None

    def mask_personal(
        self, rows: NDArray[np.int64], column_of: NDArray[np.int64], block: NDArray[np.float32]
    ) -> None:
        """Set pairs of a score block that break a personal rule to -inf (in place).

        ``block[r, c]`` scores actor ``rows[r]`` and the mentor ``j`` with ``column_of[j] == c``
        (-1: not in the block). The group rules hold for every pair of a block already.
        """
        conf = self.actor_conflict[rows]
        for r in np.nonzero(conf >= 0)[0]:
            js = self.mentors_by_employer.get(int(conf[r]))
            if js is not None:
                c = column_of[js]
                block[r, c[c >= 0]] = -np.inf
        if len(self.excluded_actor):
            sel = np.isin(self.excluded_actor, rows)
            if sel.any():
                rpos = np.searchsorted(rows, self.excluded_actor[sel]) if _is_sorted(rows) else None
                if rpos is None:
                    lookup = {int(b): k for k, b in enumerate(rows)}
                    rpos = np.array(
                        [lookup[int(x)] for x in self.excluded_actor[sel]], dtype=np.int64
                    )
                c = column_of[self.excluded_mentor[sel]]
                ok = c >= 0
                block[rpos[ok], c[ok]] = -np.inf


def _is_sorted(a: NDArray[np.int64]) -> bool:
    return bool(np.all(a[1:] > a[:-1]))

"""Why an actor stayed unmatched, and why a mentor is suggested (English; codes for i18n)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from .encoding import norm
from .types import LEVEL_LABEL, Actor, Mentor, Unmatched

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from .rules import HardRules


def unmatched_reason(
    rules: HardRules,
    actors: Sequence[Actor],
    mentors: Sequence[Mentor],
    i: int,
    capacity: NDArray[np.int64],
    left: NDArray[np.int64],
    k: int,
) -> Unmatched:
    """The first thing that rules actor ``i`` out, walking the hard rules, then capacity.

    ``left``: places per mentor still free after the matching; ``k``: the shortlist size.
    """
    a = actors[i]
    ids = np.array([x.id for x in mentors], dtype=object)
    langs = ", ".join(sorted(a.languages)) or "none given"
    ok = rules.language_ok(i)
    if not ok.any():
        return Unmatched(
            a.id,
            "no_shared_language",
            f"no mentor shares a language ({langs})",
            {"languages": sorted(a.languages)},
        )
    ok &= rules.level_ok(i)
    level = LEVEL_LABEL[a.degree_level]
    if not ok.any():
        return Unmatched(
            a.id,
            "no_level_language",
            f"no mentor takes {level} students and shares a language ({langs})",
            {"level": a.degree_level, "languages": sorted(a.languages)},
        )
    if a.conflict_employer.strip():
        ok2 = ok & rules.conflict_free(i)
        if not ok2.any():
            return Unmatched(
                a.id,
                "conflict_of_interest",
                f"every mentor who fits works at {a.conflict_employer.strip()}, "
                "the actor's conflict of interest",
                {"employer": a.conflict_employer.strip(), "mentors": ids[ok].tolist()},
            )
        ok = ok2
    ok2 = ok.copy()
    ok2[rules.excluded_mentors(i)] = False
    if not ok2.any():
        n = int(ok.sum())
        text = (
            "the only compatible mentor is excluded by the coordinator"
            if n == 1
            else f"all {n} compatible mentors are excluded by the coordinator"
        )
        return Unmatched(a.id, "excluded", text, {"mentors": ids[ok].tolist()})
    ok = ok2
    if not (ok & (capacity > 0)).any():
        n = int(ok.sum())
        return Unmatched(
            a.id,
            "no_capacity",
            f"every compatible mentor ({n}) offers no places (capacity 0)",
            {"mentors": ids[ok].tolist()},
        )
    ok &= capacity > 0
    n = int(ok.sum())
    if not (ok & (left > 0)).any():
        text = (
            "the only compatible mentor is at capacity"
            if n == 1
            else f"every compatible mentor ({n}) is at capacity"
        )
        return Unmatched(
            a.id, "at_capacity", text, {"mentors": ids[ok].tolist()[:20], "compatible": n}
        )
    free_n = int((ok & (left > 0)).sum())
    return Unmatched(
        a.id,
        "outside_shortlist",
        f"{free_n} compatible mentor(s) with free places were not on the shortlist "
        f"(k={k}); raise k",
        {"mentors": ids[ok & (left > 0)].tolist()[:20], "k": k},
    )


def suggestion_reasons(
    actor: Actor, mentor: Mentor, breakdown: Mapping[str, int]
) -> tuple[str, ...]:
    """What the actor and a suggested mentor have in common, addressed to the actor."""
    reasons: list[str] = []
    mt = {norm(t) for t in mentor.topics}
    shared = sorted(t for t in actor.topics if norm(t) in mt)
    if shared:
        reasons.append(f"shares {len(shared)} of your topics: {', '.join(shared)}")
    if mentor.industry and norm(mentor.industry) in {norm(x) for x in actor.industries}:
        reasons.append(f"works in {mentor.industry}, an industry you chose")
    if breakdown.get("text", 0) > 0:
        reasons.append("their offer echoes your goals")
    if actor.city and norm(actor.city) == norm(mentor.city):
        reasons.append(f"also in {mentor.city}")
    elif actor.remote_ok and mentor.remote_ok:
        reasons.append("both of you are happy to meet remotely")
    if mentor.id in actor.preferences:
        reasons.append(f"your choice no. {actor.preferences.index(mentor.id) + 1}")
    if breakdown.get("diversity", 0) > 0:
        reasons.append(f"a different field ({mentor.field}) for a fresh perspective")
    return tuple(reasons)

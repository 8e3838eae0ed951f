"""Automatic proposal of peer-support groups (no Django).

Similarity comes from the matching engine's actor-to-actor helper
(`topic_text_similarity_matrix`: cosine of topic sets blended with TF-IDF cosine of goals),
computed once as a dense matrix — no Python loop over pairs.

Algorithm (deterministic for the same input; actors are sorted by id first):

1. k = ceil(n / max_size) groups, so that every group has at most `max_size` members; the
   sizes are balanced (they differ by at most one). Fewer than `min_size` students make one
   group (the coordinator decides what to do with it).
2. Seeds: the first seed is the student most similar to everyone else (largest row sum);
   each next seed is the student least similar to the seeds chosen so far (farthest point),
   so that groups form around different themes.
3. Balanced assignment: every other student, most "decided" first (largest gap between
   their best and second-best seed), joins the most similar group that still has room,
   where a group's similarity is the mean similarity to its current members.
4. Each group's themes are the topics most of its members share (up to three).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mentorlab.matching.engine import Actor, topic_text_similarity_matrix


@dataclass(frozen=True)
class ActorProfile:
    id: str
    topics: frozenset[str]
    goals: str = ""


@dataclass(frozen=True)
class ProposedGroup:
    members: tuple[str, ...]
    themes: tuple[str, ...]


def similarity(profiles: Sequence[ActorProfile]) -> np.ndarray:
    actors = [
        Actor(id=p.id, degree_level="masters", topics=p.topics, goals_text=p.goals)
        for p in profiles
    ]
    return np.asarray(topic_text_similarity_matrix(actors), dtype=np.float64)


def _sizes(n: int, min_size: int, max_size: int) -> list[int]:
    if n < min_size:
        return [n] if n else []
    k = math.ceil(n / max_size)
    base, extra = divmod(n, k)
    return [base + 1 if i < extra else base for i in range(k)]


def propose_groups(
    profiles: Sequence[ActorProfile], *, min_size: int = 4, max_size: int = 6
) -> list[ProposedGroup]:
    ordered = sorted(profiles, key=lambda p: p.id)
    n = len(ordered)
    sizes = _sizes(n, min_size, max_size)
    if not sizes:
        return []
    k = len(sizes)
    sim = similarity(ordered)
    np.fill_diagonal(sim, 0.0)

    seeds = [int(np.argmax(sim.sum(axis=1)))]
    while len(seeds) < k:
        closeness = sim[:, seeds].max(axis=1)
        closeness[seeds] = np.inf
        seeds.append(int(np.argmin(closeness)))  # argmin: first index on ties

    groups: list[list[int]] = [[s] for s in seeds]
    rest = np.setdiff1d(np.arange(n), seeds)
    to_seeds = sim[np.ix_(rest, np.asarray(seeds))]
    if k > 1:
        top2 = -np.sort(-to_seeds, axis=1)[:, :2]
        decided = top2[:, 0] - top2[:, 1]
    else:
        decided = np.zeros(len(rest))
    for idx in np.lexsort((rest, -decided)):  # most decided first, then by position
        person = int(rest[idx])
        scores = np.array([sim[person, g].mean() for g in groups])
        full = np.array([len(g) >= size for g, size in zip(groups, sizes, strict=True)])
        scores[full] = -np.inf
        groups[int(np.argmax(scores))].append(person)

    proposal = []
    for members in groups:
        counts = Counter(t for m in members for t in ordered[m].topics)
        shared = sorted(counts.items(), key=lambda tc: (-tc[1], tc[0]))
        themes = tuple(t for t, c in shared[:3] if c >= 2) or tuple(t for t, _ in shared[:1])
        proposal.append(
            ProposedGroup(members=tuple(sorted(ordered[m].id for m in members)), themes=themes)
        )
    return proposal

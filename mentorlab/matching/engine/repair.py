"""The repair: no actor left unmatched while a feasible mentor has (or could free) a place.

The shortlist can miss the only free mentors an actor could take. Alternating-path searches
over ALL feasible pairs (the actor's full row, computed per (language set, level) group and
filtered for conflicts and exclusions, never pair by pair) find augmenting paths: an unmatched
actor takes a mentor, whose actor moves on, ..., until a mentor with a free place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .edges import CandidateEdges, Solution
from .flow import solve_mode
from .scoring import Features

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from .prepare import Prepared
    from .types import Mode

# Repair budget: alternating-path searches (phases), and the most cells of full rows scored for
# the re-solve of the actors it moved.
REPAIR_MAX_PHASES = 64
REPAIR_MAX_CELLS = 5 * 10**6

# An augmenting path: [(actor, its new mentor), ...]; the first pair ends at a free place.
Path = list[tuple[int, int]]


@dataclass(frozen=True)
class Repaired:
    solution: Solution
    placed: int  # actors matched by the repair
    certified: bool | None  # True: no matching over all pairs places more actors


def repair(
    prep: Prepared,
    mode: Mode,
    has_feasible_mentor: NDArray[np.bool_],
    solution: Solution,
) -> Repaired:
    """Place every unmatched actor that an augmenting path over all feasible pairs can place.

    Vertex-disjoint paths are applied per phase (Hopcroft-Karp style) until a search finds
    none, which proves by Berge's theorem that no matching over all pairs places more actors.
    The actors that moved are then re-solved (mode objective) over their full feasible rows
    with everyone else fixed, so they get their best places.
    """
    feat = prep.features
    n, m = prep.n_actors, prep.n_mentors
    remaining, available, free = prep.remaining, prep.available, prep.free
    edges, sel = solution.edges, solution.chosen
    ei, ej = edges.actor, edges.mentor
    mu = np.full(n, -1, dtype=np.int64)  # mentor per actor, -1: unmatched
    mu[ei[sel]] = ej[sel]
    load = np.bincount(ej[sel], minlength=m)
    left = remaining - load
    roots0 = np.nonzero(free & has_feasible_mentor & (mu < 0))[0]
    if len(roots0) == 0:
        return Repaired(solution, 0, True)
    if not (available & (left > 0)).any():
        return Repaired(solution, 0, True)  # every place is taken
    groups = ActorGroups(feat, available)
    mu0 = mu.copy()
    certified: bool | None = None
    for _ in range(REPAIR_MAX_PHASES):
        roots = np.nonzero(free & has_feasible_mentor & (mu < 0))[0]
        if len(roots) == 0:
            certified = True
            break
        paths = augmenting_paths(feat, groups, mu, left, roots, free)
        if not paths:
            certified = True
            break
        for path in paths:
            left[path[0][1]] -= 1
            for a, j in path:
                mu[a] = j
    moved = np.nonzero(mu != mu0)[0]
    if len(moved) == 0:
        return Repaired(solution, 0, certified)
    # Re-solve the moved actors over their full feasible rows, everyone else fixed.
    moved_mask = np.zeros(n, dtype=bool)
    moved_mask[moved] = True
    keep = sel & ~moved_mask[ei]
    sub_cap = remaining - np.bincount(ej[keep], minlength=m)
    rows_i: list[NDArray[np.int64]] = []
    rows_j: list[NDArray[np.int64]] = []
    cells = 0
    for a in moved.tolist():
        cols = feat.rules.feasible_mentors(a, available & (sub_cap > 0))
        cells += len(cols)
        if cells > REPAIR_MAX_CELLS:  # too many: keep the augmented places only
            rows_i, rows_j = [moved], [mu[moved]]
            break
        rows_i.append(np.full(len(cols), a, dtype=np.int64))
        rows_j.append(cols)
    si, sj = np.concatenate(rows_i), np.concatenate(rows_j)
    mm = max(m, 1)
    key = np.unique(np.concatenate([si * mm + sj, moved * mm + mu[moved]]))
    sub = CandidateEdges.scored(feat, key // mm, key % mm)
    si, sj = sub.actor, sub.mentor
    local = CandidateEdges(np.searchsorted(moved, si), sj, sub.points, sub.score)
    ssel = solve_mode(
        mode,
        local,
        n_actors=len(moved),
        capacity=sub_cap,
        rank=feat.preference_ranks(si, sj),
    )
    if ssel.sum() < len(moved):  # cannot happen (the augmented places are feasible)
        raise RuntimeError("repair re-solve lost an actor")
    # Merge the chosen pairs into the graph (sorted by actor, then mentor).
    ni, nj = si[ssel], sj[ssel]
    all_key = np.concatenate([ei * mm + ej, ni * mm + nj])
    uniq, first = np.unique(all_key, return_index=True)
    new_points = {
        c: np.concatenate([edges.points[c], sub.points[c][ssel]])[first] for c in edges.points
    }
    new_score = np.concatenate([edges.score, sub.score[ssel]])[first]
    chosen = np.concatenate([keep, np.ones(len(ni), dtype=bool)])
    new_sel = np.zeros(len(uniq), dtype=bool)
    new_sel[np.searchsorted(uniq, all_key[chosen])] = True
    placed = int(new_sel.sum() - sel.sum())
    grown = CandidateEdges(uniq // mm, uniq % mm, new_points, new_score)
    return Repaired(Solution(grown, new_sel), placed, certified)


class ActorGroups:
    """Actors grouped by (language set, degree level); a group's mentors pass both rules."""

    def __init__(self, features: Features, available: NDArray[np.bool_]) -> None:
        self.rules, self.available = features.rules, available
        self.of = self.rules.language_level_groups(np.arange(features.n_actors))
        self._mentors: dict[int, NDArray[np.int64]] = {}
        # Actors whose row also needs the personal rules (conflict, exclusions).
        self.special = self.rules.has_personal_rules()

    def mentors(self, g: int, i: int) -> NDArray[np.int64]:
        """Group ``g``'s available mentors (``i``: any actor of the group)."""
        if g not in self._mentors:
            self._mentors[g] = self.rules.group_mentors(i, self.available)
        return self._mentors[g]


def augmenting_paths(
    features: Features,
    groups: ActorGroups,
    mu: NDArray[np.int64],
    left: NDArray[np.int64],
    roots: NDArray[np.int64],
    free: NDArray[np.bool_],
) -> list[Path]:
    """Breadth-first alternating search from all unmatched ``roots`` over ALL feasible pairs.

    ``mu``: mentor per actor (-1: unmatched); ``left``: free places per mentor. Returns
    vertex-disjoint augmenting paths of the shortest length found (empty: none exists). Each
    mentor is reached once; from an actor's group only the mentors not reached yet are
    examined, so a search costs about (groups x mentors) plus the actors it visits.
    """
    n, m = features.n_actors, features.n_mentors
    rules = features.rules
    parent = np.full(m, -1, dtype=np.int64)  # actor through which a mentor was reached
    seen_m = np.zeros(m, dtype=bool)
    seen_a = np.zeros(n, dtype=bool)
    seen_a[roots] = True
    # Free actors held by each mentor (the matched edges walked backwards).
    held = np.nonzero((mu >= 0) & free)[0]
    frontier = roots
    while len(frontier):
        found: list[NDArray[np.int64]] = []
        g_of = groups.of[frontier]
        for g in np.unique(g_of).tolist():
            members = frontier[g_of == g]
            gcols = groups.mentors(g, int(members[0]))
            rem = gcols[~seen_m[gcols]]
            if len(rem) == 0:
                continue
            plain = members[~groups.special[members]]
            if len(plain):
                parent[rem] = plain[0]
                seen_m[rem] = True
                found.append(rem)
                continue
            for a in members.tolist():
                if len(rem) == 0:
                    break
                ok = rules.personal_ok(a, rem)
                hit = rem[ok]
                parent[hit] = a
                seen_m[hit] = True
                found.append(hit)
                rem = rem[~ok]
        if not found:
            return []
        new = np.sort(np.concatenate(found))
        ends = new[left[new] > 0]
        if len(ends):
            return disjoint_paths(ends, parent, mu)
        reached = np.zeros(m, dtype=bool)
        reached[new] = True
        nxt = held[reached[mu[held]]]
        nxt = nxt[~seen_a[nxt]]
        seen_a[nxt] = True
        frontier = nxt
    return []


def disjoint_paths(
    ends: NDArray[np.int64],
    parent: NDArray[np.int64],
    mu: NDArray[np.int64],
) -> list[Path]:
    """One path per end mentor, back to its root; paths sharing an actor are skipped."""
    used_a: set[int] = set()
    paths: list[Path] = []
    for end in ends.tolist():  # each mentor has one parent: one path per end mentor
        path: Path = []
        j = end
        while True:
            a = int(parent[j])
            if a in used_a:
                break
            path.append((a, j))
            if mu[a] < 0:  # reached an unmatched root
                used_a.update(x for x, _ in path)
                paths.append(path)
                break
            j = int(mu[a])
    return paths

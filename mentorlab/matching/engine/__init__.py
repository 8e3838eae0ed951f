"""Mentorlab matching engine: plain dataclasses in, plain dataclasses out (no Django).

Pipeline of :func:`match` (:mod:`.pipeline`), one module per step:

1. **Hard rules are edge filters** (:mod:`.rules`): a pair is possible only if actor and
   mentor share a language, the mentor takes the actor's degree level, the mentor's employer
   is not the actor's declared conflict of interest (trimmed, case-insensitive), the pair is
   not excluded by the coordinator, and the mentor has a free place.
2. **Locks** are validated (an invalid lock raises :class:`MatchingInputError`), assigned
   first and use up their mentor's capacity (:mod:`.prepare`).
3. **Candidate graph** (:mod:`.candidates`, scores from :mod:`.scoring`): one blocked,
   vectorised pass over every feasible pair keeps each actor's best ``k`` mentors and each
   mentor's best ``k`` actors, plus every ranked preference, as a
   :class:`~.edges.CandidateEdges`.
4. **Solve** (:mod:`.flow`, OR-Tools min-cost flow, source -> actor (1) -> mentor
   (capacity) -> sink): the maximum number of actors is matched, and among those matchings
   the total score is maximal on the candidate graph (exact, integer costs). Modes change
   the second criterion: ``best`` total score; ``fairest`` the lowest score first, then the
   total; ``rankings`` the actors' own ranked choices first (1st/2nd/3rd weighted 3/2/1),
   then the total.
5. **Repair** (:mod:`.repair`, every mode): actors and mentors with identical hard-rule
   profiles form classes, and a max-flow over the class graph is a max-flow over ALL
   feasible pairs: it says how many actors any matching can place. If the shortlist solve
   placed fewer, that max-flow's pairs and the unmatched actors' best pairs join the graph
   and the mode is solved again, so the number matched is the maximum by construction.
6. **Certificate** (:mod:`.certificate`, mode ``best``): LP dual prices of the mentors give
   an upper bound on what *any* matching over *all* feasible pairs, with as many actors
   matched, could score; ``gap`` says how far the result can be from that all-pairs
   optimum (0 means proven optimal). Only pairs with one end in the max-flow's Koenig cover
   can be in a maximum matching, which keeps the bound tight when places are scarce.
   Missed pairs the bound exposes are added and the problem re-solved (column generation)
   until the gap is at most ``gap_tolerance``.
7. Optional group-cohesion local improvement (:mod:`.cohesion`), unmatched reasons
   (:mod:`.explanations`), statistics.

Also here: :func:`suggestions` (one actor's best mentors), :func:`solve_pairs` (the bare
solver over explicit pairs, :mod:`.pairs`), :func:`topic_text_similarity_matrix` (peer
groups, :mod:`.similarity`). The input and output dataclasses are in :mod:`.types`.

Same input gives the same output: actors and mentors are sorted by id before anything else.
"""

from __future__ import annotations

from .pairs import DEFAULT_SCALE, solve_pairs
from .pipeline import candidate_graph, match
from .similarity import topic_text_similarity_matrix
from .suggestions import suggestions
from .text import TextBackend, TfidfBackend
from .types import (
    BOUND_METHODS,
    CRITERIA,
    LEVEL_LABEL,
    LEVELS,
    MODES,
    POINTS_PER_WEIGHT,
    Actor,
    Assignment,
    Bound,
    BoundMethod,
    CandidateGraph,
    MatchingInputError,
    Mentor,
    Mode,
    PairAssignment,
    PairResult,
    Problem,
    Result,
    Rules,
    Stats,
    Suggestion,
    Unmatched,
    Weights,
)

__all__ = [
    "BOUND_METHODS",
    "CRITERIA",
    "DEFAULT_SCALE",
    "LEVELS",
    "LEVEL_LABEL",
    "MODES",
    "POINTS_PER_WEIGHT",
    "Actor",
    "Assignment",
    "Bound",
    "BoundMethod",
    "CandidateGraph",
    "MatchingInputError",
    "Mentor",
    "Mode",
    "PairAssignment",
    "PairResult",
    "Problem",
    "Result",
    "Rules",
    "Stats",
    "Suggestion",
    "TextBackend",
    "TfidfBackend",
    "Unmatched",
    "Weights",
    "candidate_graph",
    "match",
    "solve_pairs",
    "suggestions",
    "topic_text_similarity_matrix",
]

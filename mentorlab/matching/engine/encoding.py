"""Free-form labels (languages, topics, cities, employers...) to codes, bit masks and one-hots."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

# The code of a conflict employer that no mentor works at: it matches no mentor's code.
UNKNOWN = -2


@functools.lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """Comparison key for free-form labels (topics, languages, cities, employers...)."""
    return " ".join(text.split()).casefold()


def norm_set(labels: Iterable[str]) -> frozenset[str]:
    """:func:`norm` of every label; cohorts repeat the same sets, so frozensets are cached."""
    if isinstance(labels, frozenset):
        return _norm_frozenset(labels)
    return frozenset(map(norm, labels))


@functools.lru_cache(maxsize=1 << 16)
def _norm_frozenset(labels: frozenset[str]) -> frozenset[str]:
    return frozenset(map(norm, labels))


def vocab(sets: Sequence[frozenset[str]], known: dict[str, int]) -> dict[str, int]:
    """``known`` extended by the labels of ``sets`` (sorted, so codes do not depend on order)."""
    out = dict(known)
    for item in sorted({t for s in sets for t in s if t}):
        out.setdefault(item, len(out))
    return out


def code(key: str, codes: dict[str, int], add: bool) -> int:
    """The code of a normalised label: -1 if empty; new labels are added or get ``UNKNOWN``."""
    if not key:
        return -1
    if key not in codes:
        if not add:
            return UNKNOWN
        codes[key] = len(codes)
    return codes[key]


def bitmask(
    sets: Sequence[frozenset[str]], codes: dict[str, int], words: int
) -> NDArray[np.uint64]:
    """One row of ``words`` 63-bit words per set: bit ``b`` set when the label coded ``b`` is in."""
    out = np.zeros((len(sets), words), dtype=np.uint64)
    rows = [r for r, s in enumerate(sets) for t in s if t in codes]
    if rows:
        b = np.array([codes[t] for s in sets for t in s if t in codes], dtype=np.int64)
        bits = np.left_shift(np.uint64(1), (b % 63).astype(np.uint64))
        np.bitwise_or.at(out, (np.array(rows, dtype=np.int64), b // 63), bits)
    return out


def onehot(codes: NDArray[np.int64], width: int) -> NDArray[np.float32]:
    out = np.zeros((len(codes), width), dtype=np.float32)
    ok = codes >= 0
    out[np.nonzero(ok)[0], codes[ok]] = 1.0
    return out


def multihot(sets: Sequence[frozenset[str]], codes: dict[str, int]) -> NDArray[np.float32]:
    out = np.zeros((len(sets), max(len(codes), 1)), dtype=np.float32)
    rows = [i for i, s in enumerate(sets) for _ in s]
    cols = [codes[t] for s in sets for t in s]
    out[rows, cols] = 1.0
    return out

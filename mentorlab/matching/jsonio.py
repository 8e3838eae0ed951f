"""JSON <-> engine dataclasses, with precise error paths (format: see README.md here)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

from mentorlab.matching.engine import (
    LEVELS,
    MODES,
    Actor,
    MatchingInputError,
    Mentor,
    Mode,
    PairResult,
    Problem,
    Result,
    Rules,
    Weights,
)


class InputFormatError(MatchingInputError):
    """Malformed JSON input; the message starts with the path, e.g. ``actors[3].languages``."""


@dataclass(frozen=True)
class BareInstance:
    actors: list[str]
    capacities: dict[str, int]
    pairs: list[tuple[str, str, float]]


def _fail(path: str, msg: str) -> InputFormatError:
    return InputFormatError(f"{path}: {msg}")


def _obj(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(path, "expected an object")
    return value


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(path, "expected a list")
    return value


def _str(obj: dict[str, Any], key: str, path: str, default: str | None = None) -> str:
    if key not in obj:
        if default is None:
            raise _fail(f"{path}.{key}", "required")
        return default
    value = obj[key]
    if not isinstance(value, str):
        raise _fail(f"{path}.{key}", "expected a string")
    return value


def _id(obj: dict[str, Any], path: str) -> str:
    value = _str(obj, "id", path)
    if not value.strip():
        raise _fail(f"{path}.id", "must not be empty")
    return value


def _strs(obj: dict[str, Any], key: str, path: str, required: bool = False) -> list[str]:
    if key not in obj:
        if required:
            raise _fail(f"{path}.{key}", "required")
        return []
    value = obj[key]
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise _fail(f"{path}.{key}", "expected a list of strings")
    return value


def _bool(obj: dict[str, Any], key: str, path: str) -> bool:
    value = obj.get(key, False)
    if not isinstance(value, bool):
        raise _fail(f"{path}.{key}", "expected true or false")
    return value


def _whole(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _fail(path, "must be a whole number ≥ 0")
    return value


def _unique(ids: list[str], path: str) -> None:
    seen: dict[str, int] = {}
    for n, x in enumerate(ids):
        if x in seen:
            raise _fail(f"{path}[{n}].id", f"duplicate id {x!r} (also {path}[{seen[x]}])")
        seen[x] = n


def is_bare(data: Any) -> bool:
    return isinstance(data, dict) and "pairs" in data


def bare_from_json(data: Any) -> BareInstance:
    """``{"actors": [{"id"}], "mentors": [{"id", "capacity"}], "pairs": [[a, m, score]]}``."""
    root = _obj(data, "$")
    actors = [
        _id(_obj(a, f"actors[{n}]"), f"actors[{n}]")
        for n, a in enumerate(_list(root.get("actors"), "actors"))
    ]
    _unique(actors, "actors")
    caps: dict[str, int] = {}
    mentor_ids: list[str] = []
    for n, raw in enumerate(_list(root.get("mentors"), "mentors")):
        path = f"mentors[{n}]"
        obj = _obj(raw, path)
        mid = _id(obj, path)
        if "capacity" not in obj:
            raise _fail(f"{path}.capacity", "required")
        mentor_ids.append(mid)
        caps[mid] = _whole(obj["capacity"], f"{path}.capacity")
    _unique(mentor_ids, "mentors")
    known = set(actors)
    pairs: list[tuple[str, str, float]] = []
    seen: dict[tuple[str, str], int] = {}
    for n, raw in enumerate(_list(root.get("pairs"), "pairs")):
        path = f"pairs[{n}]"
        if not isinstance(raw, list) or len(raw) != 3:
            raise _fail(path, "expected [actor, mentor, score]")
        a, m, s = raw
        if not isinstance(a, str) or a not in known:
            raise _fail(path, f"unknown actor {_show(a)}")
        if not isinstance(m, str) or m not in caps:
            raise _fail(path, f"unknown mentor {_show(m)}")
        if isinstance(s, bool) or not isinstance(s, (int, float)) or not math.isfinite(s):
            raise _fail(path, "score must be a finite number")
        if (a, m) in seen:
            raise _fail(path, f"duplicate pair ({a!r}, {m!r}), first at pairs[{seen[(a, m)]}]")
        seen[(a, m)] = n
        pairs.append((a, m, float(s)))
    return BareInstance(actors, caps, pairs)


def _show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


def problem_from_json(data: Any) -> Problem:
    """The full profile format (see README.md)."""
    root = _obj(data, "$")
    actors: list[Actor] = []
    for n, raw in enumerate(_list(root.get("actors"), "actors")):
        p = f"actors[{n}]"
        o = _obj(raw, p)
        level = _str(o, "degree_level", p)
        if level not in LEVELS:
            raise _fail(f"{p}.degree_level", 'expected "masters" or "doctoral"')
        prefs = _strs(o, "preferences", p)
        if len(prefs) > 3:
            raise _fail(f"{p}.preferences", "at most 3 mentor ids")
        actors.append(
            Actor(
                id=_id(o, p),
                degree_level=level,
                field=_str(o, "field", p, ""),
                languages=frozenset(_strs(o, "languages", p, required=True)),
                topics=frozenset(_strs(o, "topics", p)),
                industries=frozenset(_strs(o, "industries", p)),
                goals_text=_str(o, "goals_text", p, ""),
                city=_str(o, "city", p, ""),
                remote_ok=_bool(o, "remote_ok", p),
                conflict_employer=_str(o, "conflict_employer", p, ""),
                preferences=tuple(prefs),
            )
        )
    _unique([a.id for a in actors], "actors")
    mentors: list[Mentor] = []
    for n, raw in enumerate(_list(root.get("mentors"), "mentors")):
        p = f"mentors[{n}]"
        o = _obj(raw, p)
        levels = _strs(o, "levels", p, required=True)
        for lv in levels:
            if lv not in LEVELS:
                raise _fail(f"{p}.levels", f'unknown level "{lv}" (use "masters", "doctoral")')
        if "capacity" not in o:
            raise _fail(f"{p}.capacity", "required")
        mentors.append(
            Mentor(
                id=_id(o, p),
                levels=frozenset(levels),
                field=_str(o, "field", p, ""),
                languages=frozenset(_strs(o, "languages", p, required=True)),
                topics=frozenset(_strs(o, "topics", p)),
                industry=_str(o, "industry", p, ""),
                employer=_str(o, "employer", p, ""),
                offer_text=_str(o, "offer_text", p, ""),
                city=_str(o, "city", p, ""),
                remote_ok=_bool(o, "remote_ok", p),
                capacity=_whole(o["capacity"], f"{p}.capacity"),
            )
        )
    _unique([m.id for m in mentors], "mentors")
    a_ids = {a.id for a in actors}
    m_ids = {m.id for m in mentors}
    for a in actors:
        for mid in a.preferences:
            if mid not in m_ids:
                idx = [x.id for x in actors].index(a.id)
                raise _fail(f"actors[{idx}].preferences", f'unknown mentor "{mid}"')
    rules_raw = _obj(root.get("rules", {}), "rules")
    rules = Rules(
        exclusions=frozenset(_pairs(rules_raw, "exclusions", a_ids, m_ids)),
        locks=tuple(_pairs(rules_raw, "locks", a_ids, m_ids)),
    )
    weights_raw = _obj(root.get("weights", {}), "weights")
    known = set(Weights().as_dict())
    for key, value in weights_raw.items():
        if key not in known:
            raise _fail(f"weights.{key}", f"unknown criterion (use {', '.join(sorted(known))})")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise _fail(f"weights.{key}", "must be a number ≥ 0")
        if not math.isfinite(value):
            raise _fail(f"weights.{key}", "must be a finite number ≥ 0")
    mode = root.get("mode", "best")
    if mode not in MODES:
        raise _fail("mode", f"expected one of {', '.join(MODES)}")
    k = _whole(root.get("k", 10), "k")
    if k < 1:
        raise _fail("k", "must be ≥ 1")
    return Problem(
        actors=actors,
        mentors=mentors,
        rules=rules,
        weights=Weights(**{k_: float(v) for k_, v in weights_raw.items()}),
        mode=_mode(mode),
        k=k,
    )


def _mode(value: str) -> Mode:
    for m in MODES:
        if m == value:
            return m
    raise _fail("mode", f"expected one of {', '.join(MODES)}")


def _pairs(
    rules: dict[str, Any], key: str, a_ids: set[str], m_ids: set[str]
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for n, raw in enumerate(_list(rules.get(key, []), f"rules.{key}")):
        path = f"rules.{key}[{n}]"
        if not isinstance(raw, list) or len(raw) != 2 or not all(isinstance(x, str) for x in raw):
            raise _fail(path, "expected [actor_id, mentor_id]")
        if raw[0] not in a_ids:
            raise _fail(path, f'unknown actor "{raw[0]}"')
        if raw[1] not in m_ids:
            raise _fail(path, f'unknown mentor "{raw[1]}"')
        out.append((raw[0], raw[1]))
    return out


def result_to_json(result: Result) -> dict[str, Any]:
    stats = asdict(result.stats)
    return {
        "mode": result.mode,
        "assignments": [asdict(a) for a in result.assignments],
        "unmatched": [asdict(u) for u in result.unmatched],
        "mentor_remaining": result.mentor_remaining,
        "stats": stats,
    }


def pair_result_to_json(result: PairResult) -> dict[str, Any]:
    return {
        "assignments": [
            {"actor": a.actor, "mentor": a.mentor, "score": a.score} for a in result.assignments
        ],
        "unmatched": [
            {"actor": u.actor, "reason": u.reason, "code": u.code} for u in result.unmatched
        ],
    }

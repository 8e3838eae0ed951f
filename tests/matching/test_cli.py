"""``python -m mentorlab.matching``: both formats, errors and exit codes (subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

BARE: dict[str, list[Any]] = {
    "actors": [{"id": "a1"}, {"id": "a2"}, {"id": "a7"}],
    "mentors": [{"id": "m1", "capacity": 1}, {"id": "m2", "capacity": 1}],
    "pairs": [["a1", "m1", 0.9], ["a1", "m2", 0.8], ["a2", "m1", 0.1]],
}

FULL = {
    "mode": "best",
    "k": 10,
    "weights": {"topics": 3, "text": 1},
    "actors": [
        {
            "id": "a1",
            "degree_level": "masters",
            "languages": ["fi", "en"],
            "topics": ["ai"],
            "goals_text": "machine learning research",
            "city": "Espoo",
            "preferences": ["m1"],
        },
        {"id": "a2", "degree_level": "doctoral", "languages": ["sv"]},
    ],
    "mentors": [
        {
            "id": "m1",
            "levels": ["masters"],
            "languages": ["en"],
            "topics": ["ai"],
            "offer_text": "I lead machine learning research",
            "city": "Espoo",
            "capacity": 2,
        }
    ],
    "rules": {"exclusions": [], "locks": []},
}


def run(tmp_path: Path, data: Any, *args: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    src = tmp_path / "in.json"
    src.write_text(data if isinstance(data, str) else json.dumps(data))
    out = tmp_path / "out.json"
    proc = subprocess.run(
        [sys.executable, "-m", "mentorlab.matching", str(src), "-o", str(out), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return proc, out


def test_bare_format(tmp_path: Path) -> None:
    proc, out = run(tmp_path, BARE)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text()) == {
        "assignments": [
            {"actor": "a1", "mentor": "m2", "score": 0.8},
            {"actor": "a2", "mentor": "m1", "score": 0.1},
        ],
        "unmatched": [
            {"actor": "a7", "reason": "no allowed pair for this actor", "code": "no_pairs"}
        ],
    }


def test_stdout_without_output_flag(tmp_path: Path) -> None:
    src = tmp_path / "in.json"
    src.write_text(json.dumps(BARE))
    proc = subprocess.run(
        [sys.executable, "-m", "mentorlab.matching", str(src)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0
    assert len(json.loads(proc.stdout)["assignments"]) == 2


def test_full_format(tmp_path: Path) -> None:
    proc, out = run(tmp_path, FULL, "--mode", "fairest", "-k", "5")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(out.read_text())
    assert result["mode"] == "fairest"
    (a,) = result["assignments"]
    assert (a["actor"], a["mentor"], a["locked"]) == ("a1", "m1", False)
    assert a["score"] == sum(a["breakdown"].values()) and a["breakdown"]["topics"] == 300
    (u,) = result["unmatched"]
    assert u["actor"] == "a2" and u["code"] == "no_shared_language"
    assert result["mentor_remaining"] == {"m1": 1}
    assert result["stats"]["matched"] == 1 and result["stats"]["ranked_choice"] == 1


def bad(path_msg: str, **changes: Any) -> tuple[dict[str, Any], str]:
    data = json.loads(json.dumps(FULL))
    for dotted, value in changes.items():
        target: Any = data
        keys = dotted.split("__")
        for key in keys[:-1]:
            target = target[int(key)] if key.isdigit() else target[key]
        last = keys[-1]
        target[int(last) if last.isdigit() else last] = value
    return data, path_msg


@pytest.mark.parametrize(
    ("data", "message"),
    [
        bad("actors[1].languages: expected a list of strings", actors__1__languages="sv"),
        bad("mentors[0].capacity: must be a whole number ≥ 0", mentors__0__capacity=-1),
        bad("mentors[0].capacity: must be a whole number ≥ 0", mentors__0__capacity=1.5),
        bad("actors[1].id: duplicate id 'a1' (also actors[0])", actors__1__id="a1"),
        bad(
            'actors[0].degree_level: expected "masters" or "doctoral"',
            actors__0__degree_level="phd",
        ),
        bad('rules.locks[0]: unknown mentor "m9"', rules__locks=[["a1", "m9"]]),
        bad("weights.colour: unknown criterion", weights={"colour": 1}),
        bad(
            "lock ('a2', 'm1') breaks a hard rule: they share no language",
            rules__locks=[["a2", "m1"]],
        ),
        (
            {**BARE, "pairs": [*BARE["pairs"], ["a1", "m99", 0.5]]},
            'pairs[3]: unknown mentor "m99"',
        ),
        ({**BARE, "pairs": [*BARE["pairs"], ["a1", "m1", 0.2]]}, "pairs[3]: duplicate pair"),
        ({**BARE, "pairs": [["a1", "m1", "high"]]}, "pairs[0]: score must be a finite number"),
        (
            {**BARE, "mentors": [{"id": "m1", "capacity": -2}]},
            "mentors[0].capacity: must be a whole number ≥ 0",
        ),
        ("{not json", "invalid JSON at line 1"),
    ],
)
def test_malformed_input_exits_2_and_writes_nothing(
    tmp_path: Path, data: Any, message: str
) -> None:
    proc, out = run(tmp_path, data)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert not out.exists()
    assert proc.stdout == ""

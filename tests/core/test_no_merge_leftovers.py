"""A merge that left conflict markers in a file must not land: the markers would show in the
README, break a template or hide half of a translation catalogue."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MARKER = re.compile(r"^(<{7} |>{7} |={7}$)", re.MULTILINE)
TEXT_SUFFIXES = {".py", ".md", ".html", ".txt", ".po", ".toml", ".css", ".js", ".json", ".cfg"}


def tracked_text_files() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files"],  # noqa: S607 - git from PATH, as the developer runs it
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / name for name in listed if Path(name).suffix in TEXT_SUFFIXES]


def test_no_file_holds_merge_conflict_markers():
    leftovers = [
        str(path.relative_to(ROOT))
        for path in tracked_text_files()
        if path.is_file() and MARKER.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert leftovers == []

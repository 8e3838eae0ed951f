"""Demo data: the starter set of tips and tools, loaded exactly as `load_library` does."""

from __future__ import annotations

from typing import Any

from .services import library_load


def seed(stdout: Any) -> None:
    report = library_load()
    stdout.write(
        f"  library: {len(report.created)} articles created, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged"
    )

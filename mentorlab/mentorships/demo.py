from __future__ import annotations

from typing import Any


def seed(stdout: Any) -> None:
    """Demo data for this app (filled in as the app is built)."""

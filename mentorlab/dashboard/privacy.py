"""The coordinator dashboard only reads other apps' data and stores nothing of its own,
so it has nothing to export or erase. (Kept so that every app answers the same two
questions.)"""

from __future__ import annotations

from typing import Any

from mentorlab.accounts.models import User


def export(user: User) -> dict[str, Any]:
    return {}


def erase(user: User) -> None:
    return None

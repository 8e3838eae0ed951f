"""The pairs as a table for coordinators' CSV and Excel files: dates, counts, states and
reasons for attention, never what the pairs wrote. One table for the dashboard's export of a
programme and the overview's export of the chosen pairs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from .selectors import CoordinatorRow

Table = tuple[list[str], list[list[Any]]]


def _date(value: Any) -> str:
    return value.date().isoformat() if value else ""


def pairs_table(rows: Iterable[CoordinatorRow]) -> Table:
    header = [
        _("Mentor"),
        _("Students"),
        _("State"),
        _("Introduced"),
        _("Agreement confirmed"),
        _("Ended"),
        _("Meetings held"),
        _("Meetings planned"),
        _("Last meeting"),
        _("Goals open"),
        _("Goals in progress"),
        _("Goals achieved"),
        _("Goals dropped"),
        _("Needs attention"),
    ]
    table = []
    for r in rows:
        g = r.goals_by_status
        table.append(
            [
                r.mentor_name,
                "; ".join(r.actor_names),
                r.state_label,
                _date(r.introduced_at),
                _date(r.agreed_at),
                _date(r.ended_at),
                r.held,
                r.planned,
                _date(r.last_meeting),
                g.get("open", 0),
                g.get("in_progress", 0),
                g.get("achieved", 0),
                g.get("dropped", 0),
                "; ".join(r.flags),
            ]
        )
    return [str(h) for h in header], table

"""Count the rows a page loads from the database.

A page that pages in SQL loads about one page of rows whatever the programme's size; a page
that loads every application, pair or registration and pages in Python loads them all. The
query-count test cannot tell the two apart (both cost the same number of queries), so the
tests that guard cohort-scale pages also count the rows fetched, with `rows_fetched()`:

    with rows_fetched() as rows:
        client.get(url)
    assert rows.total < 400, rows.by_table()

Every row any query returns is counted (`fetchone`, `fetchmany`, `fetchall` on Django's
cursor wrapper), so `values()` and raw aggregates count as well as model instances.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

from django.db.backends.utils import CursorWrapper

_FROM = re.compile(r'\bFROM\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE)


@dataclass
class RowCount:
    total: int = 0
    tables: Counter[str] = field(default_factory=Counter)

    def add(self, sql: str | None, rows: int) -> None:
        self.total += rows
        match = _FROM.search(sql or "")
        self.tables[match.group(1) if match else "?"] += rows

    def by_table(self) -> dict[str, int]:
        """Rows per table of the query's first FROM, largest first (for failure messages)."""
        return dict(self.tables.most_common())


@contextmanager
def rows_fetched() -> Iterator[RowCount]:
    count = RowCount()
    last_sql: dict[int, str] = {}
    execute = CursorWrapper.execute

    def remember(self: CursorWrapper, sql: str, params: Any = None) -> Any:
        last_sql[id(self)] = sql
        return execute(self, sql, params)

    def counting(name: str) -> Callable[..., Any]:
        def fetch(self: CursorWrapper, *args: Any) -> Any:
            result = getattr(self.cursor, name)(*args)
            rows = (0 if result is None else 1) if name == "fetchone" else len(result)
            count.add(last_sql.get(id(self)), rows)
            return result

        return fetch

    with (
        mock.patch.object(CursorWrapper, "execute", remember),
        mock.patch.object(CursorWrapper, "fetchone", counting("fetchone"), create=True),
        mock.patch.object(CursorWrapper, "fetchmany", counting("fetchmany"), create=True),
        mock.patch.object(CursorWrapper, "fetchall", counting("fetchall"), create=True),
    ):
        yield count

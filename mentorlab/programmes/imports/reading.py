"""Reading an uploaded spreadsheet into plain text cells, whatever its format."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass

import tablib
from django.utils.translation import gettext as _

from mentorlab.core.spreadsheets import FORMULA_START

MAX_ROWS = 20_000


class UnreadableFile(Exception):
    """The file is not a spreadsheet we can read; the message says why, for the person."""


@dataclass(frozen=True)
class Table:
    """The header row and the data rows. Row numbers count as the spreadsheet program
    shows them: the header is row 1, the first data row is row 2."""

    headers: list[str]
    rows: list[list[str]]

    def numbered(self) -> list[tuple[int, list[str]]]:
        return [(index + 2, row) for index, row in enumerate(self.rows)]


def is_xlsx(content: bytes) -> bool:
    return content[:4] == b"PK\x03\x04"  # an .xlsx is a zip archive


def read_table(content: bytes) -> Table:
    """Read CSV (UTF-8, with or without BOM, or Windows-1252; comma, semicolon or tab) or
    .xlsx (the first sheet). Raises UnreadableFile with a reason the person can act on."""
    if not content.strip():
        raise UnreadableFile(_("The file is empty."))
    dataset = tablib.Dataset()
    try:
        if is_xlsx(content):
            dataset.load(content, format="xlsx")
        else:
            text = _decode(content)
            dataset.load(text, format="csv", delimiter=_delimiter(text))
    except tablib.InvalidDimensions as exc:
        raise UnreadableFile(
            _("Some rows have a different number of cells than the header row.")
        ) from exc
    except Exception as exc:  # tablib and openpyxl raise many kinds for a damaged file
        raise UnreadableFile(_("This is not a CSV or Excel (.xlsx) file we can read.")) from exc
    headers = [_cell(h) for h in dataset.headers or []]
    rows = [[_cell(c) for c in row] for row in dataset]
    # Spreadsheet programs often leave empty rows (or a formatted but empty area) below the
    # data; they are not rows of the import.
    while rows and not any(rows[-1]):
        rows.pop()
    if not any(headers):
        raise UnreadableFile(_("The first row must name the columns."))
    if len(rows) > MAX_ROWS:
        raise UnreadableFile(
            _("The file has %(count)d rows; at most %(max)d can be imported at once.")
            % {"count": len(rows), "max": MAX_ROWS}
        )
    return Table(headers=headers, rows=rows)


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's "CSV" on Windows is still often Windows-1252.
        return content.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t").delimiter
    except csv.Error:
        return ","


def _cell(value: object) -> str:
    """One cell as text: numbers without a spurious ".0", dates as ISO dates, and the
    apostrophe our CSV exports put before formula-like text (`core.spreadsheets`) taken off
    again."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if text[:1] == "'" and text[1:].startswith(FORMULA_START):
        text = text[1:]
    return text

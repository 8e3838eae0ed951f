"""Spreadsheet downloads (CSV and Excel) for every export in Mentorlab.

Cells hold text that people typed (names, answers, cities), and spreadsheet programs run a
cell that starts with = + - @ (or a tab or return before one) as a formula. The two formats
are protected differently:

- CSV has no cell types, so such a cell gets a leading apostrophe (`formula_safe`). The file
  starts with a UTF-8 byte-order mark: without it Excel reads UTF-8 as a legacy code page and
  "Åsa Öhman" arrives as "Ã…sa Ã–hman".
- Excel files carry types, so text is written as a text cell with the text number format and
  no apostrophe at all: Excel then shows "+358 40 123 4567" as typed and never runs it.
  Numbers, dates and booleans stay typed so they can be summed and sorted.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

Row = Sequence[Any]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BYTE_ORDER_MARK = "\ufeff"
# Excel's limit on a sheet's name.
SHEET_TITLE_MAX = 31


def formula_safe(value: Any) -> Any:
    """The CSV form of a cell: text a spreadsheet would run as a formula gets a leading
    apostrophe (which spreadsheets read as "this is text"); anything else is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(rows: Iterable[Row]) -> str:
    """The rows as CSV text with a byte-order mark, every cell formula-safe; None is empty."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if value is None else formula_safe(value) for value in row])
    return BYTE_ORDER_MARK + buffer.getvalue()


def csv_response(rows: Iterable[Row], *, filename: str) -> HttpResponse:
    response = HttpResponse(csv_text(rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _typed(value: Any) -> bool:
    # bool is an int; datetimes are dates. Everything else is written as text.
    return isinstance(value, int | float | dt.date | dt.time | dt.timedelta)


def excel_cell(sheet: Worksheet, value: Any) -> Cell:
    """A cell for the sheet: numbers, dates and booleans typed, anything else stored as
    text (never a formula), empty for None."""
    cell = Cell(sheet)
    if value is None or _typed(value):
        cell.value = value
        return cell
    # openpyxl refuses control characters that XML cannot hold; they carry no meaning.
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    # A line break in a cell is a line feed. Said here rather than left to the XML writer:
    # the standard library's writer turns a carriage return into one, lxml's (installed
    # with single sign-on's SAML support) keeps it, and the file must not depend on that.
    cell.value = text.replace("\r\n", "\n").replace("\r", "\n")
    # Setting the value marks text starting with "=" as a formula; it is text.
    cell.data_type = "s"
    cell.number_format = "@"
    return cell


def xlsx_bytes(sheets: Mapping[str, Iterable[Row]]) -> bytes:
    """A workbook with one sheet per entry (title → rows), text cells stored as text."""
    workbook = Workbook()
    for index, (title, rows) in enumerate(sheets.items()):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        assert isinstance(sheet, Worksheet)
        sheet.title = title[:SHEET_TITLE_MAX]
        for row in rows:
            sheet.append([excel_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(sheets: Mapping[str, Iterable[Row]], *, filename: str) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

"""The one spreadsheet writer: CSV that Excel opens with the right letters, and no typed text
that runs as a formula in either format."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from mentorlab.core.spreadsheets import csv_response, formula_safe, xlsx_response

TYPED_FORMULAS = ["=1+1", "+358 40 123 4567", "-2", "@SUM(A1)", "\t=1+1", "\r=2+2"]


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _sheet(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_csv_starts_with_a_byte_order_mark_so_excel_reads_utf8():
    response = csv_response([["Name"], ["Åsa Öhman"]], filename="people.csv")
    assert response.content.startswith("\ufeff".encode())
    assert _csv_rows(response) == [["Name"], ["Åsa Öhman"]]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'


@pytest.mark.parametrize("text", TYPED_FORMULAS)
def test_csv_quotes_text_a_spreadsheet_would_run_as_a_formula(text):
    assert formula_safe(text) == "'" + text
    assert _csv_rows(csv_response([[text]], filename="x.csv")) == [["'" + text]]


@pytest.mark.parametrize("value", ["Åsa Öhman", "a=b", "", 3, -2, 1.5, None])
def test_ordinary_text_and_numbers_are_left_alone(value):
    assert formula_safe(value) == value


def test_csv_writes_none_as_an_empty_cell_and_keeps_numbers():
    assert _csv_rows(csv_response([[None, 3, -2.5]], filename="x.csv")) == [["", "3", "-2.5"]]


@pytest.mark.parametrize("text", TYPED_FORMULAS)
def test_excel_keeps_typed_text_as_text_without_a_visible_apostrophe(text):
    cell = _sheet(xlsx_response({"People": [[text]]}, filename="x.xlsx"))["A1"]
    # No guard apostrophe in front (XML files store a carriage return as a line feed).
    assert cell.value == text.replace("\r", "\n")
    assert cell.data_type == "s"  # a string, never a formula
    assert cell.number_format == "@"


def test_excel_shows_names_with_nordic_letters():
    sheet = _sheet(xlsx_response({"People": [["Name"], ["Åsa Öhman"]]}, filename="x.xlsx"))
    assert sheet.title == "People"
    assert [c.value for c in sheet["A"]] == ["Name", "Åsa Öhman"]


def test_excel_keeps_numbers_dates_and_booleans_typed():
    day = dt.date(2031, 5, 4)
    sheet = _sheet(xlsx_response({"S": [[3, -2.5, True, day, None, "x"]]}, filename="x.xlsx"))
    values = [c.value for c in sheet[1]]
    assert values[:3] == [3, -2.5, True]
    assert values[3].date() == day
    assert values[4:] == [None, "x"]
    assert sheet["A1"].data_type == "n"


def test_excel_has_one_sheet_per_table_with_names_cut_to_excels_limit():
    response = xlsx_response({"First": [["a"]], "x" * 40: [["b"]]}, filename="two.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["First", "x" * 31]
    assert response["Content-Disposition"] == 'attachment; filename="two.xlsx"'

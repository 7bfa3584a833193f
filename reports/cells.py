"""Cells of the exported tables: text is never taken for a formula (OWASP "CSV Injection").

Exports carry text typed by people — department and organ names, and whatever else a
table shows — into spreadsheet programs, which run a cell beginning with ``=``, ``+``,
``-`` or ``@`` (or a tab or carriage return before one) as a formula: ``=HYPERLINK(…)``
sends the reader's data away, ``=cmd|…`` once ran programs. Every CSV and XLSX writer of
the project writes its cells through this module:

- CSV has no types: such text is written with a single quote in front (``'=HYPERLINK…``),
  as OWASP recommends, which spreadsheet programs show as text.
- XLSX has types: text is always a string cell (``data_type`` ``s``), never a formula, and
  text that looks like one is also marked "quote prefix", so that editing the cell in the
  program keeps it text. Nothing is added to the text itself.

Numbers (including negative ones) are numbers in both.
"""

from __future__ import annotations

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

#: What makes a spreadsheet program read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_value(value: object) -> object:
    """``value`` for a CSV cell: empty for None, text that looks like a formula quoted."""
    if value is None:
        return ""
    if looks_like_formula(value):
        return "'" + value
    return value


def csv_row(row) -> list:
    return [csv_value(value) for value in row]


def xlsx_cell(ws: Worksheet, row: int, column: int, value: object) -> Cell:
    """Write ``value`` into the cell at (``row``, ``column``): text as a string cell."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl would store text beginning with "=" as a formula
        if looks_like_formula(value):
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def xlsx_row(ws: Worksheet, row: int, values, *, first_column: int = 1) -> list[Cell]:
    return [
        xlsx_cell(ws, row, first_column + offset, value) for offset, value in enumerate(values)
    ]

"""The annual report as an XLSX workbook laid out like the statutory tables.

One sheet per table: merged header cells, the verbatim labels, borders, column widths and
an A4 page set-up. Below table 三 the identity check is printed per column; a column where
it fails is marked in red, with the warnings, so a broken report cannot pass unnoticed.
Every cell is written through ``reports.cells``: text (the organ's name too) is never a
formula.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .annual import TABLE3_TITLE, TABLE4_TITLE, AnnualReport
from .annual_layout import (
    LABEL_COLUMNS,
    Cell,
    table3_header,
    table3_rows,
    table4_header,
    table4_values,
)
from .cells import xlsx_cell

FONT = "宋体"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RED_FILL = PatternFill("solid", fgColor="FFC7CE")
RED_FONT = Font(name=FONT, size=11, bold=True, color="9C0006")


def _place(
    ws: Worksheet, top: int, left: int, cell: Cell, *, align: Alignment = CENTRE,
    bold: bool = False,
) -> None:
    """Write ``cell`` with its top-left corner at (``top``, ``left`` + its column), merged
    over its span, every covered cell bordered."""
    row, col = top, left + cell.column
    xlsx_cell(ws, row, col, cell.text)
    last_row, last_col = row + cell.rowspan - 1, col + cell.colspan - 1
    if (last_row, last_col) != (row, col):
        ws.merge_cells(start_row=row, start_column=col, end_row=last_row, end_column=last_col)
    for r in range(row, last_row + 1):
        for c in range(col, last_col + 1):
            target = ws.cell(row=r, column=c)
            target.border = BORDER
            target.alignment = align
            target.font = Font(name=FONT, size=10, bold=bold)


def _value(ws: Worksheet, row: int, col: int, value, *, bold: bool = False) -> None:
    target = xlsx_cell(ws, row, col, value)
    target.border = BORDER
    target.alignment = CENTRE
    target.font = Font(name=FONT, size=10, bold=bold)


def _title(ws: Worksheet, report: AnnualReport, title: str, width: int) -> None:
    xlsx_cell(ws, 1, 1, title).font = Font(name=FONT, size=14, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(row=1, column=1).alignment = CENTRE
    caption = _("%(organ)s　%(year)s年度") % {"organ": report.organ_name, "year": report.year}
    xlsx_cell(ws, 2, 1, caption).font = Font(name=FONT, size=11)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    ws.cell(row=2, column=1).alignment = CENTRE
    ws.row_dimensions[1].height = 28


def _page_setup(ws: Worksheet, *, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True


def _table3_sheet(ws: Worksheet, report: AnnualReport) -> None:
    width = LABEL_COLUMNS + len(report.rows[0].values)
    _title(ws, report, TABLE3_TITLE, width)
    top = 3
    for offset, header_row in enumerate(table3_header()):
        for cell in header_row:
            _place(ws, top + offset, 1, cell, bold=cell.column >= LABEL_COLUMNS)
    ws.cell(row=top, column=1).alignment = LEFT
    top += 3
    for offset, row in enumerate(table3_rows(report)):
        r = top + offset
        for cell in row.cells:
            align = LEFT if cell.column > 0 or cell.colspan > 1 else CENTRE
            _place(ws, r, 1, cell, align=align, bold=row.emphasis)
        for n, value in enumerate(row.values):
            _value(ws, r, LABEL_COLUMNS + 1 + n, value, bold=row.emphasis)
        ws.row_dimensions[r].height = 30 if any(len(c.text) > 20 for c in row.cells) else 18
    r = top + len(report.rows) + 1
    _identity(ws, report, r)

    widths = {1: 7, 2: 16, 3: 42}
    for col in range(1, width + 1):
        ws.column_dimensions[get_column_letter(col)].width = widths.get(col, 11)
    ws.row_dimensions[3].height = 24
    ws.row_dimensions[5].height = 30
    ws.freeze_panes = ws.cell(row=6, column=LABEL_COLUMNS + 1)
    _page_setup(ws, landscape=False)


def _identity(ws: Worksheet, report: AnnualReport, r: int) -> None:
    """The identity check under table 三: 一+二, 三（七）+四, and whether they agree."""
    lines = [
        (_("勾稽关系：第一项加第二项之和"), [c.received for c in report.identity]),
        (_("第三项加第四项之和"), [c.accounted for c in report.identity]),
        (
            _("勾稽关系是否成立"),
            [_("成立") if c.holds else _("不成立") for c in report.identity],
        ),
    ]
    for offset, (label, values) in enumerate(lines):
        row = r + offset
        _place(ws, row, 1, Cell(label, 0, colspan=LABEL_COLUMNS), align=LEFT)
        for n, value in enumerate(values):
            _value(ws, row, LABEL_COLUMNS + 1 + n, value)
            if not report.identity[n].holds:
                ws.cell(row=row, column=LABEL_COLUMNS + 1 + n).fill = RED_FILL
                ws.cell(row=row, column=LABEL_COLUMNS + 1 + n).font = RED_FONT
    row = r + len(lines) + 1
    width = LABEL_COLUMNS + len(report.identity)
    for warning in report.warnings:
        xlsx_cell(ws, row, 1, warning).font = RED_FONT
        ws.cell(row=row, column=1).alignment = LEFT
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        ws.row_dimensions[row].height = 32
        row += 1


def _table4_sheet(ws: Worksheet, report: AnnualReport) -> None:
    values = table4_values(report)
    width = len(values)
    _title(ws, report, TABLE4_TITLE, width)
    top = 3
    for offset, header_row in enumerate(table4_header()):
        for cell in header_row:
            _place(ws, top + offset, 1, cell, bold=True)
    for n, value in enumerate(values):
        _value(ws, top + 3, 1 + n, value)
    for col in range(1, width + 1):
        ws.column_dimensions[get_column_letter(col)].width = 9
    ws.row_dimensions[top + 2].height = 30
    _page_setup(ws, landscape=True)


def annual_report_xlsx(report: AnnualReport) -> bytes:
    """The workbook's bytes: sheet 表三 (table 三 and the identity check) and sheet 表四."""
    workbook = Workbook()
    table3 = workbook.active
    table3.title = "表三"
    _table3_sheet(table3, report)
    _table4_sheet(workbook.create_sheet("表四"), report)
    workbook.properties.title = _("%(organ)s%(year)s年度政府信息公开工作年度报告（表三、表四）") % {
        "organ": report.organ_name, "year": report.year,
    }
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

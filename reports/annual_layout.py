"""The printed layout of tables 三 and 四: which label cells span which rows and columns.

One layout drives every rendering (the XLSX workbook, the HTML of the screen and the PDF),
so the statutory table looks the same everywhere: table 三 has three label columns — the
section (一 … 四), the outcome group (（一） … （七）) and the leaf (1. 2. …) — merged as in
the format of Guo Ban Gong Kai Ban Han [2021] No. 30.
"""

from __future__ import annotations

from dataclasses import dataclass

from .annual import (
    APPLICANT_HEADER,
    COLUMN_KEYS,
    COLUMN_LABELS,
    KIND_COLUMNS,
    LITIGATION_HEADER,
    NATURAL_PERSON_HEADER,
    ORGANISATION_HEADER,
    RECONSIDERATION_HEADER,
    RESULTS_LABEL,
    TABLE3_NOTE,
    TABLE4_COLUMNS,
    TABLE4_GROUPS,
    TOTAL_LABEL,
    AnnualReport,
)

LABEL_COLUMNS = 3


@dataclass(frozen=True)
class Cell:
    """A cell of the table's grid; ``column`` counts from 0 at the first label column."""

    text: str
    column: int
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class LayoutRow:
    key: str
    cells: tuple[Cell, ...]  # the label cells that start in this row
    values: tuple[int, ...]
    emphasis: bool = False  # the total rows


def table3_header() -> list[list[Cell]]:
    """The three header rows of table 三 (value columns start at ``LABEL_COLUMNS``)."""
    first = LABEL_COLUMNS
    organisations = len(KIND_COLUMNS) - 1
    return [
        [
            Cell(TABLE3_NOTE, 0, colspan=LABEL_COLUMNS, rowspan=3),
            Cell(APPLICANT_HEADER, first, colspan=len(COLUMN_KEYS)),
        ],
        [
            Cell(NATURAL_PERSON_HEADER, first, rowspan=2),
            Cell(ORGANISATION_HEADER, first + 1, colspan=organisations),
            Cell(TOTAL_LABEL, first + 1 + organisations, rowspan=2),
        ],
        [
            Cell(COLUMN_LABELS[kind], first + 1 + n)
            for n, kind in enumerate(KIND_COLUMNS[1:])
        ],
    ]


def table3_rows(report: AnnualReport) -> list[LayoutRow]:
    """Table 三's body rows with their label cells spanned as in the statutory format."""
    result_rows = [row for row in report.rows if row.section == "三"]
    group_sizes: dict[str, int] = {}
    for row in result_rows:
        group_sizes[row.group] = group_sizes.get(row.group, 0) + 1
    layout: list[LayoutRow] = []
    seen_groups: set[str] = set()
    for row in report.rows:
        cells: list[Cell] = []
        if row.section != "三":
            cells.append(Cell(row.label, 0, colspan=LABEL_COLUMNS))
        else:
            if row is result_rows[0]:
                cells.append(Cell(RESULTS_LABEL, 0, rowspan=len(result_rows)))
            if group_sizes[row.group] == 1:
                # （一）（二）（七）: the group is its own row.
                cells.append(Cell(row.group_label, 1, colspan=2))
            else:
                if row.group not in seen_groups:
                    cells.append(Cell(row.group_label, 1, rowspan=group_sizes[row.group]))
                cells.append(Cell(row.label, 2))
            seen_groups.add(row.group)
        layout.append(
            LayoutRow(row.key, tuple(cells), row.values, emphasis=row.key in {"7"})
        )
    return layout


def table4_header() -> list[list[Cell]]:
    """The three header rows of table 四 (15 value columns, no label column)."""
    width = len(TABLE4_COLUMNS)
    reconsideration, direct, after = (label for _key, label in TABLE4_GROUPS)
    assert reconsideration == RECONSIDERATION_HEADER
    return [
        [
            Cell(RECONSIDERATION_HEADER, 0, colspan=width, rowspan=2),
            Cell(LITIGATION_HEADER, width, colspan=2 * width),
        ],
        [Cell(direct, width, colspan=width), Cell(after, 2 * width, colspan=width)],
        [
            Cell(label, g * width + n)
            for g in range(len(TABLE4_GROUPS))
            for n, (_key, label) in enumerate(TABLE4_COLUMNS)
        ],
    ]


def table4_values(report: AnnualReport) -> tuple[int, ...]:
    return tuple(
        report.table4[group][column]
        for group, _label in TABLE4_GROUPS
        for column, _col_label in TABLE4_COLUMNS
    )

"""Every dashboard table as CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese)
and as XLSX; cells are written through ``reports.cells``, so that no text is run as a
formula."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from requests.models import Organ

from .cells import csv_row, xlsx_row
from .dashboard import (
    COUNT_FIGURES,
    DIMENSIONS,
    Filters,
    Period,
    dashboard_counts,
    day_counts,
    dimension_labels,
    figure_labels,
    filter_key,
    summaries,
    value_labels,
)
from .stages import stage_times

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_titles() -> dict[str, str]:
    dims = dimension_labels()
    titles = {f"by_{d}": _("按%(dimension)s统计") % {"dimension": dims[d]} for d in DIMENSIONS}
    titles["processing"] = _("办理用时（净工作日）")
    titles["stages"] = _("各环节用时（小时）")
    return titles


def table_rows(
    table: str, *, organ: Organ, period: Period, filters: Filters
) -> tuple[list[str], list[list]]:
    """Header and rows of one table, as shown on the dashboard."""
    figures = figure_labels()
    dims = dimension_labels()
    if table.startswith("by_"):
        dimension = table[3:]
        counts = dashboard_counts(organ=organ, period=period, filters=filters)
        header = [dims[dimension], *[figures[f] for f in COUNT_FIGURES]]
        rows = [[label, *[c[f] for f in COUNT_FIGURES]] for _k, label, c in counts.breakdowns[dimension].rows]
        rows.append([_("合计"), *[counts.totals[f] for f in COUNT_FIGURES]])
        return header, rows
    if table == "processing":
        labels = {d: _labels(organ, period, filters, d) for d in DIMENSIONS}
        header = [_("分组"), _("取值"), _("办结申请数"), _("中位数（工作日）"), _("第90百分位（工作日）")]
        days = day_counts(organ=organ, period=period, filters=filters)
        rows = [[_("全部"), "", n, med, p90] for _k, n, med, p90 in summaries(days[""])]
        for d in DIMENSIONS:
            for key, n, med, p90 in summaries(days[d]):
                rows.append([dims[d], labels[d].get(key, key), n, med, p90])
        return header, rows
    if table == "stages":
        header = [
            _("环节"), _("已办结任务数"), _("排队等待中位数"), _("排队等待第90百分位"),
            _("办理中位数"), _("办理第90百分位"),
        ]
        rows = [
            [s.title, s.tasks, s.wait_median, s.wait_p90, s.work_median, s.work_p90]
            for s in stage_times(organ=organ, period=period, filters=filters)
        ]
        return header, rows
    raise KeyError(table)


def _labels(organ, period, filters, dimension) -> dict[str, str]:
    return {
        filter_key(dimension, v): str(label) for v, label in value_labels(organ)[dimension].items()
    }


def _cell(value):
    return "" if value is None else value


def as_csv(header: list[str], rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_row(header))
    writer.writerows(csv_row(row) for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(title: str, header: list[str], rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for cell in xlsx_row(sheet, 1, header):
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        xlsx_row(sheet, number, [_cell(v) for v in row])
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

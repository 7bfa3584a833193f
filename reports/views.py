"""Supervision pages (督查): dashboard, drill-down list, annual report, exports.

Only people holding the supervisor, OGI head or administrator role see them, and only
for their organs (``dashboard.supervised_organ``: any other organ is a 404). Views stay
thin: figures come from ``dashboard``, ``stages`` and ``annual``; files from ``exports``.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from requests.selectors import load_working_calendar
from workflow.selectors import requests_for_staff, rows_with_deadlines

from . import exports
from .annual import annual_report
from .annual_pdf import annual_report_context, annual_report_pdf
from .annual_xlsx import annual_report_xlsx
from .charts import Bar, bar_chart, horizontal_bar_chart
from .dashboard import (
    DIMENSIONS,
    REQUEST_FIGURES,
    Filters,
    Period,
    dashboard_counts,
    day_counts,
    days_q,
    dimension_labels,
    duration_histogram,
    figure_labels,
    month_period,
    monthly_trend,
    request_figure_q,
    summaries,
    supervised_organ,
    supervised_organs,
)
from .forms import DashboardForm
from .stages import stage_times, step_order, step_title

PAGE_SIZE = 50
TREND_MONTHS = 12


def supervisor_required(view):
    """Logged in and supervising some organ; anyone else is refused (403)."""

    @login_required
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not supervised_organs(request.user).exists():
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _context(request: HttpRequest):
    """The organ (404 unless supervised), the bound form, period and filters."""
    organ = supervised_organ(request.user, request.GET.get("organ"))
    form = DashboardForm(request.GET or None, organs=supervised_organs(request.user))
    if request.GET and not form.is_valid():
        form_period = DashboardForm(None, organs=supervised_organs(request.user)).period_value()
        return organ, form, form_period, Filters()
    return organ, form, form.period_value(), form.filters()


def _base_query(request: HttpRequest, organ, period: Period, **extra) -> dict:
    query = {
        k: v for k, v in request.GET.items()
        if k in ("period", "year", "month", "quarter", "start", "end", "department", "channel",
                 "applicant_kind", "outcome") and v
    }
    query.update(organ=organ.pk, period="custom", start=period.start.isoformat(),
                 end=period.end.isoformat())
    query.pop("year", None)
    query.pop("month", None)
    query.pop("quarter", None)
    query.update({k: v for k, v in extra.items() if v is not None})
    return query


def _drill_links(request, organ, period):
    """``drill(**extra)``: the drill-down URL of one figure. The page's own query is
    encoded once; each figure's parameters follow it (the last value of a repeated
    parameter is the one read)."""
    prefix = "/supervision/requests/?" + urlencode(_base_query(request, organ, period)) + "&"

    def drill(**extra) -> str:
        return prefix + urlencode({k: v for k, v in extra.items() if v is not None})

    return drill


def _trend_months(period: Period):
    months = period.months()
    if len(months) >= TREND_MONTHS:
        return months[-TREND_MONTHS * 2:]
    result = [months[-1]]
    while len(result) < TREND_MONTHS:
        result.insert(0, (result[0] - datetime.timedelta(days=1)).replace(day=1))
    return result


@supervisor_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    organ, form, period, filters = _context(request)
    counts = dashboard_counts(organ=organ, period=period, filters=filters)
    stages = stage_times(organ=organ, period=period, filters=filters)
    trend = monthly_trend(organ=organ, months=_trend_months(period), filters=filters)
    figures = figure_labels()
    dims = dimension_labels()

    drill = _drill_links(request, organ, period)

    def month_drill(month, figure):
        m = month_period(month.year, month.month)
        query = _base_query(request, organ, m, figure=figure)
        return "/supervision/requests/?" + urlencode(query)

    received_label, concluded_label = figures["received"], figures["concluded"]
    trend_chart = bar_chart(
        [
            Bar(f"{m.year % 100:02d}/{m.month}", (r, c),
                (month_drill(m, "received"), month_drill(m, "concluded")))
            for m, r, c in trend
        ],
        series=(received_label, concluded_label),
        title=_("每月收到与办结申请数"),
    )
    days = day_counts(organ=organ, period=period, filters=filters)
    histogram = duration_histogram(days[""].get("", []))
    histogram_chart = bar_chart(
        [
            Bar(f"{low}–{high}" if high is not None else f"≥{low}", (n,),
                (drill(figure="concluded", days=f"{low}-{'' if high is None else high}"),))
            for low, high, n in histogram
        ],
        series=(_("办结申请数"),),
        title=_("办理用时分布（净工作日）"),
    )
    stage_chart = bar_chart(
        [Bar(s.title, (s.wait_median or 0, s.work_median or 0), (drill(step=s.step),) * 2)
         for s in stages],
        series=(_("排队等待（中位数）"), _("办理（中位数）")),
        title=_("各环节用时（小时）"),
        unit=_("小时"),
    )
    outcome_rows = [r for r in counts.breakdowns["outcome"].rows if r[2]["concluded"]]
    outcome_chart = horizontal_bar_chart(
        [Bar(label, (c["concluded"],), (drill(figure="concluded", outcome=key),))
         for key, label, c in outcome_rows],
        series=(concluded_label,),
        title=_("办结申请的答复结果"),
    )
    tiles = [(label, counts.totals[f], drill(figure=f)) for f, label in figures.items()]
    breakdowns = [
        (
            dim, dims[dim],
            [
                (label, [(c[f], drill(figure=f, **{dim: key})) for f in figures])
                for key, label, c in counts.breakdowns[dim].rows
            ],
        )
        for dim in DIMENSIONS
    ]
    overall = summaries(days[""])
    processing = []
    for dim in DIMENSIONS:
        labels = labels_of(counts, dim)
        processing.append((dims[dim], [
            (labels.get(key, key), n, med, p90, drill(figure="concluded", **{dim: key}))
            for key, n, med, p90 in summaries(days[dim])
        ]))
    return render(
        request,
        "reports/dashboard.html",
        {
            "nav": "supervision",
            "organ": organ,
            "form": form,
            "period": period,
            "as_of": counts.as_of,
            "figures": list(figures.values()),
            "tiles": tiles,
            "breakdowns": breakdowns,
            "overall": overall[0] if overall else None,
            "processing": processing,
            "stages": stages,
            "charts": {
                "trend": trend_chart, "histogram": histogram_chart,
                "stages": stage_chart, "outcomes": outcome_chart,
            },
            "export_query": urlencode(_base_query(request, organ, period)),
            "export_tables": exports.table_titles(),
            # The requests behind the processing-time figures: those concluded in the
            # period, and those that took the 90th percentile or more.
            "drill_all": drill(figure="concluded"),
            "drill_p90": drill(figure="concluded", days=f"{overall[0][3]}-")
            if overall and overall[0][3] is not None else "",
        },
    )


def labels_of(counts, dim) -> dict[str, str]:
    return {key: label for key, label, _c in counts.breakdowns[dim].rows}


@supervisor_required
def drilldown_view(request: HttpRequest) -> HttpResponse:
    """The requests behind one figure: fixed queries whatever the number of rows."""
    organ, form, period, filters = _context(request)
    figure = request.GET.get("figure", "received")
    queryset = requests_for_staff(request.user, [organ.pk]).filter(
        filters.request_q(), received_on__isnull=False
    )
    today = timezone.localdate()
    as_of = period.as_of(today)
    if figure in REQUEST_FIGURES:
        soon = load_working_calendar().add_working_days(as_of, 3)
        queryset = queryset.filter(request_figure_q(figure, period, as_of=as_of, due_soon_by=soon))
    elif figure == "late_corrections":
        queryset = queryset.filter(
            audit_events__act="request_correction", audit_events__data__late=True,
            audit_events__at__date__range=(period.start, period.end),
        ).distinct()
    elif figure == "extensions":
        queryset = queryset.filter(
            extensions__approved_by__isnull=False, extensions__refused=False,
            extensions__approved_on__range=(period.start, period.end),
        ).distinct()
    elif figure == "letters":
        queryset = queryset.filter(letters__issued_on__range=(period.start, period.end)).distinct()
    else:
        raise Http404
    days = request.GET.get("days", "")
    if days:
        low, _sep, high = days.partition("-")
        try:
            low_n, high_n = int(low), (int(high) if high else None)
        except ValueError as error:
            raise Http404 from error
        queryset = queryset.filter(days_q(low_n, high_n))
    step = request.GET.get("step", "")
    if step:
        if step not in step_order():
            raise Http404
        # The requests behind the stage figure: a finished task of the step offered in
        # the period (``stages.stage_times`` counts exactly those).
        queryset = queryset.filter(
            task_timings__step=step,
            task_timings__offered_at__gte=period.moments()[0],
            task_timings__offered_at__lt=period.moments()[1],
        ).distinct()
    queryset = queryset.order_by("-received_on", "-pk")
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = rows_with_deadlines(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/drilldown.html",
        {
            "nav": "supervision", "organ": organ, "period": period, "rows": rows, "page": page,
            "figure_label": figure_labels().get(figure, figure), "query": query.urlencode(),
            "step_title": step_title(step) if step else "",
            "days": (low_n, high_n) if days else None,
            "back": "/supervision/?" + query.urlencode(),
        },
    )


@supervisor_required
def annual_view(request: HttpRequest) -> HttpResponse:
    organ = supervised_organ(request.user, request.GET.get("organ"))
    try:
        year = int(request.GET.get("year") or timezone.localdate().year - 1)
    except ValueError as error:
        raise Http404 from error
    if not 2004 <= year <= 2100:
        raise Http404
    report = annual_report(organ=organ, year=year)
    fmt = request.GET.get("format", "")
    filename = f"annual-report-{organ.code}-{year}"
    if fmt == "xlsx":
        return exports.attachment(annual_report_xlsx(report), f"{filename}.xlsx", exports.XLSX)
    if fmt == "pdf":
        return exports.attachment(annual_report_pdf(report), f"{filename}.pdf", "application/pdf")
    return render(
        request,
        "reports/annual.html",
        {"nav": "supervision", "organ": organ, "year": year, **annual_report_context(report),
         "query": urlencode({"organ": organ.pk, "year": year})},
    )


@supervisor_required
def export_view(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    if table not in exports.table_titles() or fmt not in ("csv", "xlsx"):
        raise Http404
    organ, _form, period, filters = _context(request)
    header, rows = exports.table_rows(table, organ=organ, period=period, filters=filters)
    name = f"supervision-{table}-{organ.code}-{period.start}-{period.end}"
    if fmt == "csv":
        return exports.attachment(exports.as_csv(header, rows), f"{name}.csv", exports.CSV)
    title = exports.table_titles()[table]
    return exports.attachment(exports.as_xlsx(title, header, rows), f"{name}.xlsx", exports.XLSX)


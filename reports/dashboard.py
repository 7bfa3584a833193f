"""Supervision dashboard (督查) selectors: one organ, one period, the figures of DESIGN.md §7.

Who sees what: only people holding the supervisor, OGI head or administrator role in an
organ see its dashboard (``supervised_organs``); an organ not among them is a 404.

The period is closed, [start, end]; ``as_of`` is its end, or today when the period is
still running. Definitions (each one a conditional ``Count`` in the database):

* received — ``received_on`` (the Art. 31 receipt date) in the period;
* concluded — ``concluded_on`` in the period; concluded late — and after ``due_on``;
* open — received on or before ``as_of`` and not concluded by then;
* overdue — open and ``due_on`` before ``as_of``;
* due soon — open and due within 3 working days of ``as_of`` (``as_of`` included);
* late correction notices — ``request_correction`` audit events in the period whose data
  says ``late`` (sent more than 7 working days after receipt);
* extensions used — approved (not refused) extensions approved in the period;
* letters issued — letters with ``issued_on`` in the period.

``due_on`` is the request's current clock cache, so "overdue" for a past period is judged
against today's due date (an extension granted later moves it). Requests never registered
(no receipt date) are not counted at all, as in the annual report.

Every count is broken down by department, outcome, channel and applicant kind: the
database counts each source table (requests, audit events, extensions, letters) for the
whole and per value of each dimension (``grouping.grouped_by_each``: one scan per table on
PostgreSQL), whatever the number of rows.

Processing time is in *net* working days — the request's ``working_days_used``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from letters.models import IssuedLetter
from requests.calendar import ONE_DAY
from requests.choices import ApplicantKind, Channel, Role
from requests.models import (
    AuditEvent,
    Department,
    DisclosureRequest,
    Extension,
    Organ,
    StaffMembership,
)
from requests.models.audit import Act
from requests.outcomes import Outcome
from requests.selectors import load_working_calendar

from .aggregates import percentile_of_counts
from .grouping import grouped_by_each

SUPERVISING_ROLES = (Role.SUPERVISOR, Role.OGI_HEAD, Role.ADMINISTRATOR)
DUE_SOON_WORKING_DAYS = 3

COUNT_FIGURES = (
    "received", "concluded", "concluded_late", "open", "overdue", "due_soon",
    "late_corrections", "extensions", "letters",
)
DIMENSIONS = ("department", "outcome", "channel", "applicant_kind")
#: Request field behind each dimension (prefixed with ``request__`` on related tables).
DIMENSION_FIELDS = {
    "department": "department_id",
    "outcome": "outcome",
    "channel": "channel",
    "applicant_kind": "applicant__kind",
}


def figure_labels() -> dict[str, str]:
    return {
        "received": _("收到申请"),
        "concluded": _("办结"),
        "concluded_late": _("超期办结"),
        "open": _("在办"),
        "overdue": _("已超期"),
        "due_soon": _("3个工作日内到期"),
        "late_corrections": _("逾期补正告知"),
        "extensions": _("延期答复"),
        "letters": _("发出文书"),
    }


def dimension_labels() -> dict[str, str]:
    return {
        "department": _("承办科室"),
        "outcome": _("答复结果"),
        "channel": _("申请方式"),
        "applicant_kind": _("申请人类型"),
    }


# ---- access ---------------------------------------------------------------------------------


def supervised_organs(user: AbstractBaseUser) -> QuerySet[Organ]:
    """Organs where ``user`` is supervisor, OGI head or administrator; nobody else's."""
    if not user.is_authenticated:
        return Organ.objects.none()
    return Organ.objects.filter(
        pk__in=StaffMembership.objects.filter(user=user, role__in=SUPERVISING_ROLES).values(
            "organ_id"
        )
    ).order_by("name")


def supervised_organ(user: AbstractBaseUser, organ_id: int | str | None) -> Organ:
    """The organ asked for (or the first one supervised) if ``user`` supervises it, else 404."""
    organs = supervised_organs(user)
    if organ_id not in (None, ""):
        try:
            organ = organs.filter(pk=int(organ_id)).first()
        except (TypeError, ValueError):
            organ = None
    else:
        organ = organs.first()
    if organ is None:
        raise Http404
    return organ


# ---- period and filters ---------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    def as_of(self, today: datetime.date) -> datetime.date:
        return min(self.end, max(today, self.start))

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The period as [first moment, moment after the last day), in local time."""
        def midnight(day: datetime.date) -> datetime.datetime:
            return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

        return midnight(self.start), midnight(self.end + ONE_DAY)

    def months(self) -> list[datetime.date]:
        """First day of every month the period touches."""
        month = self.start.replace(day=1)
        result = []
        while month <= self.end:
            result.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return result


def month_period(year: int, month: int) -> Period:
    following = (datetime.date(year, month, 28) + datetime.timedelta(days=4)).replace(day=1)
    return Period(datetime.date(year, month, 1), following - ONE_DAY)


def quarter_period(year: int, quarter: int) -> Period:
    first = month_period(year, 3 * quarter - 2)
    last = month_period(year, 3 * quarter)
    return Period(first.start, last.end)


def year_period(year: int) -> Period:
    return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


@dataclass(frozen=True)
class Filters:
    """Narrowing of the requests counted; empty values mean "all"."""

    department: int | None = None  # 0: not yet routed to a department
    channel: str = ""
    applicant_kind: str = ""
    outcome: str = ""  # "-": no outcome yet

    def request_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.department == 0:
            q &= Q(**{f"{prefix}department__isnull": True})
        elif self.department:
            q &= Q(**{f"{prefix}department_id": self.department})
        if self.channel:
            q &= Q(**{f"{prefix}channel": self.channel})
        if self.applicant_kind:
            q &= Q(**{f"{prefix}applicant__kind": self.applicant_kind})
        if self.outcome:
            q &= Q(**{f"{prefix}outcome": "" if self.outcome == "-" else self.outcome})
        return q


# ---- counts ---------------------------------------------------------------------------------


def request_figure_q(
    figure: str, period: Period, *, as_of: datetime.date, due_soon_by: datetime.date
) -> Q:
    """The condition a request meets to count in ``figure`` (the request figures only)."""
    open_q = Q(received_on__lte=as_of) & (
        Q(concluded_on__isnull=True) | Q(concluded_on__gt=as_of)
    )
    in_period = {"received_on__gte": period.start, "received_on__lte": period.end}
    concluded = Q(concluded_on__gte=period.start, concluded_on__lte=period.end)
    return {
        "received": Q(**in_period),
        "concluded": concluded,
        "concluded_late": concluded & Q(due_on__isnull=False, concluded_on__gt=F("due_on")),
        "open": open_q,
        "overdue": open_q & Q(due_on__lt=as_of),
        "due_soon": open_q & Q(due_on__gte=as_of, due_on__lte=due_soon_by),
    }[figure]


REQUEST_FIGURES = ("received", "concluded", "concluded_late", "open", "overdue", "due_soon")

#: What conditional counts count: every registered request has a receipt date, and the
#: column sits in both covering indexes (``COUNT(*)`` cannot take a filter in Django,
#: ``COUNT(id)`` would send PostgreSQL to the table).
COUNTED = "received_on"


def organ_requests(organ: Organ, filters: Filters) -> QuerySet[DisclosureRequest]:
    """Registered requests of ``organ`` (a receipt date), narrowed by ``filters``."""
    return DisclosureRequest.objects.filter(
        filters.request_q(), organ=organ, received_on__isnull=False
    )


def _touching(period: Period) -> Q:
    """Requests that can count in some figure of the period (prunes the scan)."""
    return Q(received_on__lte=period.end) & (
        Q(concluded_on__isnull=True) | Q(concluded_on__gte=period.start)
    )


@dataclass
class Breakdown:
    """Counts per value of one dimension: rows of (key, label, {figure: n})."""

    dimension: str
    rows: list[tuple[str, str, dict[str, int]]]


@dataclass
class DashboardCounts:
    period: Period
    as_of: datetime.date
    totals: dict[str, int]
    breakdowns: dict[str, Breakdown] = field(default_factory=dict)


def value_labels(organ: Organ) -> dict[str, dict]:
    departments = {
        pk: name for pk, name in Department.objects.filter(organ=organ).values_list("pk", "name")
    }
    departments[None] = _("未分办")
    return {
        "department": departments,
        "outcome": {**{o.value: o.label for o in Outcome}, "": _("尚无答复结果")},
        "channel": {c.value: c.label for c in Channel},
        "applicant_kind": {k.value: k.label for k in ApplicantKind},
    }


def filter_key(dimension: str, value) -> str:
    """The drill-down parameter value of a group key."""
    if dimension == "department":
        return "0" if value is None else str(value)
    if dimension == "outcome":
        return value or "-"
    return str(value)


def _groupings(prefix: str = "") -> dict[str, tuple[str, ...]]:
    """The whole ("") and each dimension, by its request field."""
    return {"": (), **{d: (f"{prefix}{DIMENSION_FIELDS[d]}",) for d in DIMENSIONS}}


def dashboard_counts(
    *, organ: Organ, period: Period, filters: Filters = Filters(), today: datetime.date | None = None
) -> DashboardCounts:
    """Every count figure, in total and per dimension value: per source table (requests,
    audit events, extensions, letters) one query on PostgreSQL (grouping sets), five
    elsewhere; plus one for the labels."""
    today = today or timezone.localdate()
    as_of = period.as_of(today)
    calendar = load_working_calendar()
    due_soon_by = calendar.add_working_days(as_of, DUE_SOON_WORKING_DAYS)
    totals = dict.fromkeys(COUNT_FIGURES, 0)
    per_value: dict[str, dict] = {
        d: defaultdict(lambda: dict.fromkeys(COUNT_FIGURES, 0)) for d in DIMENSIONS
    }

    def add(grouped: dict[str, list[dict]], figures: tuple[str, ...], prefix: str) -> None:
        for name, rows in grouped.items():
            for row in rows:
                counts = per_value[name][row[prefix + DIMENSION_FIELDS[name]]] if name else totals
                for figure in figures:
                    counts[figure] += row[figure] or 0

    request_figures = {
        figure: Count(
            COUNTED, filter=request_figure_q(figure, period, as_of=as_of, due_soon_by=due_soon_by)
        )
        for figure in REQUEST_FIGURES
    }
    touching = organ_requests(organ, filters).filter(_touching(period))
    add(grouped_by_each(touching, _groupings(), request_figures), REQUEST_FIGURES, "")

    related = filters.request_q("request__")
    start, after_end = period.moments()
    sources = {
        "late_corrections": AuditEvent.objects.filter(
            related,
            organ=organ,
            act=Act.REQUEST_CORRECTION,
            data__late=True,
            at__gte=start,
            at__lt=after_end,
        ),
        "extensions": Extension.objects.filter(
            related,
            request__organ=organ,
            approved_by__isnull=False,
            refused=False,
            approved_on__gte=period.start,
            approved_on__lte=period.end,
        ),
        "letters": IssuedLetter.objects.filter(
            related, organ=organ, issued_on__gte=period.start, issued_on__lte=period.end
        ),
    }
    for figure, queryset in sources.items():
        grouped = grouped_by_each(queryset, _groupings("request__"), {figure: Count("*")})
        add(grouped, (figure,), "request__")

    labels = value_labels(organ)
    breakdowns = {}
    for dimension in DIMENSIONS:
        rows = [
            (filter_key(dimension, value), str(labels[dimension].get(value, value)), counts)
            for value, counts in per_value[dimension].items()
            if any(counts.values())
        ]
        rows.sort(key=lambda r: (-r[2]["received"], -r[2]["concluded"], r[1]))
        breakdowns[dimension] = Breakdown(dimension, rows)
    return DashboardCounts(period=period, as_of=as_of, totals=totals, breakdowns=breakdowns)


def monthly_trend(
    *, organ: Organ, months: list[datetime.date], filters: Filters = Filters()
) -> list[tuple[datetime.date, int, int]]:
    """(month, received, concluded) for each month; two grouped counts in the database."""
    if not months:
        return []
    first = months[0]
    last = (months[-1] + datetime.timedelta(days=32)).replace(day=1) - ONE_DAY
    requests = organ_requests(organ, filters)

    def per_month(field: str) -> dict[datetime.date, int]:
        rows = (
            requests.filter(**{f"{field}__range": (first, last)})
            .annotate(month=TruncMonth(field))
            .values("month")
            .annotate(n=Count("*"))
            .order_by()
        )
        return {row["month"]: row["n"] for row in rows}

    received, concluded = per_month("received_on"), per_month("concluded_on")
    return [(m, received.get(m, 0), concluded.get(m, 0)) for m in months]


# ---- processing time ------------------------------------------------------------------------
#
# A concluded request carries the net working days it took (``working_days_used``: the
# statutory clock's count at the stop, pauses excluded, restarted by a correction; kept by
# ``requests.services.request_refresh_clock``). The database counts the requests per
# number of days (a few dozen values); medians, percentiles and the histogram are read off
# those counts, exactly.


def concluded_requests(
    organ: Organ, period: Period, filters: Filters = Filters()
) -> QuerySet[DisclosureRequest]:
    """Requests concluded in ``period`` whose processing time is known."""
    return organ_requests(organ, filters).filter(
        concluded_on__gte=period.start, concluded_on__lte=period.end,
        working_days_used__isnull=False,
    )


def _summary(key: str, counts: list[tuple[int, int]]) -> tuple[str, int, float | None, int | None]:
    median = percentile_of_counts(counts, 0.5, interpolate=True)
    if median is not None and float(median).is_integer():
        median = int(median)
    return key, sum(n for _days, n in counts), median, percentile_of_counts(counts, 0.9)


def day_counts(
    *, organ: Organ, period: Period, filters: Filters = Filters()
) -> dict[str, dict[str, list[tuple[int, int]]]]:
    """How many requests concluded in ``period`` took each number of net working days:
    {"": {"": pairs}} overall and {dimension: {key: pairs}} per value of each dimension,
    pairs ``(days, requests)`` ascending. One query on PostgreSQL, five elsewhere."""
    groupings = {
        "": ("working_days_used",),
        **{d: (DIMENSION_FIELDS[d], "working_days_used") for d in DIMENSIONS},
    }
    grouped = grouped_by_each(
        concluded_requests(organ, period, filters), groupings, {"n": Count(COUNTED)}
    )
    result: dict[str, dict[str, list[tuple[int, int]]]] = {}
    for name, rows in grouped.items():
        counts: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for row in rows:
            key = filter_key(name, row[DIMENSION_FIELDS[name]]) if name else ""
            counts[key].append((row["working_days_used"], row["n"]))
        for pairs in counts.values():
            pairs.sort()
        result[name] = dict(counts)
    return result


def summaries(
    counts: dict[str, list[tuple[int, int]]],
) -> list[tuple[str, int, float | None, int | None]]:
    """(key, requests, median, 90th percentile) of net working days, from one breakdown of
    ``day_counts``: most requests first."""
    rows = [_summary(key, pairs) for key, pairs in counts.items()]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


#: Histogram bins of net working days: (low, high) inclusive; ``None``: no upper bound.
DURATION_BINS: tuple[tuple[int, int | None], ...] = (
    (0, 5), (6, 10), (11, 15), (16, 20), (21, 30), (31, 40), (41, None),
)


def days_q(low: int, high: int | None) -> Q:
    """Requests that took between ``low`` and ``high`` net working days (inclusive)."""
    q = Q(working_days_used__gte=low)
    if high is not None:
        q &= Q(working_days_used__lte=high)
    return q


def duration_histogram(overall: list[tuple[int, int]]) -> list[tuple[int, int | None, int]]:
    """(low, high, requests) per bin of ``DURATION_BINS``, from the overall ``day_counts``."""
    return [
        (low, high, sum(n for days, n in overall if days >= low and (high is None or days <= high)))
        for low, high in DURATION_BINS
    ]

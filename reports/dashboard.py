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

Every count is broken down by department, outcome, channel and applicant kind. The
database groups once by all four at the same time, per source table (requests, audit
events, extensions, letters: four queries whatever the number of rows), and the
breakdowns are sums of those groups.

Processing time is in *net* working days — see ``net_working_days``.
"""

from __future__ import annotations

import datetime
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from letters.models import IssuedLetter
from requests.calendar import ONE_DAY, WorkingCalendar
from requests.choices import ApplicantKind, Channel, Role
from requests.models import (
    AuditEvent,
    ClockEvent,
    Department,
    DisclosureRequest,
    Extension,
    Organ,
    StaffMembership,
)
from requests.models.audit import Act
from requests.models.clock_event import ClockEventKind
from requests.outcomes import Outcome
from requests.selectors import load_working_calendar

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


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


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


def _group_key(row: dict, prefix: str = "") -> tuple:
    return tuple(row[f"{prefix}{DIMENSION_FIELDS[d]}"] for d in DIMENSIONS)


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


def dashboard_counts(
    *, organ: Organ, period: Period, filters: Filters = Filters(), today: datetime.date | None = None
) -> DashboardCounts:
    """Every count figure, in total and per dimension value. Five queries (one for labels)."""
    today = today or timezone.localdate()
    as_of = period.as_of(today)
    calendar = load_working_calendar()
    due_soon_by = calendar.add_working_days(as_of, DUE_SOON_WORKING_DAYS)
    fields = [DIMENSION_FIELDS[d] for d in DIMENSIONS]
    groups: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNT_FIGURES, 0))

    request_rows = (
        organ_requests(organ, filters)
        .filter(_touching(period))
        .values(*fields)
        .annotate(
            **{
                figure: Count(
                    "pk",
                    filter=request_figure_q(
                        figure, period, as_of=as_of, due_soon_by=due_soon_by
                    ),
                )
                for figure in REQUEST_FIGURES
            }
        )
        .order_by()
    )
    for row in request_rows:
        counts = groups[_group_key(row)]
        for figure in REQUEST_FIGURES:
            counts[figure] += row[figure]

    related = filters.request_q("request__")
    related_fields = [f"request__{f}" for f in fields]
    sources = {
        "late_corrections": AuditEvent.objects.filter(
            related,
            organ=organ,
            act=Act.REQUEST_CORRECTION,
            data__late=True,
            at__gte=_aware(period.start),
            at__lt=_aware(period.end + ONE_DAY),
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
        for row in queryset.values(*related_fields).annotate(n=Count("pk")).order_by():
            groups[_group_key(row, "request__")][figure] += row["n"]

    totals = dict.fromkeys(COUNT_FIGURES, 0)
    per_value: dict[str, dict] = {d: defaultdict(lambda: dict.fromkeys(COUNT_FIGURES, 0)) for d in DIMENSIONS}
    for key, counts in groups.items():
        for figure, n in counts.items():
            totals[figure] += n
            for dimension, value in zip(DIMENSIONS, key, strict=True):
                per_value[dimension][value][figure] += n

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
    """(month, received, concluded) for each month; one query."""
    if not months:
        return []
    first = months[0]
    last = (months[-1] + datetime.timedelta(days=32)).replace(day=1) - ONE_DAY
    rows = organ_requests(organ, filters).filter(
        Q(received_on__range=(first, last)) | Q(concluded_on__range=(first, last))
    ).values_list("received_on", "concluded_on")
    received = dict.fromkeys(months, 0)
    concluded = dict.fromkeys(months, 0)
    for received_on, concluded_on in rows:
        if first <= received_on <= last:
            received[received_on.replace(day=1)] += 1
        if concluded_on is not None and first <= concluded_on <= last:
            concluded[concluded_on.replace(day=1)] += 1
    return [(m, received[m], concluded[m]) for m in months]


# ---- processing time ------------------------------------------------------------------------


class WorkingDayIndex:
    """Working days in (a, b] by prefix sums over a date range: O(1) per request.

    Built from the same ``WorkingCalendar`` as the statutory clock, so the counts agree
    with ``WorkingCalendar.working_days_between``.
    """

    def __init__(self, calendar: WorkingCalendar, first: datetime.date, last: datetime.date):
        self.first = first
        self.calendar = calendar
        self.cumulative = [0]
        day, total = first, 0
        while day <= last:
            day += ONE_DAY
            total += calendar.is_working_day(day)
            self.cumulative.append(total)

    def _rank(self, day: datetime.date) -> int:
        offset = (day - self.first).days
        if 0 <= offset < len(self.cumulative):
            return self.cumulative[offset]
        return -1

    def between(self, a: datetime.date, b: datetime.date) -> int:
        if b <= a:
            return 0
        ra, rb = self._rank(a), self._rank(b)
        if ra < 0 or rb < 0:
            return self.calendar.working_days_between(a, b)
        return rb - ra


def merged_pauses(
    pauses: Iterable[tuple[datetime.date, datetime.date | None]],
    *, start: datetime.date, end: datetime.date,
) -> list[tuple[datetime.date, datetime.date]]:
    """Pause periods clipped to [start, end] (open ones end at ``end``), merged."""
    clipped = sorted(
        (max(p_start, start), min(p_end or end, end))
        for p_start, p_end in pauses
        if p_start < end and (p_end is None or p_end > start)
    )
    merged: list[tuple[datetime.date, datetime.date]] = []
    for p_start, p_end in clipped:
        if merged and p_start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], p_end))
        else:
            merged.append((p_start, p_end))
    return merged


def net_working_days(
    index: WorkingDayIndex,
    *,
    received_on: datetime.date,
    concluded_on: datetime.date,
    correction_requested_on: datetime.date | None,
    correction_received_on: datetime.date | None,
    pauses: Iterable[tuple[datetime.date, datetime.date | None]] = (),
) -> int:
    """Net working days a concluded request took, counted as the statutory clock counts.

    The clock (``requests.clock``) runs from receipt, or afresh from the day a corrected
    application arrives (Art. 30), and excludes the working days of every third-party /
    co-organ consultation or fee pause (Art. 32, 34, 42). So: working days in
    (start, concluded] minus those of the merged pauses inside it. A request concluded
    while awaiting a correction took the days from receipt to the correction notice.
    This is the same figure as ``compute_clock(...).working_days_used`` for the request's
    events, computed here from the request's columns and its pause events with prefix
    sums, so 100,000 requests cost one pass rather than a clock run each.
    """
    if correction_requested_on is not None and correction_received_on is None:
        return index.between(received_on, min(correction_requested_on, concluded_on))
    start = correction_received_on or received_on
    days = index.between(start, concluded_on)
    for p_start, p_end in merged_pauses(pauses, start=start, end=concluded_on):
        days -= index.between(p_start, p_end)
    return days


def percentile(values: list[int], p: float) -> int | None:
    """Nearest-rank percentile (the smallest value with at least p% of values at or below)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


@dataclass(frozen=True)
class Durations:
    """Net working days of the requests concluded in the period, with their dimension keys."""

    rows: list[tuple[int, dict[str, str], int]]  # (request pk, {dimension: key}, days)

    def summary(self, dimension: str | None = None) -> list[tuple[str, int, float | None, int | None]]:
        """(key, count, median, p90) overall (key "") or per value of ``dimension``."""
        buckets: dict[str, list[int]] = defaultdict(list)
        for _pk, keys, days in self.rows:
            buckets[keys[dimension] if dimension else ""].append(days)
        return [
            (key, len(values), statistics.median(values), percentile(values, 90))
            for key, values in sorted(buckets.items(), key=lambda kv: -len(kv[1]))
        ]

    def pks_between(self, low: int, high: int | None) -> list[int]:
        return [pk for pk, _keys, days in self.rows if days >= low and (high is None or days <= high)]


def processing_durations(
    *, organ: Organ, period: Period, filters: Filters = Filters()
) -> Durations:
    """Net working days of every request concluded in ``period``: two queries (plus the
    cached calendar)."""
    concluded = organ_requests(organ, filters).filter(
        concluded_on__gte=period.start, concluded_on__lte=period.end
    )
    fields = [DIMENSION_FIELDS[d] for d in DIMENSIONS]
    rows = list(
        concluded.values_list(
            "pk", "received_on", "concluded_on", "correction_requested_on",
            "correction_received_on", *fields,
        )
    )
    if not rows:
        return Durations([])
    starts: dict[tuple[int, str], datetime.date] = {}
    pauses: dict[int, list[tuple[datetime.date, datetime.date | None]]] = defaultdict(list)
    events = ClockEvent.objects.filter(
        request__in=concluded.values("pk"),
        kind__in=(ClockEventKind.PAUSE_STARTED, ClockEventKind.PAUSE_ENDED),
    ).order_by("on", "id").values_list("request_id", "kind", "on", "pause_key")
    ends: dict[tuple[int, str], datetime.date] = {}
    for request_id, kind, on, key in events:
        if kind == ClockEventKind.PAUSE_STARTED:
            starts[(request_id, key)] = on
        else:
            ends[(request_id, key)] = on
    for (request_id, key), on in starts.items():
        pauses[request_id].append((on, ends.get((request_id, key))))

    first = min(r[1] for r in rows)
    last = max(r[2] for r in rows)
    index = WorkingDayIndex(load_working_calendar(), first, last)
    result = []
    for pk, received_on, concluded_on, asked, answered, *dims in rows:
        days = net_working_days(
            index,
            received_on=received_on,
            concluded_on=concluded_on,
            correction_requested_on=asked,
            correction_received_on=answered,
            pauses=pauses.get(pk, ()),
        )
        keys = {d: filter_key(d, v) for d, v in zip(DIMENSIONS, dims, strict=True)}
        result.append((pk, keys, max(days, 0)))
    return Durations(result)


#: Histogram bins of net working days: (low, high) inclusive; ``None``: no upper bound.
DURATION_BINS: tuple[tuple[int, int | None], ...] = (
    (0, 5), (6, 10), (11, 15), (16, 20), (21, 30), (31, 40), (41, None),
)


def duration_histogram(durations: Durations) -> list[tuple[int, int | None, int]]:
    counts = []
    for low, high in DURATION_BINS:
        n = sum(1 for _pk, _k, d in durations.rows if d >= low and (high is None or d <= high))
        counts.append((low, high, n))
    return counts

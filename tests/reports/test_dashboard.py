"""Supervision dashboard selectors against data whose expectations are counted here."""

from __future__ import annotations

import datetime
import math
import random
import statistics
from collections import Counter

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from letters.models import IssuedLetter
from reports.dashboard import (
    Filters,
    Period,
    dashboard_counts,
    day_counts,
    duration_histogram,
    month_period,
    monthly_trend,
    quarter_period,
    summaries,
    supervised_organ,
    supervised_organs,
    year_period,
)
from requests.choices import Channel, Role, Status
from requests.clock import ClockFact, compute_clock
from requests.models import ClockEvent, DisclosureRequest, Extension
from requests.outcomes import Outcome
from requests.selectors import load_working_calendar
from requests.services import request_issue_correction_notice
from tests.factories import OrganFactory, at, staff

from .builders import Ledger, Scenario, bulk_requests, random_facts, settle_clocks

D = datetime.date.fromisoformat
TODAY = D("2025-08-15")
PERIOD = Period(D("2025-04-01"), D("2025-09-30"))  # still running on TODAY
CHANNELS = (Channel.ONLINE, Channel.IN_PERSON, Channel.REGISTERED_POST, Channel.EMAIL)


@pytest.fixture
def world(organ, people):
    """Bulk requests over 2024–2026 spread across departments and channels, with due dates,
    pauses, extensions, letters; plus service-built requests (one late correction)."""
    rng = random.Random(7)
    facts = random_facts(rng, 400, first=D("2024-06-01"), last=D("2025-12-31"))
    bulk_requests(organ, facts)
    rows = list(DisclosureRequest.objects.filter(organ=organ, received_on__isnull=False))
    departments = [None, people.dept, people.other_dept, people.office]
    for n, r in enumerate(rows):
        DisclosureRequest.objects.filter(pk=r.pk).update(
            department=departments[n % 4], channel=CHANNELS[n % len(CHANNELS)]
        )
        if r.concluded_on and n % 5 == 0 and r.concluded_on > r.received_on:
            # A consultation pause inside the processing time; every third one never ended.
            start = r.received_on + (r.concluded_on - r.received_on) / 3
            end = None if n % 3 == 0 else r.received_on + 2 * (r.concluded_on - r.received_on) / 3
            ClockEvent.objects.create(request=r, kind="pause_started", on=start, pause_key=f"c{n}")
            if end:
                ClockEvent.objects.create(request=r, kind="pause_ended", on=end, pause_key=f"c{n}")
        if n % 11 == 0:
            Extension.objects.create(
                request=r, days=10, reason="情况复杂", requested_by=people.handler,
                requested_at=at(r.received_on, 10), approved_by=people.ogi_head,
                approved_on=r.received_on + datetime.timedelta(days=5), refused=n % 22 == 0,
            )
        if n % 6 == 0:
            IssuedLetter.objects.create(
                organ=organ, request=r, kind="reply", family="答复", year=r.received_on.year,
                serial=n + 1, number=f"莆环信公开〔{r.received_on.year}〕{n + 1}号", title="答复书",
                addressee="申请人", file="letters/x.pdf", sha256="0" * 64, size=1, page_count=1,
                issued_by_name="登记员", issued_at=at(r.received_on, 15),
                issued_on=r.received_on + datetime.timedelta(days=3),
            )
    settle_clocks(organ, today=TODAY)
    s = Scenario(organ, people, Ledger())
    late = s._submit("natural_person", "2025-05-06")
    s._register(late, "2025-05-06")
    request_issue_correction_notice(
        request=late, acting_user=people.registrar, points="请写明文件名称。", at=at("2025-05-26", 10)
    )
    on_time = s._submit("natural_person", "2025-06-02")
    s._register(on_time, "2025-06-02")
    request_issue_correction_notice(
        request=on_time, acting_user=people.registrar, points="请写明文号。", at=at("2025-06-03", 10)
    )
    s.replied("research_institution", received="2025-05-12", replied="2025-06-09")
    return people


def expected_counts(organ, period, *, today, filters=lambda r: True):
    """The figures counted request by request, straight from the rows."""
    as_of = min(period.end, max(today, period.start))
    soon = load_working_calendar().add_working_days(as_of, 3)
    c = Counter()
    by_dept = Counter()
    for r in DisclosureRequest.objects.filter(organ=organ).select_related("applicant"):
        if r.received_on is None or not filters(r):
            continue
        concluded = r.concluded_on is not None and period.start <= r.concluded_on <= period.end
        is_open = r.received_on <= as_of and (r.concluded_on is None or r.concluded_on > as_of)
        if period.start <= r.received_on <= period.end:
            c["received"] += 1
            by_dept[r.department_id] += 1
        c["concluded"] += concluded
        c["concluded_late"] += concluded and r.due_on is not None and r.concluded_on > r.due_on
        c["open"] += is_open
        c["overdue"] += is_open and r.due_on is not None and r.due_on < as_of
        c["due_soon"] += is_open and r.due_on is not None and as_of <= r.due_on <= soon
    for e in Extension.objects.filter(request__organ=organ).select_related("request"):
        if e.approved_by_id and not e.refused and period.start <= e.approved_on <= period.end:
            c["extensions"] += filters(e.request)
    for letter in IssuedLetter.objects.filter(organ=organ).select_related("request"):
        if period.start <= letter.issued_on <= period.end:
            c["letters"] += filters(letter.request)
    return c, by_dept


def test_counts_match_the_rows_counted_one_by_one(organ, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(QUERIES["dashboard_counts"]):
        result = dashboard_counts(organ=organ, period=PERIOD, today=TODAY)
    expected, by_dept = expected_counts(organ, PERIOD, today=TODAY)
    for figure in ("received", "concluded", "concluded_late", "open", "overdue", "due_soon",
                   "extensions", "letters"):
        assert result.totals[figure] == expected[figure], figure
    assert expected["received"] > 50 and expected["overdue"] > 0 and expected["letters"] > 0
    # Exactly one of the two correction notices was late (14 working days after receipt).
    assert result.totals["late_corrections"] == 1
    # Each breakdown adds up to the totals, and the department one matches row by row.
    for breakdown in result.breakdowns.values():
        for figure in result.totals:
            assert sum(counts[figure] for _k, _l, counts in breakdown.rows) == result.totals[figure]
    depts = {key: counts["received"] for key, _label, counts in result.breakdowns["department"].rows}
    assert depts["0"] == by_dept[None]
    assert depts[str(world.dept.pk)] == by_dept[world.dept.pk]
    labels = {label for _k, label, _c in result.breakdowns["department"].rows}
    assert {"未分办", "污防科", "环审科"} <= labels


def test_filters_narrow_every_figure(organ, world):
    filters = Filters(department=world.dept.pk, channel=Channel.ONLINE)
    result = dashboard_counts(organ=organ, period=PERIOD, filters=filters, today=TODAY)
    expected, _ = expected_counts(
        organ, PERIOD, today=TODAY,
        filters=lambda r: r.department_id == world.dept.pk and r.channel == Channel.ONLINE,
    )
    for figure in ("received", "concluded", "open", "overdue", "extensions", "letters"):
        assert result.totals[figure] == expected[figure], figure


#: Queries per figure function: grouping sets answer every breakdown in one scan on
#: PostgreSQL; elsewhere each breakdown is its own query. Never more with more rows.
PG = connection.vendor == "postgresql"
QUERIES = {
    "dashboard_counts": 6 if PG else 22,
    "day_counts": 1 if PG else 5,
    "monthly_trend": 2,
}


def test_query_count_does_not_grow_with_rows(organ, people, django_assert_max_num_queries):
    def measure() -> dict[str, int]:
        calls = {
            "dashboard_counts": lambda: dashboard_counts(
                organ=organ, period=year_period(2025), today=TODAY),
            "day_counts": lambda: day_counts(organ=organ, period=year_period(2025)),
            "monthly_trend": lambda: monthly_trend(organ=organ, months=year_period(2025).months()),
        }
        counts = {}
        for name, call in calls.items():
            with CaptureQueriesContext(connection) as queries:
                call()
            counts[name] = len(queries)
        return counts

    bulk_requests(organ, random_facts(random.Random(1), 30, first=D("2025-01-01"), last=D("2025-06-30")))
    few = measure()
    bulk_requests(
        organ, random_facts(random.Random(2), 300, first=D("2025-01-01"), last=D("2025-06-30")),
        number_prefix="MORE",
    )
    many = measure()
    assert many == few
    for name, n in many.items():
        assert n <= QUERIES[name], (name, n)


def _clock_days(r, calendar) -> int:
    """The request's net working days, by running the statutory clock over its events."""
    facts = [ClockFact(e.kind, e.on, e.days, e.pause_key) for e in r.clock_events.all()]
    return compute_clock(facts, calendar, today=r.concluded_on).working_days_used


def test_processing_time_agrees_with_the_statutory_clock(organ, world):
    calendar = load_working_calendar()
    concluded = DisclosureRequest.objects.filter(
        organ=organ, concluded_on__range=(PERIOD.start, PERIOD.end)
    ).prefetch_related("clock_events")
    days = {r.pk: _clock_days(r, calendar) for r in concluded}
    assert len(days) > 40
    assert any(r.clock_events.filter(kind="pause_started").exists() for r in concluded)

    counted = day_counts(organ=organ, period=PERIOD)
    (key, n, median, p90), = summaries(counted[""])
    values = sorted(days.values())
    assert (key, n) == ("", len(values))
    assert median == statistics.median(values)
    assert p90 == values[math.ceil(0.9 * len(values)) - 1]

    per_channel = summaries(counted["channel"])
    assert sum(row[1] for row in per_channel) == n
    for channel, count, channel_median, channel_p90 in per_channel:
        mine = sorted(days[r.pk] for r in concluded if r.channel == channel)
        assert count == len(mine)
        assert channel_median == statistics.median(mine)
        assert channel_p90 == mine[math.ceil(0.9 * len(mine)) - 1]
    # Most requests first.
    assert [row[1] for row in per_channel] == sorted((row[1] for row in per_channel), reverse=True)


def test_histogram_and_its_drill_down_cover_every_concluded_request(organ, world):
    calendar = load_working_calendar()
    concluded = DisclosureRequest.objects.filter(
        organ=organ, concluded_on__range=(PERIOD.start, PERIOD.end)
    ).prefetch_related("clock_events")
    days = [_clock_days(r, calendar) for r in concluded]
    histogram = duration_histogram(day_counts(organ=organ, period=PERIOD)[""][""])
    assert sum(n for _low, _high, n in histogram) == len(days)
    for low, high, n in histogram:
        assert n == sum(1 for d in days if d >= low and (high is None or d <= high)), (low, high)
    assert sum(1 for *_bounds, n in histogram if n) >= 3


def test_filters_narrow_processing_times(organ, world, people):
    narrowed = summaries(
        day_counts(organ=organ, period=PERIOD, filters=Filters(department=people.dept.pk))[""]
    )
    by_department = dict(
        (key, row) for key, *row in
        summaries(day_counts(organ=organ, period=PERIOD)["department"])
    )
    assert narrowed and narrowed[0][1:] == tuple(by_department[str(people.dept.pk)])
    nothing = day_counts(organ=organ, period=Period(D("2030-01-01"), D("2030-12-31")))
    assert summaries(nothing[""]) == []


def test_periods():
    assert month_period(2024, 2) == Period(D("2024-02-01"), D("2024-02-29"))
    assert month_period(2025, 12) == Period(D("2025-12-01"), D("2025-12-31"))
    assert quarter_period(2025, 2) == Period(D("2025-04-01"), D("2025-06-30"))
    assert len(year_period(2025).months()) == 12


def test_trend_counts_received_and_concluded_per_month(organ, world):
    trend = dict((m, (r, c)) for m, r, c in monthly_trend(organ=organ, months=PERIOD.months()))
    june = DisclosureRequest.objects.filter(organ=organ, received_on__range=(D("2025-06-01"), D("2025-06-30")))
    done = DisclosureRequest.objects.filter(organ=organ, concluded_on__range=(D("2025-06-01"), D("2025-06-30")))
    assert trend[D("2025-06-01")] == (june.count(), done.filter(received_on__isnull=False).count())


def test_only_supervising_roles_of_the_organ_see_it(organ, people):
    other = OrganFactory(name="莆田市自然资源局", short_name="莆田市自然资源局", code="PTZR",
                         letter_number_prefix="莆自然信公开")
    outsider = staff(other, Role.SUPERVISOR, "other_supervisor")
    assert list(supervised_organs(people.supervisor)) == [organ]
    assert list(supervised_organs(people.ogi_head)) == [organ]
    assert list(supervised_organs(people.handler)) == []
    assert supervised_organ(people.supervisor, None) == organ
    with pytest.raises(Http404):
        supervised_organ(outsider, organ.pk)
    with pytest.raises(Http404):
        supervised_organ(people.handler, organ.pk)
    with pytest.raises(Http404):
        supervised_organ(people.supervisor, "x")
    assert Status.REPLIED  # the status import documents the bulk rows' states
    assert Outcome.PROVIDED

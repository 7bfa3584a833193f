"""Benchmark: the supervision dashboard over 100,000 requests.

Run on PostgreSQL (not collected by the normal suite)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ogidesk_dash \\
        .venv/bin/python -m pytest -o addopts="" -s -q tests/bench/bench_dashboard.py

Populates one organ with ``BENCH_REQUESTS`` requests (default 100,000) the way
``bench_annual_report`` does (``bulk_create``), with departments, channels, due dates and
a consultation pause on one request in ten; then times everything the dashboard page
computes for the year 2025 — counts with their four breakdowns, processing times,
stage times, monthly trend — ``BENCH_RUNS`` times (default 20, after two warm-up runs)
and prints p50 / p95 / max. The target is p95 ≤ 500 ms; the test fails above it.
"""

from __future__ import annotations

import datetime
import os
import statistics
import time

import pytest
from django.db import connection

from reports.dashboard import (
    dashboard_counts,
    monthly_trend,
    processing_durations,
    year_period,
)
from reports.stages import stage_times
from requests.choices import Channel
from requests.models import ClockEvent, Department, DisclosureRequest
from requests.selectors import load_working_calendar
from tests.bench.bench_annual_report import _percentile, _populate
from tests.factories import OrganFactory

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
TARGET_SECONDS = 0.5
YEAR = 2025

pytestmark = pytest.mark.django_db


def _spread(organ) -> None:
    """Departments, channels and due dates over the bulk rows; a pause on one in ten."""
    departments = [
        Department.objects.create(organ=organ, name=name)
        for name in ("办公室", "污防科", "环审科", "执法支队", "监测站")
    ]
    channels = list(Channel.values)
    calendar = load_working_calendar()
    rows = list(
        DisclosureRequest.objects.filter(organ=organ, received_on__isnull=False)
        .order_by("pk").values_list("pk", "received_on", "concluded_on")
    )
    updates, pauses = [], []
    for n, (pk, received, concluded) in enumerate(rows):
        request = DisclosureRequest(pk=pk)
        request.department_id = departments[n % len(departments)].pk if n % 9 else None
        request.channel = channels[n % len(channels)]
        request.due_on = calendar.add_working_days(received, 20 + (n % 4) * 5)
        updates.append(request)
        if concluded and n % 10 == 0 and (concluded - received).days > 6:
            pauses.append(ClockEvent(request_id=pk, kind="pause_started",
                                     on=received + datetime.timedelta(days=2), pause_key="c"))
            pauses.append(ClockEvent(request_id=pk, kind="pause_ended",
                                     on=received + datetime.timedelta(days=5), pause_key="c"))
    DisclosureRequest.objects.bulk_update(updates, ["department_id", "channel", "due_on"], batch_size=5000)
    ClockEvent.objects.bulk_create(pauses, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _dashboard(organ, period, today):
    counts = dashboard_counts(organ=organ, period=period, today=today)
    durations = processing_durations(organ=organ, period=period)
    durations.summary()
    for dimension in ("department", "outcome", "channel", "applicant_kind"):
        durations.summary(dimension)
    stage_times(organ=organ, period=period)
    monthly_trend(organ=organ, months=period.months())
    return counts, durations


def test_dashboard_over_many_requests():
    organ = OrganFactory()
    started = time.perf_counter()
    _populate(organ)
    _spread(organ)
    populated = time.perf_counter() - started
    period, today = year_period(YEAR), datetime.date(YEAR, 12, 31)

    for _ in range(2):
        _dashboard(organ, period, today)
    samples = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        counts, durations = _dashboard(organ, period, today)
        samples.append(time.perf_counter() - t0)
    p50, p95 = statistics.median(samples), _percentile(samples, 95)
    (_key, n, median, p90), = durations.summary()
    print(
        f"\ndashboard {YEAR} on {connection.vendor}, {REQUESTS:,} requests "
        f"(populated in {populated:.1f} s), {RUNS} runs: "
        f"p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, max {max(samples) * 1000:.1f} ms"
    )
    print(f"received {counts.totals['received']}, concluded {counts.totals['concluded']}, "
          f"processing time median {median} / p90 {p90} working days over {n} requests")
    assert counts.totals["received"] > REQUESTS // 5
    assert p95 <= TARGET_SECONDS, f"p95 {p95:.3f} s above the {TARGET_SECONDS} s target"

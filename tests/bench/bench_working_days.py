"""Benchmark: working days between 10,000 random pairs of dates, indexed vs day by day.

Runs on the test database (SQLite is enough; not collected by the normal suite)::

    .venv/bin/python -m pytest -o addopts="" -s -q tests/bench/bench_working_days.py

Draws ``BENCH_PAIRS`` pairs (default 10,000) the way the workbench sees them — a due date
from 2024 to 2026 and a day up to two years later (the long-overdue rows cost most when
counted day by day) — and times, over the calendar loaded from the table, ``WorkingCalendar
.working_days_between`` (the cumulative index, built on first use and timed with it) against
the day-by-day count the calendar used before (kept here only for comparison), the number of
``is_working_day`` calls each makes, and the same for ``add_working_days`` of 20 days. The
two must agree on every pair; the indexed count must be at least 20 times faster.
"""

from __future__ import annotations

import datetime
import os
import random
import time

import pytest

from requests.calendar import WorkingCalendar
from requests.selectors import load_working_calendar

PAIRS = int(os.environ.get("BENCH_PAIRS", "10000"))
ONE_DAY = datetime.timedelta(days=1)

pytestmark = pytest.mark.django_db


def _day_by_day_between(calendar: WorkingCalendar, start: datetime.date, end: datetime.date) -> int:
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        if calendar.is_working_day(day):
            count += 1
    return count


def _day_by_day_add(calendar: WorkingCalendar, start: datetime.date, count: int) -> datetime.date:
    day = start
    while count:
        day += ONE_DAY
        if calendar.is_working_day(day):
            count -= 1
    return day


class _Counting(WorkingCalendar):
    calls = 0

    def is_working_day(self, day: datetime.date) -> bool:
        type(self).calls += 1
        return super().is_working_day(day)


def _timed(function, pairs):
    _Counting.calls = 0
    started = time.perf_counter()
    results = [function(a, b) for a, b in pairs]
    return results, time.perf_counter() - started, _Counting.calls


def test_working_days_indexed_against_day_by_day():
    loaded = load_working_calendar()
    rng = random.Random(4)
    first = datetime.date(2024, 1, 1)
    pairs = []
    for _ in range(PAIRS):
        due = first + datetime.timedelta(days=rng.randrange(3 * 365))
        pairs.append((due, due + datetime.timedelta(days=rng.randrange(730))))

    def fresh() -> _Counting:  # a calendar with an empty index, as after a reload
        return _Counting(days=loaded.days, table_years=loaded.table_years,
                         confirmed_years=loaded.confirmed_years)

    old_cal, new_cal = fresh(), fresh()
    old, old_s, old_calls = _timed(lambda a, b: _day_by_day_between(old_cal, a, b), pairs)
    new, new_s, new_calls = _timed(new_cal.working_days_between, pairs)
    assert new == old
    starts = [(a, 20) for a, _b in pairs]
    old_due, old_add_s, old_add_calls = _timed(lambda a, n: _day_by_day_add(old_cal, a, n), starts)
    new_due, new_add_s, new_add_calls = _timed(fresh().add_working_days, starts)
    assert new_due == old_due
    print(
        f"\n{PAIRS} pairs, working_days_between: day by day {old_s * 1000:.0f} ms "
        f"({old_calls} is_working_day calls), indexed {new_s * 1000:.1f} ms "
        f"({new_calls} calls, index included); x{old_s / new_s:.0f}"
        f"\n{PAIRS} starts, add_working_days(20): day by day {old_add_s * 1000:.0f} ms "
        f"({old_add_calls} calls), indexed {new_add_s * 1000:.1f} ms ({new_add_calls} calls); "
        f"x{old_add_s / new_add_s:.0f}"
    )
    assert new_s * 20 <= old_s

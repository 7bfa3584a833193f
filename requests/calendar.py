"""Working-day arithmetic over a calendar passed in as data (DESIGN.md §3).

A ``WorkingCalendar`` knows, for every date of the years in its table, whether it is a
working day (weekends and public holidays are not; make-up working days 调休 are). For a
year with no rows it counts by rule: weekends and the statutory holidays that the
``holidays`` package computes for China; such dates are *provisional* until the State
Council notice for that year is imported and the year confirmed.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

import holidays

ONE_DAY = datetime.timedelta(days=1)

WORKDAY = "workday"
WEEKEND = "weekend"
HOLIDAY = "holiday"
MAKEUP_WORKDAY = "makeup_workday"
WORKING_KINDS = frozenset({WORKDAY, MAKEUP_WORKDAY})


@functools.cache
def _rule_holidays(year: int) -> dict[datetime.date, str]:
    return dict(holidays.China(years=year, language="zh_CN"))


def rule_day_kind(day: datetime.date) -> tuple[str, str]:
    """Kind and name of a day by rule alone (no State Council notice for its year)."""
    name = _rule_holidays(day.year).get(day)
    if name:
        return HOLIDAY, name
    if day.weekday() >= 5:
        return WEEKEND, ""
    return WORKDAY, ""


@dataclass(frozen=True)
class WorkingCalendar:
    """Per-date kinds for the years in the table, rule-based counting elsewhere."""

    days: Mapping[datetime.date, tuple[str, str]] = field(default_factory=dict)
    table_years: frozenset[int] = frozenset()
    confirmed_years: frozenset[int] = frozenset()

    def day_kind(self, day: datetime.date) -> tuple[str, str]:
        # A day missing from the table (a year being entered by hand, a deleted row) is
        # counted by rule rather than failing every deadline that crosses it.
        entry = self.days.get(day)
        if entry is not None:
            return entry
        return rule_day_kind(day)

    def is_working_day(self, day: datetime.date) -> bool:
        return self.day_kind(day)[0] in WORKING_KINDS

    def is_provisional(self, day: datetime.date) -> bool:
        return day.year not in self.confirmed_years

    def add_working_days(self, start: datetime.date, count: int) -> datetime.date:
        """The ``count``-th working day after ``start`` (``start`` itself is not counted)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        while count:
            day += ONE_DAY
            if self.is_working_day(day):
                count -= 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Number of working days in the half-open period (start, end]."""
        count = 0
        day = start
        while day < end:
            day += ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count

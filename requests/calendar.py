"""Working-day arithmetic over a calendar passed in as data (DESIGN.md §3).

A ``WorkingCalendar`` knows, for every date of the years in its table, whether it is a
working day (weekends and public holidays are not; make-up working days 调休 are). For a
year with no rows it counts by rule: weekends and the statutory holidays that the
``holidays`` package computes for China; such dates are *provisional* until the State
Council notice for that year is imported and the year confirmed.
"""

from __future__ import annotations

import bisect
import datetime
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field

import holidays
from django.utils.translation import gettext_lazy as _

ONE_DAY = datetime.timedelta(days=1)

WORKDAY = "workday"
WEEKEND = "weekend"
HOLIDAY = "holiday"
MAKEUP_WORKDAY = "makeup_workday"
WORKING_KINDS = frozenset({WORKDAY, MAKEUP_WORKDAY})


#: The public holidays by the names the State Council's notices give them, in the page's
#: language. A name not listed (a one-off commemoration) is shown as the notice wrote it.
HOLIDAY_NAMES = {
    "元旦": _("元旦"),
    "春节": _("春节"),
    "清明节": _("清明节"),
    "劳动节": _("劳动节"),
    "端午节": _("端午节"),
    "中秋节": _("中秋节"),
    "国庆节": _("国庆节"),
    "农历除夕": _("农历除夕"),
}
#: How the rule-based calendar (``holidays``) marks a day off in lieu of a holiday.
IN_LIEU = "（补假）"


def holiday_name(name: str) -> str:
    """A holiday's name in the active language, when it is one of the public holidays."""
    if name.endswith(IN_LIEU):
        return holiday_name(name.removesuffix(IN_LIEU)) + str(_("（补假）"))
    return str(HOLIDAY_NAMES.get(name, name))


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
    #: Per year, the cumulative working-day index: ``[0, w1, w1+w2, ...]``, the number of
    #: working days among the year's first *i* days. Built on first use from ``day_kind``;
    #: a calendar is rebuilt (and so is its index) whenever a year's revision changes.
    _index: dict[int, list[int]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

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

    def _year_index(self, year: int) -> list[int]:
        index = self._index.get(year)
        if index is None:
            first = datetime.date(year, 1, 1)
            index = [0]
            for offset in range((datetime.date(year, 12, 31) - first).days + 1):
                index.append(index[-1] + self.is_working_day(first + datetime.timedelta(offset)))
            self._index[year] = index
        return index

    def _through(self, day: datetime.date) -> int:
        """Working days from 1 January of ``day``'s year up to ``day`` inclusive."""
        return self._year_index(day.year)[day.timetuple().tm_yday]

    def add_working_days(self, start: datetime.date, count: int) -> datetime.date:
        """The ``count``-th working day after ``start`` (``start`` itself is not counted)."""
        if count < 0:
            raise ValueError("count must not be negative")
        if not count:
            return start
        year = start.year
        wanted = self._through(start) + count  # position in the year's index
        while True:
            index = self._year_index(year)
            if wanted <= index[-1]:
                position = bisect.bisect_left(index, wanted)  # first i with index[i] >= wanted
                return datetime.date(year, 1, 1) + datetime.timedelta(days=position - 1)
            wanted -= index[-1]
            if year == datetime.MAXYEAR:
                return datetime.date.max + ONE_DAY  # raises OverflowError, as counting on would
            year += 1

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Number of working days in the half-open period (start, end]."""
        if start >= end:
            return 0
        count = self._through(end) - self._through(start)
        for year in range(start.year, end.year):
            count += self._year_index(year)[-1]
        return count

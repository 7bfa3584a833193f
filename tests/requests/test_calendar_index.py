"""The cumulative working-day index gives exactly what counting day by day gives.

``WorkingCalendar.working_days_between`` and ``add_working_days`` read a per-year index of
working days instead of walking the days. The oracle here is the day-by-day count over
``is_working_day`` that the calendar used before, run over the real table (2004–2026,
holidays and make-up working days from the State Council notices) and the years on either
side of it, which are counted by rule.
"""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from requests.calendar import WorkingCalendar
from requests.selectors import load_working_calendar
from requests.services.calendar import calendar_import_notice

pytestmark = pytest.mark.django_db
ONE_DAY = datetime.timedelta(days=1)
D = datetime.date
# Before the first and after the last year in the table, so that pairs cross its ends.
FIRST = D(2002, 6, 1)
LAST = D(2028, 6, 30)

PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def count_day_by_day(calendar: WorkingCalendar, start: datetime.date, end: datetime.date) -> int:
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        count += calendar.is_working_day(day)
    return count


def add_day_by_day(calendar: WorkingCalendar, start: datetime.date, count: int) -> datetime.date:
    day = start
    while count:
        day += ONE_DAY
        if calendar.is_working_day(day):
            count -= 1
    return day


class _Calendar(WorkingCalendar):
    def __repr__(self) -> str:
        return "<working calendar from the table>"


@pytest.fixture(scope="module")
def calendar(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        cal = load_working_calendar()
    assert cal.day_kind(D(2026, 10, 10)) == ("makeup_workday", "国庆节"), "table not seeded"
    return _Calendar(days=cal.days, table_years=cal.table_years,
                     confirmed_years=cal.confirmed_years)


dates = st.dates(min_value=FIRST, max_value=LAST)
# Near the holidays and make-up days, where an off-by-one would show.
festive = st.sampled_from([
    D(2026, 2, 14), D(2026, 2, 15), D(2026, 2, 23), D(2026, 2, 28), D(2026, 10, 1),
    D(2026, 10, 8), D(2026, 10, 10), D(2025, 1, 26), D(2025, 2, 8), D(2024, 12, 31),
    D(2026, 12, 31), D(2027, 1, 1), D(2004, 1, 1), D(2003, 12, 31), D(2020, 1, 19),
])
any_date = st.one_of(dates, festive)


@PROPERTY_SETTINGS
@given(start=any_date, end=any_date)
def test_working_days_between_equals_the_day_by_day_count(calendar, start, end):
    assert calendar.working_days_between(start, end) == count_day_by_day(calendar, start, end)


@PROPERTY_SETTINGS
@given(start=any_date, count=st.one_of(st.integers(0, 30), st.integers(0, 3000)))
def test_add_working_days_equals_counting_day_by_day(calendar, start, count):
    due = calendar.add_working_days(start, count)
    assert due == add_day_by_day(calendar, start, count)
    assert calendar.working_days_between(start, due) == count
    assert count == 0 or calendar.is_working_day(due)


def test_holidays_and_make_up_days_of_2026(calendar):
    # 春节 2026: 15–23 February off, Saturday 14 and Saturday 28 February worked.
    assert calendar.working_days_between(D(2026, 2, 13), D(2026, 2, 24)) == 2  # 14th, 24th
    assert calendar.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert calendar.add_working_days(D(2026, 2, 14), 1) == D(2026, 2, 24)
    # Across the end of the table into a year counted by rule (1 January 2027 is 元旦).
    assert calendar.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert calendar.working_days_between(D(2026, 12, 30), D(2027, 1, 4)) == 2


def test_the_ends_of_the_date_range_behave_as_before():
    calendar = WorkingCalendar()
    assert calendar.working_days_between(D.min, D(1, 1, 10)) == count_day_by_day(
        calendar, D.min, D(1, 1, 10))
    assert calendar.working_days_between(D(9999, 12, 20), D.max) == count_day_by_day(
        calendar, D(9999, 12, 20), D.max)
    assert calendar.working_days_between(D.max, D.min) == 0
    assert calendar.add_working_days(D(9999, 12, 20), 3) == add_day_by_day(
        calendar, D(9999, 12, 20), 3)
    with pytest.raises(OverflowError):
        calendar.add_working_days(D(9999, 12, 30), 5)
    with pytest.raises(OverflowError):
        calendar.add_working_days(D.max, 1)
    assert calendar.add_working_days(D.max, 0) == D.max
    with pytest.raises(ValueError):
        calendar.add_working_days(D(2026, 1, 5), -1)


def test_the_index_is_read_not_walked(calendar, monkeypatch):
    calendar.working_days_between(D(2010, 1, 1), D(2028, 1, 1))  # every year indexed
    calls = []
    original = WorkingCalendar.is_working_day
    monkeypatch.setattr(WorkingCalendar, "is_working_day",
                        lambda self, day: calls.append(day) or original(self, day))
    for n in range(500):
        start = D(2010, 1, 1) + datetime.timedelta(days=n * 11)
        calendar.working_days_between(start, D(2026, 12, 4))
        calendar.add_working_days(start, 20 + n)
    assert calls == []


def test_importing_a_notice_invalidates_the_index():
    # 2027 is counted by rule until its notice comes in: 1–4 May off by rule.
    before = load_working_calendar()
    assert before.working_days_between(D(2027, 4, 30), D(2027, 5, 10)) == 4
    assert before.add_working_days(D(2027, 4, 30), 1) == D(2027, 5, 5)
    calendar_import_notice(
        text="2027-05-01,休,劳动节\n2027-05-02,休,劳动节\n2027-05-03,休,劳动节\n"
             "2027-05-04,休,劳动节\n2027-05-05,休,劳动节\n2027-05-06,休,劳动节\n"
             "2027-05-08,班,劳动节\n",
        source="国务院办公厅通知（试）",
    )
    after = load_working_calendar()
    assert after is not before
    # 7 May and the make-up Saturday 8 May, then 10 May.
    assert after.working_days_between(D(2027, 4, 30), D(2027, 5, 10)) == 3
    assert after.add_working_days(D(2027, 4, 30), 1) == D(2027, 5, 7)
    assert after.add_working_days(D(2027, 5, 7), 1) == D(2027, 5, 8)
    assert after.working_days_between(D(2027, 4, 30), D(2027, 5, 10)) == count_day_by_day(
        after, D(2027, 4, 30), D(2027, 5, 10))

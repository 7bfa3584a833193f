"""Properties of the statutory clock (DESIGN.md §3), checked with Hypothesis.

The calendar is the real one: ``load_working_calendar()`` over the table seeded for
2004–2026 from ``chinese-calendar``, loaded once for the module. Dates run into 2027 and
2028, which are counted by rule and so are provisional.

Where a property needs an expected due date it is computed by a brute-force oracle that
shares nothing with ``compute_clock`` but the per-day ``is_working_day`` (itself checked
against ``chinese-calendar`` in ``test_calendar.py``): list every working day, group the
pauses that share a day, drop each group begun after the due date of its day (a pause counts
only while the clock runs), mark the working days inside the others as a set, and take the
n-th remaining one.
"""

from __future__ import annotations

import bisect
import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from requests.calendar import WorkingCalendar
from requests.clock import (
    CORRECTION_RECEIVED,
    CORRECTION_REQUESTED,
    EXTENDED,
    PAUSE_ENDED,
    PAUSE_STARTED,
    RECEIVED,
    STATUTORY_WORKING_DAYS,
    STOPPED,
    ClockFact,
    compute_clock,
)
from requests.selectors import load_working_calendar

ONE_DAY = datetime.timedelta(days=1)

# Every test needs the test database (the calendar fixture reads it), even those that use
# only the module-scoped calendar: without the mark pytest-django would not set it up when
# such tests run alone, and the fixture would read the development database instead.
pytestmark = pytest.mark.django_db
FIRST = datetime.date(2020, 1, 1)
LAST = datetime.date(2027, 10, 31)
LAST_CONFIRMED_YEAR = 2026  # the migration seeds and confirms 2004–2026

PROPERTY_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


class _Calendar(WorkingCalendar):
    """The loaded calendar with a short repr, so that Hypothesis' reports stay readable."""

    def __repr__(self) -> str:
        return "<working calendar from the table>"


class _Days(list):
    def __repr__(self) -> str:
        return f"<{len(self)} working days>"


@pytest.fixture(scope="module")
def calendar(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        cal = load_working_calendar()
    assert datetime.date(2026, 2, 14) in cal.days, "the calendar table was not seeded"
    return _Calendar(
        days=cal.days, table_years=cal.table_years, confirmed_years=cal.confirmed_years
    )


@pytest.fixture(scope="module")
def working_days(calendar):
    """Every working day from 2019 to 2029, sorted: the oracle's only use of the calendar."""
    day, end, days = datetime.date(2019, 1, 1), datetime.date(2029, 12, 31), _Days()
    while day <= end:
        if calendar.is_working_day(day):
            days.append(day)
        day += ONE_DAY
    return days


# --- building facts ---------------------------------------------------------------------

dates = st.dates(min_value=FIRST, max_value=LAST)
offsets = st.integers(min_value=0, max_value=60)
lengths = st.integers(min_value=0, max_value=40)
pause_specs = st.lists(st.tuples(offsets, lengths), max_size=3)
extensions = st.integers(min_value=0, max_value=20)


def pauses_from(start: datetime.date, specs) -> list[tuple[datetime.date, datetime.date]]:
    return [
        (start + datetime.timedelta(days=o), start + datetime.timedelta(days=o + n))
        for o, n in specs
    ]


#: When ``facts_for`` grants the extension: five days after receipt.
EXTENSION_AFTER = datetime.timedelta(days=5)


def facts_for(
    received: datetime.date,
    *,
    pauses=(),
    extension: int = 0,
    correction: tuple[datetime.date, datetime.date] | None = None,
    stopped: datetime.date | None = None,
    key_prefix: str = "p",
) -> list[ClockFact]:
    facts = [ClockFact(RECEIVED, received)]
    if correction:
        facts += [
            ClockFact(CORRECTION_REQUESTED, correction[0]),
            ClockFact(CORRECTION_RECEIVED, correction[1]),
        ]
    for n, (start, end) in enumerate(pauses):
        facts.append(ClockFact(PAUSE_STARTED, start, pause_key=f"{key_prefix}{n}"))
        if end is not None:
            facts.append(ClockFact(PAUSE_ENDED, end, pause_key=f"{key_prefix}{n}"))
    if extension:
        facts.append(ClockFact(EXTENDED, received + EXTENSION_AFTER, days=extension))
    if stopped:
        facts.append(ClockFact(STOPPED, stopped))
    return facts


def _groups(pauses):
    """Pauses that share a day (directly or through others), found pair by pair."""
    groups: list[list[tuple[datetime.date, datetime.date]]] = []
    for pause in pauses:
        touching = [g for g in groups if any(pause[0] <= e and s <= pause[1] for s, e in g)]
        merged = [pause] + [p for g in touching for p in g]
        groups = [g for g in groups if g not in touching] + [merged]
    return sorted(groups, key=lambda g: min(s for s, _e in g))


def oracle_due(working_days, start, pauses, extension, extension_on=None):
    """The n-th working day after ``start`` that is in no counted pause, n = 20 + extension.

    A pause [s, e] excludes the working days in (s, e]; pause days before ``start`` do not
    exist for the clock; overlapping pauses exclude each day once (a set). A group of
    pauses sharing days counts only if it begins on or before the due date of that day
    (the paused days counted so far and the extension granted before it included).

    Returns the due date, the number of paused working days and the starts of the groups
    not counted.
    """
    clipped = [(max(s, start), max(e, start)) for s, e in pauses]
    base = bisect.bisect_right(working_days, start)
    paused: set[datetime.date] = set()
    late: list[datetime.date] = []
    for group in _groups(clipped):
        group_start = min(s for s, _e in group)
        granted = extension if extension_on is not None and extension_on < group_start else 0
        due_then = working_days[base + STATUTORY_WORKING_DAYS + granted + len(paused) - 1]
        if group_start > due_then:
            late.append(group_start)
            continue
        for s, e in group:
            i = bisect.bisect_right(working_days, s)
            while i < len(working_days) and working_days[i] <= e:
                paused.add(working_days[i])
                i += 1
    # The due date is the (20 + extension + paused)-th working day after start: the paused
    # days are added to the count, wherever they lie (DESIGN.md §3: "moves out by").
    n = STATUTORY_WORKING_DAYS + extension + len(paused)
    return working_days[base + n - 1], len(paused), late


# --- properties -------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(
    received=dates,
    specs=pause_specs,
    extension=extensions,
    after=st.integers(min_value=0, max_value=30),
    length=lengths,
    open_late=st.booleans(),
)
def test_a_pause_begun_after_the_due_date_moves_nothing(
    calendar, received, specs, extension, after, length, open_late
):
    """The request is already late and stays late: the due date, the days used and the days
    left are those without the pause, which is reported as not counted."""
    pauses = pauses_from(received, specs)
    today = received + datetime.timedelta(days=400)
    before = compute_clock(facts_for(received, pauses=pauses, extension=extension), calendar, today)
    begins = before.due + datetime.timedelta(days=1 + after)
    late_pause = (begins, None if open_late else begins + datetime.timedelta(days=length))
    if any(s <= begins <= e for s, e in pauses):
        return  # it would merge with a pause that began while the clock ran
    with_late = compute_clock(
        facts_for(received, pauses=pauses + [late_pause], extension=extension), calendar, today
    )
    assert with_late.due == before.due
    assert with_late.overdue and with_late.overdue == before.overdue
    assert with_late.pause_working_days == before.pause_working_days
    assert (with_late.working_days_used, with_late.working_days_left) == (
        before.working_days_used, before.working_days_left
    )
    (period,) = [p for p in with_late.late_pauses if p.start == begins]
    assert period.due_then == before.due
    assert not with_late.paused


@PROPERTY_SETTINGS
@given(received=dates, specs=pause_specs, extension=extensions)
def test_due_date_matches_brute_force_oracle(calendar, working_days, received, specs, extension):
    pauses = pauses_from(received, specs)
    state = compute_clock(
        facts_for(received, pauses=pauses, extension=extension),
        calendar,
        today=received + datetime.timedelta(days=400),  # every pause is over
    )
    due, pause_days, late = oracle_due(
        working_days, received, pauses, extension, extension_on=received + EXTENSION_AFTER
    )
    assert state.due == due
    assert state.pause_working_days == pause_days
    assert state.extension_days == extension
    assert [period.start for period in state.late_pauses] == late


@PROPERTY_SETTINGS
@given(received=dates)
def test_receipt_day_is_not_counted(calendar, received):
    state = compute_clock([ClockFact(RECEIVED, received)], calendar, today=received)
    assert state.due > received
    counted = [
        received + datetime.timedelta(days=i)
        for i in range(1, (state.due - received).days + 1)
        if calendar.is_working_day(received + datetime.timedelta(days=i))
    ]
    assert len(counted) == STATUTORY_WORKING_DAYS
    assert counted[-1] == state.due
    # Nothing is "used" on the receipt day itself, whatever kind of day it is.
    assert state.working_days_used == 0
    assert state.working_days_left == STATUTORY_WORKING_DAYS


@PROPERTY_SETTINGS
@given(received=dates, specs=pause_specs, extension=extensions, extra=st.tuples(offsets, lengths))
def test_adding_a_pause_never_moves_the_due_date_earlier(
    calendar, received, specs, extension, extra
):
    pauses = pauses_from(received, specs)
    today = received + datetime.timedelta(days=400)
    before = compute_clock(facts_for(received, pauses=pauses, extension=extension), calendar, today)
    with_extra = compute_clock(
        facts_for(received, pauses=pauses + pauses_from(received, [extra]), extension=extension),
        calendar,
        today,
    )
    assert with_extra.due >= before.due
    assert with_extra.pause_working_days >= before.pause_working_days


@PROPERTY_SETTINGS
@given(received=dates, specs=pause_specs, extension=st.integers(min_value=1, max_value=20))
def test_extension_adds_exactly_its_working_days(calendar, received, specs, extension):
    """Exactly its days while it changes which pauses count; a pause that began after the
    old due date but before the extended one now counts too, and moves it further."""
    pauses = pauses_from(received, specs)
    today = received + datetime.timedelta(days=400)
    without = compute_clock(facts_for(received, pauses=pauses), calendar, today)
    with_ext = compute_clock(
        facts_for(received, pauses=pauses, extension=extension), calendar, today
    )
    extended = calendar.add_working_days(without.due, extension)
    late_starts = [period.start for period in without.late_pauses]
    if [period.start for period in with_ext.late_pauses] == late_starts:
        assert with_ext.due == extended
        assert calendar.working_days_between(without.due, with_ext.due) == extension
    else:
        assert len(with_ext.late_pauses) < len(without.late_pauses)
        assert with_ext.due >= extended


@PROPERTY_SETTINGS
@given(
    received=dates,
    specs=pause_specs,
    extension=extensions,
    today_offset=st.integers(min_value=-10, max_value=150),
    open_last=st.booleans(),
)
def test_due_date_is_always_a_working_day_and_provisional_follows_its_years(
    calendar, received, specs, extension, today_offset, open_last
):
    pauses: list = pauses_from(received, specs)
    if pauses and open_last:
        pauses[-1] = (pauses[-1][0], None)  # a consultation still open today
    today = received + datetime.timedelta(days=today_offset)
    state = compute_clock(facts_for(received, pauses=pauses, extension=extension), calendar, today)
    assert calendar.is_working_day(state.due)
    assert state.due > received
    assert state.provisional == (state.due.year > LAST_CONFIRMED_YEAR)
    assert state.overdue == (today > state.due)


@PROPERTY_SETTINGS
@given(
    received=dates,
    correction=st.one_of(
        st.none(),
        st.tuples(st.integers(min_value=0, max_value=7), st.integers(min_value=0, max_value=20)),
    ),
    specs=pause_specs,
    extension=extensions,
    open_last=st.booleans(),
    stop_offset=st.one_of(st.none(), st.integers(min_value=0, max_value=90)),
    today_offset=st.integers(min_value=-5, max_value=150),
    data=st.data(),
)
def test_compute_is_deterministic_and_the_order_of_facts_does_not_matter(
    calendar, received, correction, specs, extension, open_last, stop_offset, today_offset, data
):
    """Facts may come in any order, even several on one day: a correction notice and the
    corrected application on the same day, a pause sent on the day the correction arrives,
    a pause that opens and closes on one day."""
    start = received
    corr = None
    if correction is not None:
        notice = received + datetime.timedelta(days=correction[0])
        start = notice + datetime.timedelta(days=correction[1])
        corr = (notice, start)
    pauses: list = pauses_from(start, specs)
    if pauses and open_last:
        pauses[-1] = (pauses[-1][0], None)
    stopped = start + datetime.timedelta(days=stop_offset) if stop_offset is not None else None
    facts = facts_for(
        received, pauses=pauses, extension=extension, correction=corr, stopped=stopped
    )
    today = start + datetime.timedelta(days=today_offset)

    first = compute_clock(facts, calendar, today)
    again = compute_clock(list(facts), calendar, today)
    shuffled = data.draw(st.permutations(facts), label="facts in another order")
    other = compute_clock(shuffled, calendar, today)

    assert first == again
    assert other.as_dict() == first.as_dict()
    assert first.start == start
    assert not first.awaiting_correction


@PROPERTY_SETTINGS
@given(
    received=dates,
    a=st.integers(min_value=0, max_value=40),
    b_len=st.integers(min_value=0, max_value=30),
    c_into=st.integers(min_value=0, max_value=30),
    d_len=st.integers(min_value=0, max_value=40),
    extension=extensions,
)
def test_overlapping_pauses_count_like_their_union(
    calendar, received, a, b_len, c_into, d_len, extension
):
    """Two overlapping pauses [a, b] and [c, d] (a <= c <= b) give the due date of the
    single pause [a, max(b, d)]: no day is excluded twice."""
    days = datetime.timedelta
    p_a = received + days(a)
    p_b = p_a + days(b_len)
    p_c = p_a + days(min(c_into, b_len))
    p_d = p_c + days(d_len)
    today = received + days(400)
    two = compute_clock(
        facts_for(received, pauses=[(p_a, p_b), (p_c, p_d)], extension=extension), calendar, today
    )
    union = compute_clock(
        facts_for(received, pauses=[(p_a, max(p_b, p_d))], extension=extension), calendar, today
    )
    assert two.due == union.due
    assert two.pause_working_days == union.pause_working_days
    assert two.working_days_used == union.working_days_used
    assert two.working_days_left == union.working_days_left


@PROPERTY_SETTINGS
@given(
    received=dates,
    specs=pause_specs,
    extension=extensions,
    today_offset=st.integers(min_value=0, max_value=120),
)
def test_days_used_plus_days_left_is_the_whole_period(
    calendar, received, specs, extension, today_offset
):
    """Before the due date and outside any pause, the working days used plus the working
    days left make the full period: 20 + extension + the pause days not yet elapsed.
    (Pause days already elapsed are neither used nor left; while no pause day has elapsed
    the sum is exactly 20 + extension + pause days.)"""
    pauses = pauses_from(received, specs)
    today = received + datetime.timedelta(days=today_offset)
    state = compute_clock(facts_for(received, pauses=pauses, extension=extension), calendar, today)
    in_pause = any(s < today <= e for s, e in pauses)
    if today > state.due or in_pause:
        return
    elapsed_pause_days = len(
        {
            d
            for s, e in pauses
            for d in (s + datetime.timedelta(days=i) for i in range(1, (e - s).days + 1))
            if d <= today and d > received and calendar.is_working_day(d)
        }
    )
    total = STATUTORY_WORKING_DAYS + extension + state.pause_working_days
    assert state.working_days_used + state.working_days_left == total - elapsed_pause_days
    if elapsed_pause_days == 0:
        assert state.working_days_used + state.working_days_left == total
    assert state.working_days_used >= 0
    assert not state.overdue


@PROPERTY_SETTINGS
@given(
    received=dates,
    notice_after=st.integers(min_value=0, max_value=7),
    corrected_after=st.integers(min_value=0, max_value=30),
    specs=pause_specs,
    extension=extensions,
)
def test_a_correction_restarts_the_clock_from_the_corrected_application(
    calendar, received, notice_after, corrected_after, specs, extension
):
    notice = received + datetime.timedelta(days=notice_after)
    corrected = notice + datetime.timedelta(days=corrected_after)
    pauses = pauses_from(corrected, specs)
    today = corrected + datetime.timedelta(days=400)
    with_correction = compute_clock(
        facts_for(received, pauses=pauses, extension=extension, correction=(notice, corrected)),
        calendar,
        today,
    )
    fresh = compute_clock(
        facts_for(corrected, pauses=pauses, extension=extension), calendar, today
    )
    assert with_correction.due == fresh.due
    assert with_correction.start == corrected
    awaiting = compute_clock(
        facts_for(received)[:1] + [ClockFact(CORRECTION_REQUESTED, notice)], calendar, today
    )
    assert awaiting.awaiting_correction and awaiting.due is None

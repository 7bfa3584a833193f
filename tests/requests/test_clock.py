"""Worked examples of the statutory clock, with exact dates and the explanation steps.

Every expected date below is counted by hand from the State Council's 2026 notice
(国办发明电〔2025〕7号), as recorded in ``chinese-calendar`` and seeded into the table:

* 元旦 2026-01-01..01-03 off, Sun 01-04 works;
* 春节 2026-02-15..02-23 off (Sun to Mon, 9 days), Sat 02-14 and Sat 02-28 work;
* 清明节 2026-04-04..04-06 off (Sat to Mon);
* 劳动节 2026-05-01..05-05 off (Fri to Tue), Sat 05-09 works;
* 端午节 2026-06-19..06-21 off;
* 中秋节 2026-09-25..09-27 off (Fri to Sun);
* 国庆节 2026-10-01..10-07 off (Thu to Wed), Sun 09-20 and Sat 10-10 work.

2027 has no notice in the table: it is counted by rule (weekends and the ``holidays``
package: 元旦 Fri 2027-01-01) and is provisional.

The receipt day is never counted; "20 working days after D" is the 20th working day after D.
"""

from __future__ import annotations

import datetime

import chinese_calendar
import pytest

from requests.choices import ConsultationResult, ConsultedParty
from requests.clock import (
    CORRECTION_RECEIVED,
    CORRECTION_REQUESTED,
    EXTENDED,
    PAUSE_ENDED,
    PAUSE_STARTED,
    RECEIVED,
    STOPPED,
    ClockFact,
    compute_clock,
)
from requests.models import AuditEvent, DisclosureRequest
from requests.selectors import load_working_calendar
from requests.services import (
    request_clock,
    request_close_consultation,
    request_issue_correction_notice,
    request_open_consultation,
    request_receive_correction,
    request_refresh_clock,
    request_register,
    request_triage,
)
from tests.factories import at, submit
from tests.requests import machine as m

D = datetime.date

# Every test needs the test database (the calendar fixture reads it), even those that use
# only the module-scoped calendar: without the mark pytest-django would not set it up when
# such tests run alone, and the fixture would read the development database instead.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def calendar(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return load_working_calendar()


def test_the_2026_schedule_used_below_is_the_one_in_chinese_calendar(calendar):
    """The hand counts below rely on these days; check them against the package too."""
    make_up = [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9),
               D(2026, 9, 20), D(2026, 10, 10)]
    for day in make_up:
        assert day.weekday() >= 5 and chinese_calendar.is_workday(day)
        assert calendar.day_kind(day)[0] == "makeup_workday"
    off = {
        "春节": (D(2026, 2, 15), D(2026, 2, 23)),
        "清明节": (D(2026, 4, 4), D(2026, 4, 6)),
        "劳动节": (D(2026, 5, 1), D(2026, 5, 5)),
        "中秋节": (D(2026, 9, 25), D(2026, 9, 27)),
        "国庆节": (D(2026, 10, 1), D(2026, 10, 7)),
    }
    for name, (first, last) in off.items():
        day = first
        while day <= last:
            assert chinese_calendar.is_holiday(day), day
            assert calendar.day_kind(day) == ("holiday", name), day
            day += datetime.timedelta(days=1)


def clock(calendar, facts, today):
    return compute_clock(facts, calendar, today)


def test_across_the_2026_spring_festival(calendar):
    # Received Fri 2026-02-06. Counting from the next day:
    # Mon 02-09..Fri 02-13 = 1..5; Sat 02-14 make-up = 6; 02-15..02-23 春节 off;
    # Tue 02-24..Fri 02-27 = 7..10; Sat 02-28 make-up = 11; Mon 03-02..Fri 03-06 = 12..16;
    # Mon 03-09..Thu 03-12 = 17..20.  Due Thu 2026-03-12.
    state = clock(calendar, [ClockFact(RECEIVED, D(2026, 2, 6))], today=D(2026, 2, 6))
    assert state.due == D(2026, 3, 12)
    assert not state.provisional
    assert state.steps == [
        "2026年2月6日收到申请（《条例》第三十一条），自次日起计算20个工作日",
        "2026年2月14日（星期六）调休上班，计为工作日",
        "跳过2026年2月15日至2026年2月23日（春节放假），不计入工作日",
        "2026年2月28日（星期六）调休上班，计为工作日",
        "答复期限：2026年3月12日",
    ]
    # On Wed 2026-02-25: used = 02-09..02-13 (5) + 02-14 (1) + 02-24, 02-25 (2) = 8;
    # left = 02-26, 02-27, 02-28, 03-02..03-06, 03-09..03-12 = 2 + 1 + 5 + 4 = 12.
    mid = clock(calendar, [ClockFact(RECEIVED, D(2026, 2, 6))], today=D(2026, 2, 25))
    assert (mid.working_days_used, mid.working_days_left, mid.overdue) == (8, 12, False)


def test_across_new_year_2026_with_the_sunday_make_up_day(calendar):
    # Received Wed 2025-12-31: 2026-01-01..01-03 元旦 off; Sun 01-04 make-up = 1;
    # 01-05..01-09 = 2..6; 01-12..01-16 = 7..11; 01-19..01-23 = 12..16;
    # Mon 01-26..Thu 01-29 = 17..20.  Due Thu 2026-01-29.
    state = clock(calendar, [ClockFact(RECEIVED, D(2025, 12, 31))], today=D(2025, 12, 31))
    assert state.due == D(2026, 1, 29)
    assert "跳过2026年1月1日至2026年1月3日（元旦放假），不计入工作日" in state.steps
    assert "2026年1月4日（星期日）调休上班，计为工作日" in state.steps


def test_across_labour_day_2026(calendar):
    # Received Fri 2026-04-24: Mon 04-27..Thu 04-30 = 1..4; 05-01..05-05 劳动节 off;
    # Wed 05-06, Thu 05-07, Fri 05-08 = 5..7; Sat 05-09 make-up = 8;
    # 05-11..05-15 = 9..13; 05-18..05-22 = 14..18; Mon 05-25 = 19, Tue 05-26 = 20.
    state = clock(calendar, [ClockFact(RECEIVED, D(2026, 4, 24))], today=D(2026, 4, 24))
    assert state.due == D(2026, 5, 26)
    assert state.steps[1:] == [
        "跳过2026年5月1日至2026年5月5日（劳动节放假），不计入工作日",
        "2026年5月9日（星期六）调休上班，计为工作日",
        "答复期限：2026年5月26日",
    ]


def test_across_mid_autumn_and_national_day_2026(calendar):
    # Received Fri 2026-09-18: Sun 09-20 make-up = 1; Mon 09-21..Thu 09-24 = 2..5;
    # 09-25..09-27 中秋节 off; Mon 09-28..Wed 09-30 = 6..8; 10-01..10-07 国庆节 off;
    # Thu 10-08, Fri 10-09 = 9, 10; Sat 10-10 make-up = 11; 10-12..10-16 = 12..16;
    # Mon 10-19..Thu 10-22 = 17..20.  Due Thu 2026-10-22.
    state = clock(calendar, [ClockFact(RECEIVED, D(2026, 9, 18))], today=D(2026, 9, 18))
    assert state.due == D(2026, 10, 22)
    assert state.steps == [
        "2026年9月18日收到申请（《条例》第三十一条），自次日起计算20个工作日",
        "2026年9月20日（星期日）调休上班，计为工作日",
        "跳过2026年9月25日至2026年9月27日（中秋节放假），不计入工作日",
        "跳过2026年10月1日至2026年10月7日（国庆节放假），不计入工作日",
        "2026年10月10日（星期六）调休上班，计为工作日",
        "答复期限：2026年10月22日",
    ]


def test_received_on_the_monday_before_national_day(calendar):
    # Received Mon 2026-09-28: Tue 09-29, Wed 09-30 = 1, 2; 10-01..10-07 off;
    # Thu 10-08, Fri 10-09 = 3, 4; Sat 10-10 make-up = 5; 10-12..10-16 = 6..10;
    # 10-19..10-23 = 11..15; Mon 10-26..Fri 10-30 = 16..20.  Due Fri 2026-10-30.
    # (The make-up Sunday 09-20 lies before receipt and is not mentioned.)
    state = clock(calendar, [ClockFact(RECEIVED, D(2026, 9, 28))], today=D(2026, 9, 28))
    assert state.due == D(2026, 10, 30)
    assert not any("9月20日" in step for step in state.steps)


def test_a_correction_restarts_the_twenty_days(calendar):
    # Received Mon 2026-03-02; correction notice Wed 03-04: the clock stops.
    received = ClockFact(RECEIVED, D(2026, 3, 2))
    notice = ClockFact(CORRECTION_REQUESTED, D(2026, 3, 4))
    waiting = clock(calendar, [received, notice], today=D(2026, 3, 10))
    assert waiting.awaiting_correction and waiting.due is None
    assert waiting.steps[-1] == "等待申请人补正，答复期限自收到补正之日起重新计算"
    # The corrected application arrives Mon 03-16 and the 20 days run afresh from it:
    # Tue 03-17..Fri 03-20 = 1..4; 03-23..03-27 = 5..9; Mon 03-30, Tue 03-31 = 10, 11;
    # Wed 04-01..Fri 04-03 = 12..14; 04-04..04-06 清明节 off (Sat to Mon);
    # Tue 04-07..Fri 04-10 = 15..18; Mon 04-13 = 19, Tue 04-14 = 20.  Due Tue 2026-04-14
    # (without the correction it would have been Mon 2026-03-30).
    corrected = ClockFact(CORRECTION_RECEIVED, D(2026, 3, 16))
    state = clock(calendar, [received, notice, corrected], today=D(2026, 3, 16))
    assert state.start == D(2026, 3, 16)
    assert state.due == D(2026, 4, 14)
    assert state.steps == [
        "2026年3月2日收到申请（《条例》第三十一条），自次日起计算20个工作日",
        "2026年3月4日发出补正告知，答复期限停止计算（《条例》第三十条）",
        "2026年3月16日收到补正后的申请，自次日起重新计算20个工作日（《条例》第三十条）",
        "跳过2026年4月4日至2026年4月6日（清明节放假），不计入工作日",
        "答复期限：2026年4月14日",
    ]
    assert (state.working_days_used, state.working_days_left) == (0, 20)


def test_a_consultation_pause_moves_the_due_date_out(calendar):
    # Received Mon 2026-03-02; without a pause: 03-03..03-06 = 1..4, 03-09..03-13 = 5..9,
    # 03-16..03-20 = 10..14, 03-23..03-27 = 15..19, Mon 03-30 = 20.
    # A third party is consulted from Tue 03-10 (sent) to Fri 03-20 (opinion received):
    # the working days in (03-10, 03-20] are 03-11, 12, 13, 16, 17, 18, 19, 20 = 8.
    # So 28 working days: Tue 03-31 = 21, 04-01..04-03 = 22..24, 04-04..04-06 off,
    # Tue 04-07..Fri 04-10 = 25..28.  Due Fri 2026-04-10.
    facts = [
        ClockFact(RECEIVED, D(2026, 3, 2)),
        ClockFact(PAUSE_STARTED, D(2026, 3, 10), pause_key="c1"),
        ClockFact(PAUSE_ENDED, D(2026, 3, 20), pause_key="c1"),
    ]
    state = clock(calendar, facts, today=D(2026, 3, 25))
    assert state.due == D(2026, 4, 10)
    assert state.pause_working_days == 8
    assert not state.paused
    assert "2026年3月10日至2026年3月20日征求意见或等待缴费，不计入答复期限：8个工作日" in state.steps
    assert "跳过2026年4月4日至2026年4月6日（清明节放假），不计入工作日" in state.steps
    # On Wed 03-25: working days after receipt up to today are 03-03..03-25 = 17, of which 8
    # were paused: used 9. Left: 03-26, 27, 30, 31, 04-01, 02, 03, 07, 08, 09, 10 = 11.
    assert (state.working_days_used, state.working_days_left) == (9, 11)


def test_an_open_consultation_counts_the_pause_up_to_today(calendar):
    # Same request, consultation sent Tue 03-10 and still open on Fri 03-13:
    # paused so far (03-10, 03-13] = 03-11, 12, 13 = 3, so 23 working days:
    # Mon 03-30 = 20, Tue 03-31 = 21, Wed 04-01 = 22, Thu 04-02 = 23.  Due (so far) 2026-04-02.
    # Used: 03-03..03-13 = 9 working days less 3 paused = 6; left: (03-13, 04-02] = 14.
    facts = [
        ClockFact(RECEIVED, D(2026, 3, 2)),
        ClockFact(PAUSE_STARTED, D(2026, 3, 10), pause_key="c1"),
    ]
    state = clock(calendar, facts, today=D(2026, 3, 13))
    assert state.paused
    assert state.due == D(2026, 4, 2)
    assert (state.working_days_used, state.working_days_left) == (6, 14)
    assert (
        "2026年3月10日至2026年3月13日征求意见或等待缴费（尚未结束），不计入答复期限：3个工作日"
        in state.steps
    )


def test_two_overlapping_consultations_are_merged(calendar):
    # Third party 03-10..03-20 and another organ 03-16..03-25 overlap: merged 03-10..03-25,
    # working days in (03-10, 03-25] = 03-11, 12, 13, 16..20, 23, 24, 25 = 11 (not 8 + 7).
    # 31 working days after 03-02: 04-10 = 28 (see above), Mon 04-13 = 29, 04-14 = 30,
    # Wed 04-15 = 31.  Due Wed 2026-04-15.
    facts = [
        ClockFact(RECEIVED, D(2026, 3, 2)),
        ClockFact(PAUSE_STARTED, D(2026, 3, 10), pause_key="c1"),
        ClockFact(PAUSE_STARTED, D(2026, 3, 16), pause_key="c2"),
        ClockFact(PAUSE_ENDED, D(2026, 3, 20), pause_key="c1"),
        ClockFact(PAUSE_ENDED, D(2026, 3, 25), pause_key="c2"),
    ]
    state = clock(calendar, facts, today=D(2026, 3, 26))
    assert state.pause_working_days == 11
    assert state.due == D(2026, 4, 15)
    assert [s for s in state.steps if "征求意见" in s] == [
        "2026年3月10日至2026年3月25日征求意见或等待缴费，不计入答复期限：11个工作日"
    ]


def test_an_extension_of_twenty_working_days(calendar):
    # Received Mon 2026-03-02, due Mon 03-30 (20); extended by 20 on Thu 03-26:
    # Tue 03-31 = 21, 04-01..04-03 = 22..24, 04-04..04-06 清明节 off, 04-07..04-10 = 25..28,
    # 04-13..04-17 = 29..33, 04-20..04-24 = 34..38, Mon 04-27 = 39, Tue 04-28 = 40.
    facts = [
        ClockFact(RECEIVED, D(2026, 3, 2)),
        ClockFact(EXTENDED, D(2026, 3, 26), days=20),
    ]
    state = clock(calendar, facts, today=D(2026, 3, 26))
    assert state.due == D(2026, 4, 28)
    assert state.extension_days == 20
    assert (
        "2026年3月26日经政府信息公开工作机构负责人同意延期答复，延长20个工作日（《条例》第三十三条）"
        in state.steps
    )
    # 03-03..03-26 = 4 + 5 + 5 + 4 = 18 used; 40 - 18 = 22 left.
    assert (state.working_days_used, state.working_days_left) == (18, 22)


def test_a_late_reply_is_overdue_and_says_so(calendar):
    # Due Mon 2026-03-30; replied Wed 04-01: used = 20 + Tue 03-31 + Wed 04-01 = 22, i.e.
    # two working days late.
    facts = [ClockFact(RECEIVED, D(2026, 3, 2)), ClockFact(STOPPED, D(2026, 4, 1))]
    state = clock(calendar, facts, today=D(2026, 6, 1))  # "today" no longer matters
    assert state.due == D(2026, 3, 30)
    assert state.overdue
    assert (state.working_days_used, state.working_days_left) == (22, -2)
    assert state.steps[-1] == "2026年4月1日办结，用时22个工作日，超过答复期限"


def test_across_the_year_end_into_unconfirmed_2027_is_provisional(calendar):
    # Received Tue 2026-12-15: Wed 12-16..Fri 12-18 = 1..3; 12-21..12-25 = 4..8;
    # Mon 12-28..Thu 12-31 = 9..12; Fri 2027-01-01 元旦 (by rule) and the weekend off;
    # 2027-01-04..01-08 = 13..17; Mon 01-11, Tue 01-12, Wed 01-13 = 18..20.
    state = clock(calendar, [ClockFact(RECEIVED, D(2026, 12, 15))], today=D(2026, 12, 15))
    assert state.due == D(2027, 1, 13)
    assert state.provisional
    assert "跳过2027年1月1日至2027年1月3日（元旦放假），不计入工作日" in state.steps
    assert state.steps[-1] == (
        "答复期限：2027年1月13日（暂定：该年度工作日历尚未按国务院通知确认）"
    )
    # Received Mon 2026-11-02 the due date stays in 2026 and is final:
    # 11-03..11-06 = 1..4, 11-09..11-13 = 5..9, 11-16..11-20 = 10..14,
    # 11-23..11-27 = 15..19, Mon 11-30 = 20.
    final = clock(calendar, [ClockFact(RECEIVED, D(2026, 11, 2))], today=D(2026, 11, 2))
    assert final.due == D(2026, 11, 30)
    assert not final.provisional
    assert final.steps[-1] == "答复期限：2026年11月30日"


def test_no_receipt_no_clock(calendar):
    state = clock(calendar, [], today=D(2026, 3, 2))
    assert not state.started and state.due is None
    assert state.steps == ["尚未确认接收，答复期限尚未开始计算"]


def test_unknown_fact_kind_is_refused(calendar):
    with pytest.raises(ValueError, match="unknown clock event kind"):
        clock(calendar, [ClockFact(RECEIVED, D(2026, 3, 2)), ClockFact("x", D(2026, 3, 3))],
              today=D(2026, 3, 3))


# --- a pause counts only while the clock runs (DESIGN.md §3) --------------------------------

# Received Thu 2026-09-10: Fri 09-11 = 1; 09-14..09-18 = 2..6; Sun 09-20 make-up = 7;
# 09-21..09-24 = 8..11; 09-25..09-27 中秋节 off; 09-28..09-30 = 12..14; 10-01..10-07 国庆节
# off; Thu 10-08 = 15, Fri 10-09 = 16, Sat 10-10 make-up = 17; Mon 10-12 = 18,
# Tue 10-13 = 19, Wed 10-14 = 20.  Due Wed 2026-10-14.
RECEIVED_0910 = ClockFact(RECEIVED, D(2026, 9, 10))


def test_a_consultation_begun_after_the_due_date_does_not_move_it(calendar):
    # The issue's example: consultation 10-20 → 11-05. Counted, it would have moved the due
    # date by the 12 working days in (10-20, 11-05] to Fri 10-30 and shown "5 days left" on
    # Sun 10-25. It began after Wed 10-14: the request is late and stays late. On 10-25 it
    # is 7 working days overdue (10-15, 16, 19, 20, 21, 22, 23) and has used 27 (20 + 7).
    facts = [
        RECEIVED_0910,
        ClockFact(PAUSE_STARTED, D(2026, 10, 20), pause_key="consultation:1"),
        ClockFact(PAUSE_ENDED, D(2026, 11, 5), pause_key="consultation:1"),
    ]
    state = clock(calendar, facts, today=D(2026, 10, 25))
    assert state.due == D(2026, 10, 14)
    assert state.overdue
    assert (state.working_days_used, state.working_days_left) == (27, -7)
    assert state.pause_working_days == 0 and not state.paused
    assert [(p.start, p.end, p.keys, p.due_then) for p in state.late_pauses] == [
        (D(2026, 10, 20), D(2026, 11, 5), ("consultation:1",), D(2026, 10, 14))
    ]
    assert state.late_pause_keys == {"consultation:1"}
    assert state.steps == [
        "2026年9月10日收到申请（《条例》第三十一条），自次日起计算20个工作日",
        "2026年10月20日至2026年11月5日征求意见或等待缴费，开始时已超过答复期限"
        "（2026年10月14日），不停止计算，答复期限不顺延",
        "2026年9月20日（星期日）调休上班，计为工作日",
        "跳过2026年9月25日至2026年9月27日（中秋节放假），不计入工作日",
        "跳过2026年10月1日至2026年10月7日（国庆节放假），不计入工作日",
        "2026年10月10日（星期六）调休上班，计为工作日",
        "答复期限：2026年10月14日",
    ]
    # Still open on 10-25, it is not a pause of the clock either.
    still_open = clock(calendar, facts[:2], today=D(2026, 10, 25))
    assert (still_open.due, still_open.paused, still_open.overdue) == (D(2026, 10, 14), False, True)
    assert "（尚未结束）" in still_open.steps[1]


def test_a_pause_begun_on_the_due_date_counts(calendar):
    # Sent on the due day Wed 10-14 itself (still within the period), closed Mon 10-19:
    # (10-14, 10-19] = 10-15, 10-16, 10-19 = 3 working days, so 3 working days after
    # Wed 10-14: 10-15, 10-16, Mon 2026-10-19.
    facts = [
        RECEIVED_0910,
        ClockFact(PAUSE_STARTED, D(2026, 10, 14), pause_key="fee:1"),
        ClockFact(PAUSE_ENDED, D(2026, 10, 19), pause_key="fee:1"),
    ]
    state = clock(calendar, facts, today=D(2026, 10, 19))
    assert state.due == D(2026, 10, 19)
    assert state.late_pauses == ()
    assert state.pause_working_days == 3


def test_a_merged_pause_begun_in_time_counts_in_full_past_the_due_date(calendar):
    # A consultation sent on the due day Wed 10-14 and answered Sat 10-17 alone moves the
    # due date by 10-15, 10-16 to Fri 10-16. A second one, sent Sat 10-17 (after that date)
    # and answered Sat 10-31, shares a day with the first: merged, the period 10-14..10-31
    # began while the clock ran and counts in full: 10-15, 16, 19..23, 26..30 = 12 working
    # days after Wed 10-14: Fri 2026-10-30.
    facts = [
        RECEIVED_0910,
        ClockFact(PAUSE_STARTED, D(2026, 10, 14), pause_key="consultation:1"),
        ClockFact(PAUSE_ENDED, D(2026, 10, 17), pause_key="consultation:1"),
        ClockFact(PAUSE_STARTED, D(2026, 10, 17), pause_key="consultation:2"),
        ClockFact(PAUSE_ENDED, D(2026, 10, 31), pause_key="consultation:2"),
    ]
    state = clock(calendar, facts, today=D(2026, 10, 31))
    assert state.due == D(2026, 10, 30)
    assert state.pause_working_days == 12
    assert state.late_pauses == ()
    assert (
        "2026年10月14日至2026年10月31日征求意见或等待缴费，不计入答复期限：12个工作日" in state.steps
    )
    # Sent Mon 10-19 instead, the second shares no day with the first and began after
    # Fri 10-16: it moves nothing.
    apart = [*facts[:3], ClockFact(PAUSE_STARTED, D(2026, 10, 19), pause_key="consultation:2"),
             facts[4]]
    state = clock(calendar, apart, today=D(2026, 10, 31))
    assert state.due == D(2026, 10, 16)
    assert [p.keys for p in state.late_pauses] == [("consultation:2",)]


def test_the_due_date_of_the_day_includes_extensions_granted_before(calendar):
    # Extended by 10 on Mon 10-12: due Wed 10-28 (10-15, 16, 19..23, 26, 27, 28). The
    # consultation 10-20 → 11-05 begins before it and counts its 12 working days:
    # 10-29, 30, 11-02..06, 11-09..13 → Fri 2026-11-13.
    consultation = [
        ClockFact(PAUSE_STARTED, D(2026, 10, 20), pause_key="consultation:1"),
        ClockFact(PAUSE_ENDED, D(2026, 11, 5), pause_key="consultation:1"),
    ]
    state = clock(calendar, [RECEIVED_0910, ClockFact(EXTENDED, D(2026, 10, 12), days=10),
                             *consultation], today=D(2026, 11, 5))
    assert state.due == D(2026, 11, 13)
    assert state.late_pauses == ()


# --- Art. 35: a later reply date set by the head of the OGI office --------------------------


def test_a_later_reply_date_is_the_due_date(calendar):
    # Received 09-10 (due 10-14). A fee pause 09-15 → 09-17 (2 working days) moved it to
    # Fri 10-16; on Wed 09-30 the OGI office head set Mon 2026-11-30 under Art. 35: that is
    # the due date now, the earlier pause is in it.
    facts = [
        RECEIVED_0910,
        ClockFact(PAUSE_STARTED, D(2026, 9, 15), pause_key="fee:1"),
        ClockFact(PAUSE_ENDED, D(2026, 9, 17), pause_key="fee:1"),
        ClockFact.reply_date_set(D(2026, 9, 30), D(2026, 11, 30)),
    ]
    state = clock(calendar, facts, today=D(2026, 10, 25))
    assert state.due == D(2026, 11, 30)
    assert state.reply_date_set == D(2026, 11, 30)
    assert not state.overdue
    # 10-25 → 11-30: 10-26..30 (5), 11-02..06, 09..13, 16..20, 23..27 (20), 11-30 (1) = 26.
    assert state.working_days_left == 26
    assert state.steps == [
        "2026年9月10日收到申请（《条例》第三十一条），自次日起计算20个工作日",
        "2026年9月15日至2026年9月17日征求意见或等待缴费，不计入答复期限：2个工作日",
        "2026年9月30日经政府信息公开工作机构负责人确定延迟答复，答复期限为2026年11月30日"
        "（《条例》第三十五条）；此后征求意见或等待缴费的时间仍不计入",
        "答复期限：2026年11月30日",
    ]


def test_pauses_after_the_later_reply_date_still_count_on_top_of_it(calendar):
    # Reply date Mon 11-30 set on 09-30; a consultation 11-02 → 11-10 ((11-02, 11-10] =
    # 11-03..06, 09, 10 = 6 working days) moves it to 12-01..04, 12-07, 12-08: Tue 12-08.
    # One begun after that (Thu 12-10) moves nothing.
    facts = [
        RECEIVED_0910,
        ClockFact.reply_date_set(D(2026, 9, 30), D(2026, 11, 30)),
        ClockFact(PAUSE_STARTED, D(2026, 11, 2), pause_key="consultation:1"),
        ClockFact(PAUSE_ENDED, D(2026, 11, 10), pause_key="consultation:1"),
        ClockFact(PAUSE_STARTED, D(2026, 12, 10), pause_key="consultation:2"),
    ]
    state = clock(calendar, facts, today=D(2026, 12, 11))
    assert state.due == D(2026, 12, 8)
    assert state.overdue
    assert [(p.start, p.due_then) for p in state.late_pauses] == [
        (D(2026, 12, 10), D(2026, 12, 8))
    ]


# --- the request services: the cached due date is a copy of a fresh computation -----------


def _fresh(request, today):
    return request_clock(request, calendar=load_working_calendar(), today=today)


def test_registered_request_caches_the_computed_due_date(organ, people):
    request = submit(organ, on="2026-09-28")
    request_register(request=request, acting_user=people.registrar, at=at("2026-09-28"))
    stored = DisclosureRequest.objects.get(pk=request.pk)
    fresh = _fresh(stored, D(2026, 9, 28))
    assert stored.due_on == fresh.due == D(2026, 10, 30)
    assert stored.due_is_provisional is fresh.provisional is False


def test_refreshing_the_clock_twice_changes_nothing(organ, people):
    request = submit(organ, on="2026-12-15")
    request_register(request=request, acting_user=people.registrar, at=at("2026-12-15"))
    events = AuditEvent.objects.count()
    row = DisclosureRequest.objects.filter(pk=request.pk).values().get()
    first = request_refresh_clock(request, today=D(2026, 12, 16))
    second = request_refresh_clock(request, today=D(2026, 12, 16))
    assert first == second
    assert first.due == D(2027, 1, 13) and first.provisional
    assert DisclosureRequest.objects.filter(pk=request.pk).values().get() == row
    assert AuditEvent.objects.count() == events


def test_cache_follows_correction_and_consultation(organ, people):
    request = submit(organ, on="2026-03-02")
    request_register(request=request, acting_user=people.registrar, at=at("2026-03-02"))
    assert request.due_on == D(2026, 3, 30)
    request_issue_correction_notice(
        request=request, acting_user=people.registrar, points="请写明所需信息的文号", at=at("2026-03-04")
    )
    request.refresh_from_db()
    assert request.due_on is None  # stopped until the correction arrives
    request_receive_correction(
        request=request, acting_user=people.registrar, at=at("2026-03-16")
    )
    request.refresh_from_db()
    assert request.due_on == D(2026, 4, 14)  # see test_a_correction_restarts_the_twenty_days
    request_triage(
        request=request, acting_user=people.registrar, department=people.dept, at=at("2026-03-17")
    )
    # Consultation sent Tue 03-24, opinion Thu 04-02: (03-24, 04-02] = 03-25, 26, 27, 30,
    # 31, 04-01, 02 = 7 working days; 27 after 03-16: 04-14 = 20, 04-15..04-17 = 21..23,
    # 04-20..04-23 = 24..27.  Due Thu 2026-04-23.
    consultation = request_open_consultation(
        request=request, acting_user=people.handler, party_kind=ConsultedParty.THIRD_PARTY,
        party_name="莆田某化工有限公司", subject="环境影响评价报告书中的工艺参数",
        at=at("2026-03-24"),
    )
    request_close_consultation(
        request=request, acting_user=people.handler, consultation=consultation,
        result=ConsultationResult.OBJECTION, opinion="涉及商业秘密", at=at("2026-04-02"),
    )
    request.refresh_from_db()
    fresh = _fresh(request, D(2026, 4, 2))
    assert request.due_on == fresh.due == D(2026, 4, 23)
    assert fresh.pause_working_days == 7
    before = DisclosureRequest.objects.filter(pk=request.pk).values().get()
    assert request_refresh_clock(request, today=D(2026, 4, 2)).due == D(2026, 4, 23)
    assert DisclosureRequest.objects.filter(pk=request.pk).values().get() == before


def test_a_request_abandoned_while_awaiting_correction_is_no_longer_awaiting(calendar):
    # Received Mon 2026-03-02, correction notice Wed 03-04, abandoned Thu 04-02.
    state = compute_clock(
        [
            ClockFact(RECEIVED, datetime.date(2026, 3, 2)),
            ClockFact(CORRECTION_REQUESTED, datetime.date(2026, 3, 4)),
            ClockFact(STOPPED, datetime.date(2026, 4, 2)),
        ],
        calendar,
        today=datetime.date(2026, 4, 20),
    )
    assert state.awaiting_correction is False
    assert state.stopped_on == datetime.date(2026, 4, 2)
    assert state.due is None
    assert "等待补正期间办结" in state.steps[-1]


def test_only_the_pause_still_running_is_labelled_open(calendar):
    # Consultation A 03-03..03-05 closed; consultation B opened 03-10 still open on 03-13.
    state = compute_clock(
        [
            ClockFact(RECEIVED, datetime.date(2026, 3, 2)),
            ClockFact(PAUSE_STARTED, datetime.date(2026, 3, 3), pause_key="a"),
            ClockFact(PAUSE_ENDED, datetime.date(2026, 3, 5), pause_key="a"),
            ClockFact(PAUSE_STARTED, datetime.date(2026, 3, 10), pause_key="b"),
        ],
        calendar,
        today=datetime.date(2026, 3, 13),
    )
    pause_steps = [s for s in state.steps if "征求意见或等待缴费" in s]
    assert len(pause_steps) == 2
    assert "尚未结束" not in pause_steps[0]
    assert "尚未结束" in pause_steps[1]
    assert state.paused is True


# ---- the net working days a concluded request took (the clock cache) ----------------------

@pytest.mark.django_db
@pytest.mark.parametrize(
    "status, expected",
    [
        # Received Tue 2026-03-03, replied Tue 03-10: 03-04, 05, 06, 09, 10.
        ("replied", 5),
        ("archived", 5),
        # Correction notice Wed 03-04 stopped the clock after one working day; abandoned 03-26.
        ("abandoned", 1),
    ],
)
def test_concluding_acts_store_the_net_working_days_taken(organ, people, status, expected):
    request = m.build(status, organ, people)
    stored = DisclosureRequest.objects.values_list("working_days_used", flat=True).get(pk=request.pk)
    assert stored == expected
    assert request_clock(request, calendar=load_working_calendar()).working_days_used == expected


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["registered", "processing", "third_party_consultation"])
def test_open_requests_have_no_processing_time_yet(organ, people, status):
    request = m.build(status, organ, people)
    assert DisclosureRequest.objects.values_list("working_days_used", flat=True).get(
        pk=request.pk
    ) is None


@pytest.mark.django_db
def test_a_consultation_pause_is_not_counted_in_the_processing_time(organ, people):
    request = m.build("third_party_consultation", organ, people)  # paused Thu 03-05
    m.close_consultation(request, people, at("2026-03-12", 10))  # (03-05, 03-12]: 5 days
    m.draft(request, people, at("2026-03-13", 10))
    m.submit_for_review(request, people, at("2026-03-13", 11))
    m.pass_review(request, people, at("2026-03-16", 10))
    m.sign_off(request, people, at("2026-03-16", 11))
    m.reply(request, people, at("2026-03-17", 10))
    # (03-03, 03-17] has 10 working days; 5 of them fall in the pause.
    request.refresh_from_db()
    assert request.working_days_used == 5


def test_time_taken_before_a_correction_notice_that_was_never_answered(calendar):
    # Received Mon 03-02, consulted (03-02, 03-03], notice Thu 03-05, stopped 04-02: 03-04, 03-05.
    state = compute_clock(
        [
            ClockFact(RECEIVED, D(2026, 3, 2)),
            ClockFact(PAUSE_STARTED, D(2026, 3, 2), pause_key="a"),
            ClockFact(PAUSE_ENDED, D(2026, 3, 3), pause_key="a"),
            ClockFact(CORRECTION_REQUESTED, D(2026, 3, 5)),
            ClockFact(STOPPED, D(2026, 4, 2)),
        ],
        calendar,
        today=D(2026, 4, 20),
    )
    assert state.working_days_used == 2

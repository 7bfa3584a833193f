"""``manage.py deadline``: the clock by hand, as JSON (dates counted in test_clock.py)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def deadline(*args: str) -> dict:
    out = io.StringIO()
    call_command("deadline", *args, stdout=out)
    return json.loads(out.getvalue())


def test_received_the_monday_before_national_day_2026():
    # Mon 2026-09-28: 09-29, 09-30 = 1, 2; 10-01..10-07 off; 10-08, 10-09 = 3, 4;
    # Sat 10-10 make-up = 5; 10-12..10-16 = 6..10; 10-19..10-23 = 11..15;
    # 10-26..10-30 = 16..20.
    result = deadline("--received", "2026-09-28", "--today", "2026-09-28")
    assert result["due"] == "2026-10-30"
    assert result["provisional"] is False
    assert isinstance(result["steps"], list) and all(isinstance(s, str) for s in result["steps"])
    assert result["steps"] == [
        "2026年9月28日收到申请（《条例》第三十一条），自次日起计算20个工作日",
        "跳过2026年10月1日至2026年10月7日（国庆节放假），不计入工作日",
        "2026年10月10日（星期六）调休上班，计为工作日",
        "答复期限：2026年10月30日",
    ]
    assert (result["working_days_used"], result["working_days_left"]) == (0, 20)
    assert result["overdue"] is False


def test_without_today_it_still_answers():
    result = deadline("--received", "2026-09-28")
    assert result["due"] == "2026-10-30"


def test_before_the_mid_autumn_festival_the_sunday_make_up_day_counts():
    # Fri 2026-09-18 → Thu 2026-10-22 (see test_clock.py for the count).
    result = deadline("--received", "2026-09-18", "--today", "2026-09-18")
    assert result["due"] == "2026-10-22"
    assert "2026年9月20日（星期日）调休上班，计为工作日" in result["steps"]


def test_corrected_application_restarts_the_count():
    # Corrected application Mon 2026-03-16 → Tue 2026-04-14 (清明节 04-04..04-06 skipped).
    result = deadline(
        "--received", "2026-03-02", "--corrected", "2026-03-16", "--today", "2026-03-16"
    )
    assert result["due"] == "2026-04-14"
    assert result["start"] == "2026-03-16"
    assert any("重新计算" in step for step in result["steps"])


def test_corrected_on_the_day_of_receipt():
    # Same-day correction: the count starts from that day, as an ordinary receipt.
    # Mon 2026-03-02 → Mon 2026-03-30.
    result = deadline(
        "--received", "2026-03-02", "--corrected", "2026-03-02", "--today", "2026-03-02"
    )
    assert result["due"] == "2026-03-30"
    assert result["awaiting_correction"] is False


def test_repeated_overlapping_pauses_are_merged():
    # Pauses 03-10..03-20 and 03-16..03-25 merge to 03-10..03-25: 11 working days in
    # (03-10, 03-25]; 31 working days after Mon 2026-03-02 is Wed 2026-04-15.
    result = deadline(
        "--received", "2026-03-02",
        "--pause", "2026-03-10:2026-03-20", "--pause", "2026-03-16:2026-03-25",
        "--today", "2026-03-26",
    )
    assert result["due"] == "2026-04-15"
    assert result["pause_working_days"] == 11
    single = deadline(
        "--received", "2026-03-02", "--pause", "2026-03-10:2026-03-25", "--today", "2026-03-26"
    )
    assert single["due"] == result["due"]


def test_extension():
    # Mon 2026-03-02 + 40 working days = Tue 2026-04-28.
    result = deadline("--received", "2026-03-02", "--extension", "20", "--today", "2026-03-02")
    assert result["due"] == "2026-04-28"
    assert result["extension_days"] == 20
    one = deadline("--received", "2026-03-02", "--extension", "1", "--today", "2026-03-02")
    assert one["due"] == "2026-03-31"  # the next working day after Mon 03-30


def test_into_an_unconfirmed_year_is_provisional():
    # Tue 2026-12-15 → Wed 2027-01-13 counted by rule.
    result = deadline("--received", "2026-12-15", "--today", "2026-12-15")
    assert result["due"] == "2027-01-13"
    assert result["provisional"] is True
    assert "暂定" in result["steps"][-1]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--received", "2026-02-30"], "not a date"),
        (["--received", "28.09.2026"], "not a date"),
        (["--received", "2026-09-28", "--today", "tomorrow"], "not a date"),
        (["--received", "2026-09-28", "--corrected", "2026-09-27"], "--corrected"),
        (["--received", "2026-09-28", "--pause", "2026-10-12:2026-10-09"], "ends before"),
        (["--received", "2026-09-28", "--pause", "2026-10-12"], "START:END"),
        (["--received", "2026-09-28", "--pause", "2026-10-12:x"], "not a date"),
        (["--received", "2026-09-28", "--extension", "0"], "--extension"),
        (["--received", "2026-09-28", "--extension", "21"], "--extension"),
        (["--received", "2026-09-28", "--extension", "-3"], "--extension"),
        (["--received", "2026-09-28", "--extension", "two"], "invalid int"),
    ],
)
def test_bad_input_is_refused(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("deadline", *args, stdout=io.StringIO())


# --- a pause counts only while the clock runs (DESIGN.md §3) --------------------------------


def test_a_pause_begun_after_the_due_date_is_reported_as_not_counted():
    # Received Thu 2026-09-10: due Wed 2026-10-14 (count in test_clock.py). The pause
    # 10-20..11-05 begins after it: the due date stays, and on Sun 10-25 the request is
    # overdue by the working days 10-15, 16, 19..23 = 7.
    result = deadline(
        "--received", "2026-09-10", "--pause", "2026-10-20:2026-11-05", "--today", "2026-10-25"
    )
    assert result["due"] == "2026-10-14"
    assert result["overdue"] is True
    assert result["working_days_left"] == -7
    assert result["pause_working_days"] == 0
    assert result["pauses_not_counted"] == [
        {"start": "2026-10-20", "end": "2026-11-05", "open": False, "keys": ["p0"],
         "due_then": "2026-10-14"}
    ]
    assert (
        "2026年10月20日至2026年11月5日征求意见或等待缴费，开始时已超过答复期限（2026年10月14日），"
        "不停止计算，答复期限不顺延" in result["steps"]
    )
    # The keys every caller already read are still there.
    assert {"started", "start", "due", "working_days_used", "working_days_left", "overdue",
            "provisional", "paused", "awaiting_correction", "stopped_on",
            "pause_working_days", "extension_days", "steps"} <= set(result)


def test_a_pause_begun_on_the_due_date_counts():
    # Same receipt; a pause sent on the due date Wed 10-14 and closed Fri 10-16 moves the due
    # date out by the 2 working days in (10-14, 10-16] = 10-15, 10-16: due Fri 10-16.
    result = deadline(
        "--received", "2026-09-10", "--pause", "2026-10-14:2026-10-16", "--today", "2026-10-16"
    )
    assert result["due"] == "2026-10-16"
    assert result["pause_working_days"] == 2
    assert result["pauses_not_counted"] == []


def test_the_due_date_of_that_day_includes_the_pauses_counted_before():
    # A first pause 09-14..09-18 (09-15..09-18 = 4 working days) moves the due date to
    # Tue 10-20 (10-15, 16, 19, 20); the second, begun Tue 10-20, therefore counts:
    # (10-20, 10-23] = 3 more, due Fri 10-23.
    result = deadline(
        "--received", "2026-09-10",
        "--pause", "2026-09-14:2026-09-18", "--pause", "2026-10-20:2026-10-23",
        "--today", "2026-10-23",
    )
    assert result["due"] == "2026-10-23"
    assert result["pause_working_days"] == 7
    assert result["pauses_not_counted"] == []


def test_an_extension_granted_before_the_pause_keeps_the_clock_running_for_it():
    # Extended by 10 on Mon 10-12: due Wed 10-28 (10-15, 16, 19..23, 26, 27, 28). The pause
    # 10-20..11-05 (12 working days) then begins while the clock runs: due Fri 11-13
    # (10-29, 30, 11-02..06, 11-09..13). Granted after the pause began, the extension
    # comes too late for it: 10-14 + 10 = Wed 10-28, and the pause is not counted.
    result = deadline(
        "--received", "2026-09-10", "--pause", "2026-10-20:2026-11-05",
        "--extension", "10", "--extended-on", "2026-10-12", "--today", "2026-10-25",
    )
    assert result["due"] == "2026-11-13"
    assert result["pauses_not_counted"] == []
    later = deadline(
        "--received", "2026-09-10", "--pause", "2026-10-20:2026-11-05",
        "--extension", "10", "--extended-on", "2026-10-21", "--today", "2026-10-25",
    )
    assert later["due"] == "2026-10-28"
    assert [p["start"] for p in later["pauses_not_counted"]] == ["2026-10-20"]


def test_a_later_reply_date_set_under_article_35():
    # Received 09-10 (due 10-14); on Wed 09-30 the OGI office head set Mon 2026-11-30.
    # A consultation 11-02..11-10 ((11-02, 11-10] = 6 working days) still counts on top:
    # 12-01..12-04, 12-07, 12-08 → Tue 2026-12-08.
    result = deadline(
        "--received", "2026-09-10", "--reply-date", "2026-09-30:2026-11-30",
        "--pause", "2026-11-02:2026-11-10", "--today", "2026-11-10",
    )
    assert result["reply_date_set"] == "2026-11-30"
    assert result["due"] == "2026-12-08"
    assert (
        "2026年9月30日经政府信息公开工作机构负责人确定延迟答复，答复期限为2026年11月30日"
        "（《条例》第三十五条）；此后征求意见或等待缴费的时间仍不计入" in result["steps"]
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["--received", "2026-09-28", "--extended-on", "2026-10-09"], "--extended-on"),
        (["--received", "2026-09-28", "--reply-date", "2026-11-30"], "SET_ON:REPLY_BY"),
        (["--received", "2026-09-28", "--reply-date", "2026-11-30:2026-11-01"], "after"),
    ],
)
def test_bad_pause_extension_and_reply_date_input_is_refused(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("deadline", *args, stdout=io.StringIO())

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

"""The statutory clock: one pure function from a request's clock events and the calendar.

Rules (DESIGN.md §3, Regulations Art. 30–35):

* "N working days after D" is the N-th working day after D; the receipt day is not counted.
* The reply is due 20 working days after receipt (Art. 33).
* A correction notice stops the clock; it runs afresh from the day the corrected
  application is received (Art. 30).
* Time spent consulting a third party or another organ (Art. 32, 34), and, where the organ
  so decides, waiting for a fee (Art. 42), is excluded: each pause is a period
  [start, end]; overlapping periods are merged; the due date moves out by the working days
  in (start, end].
* One extension of at most 20 working days moves the due date out by exactly its days.

Nothing here touches the database: the caller passes the events and a ``WorkingCalendar``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .calendar import HOLIDAY, MAKEUP_WORKDAY, ONE_DAY, WorkingCalendar

STATUTORY_WORKING_DAYS = 20
WEEKDAYS = "一二三四五六日"

RECEIVED = "received"
CORRECTION_REQUESTED = "correction_requested"
CORRECTION_RECEIVED = "correction_received"
PAUSE_STARTED = "pause_started"
PAUSE_ENDED = "pause_ended"
EXTENDED = "extended"
STOPPED = "stopped"

#: Facts of one day are taken in the order the procedure allows them to happen, so that
#: the result does not depend on the order the caller lists them in (a correction notice
#: and the corrected application on one day; a pause sent the day the correction arrives;
#: a pause opened and closed on one day).
_SAME_DAY_ORDER = {
    kind: rank
    for rank, kind in enumerate(
        (RECEIVED, CORRECTION_REQUESTED, CORRECTION_RECEIVED, PAUSE_STARTED, PAUSE_ENDED,
         EXTENDED, STOPPED)
    )
}


@dataclass(frozen=True)
class ClockFact:
    """One clock event as plain data."""

    kind: str
    on: datetime.date
    days: int = 0
    pause_key: str = ""


@dataclass(frozen=True)
class ClockState:
    started: bool
    start: datetime.date | None = None
    due: datetime.date | None = None
    working_days_used: int = 0
    working_days_left: int | None = None
    overdue: bool = False
    provisional: bool = False
    paused: bool = False
    awaiting_correction: bool = False
    stopped_on: datetime.date | None = None
    pause_working_days: int = 0
    extension_days: int = 0
    steps: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        def iso(d: datetime.date | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "started": self.started,
            "start": iso(self.start),
            "due": iso(self.due),
            "working_days_used": self.working_days_used,
            "working_days_left": self.working_days_left,
            "overdue": self.overdue,
            "provisional": self.provisional,
            "paused": self.paused,
            "awaiting_correction": self.awaiting_correction,
            "stopped_on": iso(self.stopped_on),
            "pause_working_days": self.pause_working_days,
            "extension_days": self.extension_days,
            "steps": list(self.steps),
        }


def cn_date(day: datetime.date) -> str:
    """A date as official letters write it: 2026年3月5日 (no zero padding)."""
    return f"{day.year}年{day.month}月{day.day}日"


def merge_periods(
    periods: Iterable[tuple[datetime.date, datetime.date]],
) -> list[tuple[datetime.date, datetime.date]]:
    """Merge overlapping or touching periods [start, end] into disjoint ones, in order."""
    merged: list[tuple[datetime.date, datetime.date]] = []
    for start, end in sorted(periods):
        if end < start:
            raise ValueError(f"a pause cannot end ({end}) before it starts ({start})")
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _calendar_steps(
    calendar: WorkingCalendar, start: datetime.date, due: datetime.date
) -> list[str]:
    """Explain the holidays skipped and the make-up working days counted in (start, due]."""
    steps: list[str] = []
    day = start + ONE_DAY
    block_start: datetime.date | None = None
    names: list[str] = []
    while day <= due + ONE_DAY:
        kind, name = calendar.day_kind(day)
        off = kind not in ("workday", MAKEUP_WORKDAY)
        if off and day <= due:
            if block_start is None:
                block_start, names = day, []
            if kind == HOLIDAY and name and name not in names:
                names.append(name)
        else:
            if block_start is not None and names:
                last = day - ONE_DAY
                span = cn_date(block_start) if block_start == last else _(
                    "%(first)s至%(last)s"
                ) % {"first": cn_date(block_start), "last": cn_date(last)}
                steps.append(
                    _("跳过%(span)s（%(names)s放假），不计入工作日")
                    % {"span": span, "names": "、".join(names)}
                )
            block_start = None
        if kind == MAKEUP_WORKDAY and day <= due:
            steps.append(
                _("%(date)s（星期%(weekday)s）调休上班，计为工作日")
                % {"date": cn_date(day), "weekday": WEEKDAYS[day.weekday()]}
            )
        day += ONE_DAY
    return steps


def _net_working_days(
    calendar: WorkingCalendar,
    start: datetime.date,
    as_of: datetime.date,
    periods: list[tuple[datetime.date, datetime.date]],
) -> int:
    """Working days in (start, as_of] outside the merged pause ``periods``."""
    elapsed = calendar.working_days_between(start, as_of)
    paused_elapsed = sum(
        calendar.working_days_between(p_start, min(p_end, as_of))
        for p_start, p_end in periods
        if p_start < as_of
    )
    return elapsed - paused_elapsed


def compute_clock(
    facts: Iterable[ClockFact],
    calendar: WorkingCalendar,
    today: datetime.date,
    statutory_days: int = STATUTORY_WORKING_DAYS,
) -> ClockState:
    """Due date, working days used and left, overdue, provisional, and why."""
    ordered = sorted(
        facts, key=lambda f: (f.on, _SAME_DAY_ORDER.get(f.kind, -1), f.pause_key, f.days)
    )
    start: datetime.date | None = None
    awaiting_correction = False
    pauses: dict[str, list[datetime.date | None]] = {}
    extension = 0
    stopped_on: datetime.date | None = None
    correction_requested_on: datetime.date | None = None
    steps: list[str] = []

    for fact in ordered:
        if fact.kind == RECEIVED:
            start = fact.on
            steps.append(
                _("%(date)s收到申请（《条例》第三十一条），自次日起计算%(days)s个工作日")
                % {"date": cn_date(fact.on), "days": statutory_days}
            )
        elif fact.kind == CORRECTION_REQUESTED:
            awaiting_correction = True
            correction_requested_on = fact.on
            steps.append(
                _("%(date)s发出补正告知，答复期限停止计算（《条例》第三十条）")
                % {"date": cn_date(fact.on)}
            )
        elif fact.kind == CORRECTION_RECEIVED:
            awaiting_correction = False
            start = fact.on
            pauses.clear()
            steps.append(
                _("%(date)s收到补正后的申请，自次日起重新计算%(days)s个工作日（《条例》第三十条）")
                % {"date": cn_date(fact.on), "days": statutory_days}
            )
        elif fact.kind == PAUSE_STARTED:
            pauses[fact.pause_key] = [fact.on, None]
        elif fact.kind == PAUSE_ENDED:
            if fact.pause_key in pauses:
                pauses[fact.pause_key][1] = fact.on
        elif fact.kind == EXTENDED:
            extension += fact.days
            steps.append(
                _("%(date)s经政府信息公开工作机构负责人同意延期答复，延长%(days)s个工作日（《条例》第三十三条）")
                % {"date": cn_date(fact.on), "days": fact.days}
            )
        elif fact.kind == STOPPED:
            stopped_on = fact.on
        else:
            raise ValueError(f"unknown clock event kind {fact.kind!r}")

    if start is None:
        return ClockState(started=False, steps=[_("尚未确认接收，答复期限尚未开始计算")])
    if awaiting_correction:
        if stopped_on is not None:
            # The time taken is what ran before the notice stopped the clock.
            notice_on = min(correction_requested_on or stopped_on, stopped_on)
            periods = merge_periods(
                (max(p_start, start), max(p_end or notice_on, max(p_start, start)))
                for p_start, p_end in pauses.values()
            )
            return ClockState(
                started=True, start=start, stopped_on=stopped_on,
                working_days_used=_net_working_days(calendar, start, notice_on, periods),
                steps=steps + [
                    _("%(date)s在等待补正期间办结，答复期限不再计算") % {"date": cn_date(stopped_on)}
                ],
            )
        return ClockState(
            started=True, start=start, awaiting_correction=True,
            steps=steps + [_("等待申请人补正，答复期限自收到补正之日起重新计算")],
        )

    as_of = stopped_on or today
    open_starts = [
        max(p_start, start) for p_start, p_end in pauses.values() if p_end is None
    ]
    paused = bool(open_starts) and stopped_on is None
    periods = merge_periods(
        (max(p_start, start), max(p_end or as_of, max(p_start, start)))
        for p_start, p_end in pauses.values()
    )
    # DESIGN.md §3: the due date moves out by the working days in (start, end] of every
    # (merged) pause.
    pause_days = 0
    for p_start, p_end in periods:
        days = calendar.working_days_between(p_start, p_end)
        pause_days += days
        is_open = paused and any(p_start <= s <= p_end for s in open_starts)
        steps.append(
            _("%(first)s至%(last)s征求意见或等待缴费%(open)s，不计入答复期限：%(days)s个工作日")
            % {
                "first": cn_date(p_start),
                "last": cn_date(p_end),
                "open": _("（尚未结束）") if is_open else "",
                "days": days,
            }
        )
    due = calendar.add_working_days(start, statutory_days + extension + pause_days)
    steps.extend(_calendar_steps(calendar, start, due))

    used = _net_working_days(calendar, start, as_of, periods)
    if as_of <= due:
        left = calendar.working_days_between(as_of, due)
    else:
        left = -calendar.working_days_between(due, as_of)
    provisional = any(
        calendar.is_provisional(datetime.date(year, 1, 1))
        for year in range(start.year, due.year + 1)
    )
    steps.append(
        _("答复期限：%(due)s%(provisional)s") % {
            "due": cn_date(due),
            "provisional": _("（暂定：该年度工作日历尚未按国务院通知确认）") if provisional else "",
        }
    )
    if stopped_on:
        steps.append(
            _("%(date)s办结，用时%(used)s个工作日%(late)s") % {
                "date": cn_date(stopped_on),
                "used": used,
                "late": _("，超过答复期限") if stopped_on > due else "",
            }
        )
    return ClockState(
        started=True,
        start=start,
        due=due,
        working_days_used=used,
        working_days_left=left,
        overdue=as_of > due,
        provisional=provisional,
        paused=paused,
        stopped_on=stopped_on,
        pause_working_days=pause_days,
        extension_days=extension,
        steps=steps,
    )

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
  A pause counts only while the clock runs: one begun after the due date in force on the
  day it begins (the receipt, the pauses counted so far, the extensions granted before)
  moves nothing — the request is already late and stays late. A merged period counts as
  one: begun on or before the due date, it counts in full even where it runs past it.
* One extension of at most 20 working days moves the due date out by exactly its days.
* Art. 35: where the reasons for a bulk application are reasonable but the applications too
  many, the head of the OGI office sets a later reply date; from the day it is set that date
  is the due date. Pauses begun after that day still move it out (and are not counted when
  begun after it); what was counted before — pauses, extensions — is absorbed in it.

Nothing here touches the database: the caller passes the events and a ``WorkingCalendar``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .calendar import HOLIDAY, MAKEUP_WORKDAY, ONE_DAY, WorkingCalendar, holiday_name

STATUTORY_WORKING_DAYS = 20

RECEIVED = "received"
CORRECTION_REQUESTED = "correction_requested"
CORRECTION_RECEIVED = "correction_received"
PAUSE_STARTED = "pause_started"
PAUSE_ENDED = "pause_ended"
EXTENDED = "extended"
REPLY_DATE_SET = "reply_date_set"
STOPPED = "stopped"

#: Facts of one day are taken in the order the procedure allows them to happen, so that
#: the result does not depend on the order the caller lists them in (a correction notice
#: and the corrected application on one day; a pause sent the day the correction arrives;
#: a pause opened and closed on one day).
_SAME_DAY_ORDER = {
    kind: rank
    for rank, kind in enumerate(
        (RECEIVED, CORRECTION_REQUESTED, CORRECTION_RECEIVED, PAUSE_STARTED, PAUSE_ENDED,
         EXTENDED, REPLY_DATE_SET, STOPPED)
    )
}


@dataclass(frozen=True)
class ClockFact:
    """One clock event as plain data.

    ``days`` is the extension's working days for ``EXTENDED``; for ``REPLY_DATE_SET`` it is
    the calendar days from the day the later reply date was set (``on``) to that date, so
    that the fact carries the exact date the applicant was told (``reply_by``), whatever
    the calendar says later.
    """

    kind: str
    on: datetime.date
    days: int = 0
    pause_key: str = ""

    @classmethod
    def reply_date_set(cls, on: datetime.date, reply_by: datetime.date) -> ClockFact:
        if reply_by < on:
            raise ValueError(f"a reply date ({reply_by}) cannot be before the day it is set ({on})")
        return cls(REPLY_DATE_SET, on, days=(reply_by - on).days)

    @property
    def reply_by(self) -> datetime.date:
        """The later reply date of a ``REPLY_DATE_SET`` fact (Art. 35)."""
        return self.on + datetime.timedelta(days=self.days)


@dataclass(frozen=True)
class PausePeriod:
    """A (merged) pause [start, end] as the clock saw it: ``keys`` are the pause keys of the
    consultations and fee notices in it; ``open`` while one of them has not ended;
    ``due_then`` the due date in force on the day it began."""

    start: datetime.date
    end: datetime.date
    keys: tuple[str, ...]
    open: bool
    due_then: datetime.date

    def as_dict(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "open": self.open,
            "keys": list(self.keys),
            "due_then": self.due_then.isoformat(),
        }


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
    #: The later reply date set under Art. 35, if any (the due date is built on it).
    reply_date_set: datetime.date | None = None
    #: Pauses begun after the due date then in force: counted nowhere (DESIGN.md §3).
    late_pauses: tuple[PausePeriod, ...] = ()
    steps: list[str] = field(default_factory=list)

    @property
    def working_days_late(self) -> int:
        """Working days past the due date (0 when not overdue): what a page shows instead
        of a negative number of days left."""
        left = self.working_days_left
        return -left if left is not None and left < 0 else 0

    @property
    def late_pause_keys(self) -> set[str]:
        return {key for period in self.late_pauses for key in period.keys}

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
            "reply_date_set": iso(self.reply_date_set),
            "pauses_not_counted": [period.as_dict() for period in self.late_pauses],
            "steps": list(self.steps),
        }


def cn_date(day: datetime.date) -> str:
    """A date as official letters write it: 2026年3月5日 (no zero padding), whatever the
    language of the page (letters and records are in the organ's language)."""
    return f"{day.year}年{day.month}月{day.day}日"


def date_in_language(day: datetime.date) -> str:
    """A date as the active language writes it in a sentence (its ``DATE_FORMAT``):
    2026年3月5日 in Chinese — as ``cn_date`` — and March 5, 2026 in English. For what pages
    and messages say; letters and records use ``cn_date``."""
    return date_format(day, "DATE_FORMAT")


def listed(parts: Iterable[str]) -> str:
    """Parts of a list as the active language joins them: 元旦、春节 / New Year's Day, ..."""
    # Translators: the separator between the items of a list (、 in Chinese).
    return _("、").join(parts)


def month_in_language(year: int, month: int) -> str:
    """A month as the active language writes it: 2026年3月, March 2026."""
    return date_format(datetime.date(year, month, 1), "YEAR_MONTH_FORMAT")


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
                span = date_in_language(block_start) if block_start == last else _(
                    "%(first)s至%(last)s"
                ) % {"first": date_in_language(block_start), "last": date_in_language(last)}
                steps.append(
                    _("跳过%(span)s（%(names)s放假），不计入工作日")
                    % {"span": span, "names": listed(holiday_name(n) for n in names)}
                )
            block_start = None
        if kind == MAKEUP_WORKDAY and day <= due:
            steps.append(
                _("%(date)s（%(weekday)s）调休上班，计为工作日")
                % {"date": date_in_language(day), "weekday": date_format(day, "l")}
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


def _merge_keyed(
    periods: Iterable[tuple[datetime.date, datetime.date, str, bool]],
) -> list[tuple[datetime.date, datetime.date, tuple[str, ...], bool]]:
    """``merge_periods`` keeping which pauses (keys) make up each merged period and
    whether one of them is still open."""
    merged: list[list] = []
    for start, end, key, is_open in sorted(periods):
        if merged and start <= merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], end)
            last[2] = (*last[2], key)
            last[3] = last[3] or is_open
        else:
            merged.append([start, end, (key,), is_open])
    return [(start, end, keys, is_open) for start, end, keys, is_open in merged]


def compute_clock(
    facts: Iterable[ClockFact],
    calendar: WorkingCalendar,
    today: datetime.date,
    statutory_days: int = STATUTORY_WORKING_DAYS,
) -> ClockState:
    """Due date, working days used and left, overdue, provisional, and why.

    The facts are taken in the order they happened. The due date in force on a day is
    ``statutory_days`` working days after the start, plus the pauses counted and the
    extensions granted so far — or, once a later reply date is set (Art. 35), that date
    plus the pauses counted and extensions granted since. A (merged) pause begun after the
    due date in force that day is not counted (``late_pauses``).
    """
    ordered = sorted(
        facts, key=lambda f: (f.on, _SAME_DAY_ORDER.get(f.kind, -1), f.pause_key, f.days)
    )
    start: datetime.date | None = None
    awaiting_correction = False
    pauses: dict[str, list[datetime.date | None]] = {}
    extensions: list[tuple[datetime.date, int]] = []
    reply_dates: list[tuple[datetime.date, datetime.date]] = []
    stopped_on: datetime.date | None = None
    correction_requested_on: datetime.date | None = None
    # (day, rank, text): the explanation, put in the order things happened at the end.
    dated_steps: list[tuple[datetime.date, int, str]] = []

    def say(day: datetime.date, kind: str, text: str) -> None:
        dated_steps.append((day, _SAME_DAY_ORDER[kind], text))

    for fact in ordered:
        if fact.kind == RECEIVED:
            start = fact.on
            say(fact.on, RECEIVED,
                _("%(date)s收到申请（《条例》第三十一条），自次日起计算%(days)s个工作日")
                % {"date": date_in_language(fact.on), "days": statutory_days})
        elif fact.kind == CORRECTION_REQUESTED:
            awaiting_correction = True
            correction_requested_on = fact.on
            say(fact.on, CORRECTION_REQUESTED,
                _("%(date)s发出补正告知，答复期限停止计算（《条例》第三十条）")
                % {"date": date_in_language(fact.on)})
        elif fact.kind == CORRECTION_RECEIVED:
            awaiting_correction = False
            start = fact.on
            pauses.clear()
            say(fact.on, CORRECTION_RECEIVED,
                _("%(date)s收到补正后的申请，自次日起重新计算%(days)s个工作日（《条例》第三十条）")
                % {"date": date_in_language(fact.on), "days": statutory_days})
        elif fact.kind == PAUSE_STARTED:
            pauses[fact.pause_key] = [fact.on, None]
        elif fact.kind == PAUSE_ENDED:
            if fact.pause_key in pauses:
                pauses[fact.pause_key][1] = fact.on
        elif fact.kind == EXTENDED:
            extensions.append((fact.on, fact.days))
            say(fact.on, EXTENDED,
                _("%(date)s经政府信息公开工作机构负责人同意延期答复，延长%(days)s个工作日（《条例》第三十三条）")
                % {"date": date_in_language(fact.on), "days": fact.days})
        elif fact.kind == REPLY_DATE_SET:
            reply_dates.append((fact.on, fact.reply_by))
            say(fact.on, REPLY_DATE_SET,
                _("%(date)s经政府信息公开工作机构负责人确定延迟答复，答复期限为%(reply_by)s"
                  "（《条例》第三十五条）；此后征求意见或等待缴费的时间仍不计入")
                % {"date": date_in_language(fact.on), "reply_by": date_in_language(fact.reply_by)})
        elif fact.kind == STOPPED:
            stopped_on = fact.on
        else:
            raise ValueError(f"unknown clock event kind {fact.kind!r}")

    def in_order() -> list[str]:
        return [text for _day, _rank, text in sorted(dated_steps, key=lambda s: s[:2])]

    if start is None:
        return ClockState(started=False, steps=[_("尚未确认接收，答复期限尚未开始计算")])
    if awaiting_correction:
        steps = in_order()
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
                    _("%(date)s在等待补正期间办结，答复期限不再计算") % {"date": date_in_language(stopped_on)}
                ],
            )
        return ClockState(
            started=True, start=start, awaiting_correction=True,
            steps=steps + [_("等待申请人补正，答复期限自收到补正之日起重新计算")],
        )

    as_of = stopped_on or today
    groups = _merge_keyed(
        (max(p_start, start), max(p_end or as_of, max(p_start, start)), key, p_end is None)
        for key, (p_start, p_end) in pauses.items()
    )
    # DESIGN.md §3: walk the pauses, extensions and the later reply date in the order they
    # happened. A (merged) pause begun on or before the due date in force that day moves the
    # due date out by the working days in (start, end]; one begun after it moves nothing.
    moments: list[tuple[datetime.date, int, str, object]] = [
        (group[0], _SAME_DAY_ORDER[PAUSE_STARTED], PAUSE_STARTED, group) for group in groups
    ]
    moments += [(on, _SAME_DAY_ORDER[EXTENDED], EXTENDED, days) for on, days in extensions]
    moments += [(on, _SAME_DAY_ORDER[REPLY_DATE_SET], REPLY_DATE_SET, reply_by)
                for on, reply_by in reply_dates]
    anchor, count = start, statutory_days
    reply_date_set: datetime.date | None = None
    counted: list[tuple[datetime.date, datetime.date]] = []
    late: list[PausePeriod] = []
    pause_days = 0
    paused = False
    for _on, _rank, kind, value in sorted(moments, key=lambda m: m[:2]):
        if kind == EXTENDED:
            count += value
        elif kind == REPLY_DATE_SET:
            # Art. 35: the date set replaces the due date; what was counted is in it.
            anchor, count, reply_date_set = value, 0, value
        else:
            p_start, p_end, keys, is_open = value
            is_open = is_open and stopped_on is None
            due_then = calendar.add_working_days(anchor, count)
            open_text = _("（尚未结束）") if is_open else ""
            span = {"first": date_in_language(p_start), "last": date_in_language(p_end), "open": open_text}
            if p_start > due_then:
                late.append(PausePeriod(p_start, p_end, keys, is_open, due_then))
                say(p_start, PAUSE_STARTED,
                    _("%(first)s至%(last)s征求意见或等待缴费%(open)s，开始时已超过答复期限"
                      "（%(due)s），不停止计算，答复期限不顺延") % {**span, "due": date_in_language(due_then)})
                continue
            days = calendar.working_days_between(p_start, p_end)
            count += days
            pause_days += days
            counted.append((p_start, p_end))
            paused = paused or is_open
            say(p_start, PAUSE_STARTED,
                _("%(first)s至%(last)s征求意见或等待缴费%(open)s，不计入答复期限：%(days)s个工作日")
                % {**span, "days": days})
    due = calendar.add_working_days(anchor, count)
    steps = in_order()
    steps.extend(_calendar_steps(calendar, anchor, due))

    used = _net_working_days(calendar, start, as_of, counted)
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
            "due": date_in_language(due),
            "provisional": _("（暂定：该年度工作日历尚未按国务院通知确认）") if provisional else "",
        }
    )
    if stopped_on:
        steps.append(
            _("%(date)s办结，用时%(used)s个工作日%(late)s") % {
                "date": date_in_language(stopped_on),
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
        extension_days=sum(days for _on, days in extensions),
        reply_date_set=reply_date_set,
        late_pauses=tuple(late),
        steps=steps,
    )

"""Maintaining the working-day calendar and recomputing deadlines when it changes."""

from __future__ import annotations

import csv
import datetime
import io
import uuid
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..calendar import HOLIDAY, MAKEUP_WORKDAY, WEEKEND, WORKDAY, rule_day_kind
from ..language import organ_language
from ..models import CalendarDay, CalendarYear, DisclosureRequest, Organ
from ..models.audit import Act
from ..selectors import load_working_calendar, open_requests
from .audit import audit_record
from .clock import request_refresh_clock, requests_refresh_clocks
from .locks import organ_locks

KIND_WORDS = {
    "holiday": HOLIDAY, "休": HOLIDAY, "假": HOLIDAY, "节假日": HOLIDAY, "放假": HOLIDAY,
    "workday": MAKEUP_WORKDAY, "makeup": MAKEUP_WORKDAY, "班": MAKEUP_WORKDAY,
    "上班": MAKEUP_WORKDAY, "调休上班": MAKEUP_WORKDAY,
}


@dataclass(frozen=True)
class NoticeDay:
    date: datetime.date
    kind: str
    name: str = ""


def _recomputed_comment(year: int) -> str:
    with organ_language():
        return _("%(year)s年度工作日历已确认，答复期限重新计算") % {"year": year}


def parse_notice(text: str) -> list[NoticeDay]:
    """Read a State Council notice as CSV lines: ``date,kind[,name]``.

    ``kind`` is ``holiday`` (休) or ``workday`` (班, a make-up working day). Blank lines
    and lines starting with ``#`` are skipped. Errors name the line.
    """
    days: list[NoticeDay] = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not row[0].strip() or row[0].strip().startswith("#"):
            continue
        if len(row) < 2:
            raise ValidationError(_("第%(n)s行：应为“日期,类型[,名称]”。") % {"n": number})
        try:
            date = datetime.date.fromisoformat(row[0].strip())
        except ValueError:
            raise ValidationError(
                _("第%(n)s行：日期“%(value)s”无效，应为YYYY-MM-DD。")
                % {"n": number, "value": row[0].strip()}
            ) from None
        kind = KIND_WORDS.get(row[1].strip().lower())
        if kind is None:
            raise ValidationError(
                _("第%(n)s行：类型“%(value)s”无效，应为 holiday（休）或 workday（班）。")
                % {"n": number, "value": row[1].strip()}
            )
        if kind == MAKEUP_WORKDAY and date.weekday() < 5:
            raise ValidationError(
                _("第%(n)s行：%(date)s不是周末，不能作为调休上班日。")
                % {"n": number, "date": date}
            )
        days.append(NoticeDay(date, kind, row[2].strip() if len(row) > 2 else ""))
    if not days:
        raise ValidationError(_("文件中没有日期。"))
    years = {d.date.year for d in days}
    if len(years) != 1:
        raise ValidationError(_("一个文件只能包含一个年度的安排。"))
    if len({d.date for d in days}) != len(days):
        raise ValidationError(_("同一日期出现了多次。"))
    return days


def _year_rows(year: CalendarYear, notice: dict[datetime.date, NoticeDay]) -> list[CalendarDay]:
    rows = []
    day = datetime.date(year.year, 1, 1)
    while day.year == year.year:
        entry = notice.get(day)
        if entry is not None:
            rows.append(CalendarDay(date=day, year=year, kind=entry.kind, name=entry.name))
        else:
            rows.append(
                CalendarDay(date=day, year=year, kind=WEEKEND if day.weekday() >= 5 else WORKDAY)
            )
        day += datetime.timedelta(days=1)
    return rows


@transaction.atomic
def calendar_import_notice(
    *, text: str, source: str, acting_user: AbstractBaseUser | None = None
) -> tuple[CalendarYear, int]:
    """Replace one year's days by the State Council notice and confirm the year.

    Returns the year and how many open deadlines changed.
    """
    days = parse_notice(text)
    year_number = days[0].date.year
    year, _created = CalendarYear.objects.get_or_create(year=year_number)
    year.source = source[:200]
    year.revision = uuid.uuid4()
    year.save(update_fields=["source", "revision"])
    CalendarDay.objects.filter(year=year).delete()
    CalendarDay.objects.bulk_create(_year_rows(year, {d.date: d for d in days}))
    return year, calendar_confirm_year(year=year, acting_user=acting_user)


@transaction.atomic
def calendar_confirm_year(*, year: CalendarYear, acting_user: AbstractBaseUser | None) -> int:
    """Confirm a year's calendar and recompute every open deadline.

    Each open request whose due date or provisional mark changed gets an audit event with
    the old and new values. Returns the number of such requests; running it again changes
    nothing more. The clock caches of concluded requests whose time ran into the year
    (their due date and the working days they took) are rebuilt too, without an event:
    their acts are over, only the figures supervision reads change.
    """
    if not year.days.exists():
        raise ValidationError(_("%(year)s年度还没有日期，不能确认。") % {"year": year.year})
    # Every organ's acts wait while their deadlines are recomputed: the organs first, by
    # key, then their requests (the lock order of ``requests.services``).
    organ_locks(Organ.objects.values_list("pk", flat=True))
    year.confirmed = True
    year.confirmed_at = timezone.now()
    year.revision = uuid.uuid4()
    year.save(update_fields=["confirmed", "confirmed_at", "revision"])
    calendar = load_working_calendar()
    changed = 0
    for request in open_requests().select_related("organ").order_by("pk"):
        before = (request.due_on, request.due_is_provisional)
        state = request_refresh_clock(request, calendar=calendar)
        if (state.due, state.provisional) != before:
            changed += 1
            audit_record(
                organ=request.organ,
                request=request,
                act=Act.DEADLINE_RECOMPUTED,
                actor=acting_user,
                status_before=request.status,
                status_after=request.status,
                comment=_recomputed_comment(year.year),
                data={
                    "year": year.year,
                    "due_before": before[0],
                    "due_after": state.due,
                    "provisional_before": before[1],
                    "provisional_after": state.provisional,
                },
            )
    first, last = datetime.date(year.year, 1, 1), datetime.date(year.year, 12, 31)
    requests_refresh_clocks(
        DisclosureRequest.objects.filter(concluded_on__isnull=False, received_on__lte=last)
        .filter(Q(concluded_on__gte=first) | Q(due_on__gte=first)),
        calendar=calendar,
    )
    return changed



@transaction.atomic
def calendar_prepare_year(*, year_number: int) -> CalendarYear:
    """Fill an unconfirmed year with the days counted by rule, ready to edit by the notice.

    Refuses a confirmed year. Deadlines in the year stay provisional until it is confirmed.
    """
    year, _created = CalendarYear.objects.get_or_create(year=year_number)
    year.revision = uuid.uuid4()
    year.save(update_fields=["revision"])
    if year.confirmed:
        raise ValidationError(_("%(year)s年度已经确认，不能按规则重新生成。") % {"year": year_number})
    CalendarDay.objects.filter(year=year).delete()
    rows = []
    day = datetime.date(year_number, 1, 1)
    while day.year == year_number:
        kind, name = rule_day_kind(day)
        rows.append(CalendarDay(date=day, year=year, kind=kind, name=name))
        day += datetime.timedelta(days=1)
    CalendarDay.objects.bulk_create(rows)
    return year


def calendar_day_changed(*, day: CalendarDay) -> None:
    """A day was edited by hand: its year needs confirming again before counting as final."""
    CalendarYear.objects.filter(pk=day.year_id).update(
        confirmed=False, confirmed_at=None, revision=uuid.uuid4()
    )

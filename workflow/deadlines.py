"""How close a request's due date is, as shown on the workbench."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from requests.calendar import WorkingCalendar
from requests.choices import CONCLUDED_STATUSES, Status

#: Working days left at or below which the colour changes.
SOON_DAYS = 3
WARN_DAYS = 5


@dataclass(frozen=True)
class DeadlineView:
    css: str
    text: str
    days_left: int | None


def deadline_view(
    *,
    status: str,
    due_on: datetime.date | None,
    provisional: bool,
    calendar: WorkingCalendar,
    today: datetime.date,
) -> DeadlineView:
    """Working days left (negative when overdue) and the colour of the badge."""
    if status in CONCLUDED_STATUSES:
        return DeadlineView("stopped", _("已办结"), None)
    if status == Status.RECEIVED:
        return DeadlineView("stopped", _("待登记"), None)
    if status == Status.AWAITING_CORRECTION:
        return DeadlineView("stopped", _("停止计算（待补正）"), None)
    if due_on is None:
        return DeadlineView("stopped", "—", None)
    if today <= due_on:
        left = calendar.working_days_between(today, due_on)
    else:
        left = -calendar.working_days_between(due_on, today)
    mark = _("（暂定）") if provisional else ""
    if left < 0:
        return DeadlineView("late", _("超期%(n)s个工作日") % {"n": -left} + mark, left)
    if left == 0:
        return DeadlineView("late", _("今日到期") + mark, left)
    css = "soon" if left <= SOON_DAYS else "warn" if left <= WARN_DAYS else "ok"
    return DeadlineView(css, _("剩%(n)s个工作日") % {"n": left} + mark, left)

"""A lapsed correction or payment period: the sweep offers 「确认视为放弃」 to the registrars
(``offer_lapse_confirmation``), and the task page shows what they decide on
(``lapse_facts``): which period, the notice that set it and its delivery, the last day,
anything that arrived since, and any good reason found before."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from letters.kinds import LetterKind
from letters.models import IssuedLetter
from requests.choices import AbandonReason, Status
from requests.clock import cn_date
from requests.language import in_organ_language
from requests.models import AuditEvent, DisclosureRequest
from requests.models.audit import Act
from requests.selectors import load_working_calendar
from requests.services.closing import waiting_period

from .flows import LAPSE_HOLDER, DisclosureFlow
from .lifecycle import open_tasks_of_request, task_finish_outside_its_form
from .models import RequestProcess


@dataclass(frozen=True)
class GrantedPeriod:
    """An earlier good reason and the new period it set."""

    on: datetime.date
    by: str
    reason: str
    previous_last_day: str
    new_last_day: str
    posted_on: str = ""


@dataclass(frozen=True)
class LapseFacts:
    period: str  # 补正期限 / 缴费期限
    consequence: str  # the AbandonReason's label
    notice_title: str
    notice_date: datetime.date | None
    notice_number: str
    delivery: str  # how and when the notice reached the applicant, if recorded
    last_day: datetime.date | None
    working_days_over: int | None
    since: str  # what arrived since the notice
    granted: list[GrantedPeriod] = field(default_factory=list)


def lapse_facts(request: DisclosureRequest, today: datetime.date | None = None) -> LapseFacts | None:
    """The facts of the period the request waits on, or None when it waits on none."""
    period = waiting_period(request)
    if period is None:
        return None
    today = today or timezone.localdate()
    if period.is_correction:
        letter = (
            IssuedLetter.objects.filter(request=request, kind=LetterKind.CORRECTION_NOTICE)
            .order_by("-issued_at").first()
        )
        label, title, issued_on = _("补正期限"), _("补正告知书"), request.correction_requested_on
        since = (
            _("%(date)s收到补正") % {"date": request.correction_received_on}
            if request.correction_received_on
            else _("至今未登记收到补正。邮寄的补正在途、已在期限内交邮的，可按交邮日期认定正当理由。")
        )
    else:
        notice = period.fee_notice
        letter = IssuedLetter.objects.filter(fee_notice=notice).order_by("-issued_at").first()
        label, title, issued_on = _("缴费期限"), _("收费通知书"), notice.issued_on
        since = (
            _("%(date)s缴费") % {"date": notice.paid_on}
            if notice.paid_on
            else _("至今未登记缴费。")
        )
    if letter is not None and letter.is_delivered:
        delivery = _("%(method)s，%(date)s送达") % {
            "method": letter.get_delivery_method_display(), "date": letter.delivered_on,
        }
    else:
        delivery = _("未登记送达")
    over = None
    if period.last_day is not None and today > period.last_day:
        over = load_working_calendar().working_days_between(period.last_day, today)
    granted = [
        GrantedPeriod(
            on=timezone.localdate(event.at), by=event.actor_name, reason=event.comment,
            previous_last_day=event.data.get("previous_last_day", ""),
            new_last_day=event.data.get("new_last_day", ""),
            posted_on=event.data.get("posted_on", ""),
        )
        for event in AuditEvent.objects.filter(
            request=request, act=Act.GRANT_NEW_PERIOD, data__period=period.reason
        ).order_by("sequence")
    ]
    return LapseFacts(
        period=label,
        consequence=AbandonReason(period.reason).label,
        notice_title=title,
        notice_date=issued_on,
        notice_number=letter.number if letter is not None else "",
        delivery=delivery,
        last_day=period.last_day,
        working_days_over=over,
        since=since,
        granted=granted,
    )


#: The step whose task stands while a request waits on the applicant: the correction comes
#: back at 收到补正; a fee is awaited while the handler holds the handling task.
WAITING_STEPS = {Status.AWAITING_CORRECTION: "await_correction", Status.AWAITING_FEE: "handle"}


@in_organ_language
def offer_lapse_confirmation(
    *, request: DisclosureRequest, at: datetime.datetime | None = None
) -> Task | None:
    """The correction or payment period has lapsed: end the waiting task, so the flow offers
    「确认视为放弃」 to the registrars (nothing is decided here). Call inside a transaction
    holding the request's row, after checking the period lapsed.

    Returns the offered task; None when nothing was waiting (offered already, the request is
    not in the flow) or someone is finishing the waiting task right now (the next sweep
    will look again).
    """
    assert transaction.get_connection().in_atomic_block, "call inside a transaction"
    name = WAITING_STEPS.get(request.status)
    period = waiting_period(request)
    if name is None or period is None or period.last_day is None:
        return None
    waiting = open_tasks_of_request(request).filter(flow_task=getattr(DisclosureFlow, name))
    task = (
        Task.objects.select_for_update(skip_locked=True)
        .filter(pk__in=list(waiting.values_list("pk", flat=True)))
        .first()
    )
    if task is None:
        return None
    now = at or timezone.now()
    holder = task.owner if task.status == STATUS.ASSIGNED else None
    if name == "handle" and holder is not None:
        process = RequestProcess.objects.get(pk=task.process_id)
        process.data = {**process.data, LAPSE_HOLDER: holder.pk}
        process.save(update_fields=["data"])
    task_finish_outside_its_form(
        task, actor=None, owner=holder, at=now,
        comment=_("期限已于%(date)s届满，转登记员确认是否视为放弃。")
        % {"date": cn_date(period.last_day)},
    )
    return open_tasks_of_request(request).filter(flow_task=DisclosureFlow.confirm_lapse).first()

"""The deadline sweep (run every few minutes from cron): statutory defaults and reminders.

Each part works request by request in its own transaction, taking the rows it acts on
with ``SELECT … FOR UPDATE SKIP LOCKED`` and checking again under the lock, so a sweep
can be run any number of times, and two sweeps at once never do anything twice.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from letters.kinds import LetterKind
from letters.models import IssuedLetter
from requests.choices import (
    CLOCK_RUNNING_STATUSES,
    ConsultationResult,
    ConsultedParty,
    Role,
    Status,
)
from requests.clock import cn_date
from requests.errors import RequestActError
from requests.language import in_organ_language
from requests.models import AuditEvent, Consultation, DisclosureRequest, StaffMembership
from requests.models.audit import Act
from requests.selectors import load_working_calendar
from requests.services import request_clock, request_close_consultation, request_refresh_clock
from requests.services.clock import clock_cache, stored_clock_cache
from requests.services.closing import waiting_period
from requests.services.locks import organ_lock

from .flows import DisclosureFlow
from .lapses import WAITING_STEPS, offer_lapse_confirmation
from .lifecycle import open_tasks_of_request
from .models import NotificationKind
from .notifications import notify, notify_role

REMINDER_DAYS = {5: NotificationKind.DUE_IN_5, 2: NotificationKind.DUE_IN_2}


@dataclass
class SweepReport:
    consultations_closed: list[str] = field(default_factory=list)
    lapses_to_confirm: list[str] = field(default_factory=list)
    reminders: int = 0
    late_corrections: int = 0
    late_confirmations: int = 0
    consultations_after_due: int = 0
    delivery_reminders: int = 0
    clocks_refreshed: int = 0
    errors: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            _("征求意见逾期结束：%(n)s件") % {"n": len(self.consultations_closed)},
            _("逾期待确认视为放弃：%(n)s件") % {"n": len(self.lapses_to_confirm)},
            _("期限提醒：%(n)s条") % {"n": self.reminders},
            _("补正告知逾期提示：%(n)s条") % {"n": self.late_corrections},
            _("确认接收逾期提示：%(n)s条") % {"n": self.late_confirmations},
            _("超过答复期限后征求意见提示：%(n)s条") % {"n": self.consultations_after_due},
            _("征求意见文书未登记送达提醒：%(n)s条") % {"n": self.delivery_reminders},
            _("暂停计算期间顺延的答复期限：%(n)s件") % {"n": self.clocks_refreshed},
            *self.errors,
        ]


def _each_locked(queryset: QuerySet, act: Callable, *, organ_field: str = "organ_id") -> None:
    """Run ``act(row)`` for each row in its own transaction, skipping rows another sweep holds.

    The row's organ is locked first (the lock order of ``requests.services``): the act
    that follows locks it anyway, and after the row it would deadlock with a person's act.
    """
    for pk, organ_id in list(queryset.values_list("pk", organ_field)):
        with transaction.atomic():
            organ_lock(organ_id)
            row = queryset.model.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if row is not None:
                act(row)


def close_lapsed_consultations(today: datetime.date, report: SweepReport) -> None:
    """Art. 32, 34: 15 working days after the party received the letter, a third party's
    silence leaves the decision to the organ; another organ's silence counts as consent.
    A consultation whose receipt is not recorded has no last day yet and never lapses."""

    def close(consultation: Consultation) -> None:
        if not consultation.has_lapsed(today):
            return
        request = DisclosureRequest.objects.get(pk=consultation.request_id)
        result = (
            ConsultationResult.LAPSED_THIRD_PARTY
            if consultation.party_kind == ConsultedParty.THIRD_PARTY
            else ConsultationResult.LAPSED_CO_ORGAN
        )
        try:
            request_close_consultation(
                request=request, acting_user=None, consultation=consultation, result=result,
                at=_noon(today),
            )
        except RequestActError as error:
            report.errors.append(f"{request.registration_number}: {error.messages[0]}")
            return
        report.consultations_closed.append(request.registration_number)

    _each_locked(
        Consultation.objects.lapsed(today).filter(
            request__status=Status.THIRD_PARTY_CONSULTATION,
        ),
        close,
        organ_field="request__organ_id",
    )


#: Working days after sending a consultation letter when, its delivery still unrecorded,
#: the registrars are reminded: the party's 15 days run only from its recorded receipt.
DELIVERY_REMINDER_DAYS = 5
CONSULTATION_LETTER_KINDS = (LetterKind.THIRD_PARTY_CONSULTATION, LetterKind.ORGAN_CONSULTATION)


def remind_unrecorded_consultation_deliveries(
    today: datetime.date, report: SweepReport
) -> None:
    """Art. 32, 34: remind the organ's registrars, once per letter, of each consultation
    letter (the latest of its consultation, still open) whose delivery is not recorded
    5 working days after it was sent."""
    calendar = load_working_calendar()
    letters = IssuedLetter.objects.filter(
        kind__in=CONSULTATION_LETTER_KINDS,
        delivery_method="",
        replaced_by__isnull=True,
        consultation__received_on__isnull=True,
        consultation__closed_on__isnull=True,
    ).select_related("consultation", "request")
    registrars: dict[int, list] = {}
    for letter in letters:
        sent = max(letter.consultation.sent_on, letter.issued_on)
        if calendar.add_working_days(sent, DELIVERY_REMINDER_DAYS) > today:
            continue
        request = letter.request
        if request.organ_id not in registrars:
            registrars[request.organ_id] = [
                m.user for m in StaffMembership.objects.filter(
                    organ_id=request.organ_id, role=Role.REGISTRAR
                ).select_related("user")
            ]
        text = _(
            "申请%(number)s的%(title)s（%(letter)s）于%(sent)s发出，%(days)s个工作日后仍未登记送达。"
            "被征求意见方的15个工作日自其收到之日起计算，请核实送达情况并登记送达日期。"
        ) % {
            "number": request.registration_number, "title": f"《{letter.title}》",
            "letter": letter.number, "sent": cn_date(sent), "days": DELIVERY_REMINDER_DAYS,
        }
        for person in registrars[request.organ_id]:
            if notify(
                user=person, request=request, kind=NotificationKind.DELIVERY_UNRECORDED,
                key=f"letter:{letter.pk}", message=text,
            ):
                report.delivery_reminders += 1


def offer_lapse_confirmations(today: datetime.date, report: SweepReport) -> None:
    """Art. 30, 42: no correction, or no payment, by the last day. The sweep never abandons a
    request itself: it offers 「确认视为放弃」 to the organ's registrars, who confirm the
    lapse (the termination notice) or record a good reason and a new period — once per
    lapsed period (a new period that lapses too is offered again)."""

    def offer(request: DisclosureRequest) -> None:
        period = waiting_period(request)
        if period is None or not period.has_lapsed(today):
            return
        waiting = open_tasks_of_request(request).filter(
            flow_task=getattr(DisclosureFlow, WAITING_STEPS[request.status])
        )
        holders = [task.owner for task in waiting.select_related("owner") if task.owner]
        task = offer_lapse_confirmation(request=request, at=_noon(today))
        if task is None:
            return
        what = (
            _("补正期限已于%(date)s届满，未收到补正")
            if period.is_correction
            else _("缴费期限已于%(date)s届满，未缴纳信息处理费")
        ) % {"date": cn_date(period.last_day)}
        text = _("申请%(number)s%(what)s，请登记员确认视为放弃，或认定正当理由、重新确定期限。") % {
            "number": request.registration_number, "what": what,
        }
        people = {person.pk: person for person in _registrars(request) + holders}
        for person in people.values():
            notify(
                user=person, request=request, kind=NotificationKind.LAPSE_TO_CONFIRM,
                key=f"{period.reason}:{period.last_day}", message=text,
            )
        report.lapses_to_confirm.append(request.registration_number)

    _each_locked(
        DisclosureRequest.objects.filter(
            status__in=[Status.AWAITING_CORRECTION, Status.AWAITING_FEE]
        ),
        offer,
    )


def _registrars(request: DisclosureRequest) -> list:
    return [
        m.user
        for m in StaffMembership.objects.filter(
            organ_id=request.organ_id, role=Role.REGISTRAR
        ).select_related("user").order_by("user_id")
    ]


#: Where a pause of the clock can be running (a consultation, an unpaid fee).
PAUSED_STATUSES = (Status.THIRD_PARTY_CONSULTATION, Status.AWAITING_FEE)


def refresh_paused_clocks(today: datetime.date, report: SweepReport) -> None:
    """While a pause runs, the due date moves out day by day; bring the stored clock cache
    (what queues, filters and supervision read) up to ``today``."""
    calendar = load_working_calendar()

    def refresh(request: DisclosureRequest) -> None:
        # The row was just read under its lock: write only when the clock moved.
        state = request_clock(request, calendar=calendar, today=today)
        if clock_cache(state) != stored_clock_cache(request):
            request_refresh_clock(request, calendar=calendar, today=today)
            report.clocks_refreshed += 1

    _each_locked(DisclosureRequest.objects.filter(status__in=PAUSED_STATUSES), refresh)


@in_organ_language
def sweep_deadlines(today: datetime.date | None = None) -> SweepReport:
    """Everything the deadline sweep does, in order."""
    today = today or timezone.localdate()
    report = SweepReport()
    refresh_paused_clocks(today, report)
    close_lapsed_consultations(today, report)
    remind_unrecorded_consultation_deliveries(today, report)
    offer_lapse_confirmations(today, report)
    remind_due_dates(today, report)
    flag_late_corrections(report)
    flag_late_confirmations(report)
    flag_consultations_after_due(report)
    return report


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _recipients(request: DisclosureRequest) -> list:
    """Who is told: whoever holds the request's open tasks, and the OGI office heads."""
    holders = [task.owner for task in open_tasks_of_request(request).select_related("owner") if task.owner]
    heads = [
        m.user
        for m in StaffMembership.objects.filter(
            organ_id=request.organ_id, role=Role.OGI_HEAD
        ).select_related("user")
    ]
    seen, people = set(), []
    for person in holders + heads:
        if person.pk not in seen:
            seen.add(person.pk)
            people.append(person)
    return people


def remind_due_dates(today: datetime.date, report: SweepReport) -> None:
    """Remind at 5 and 2 working days left, and when overdue — once each per due date."""
    calendar = load_working_calendar()
    requests = DisclosureRequest.objects.filter(
        status__in=CLOCK_RUNNING_STATUSES, due_on__isnull=False
    ).select_related("organ")
    for request in requests:
        if today > request.due_on:
            kind = NotificationKind.OVERDUE
            message = _("申请%(number)s已于%(due)s超过答复期限，请立即处理。")
        else:
            left = calendar.working_days_between(today, request.due_on)
            kind = REMINDER_DAYS.get(left)
            if kind is None:
                continue
            message = _("申请%(number)s的答复期限为%(due)s，还剩%(left)s个工作日。")
        text = message % {
            "number": request.registration_number,
            "due": cn_date(request.due_on),
            "left": calendar.working_days_between(today, request.due_on),
        }
        for person in _recipients(request):
            if notify(user=person, request=request, kind=kind, key=str(request.due_on), message=text):
                report.reminders += 1


def flag_late_corrections(report: SweepReport) -> None:
    """Tell the organ's supervisors once about each correction notice sent after 7 working days."""
    events = AuditEvent.objects.filter(act=Act.REQUEST_CORRECTION, data__late=True).select_related(
        "request"
    )
    for event in events:
        days = event.data.get("working_days_since_receipt")
        text = _("申请%(number)s的补正告知在收到申请后第%(days)s个工作日才发出，超过7个工作日。") % {
            "number": event.request.registration_number, "days": days,
        }
        report.late_corrections += notify_role(
            organ_id=event.organ_id, role=Role.SUPERVISOR, request=event.request,
            kind=NotificationKind.LATE_CORRECTION, key=str(event.pk), message=text,
        )


def _day(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


@in_organ_language
def flag_late_confirmation(event: AuditEvent) -> int:
    """Tell the organ's supervisors, once, that receipt of an application online, by fax,
    e-mail or ordinary letter was confirmed more than one working day after it arrived
    (Art. 31: the receipt date, and so the reply due date, waits for the confirmation).
    Returns how many were told now."""
    data = event.data or {}
    if event.act != Act.REGISTER or not data.get("confirmation_late"):
        return 0
    text = _(
        "申请%(number)s于%(arrived)s到达，%(confirmed)s才确认接收，晚了%(days)s个工作日"
        "（超过1个工作日）。"
    ) % {
        "number": event.request.registration_number,
        "arrived": cn_date(_day(data["arrived_on"])),
        "confirmed": cn_date(_day(data["confirmed_on"])),
        "days": data.get("confirmation_delay"),
    }
    return notify_role(
        organ_id=event.organ_id, role=Role.SUPERVISOR, request=event.request,
        kind=NotificationKind.LATE_CONFIRMATION, key=str(event.pk), message=text,
    )


def flag_late_confirmations(report: SweepReport) -> None:
    """Every late confirmation of receipt, flagged once (registration flags it at once; the
    sweep catches any registered another way)."""
    events = AuditEvent.objects.filter(
        act=Act.REGISTER, data__confirmation_late=True
    ).select_related("request")
    for event in events:
        report.late_confirmations += flag_late_confirmation(event)


@in_organ_language
def flag_consultation_after_due(event: AuditEvent) -> int:
    """Tell the organ's supervisors, once, that a consultation was begun after the reply due
    date (DESIGN.md §3: it is allowed and recorded, but moves nothing: the request is late
    and stays late). Returns how many were told now."""
    data = event.data or {}
    if event.act != Act.OPEN_CONSULTATION or not data.get("begun_after_due"):
        return 0
    consultation = Consultation.objects.filter(pk=data.get("consultation")).first()
    text = _(
        "申请%(number)s在答复期限（%(due)s）届满后于%(sent)s才征求%(party)s的意见，"
        "征求意见的时间不计入答复期限，该申请已超过答复期限。"
    ) % {
        "number": event.request.registration_number,
        "due": cn_date(_day(data["due_on"])),
        "sent": cn_date(consultation.sent_on) if consultation else cn_date(
            timezone.localdate(event.at)),
        "party": data.get("party_name", ""),
    }
    return notify_role(
        organ_id=event.organ_id, role=Role.SUPERVISOR, request=event.request,
        kind=NotificationKind.CONSULTATION_AFTER_DUE, key=str(event.pk), message=text,
    )


def flag_consultations_after_due(report: SweepReport) -> None:
    """Every consultation begun after the due date, flagged once (the handler's act flags it
    at once; the sweep catches any begun another way)."""
    events = AuditEvent.objects.filter(
        act=Act.OPEN_CONSULTATION, data__begun_after_due=True
    ).select_related("request")
    for event in events:
        report.consultations_after_due += flag_consultation_after_due(event)

"""Fee notice and payment (Art. 42)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from ..choices import FeeStandard, Role
from ..errors import RequestActError
from ..fees import compute_fee
from ..models import DisclosureRequest, FeeNotice
from ..models.audit import Act
from ..models.clock_event import ClockEventKind
from ..selectors import load_working_calendar
from .common import legal_act, require_case_handler, require_role


def request_issue_fee_notice(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser,
    standard: str,
    quantity: int,
    prior_items_this_month: int = 0,
    at: datetime.datetime | None = None,
) -> FeeNotice:
    """收费通知: the amount by one standard (never both); the clock pauses if the organ
    so decided; payment is due within the organ's period (default 20 working days)."""
    if standard not in FeeStandard.values:
        raise RequestActError(_("请选择按件或按量计收（二者只能择一）。"), code="standard")
    try:
        computation = compute_fee(
            standard=standard, quantity=quantity, prior_items_this_month=prior_items_this_month
        )
    except ValueError:
        raise RequestActError(_("件数或页数不正确。"), code="quantity") from None
    if computation.amount <= 0:
        raise RequestActError(
            _("申请数量未超过免费范围，不应收费。"), code="free"
        )
    with legal_act(request, Act.ISSUE_FEE_NOTICE, actor=acting_user, at=at) as act:
        require_case_handler(acting_user, request)
        act.transition(request.issue_fee_notice)
        notice = FeeNotice.objects.create(
            request=request,
            standard=standard,
            quantity=quantity,
            prior_items_this_month=prior_items_this_month,
            amount=computation.amount,
            issued_on=act.today,
            pay_by=load_working_calendar().add_working_days(
                act.today, request.organ.fee_payment_days
            ),
        )
        if request.organ.fee_pauses_clock:
            act.clock(ClockEventKind.PAUSE_STARTED, act.today, pause_key=notice.pause_key)
        act.data.update(
            fee_notice=notice.pk, standard=standard, quantity=quantity,
            amount=str(computation.amount), pay_by=notice.pay_by,
        )
    return notice


def request_record_payment(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser,
    paid_on: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> FeeNotice:
    """缴费: the fee arrived in time; processing resumes."""
    with legal_act(request, Act.RECORD_PAYMENT, actor=acting_user, at=at) as act:
        require_role(acting_user, request.organ, Role.HANDLER, Role.REGISTRAR)
        act.check_source(request.record_payment)
        notice = request.fee_notices.filter(paid_on__isnull=True).last()
        if notice is None:
            raise RequestActError(_("没有待缴费的收费通知。"), code="fee_notice")
        paid_on = paid_on or act.today
        if paid_on > act.today or paid_on < notice.issued_on:
            raise RequestActError(_("缴费日期应在通知之后、不晚于今天。"), code="paid_on")
        if paid_on > notice.pay_by:
            raise RequestActError(
                _("已超过缴费期限（%(date)s），申请应视为放弃。") % {"date": notice.pay_by},
                code="too_late",
            )
        act.transition(request.record_payment)
        notice.paid_on = paid_on
        notice.save(update_fields=["paid_on"])
        if request.clock_events.filter(pause_key=notice.pause_key).exists():
            act.clock(ClockEventKind.PAUSE_ENDED, paid_on, pause_key=notice.pause_key)
        act.data.update(fee_notice=notice.pk, paid_on=paid_on)
    return notice

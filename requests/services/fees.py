"""Fee notice and payment (Art. 42)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from ..choices import FeeStandard, Role
from ..clock import date_in_language
from ..errors import RequestActError
from ..fees import compute_fee
from ..models import DisclosureRequest, FeeNotice
from ..models.audit import Act
from ..models.clock_event import ClockEventKind
from ..selectors import items_earlier_this_month
from .clock import request_clock
from .common import legal_act, require_case_handler, require_role


def largest_amount() -> Decimal:
    """The largest amount a fee notice can record (its decimal field's digits)."""
    field = FeeNotice._meta.get_field("amount")
    whole = field.max_digits - field.decimal_places
    return Decimal(10**whole) - Decimal(1).scaleb(-field.decimal_places)


def request_issue_fee_notice(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser,
    standard: str,
    quantity: int,
    at: datetime.datetime | None = None,
) -> FeeNotice:
    """收费通知: the amount by one standard (never both); the clock pauses if the organ
    so decided. Payment is due within the organ's period (default 20 working days) from the
    day after the applicant receives the notice: ``pay_by`` is set when that receipt is
    recorded (``request_record_fee_notice_receipt``), not now.

    Per item, the bands count from the items the same applicant asked this organ for
    earlier in the month (``items_earlier_this_month``): computed from the records, never
    typed. The notice must go out within the processing period (DESIGN.md §3): refused
    after the current due date.
    """
    if standard not in FeeStandard.values:
        raise RequestActError(_("请选择按件或按量计收（二者只能择一）。"), code="standard")
    if not isinstance(quantity, int) or quantity < 1:
        raise RequestActError(_("件数或页数不正确。"), code="quantity")
    with legal_act(request, Act.ISSUE_FEE_NOTICE, actor=acting_user, at=at) as act:
        require_case_handler(acting_user, request)
        act.check_source(request.issue_fee_notice)
        due = request_clock(request, today=act.today).due
        if due is not None and act.today > due:
            raise RequestActError(
                _("已超过答复期限（%(date)s），不能再发出收费通知。") % {"date": date_in_language(due)},
                code="too_late",
            )
        per_item = standard == FeeStandard.PER_ITEM
        earlier = items_earlier_this_month(request) if per_item else None
        prior = earlier.count if earlier else 0
        computation = compute_fee(
            standard=standard, quantity=quantity, prior_items_this_month=prior
        )
        if computation.amount <= 0:
            raise RequestActError(_("申请数量未超过免费范围，不应收费。"), code="free")
        if computation.amount > largest_amount():
            raise RequestActError(
                _("按所填件数或页数计算的金额超过%(max)s元，请核对件数或页数。")
                % {"max": f"{largest_amount():,}"},
                code="amount",
            )
        act.transition(request.issue_fee_notice)
        notice = FeeNotice.objects.create(
            request=request,
            standard=standard,
            quantity=quantity,
            prior_items_this_month=prior,
            amount=computation.amount,
            issued_on=act.today,
        )
        if request.organ.fee_pauses_clock:
            act.clock(ClockEventKind.PAUSE_STARTED, act.today, pause_key=notice.pause_key)
        act.data.update(
            fee_notice=notice.pk, standard=standard, quantity=quantity,
            amount=str(computation.amount), payment_days=request.organ.fee_payment_days,
        )
        if earlier is not None:
            act.data["prior_items"] = {
                "count": prior,
                "requests": [[r.registration_number, n] for r, n in earlier.requests],
            }
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
        if notice.pay_by is not None and paid_on > notice.pay_by:
            raise RequestActError(
                _("已超过缴费期限（%(date)s），申请应视为放弃。") % {"date": date_in_language(notice.pay_by)},
                code="too_late",
            )
        act.transition(request.record_payment)
        notice.paid_on = paid_on
        notice.save(update_fields=["paid_on"])
        if request.clock_events.filter(pause_key=notice.pause_key).exists():
            act.clock(ClockEventKind.PAUSE_ENDED, paid_on, pause_key=notice.pause_key)
        act.data.update(fee_notice=notice.pk, paid_on=paid_on)
    return notice

"""Ending a request other than by reply, and closing the file."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from ..choices import AbandonReason, Role, Status
from ..clock import cn_date
from ..errors import RequestActError
from ..models import DisclosureRequest
from ..models.audit import Act
from ..models.clock_event import ClockEventKind
from ..outcomes import Outcome
from .common import legal_act, require_role
from .registration import correction_deadline


def request_abandon(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser | None,
    reason: str,
    at: datetime.datetime | None = None,
) -> DisclosureRequest:
    """视为放弃（不再处理）: no correction (Art. 30) or no payment (Art. 42) in time.

    Refused while the period is still running. ``acting_user`` is None when the deadline
    sweep does it.
    """
    with legal_act(request, Act.ABANDON, actor=acting_user, at=at) as act:
        if acting_user is not None:
            require_role(acting_user, request.organ, Role.REGISTRAR, Role.HANDLER)
        if reason == AbandonReason.CORRECTION_LAPSED:
            expected_status, outcome = Status.AWAITING_CORRECTION, Outcome.ABANDONED_NO_CORRECTION
            last_day = correction_deadline(request)
        elif reason == AbandonReason.FEE_UNPAID:
            expected_status, outcome = Status.AWAITING_FEE, Outcome.ABANDONED_NO_FEE
            notice = request.fee_notices.filter(paid_on__isnull=True).last()
            last_day = notice.pay_by if notice else None
        else:
            raise RequestActError(_("请选择不再处理的原因。"), code="reason")
        act.transition(request.abandon)
        if act.status_before != expected_status or last_day is None:
            raise RequestActError(_("不再处理的原因与申请当前状态不符。"), code="reason")
        if act.today <= last_day:
            raise RequestActError(
                _("期限（%(date)s）尚未届满，不能视为放弃。") % {"date": cn_date(last_day)},
                code="not_lapsed",
            )
        request.abandon_reason = reason
        request.outcome = outcome
        request.concluded_on = act.today
        act.clock(ClockEventKind.STOPPED, act.today)
        act.data.update(reason=reason, last_day=last_day)
    return request


def request_withdraw(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser | None,
    reason: str = "",
    at: datetime.datetime | None = None,
) -> DisclosureRequest:
    """撤回: the applicant withdraws before the reply (counted as （六）3.其他)."""
    with legal_act(request, Act.WITHDRAW, actor=acting_user, at=at, comment=reason) as act:
        is_owner = acting_user is not None and request.applicant.account_id == acting_user.pk
        if not is_owner:
            require_role(acting_user, request.organ, Role.REGISTRAR)
        act.transition(request.withdraw)
        # Nothing is left waiting on a withdrawn request: open consultations end today
        # (their pauses with them) and pending extension requests lapse.
        for consultation in request.consultations.filter(closed_on__isnull=True):
            consultation.closed_on = act.today
            consultation.opinion = _("申请人已撤回申请，征求意见终止。")
            consultation.save(update_fields=["closed_on", "opinion"])
            act.clock(ClockEventKind.PAUSE_ENDED, act.today, pause_key=consultation.pause_key)
        request.extensions.filter(approved_by__isnull=True, refused=False).update(refused=True)
        request.outcome = Outcome.OTHER
        request.concluded_on = act.today
        if request.received_on is not None:
            act.clock(ClockEventKind.STOPPED, act.today)
    return request


def request_archive(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser,
    at: datetime.datetime | None = None,
) -> DisclosureRequest:
    """归档 (Art. 45): the file is closed; nothing changes any more."""
    with legal_act(request, Act.ARCHIVE, actor=acting_user, at=at) as act:
        require_role(acting_user, request.organ, Role.REGISTRAR)
        act.transition(request.archive)
    return request

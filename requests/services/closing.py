"""Ending a request other than by reply, and closing the file."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from ..choices import AbandonReason, Role, Status
from ..clock import date_in_language
from ..errors import RequestActError
from ..language import organ_language
from ..models import DisclosureRequest, FeeNotice
from ..models.audit import Act
from ..models.clock_event import ClockEventKind
from ..outcomes import Outcome
from ..selectors import load_working_calendar
from .common import legal_act, require_role
from .registration import correction_deadline


@dataclass(frozen=True)
class WaitingPeriod:
    """The period the applicant was given while the request waits on them: a correction
    (Art. 30) or a payment (Art. 42), and its last day (None while it is not yet known,
    e.g. a fee notice whose receipt is not recorded)."""

    reason: str  # the AbandonReason its lapse would lead to
    last_day: datetime.date | None
    fee_notice: FeeNotice | None = None

    @property
    def is_correction(self) -> bool:
        return self.reason == AbandonReason.CORRECTION_LAPSED

    def has_lapsed(self, today: datetime.date) -> bool:
        return self.last_day is not None and today > self.last_day


def waiting_period(request: DisclosureRequest) -> WaitingPeriod | None:
    """The correction or payment period the request waits on, or None when it waits on none."""
    if request.status == Status.AWAITING_CORRECTION:
        return WaitingPeriod(AbandonReason.CORRECTION_LAPSED, correction_deadline(request))
    if request.status == Status.AWAITING_FEE:
        notice = request.fee_notices.filter(paid_on__isnull=True).order_by("pk").last()
        return WaitingPeriod(
            AbandonReason.FEE_UNPAID, notice.pay_by if notice else None, fee_notice=notice
        )
    return None


def default_new_last_day(request: DisclosureRequest, today: datetime.date) -> datetime.date:
    """A new period as long as the organ's original one, counted from ``today``."""
    organ = request.organ
    days = (
        organ.fee_payment_days
        if request.status == Status.AWAITING_FEE
        else organ.correction_period_days
    )
    return load_working_calendar().add_working_days(today, days)


def request_abandon(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser | None,
    reason: str,
    at: datetime.datetime | None = None,
) -> DisclosureRequest:
    """视为放弃（不再处理）: no correction (Art. 30) or no payment (Art. 42) in time, and
    no good reason: a registrar confirms it — no machine decides it alone.

    Refused while the period (as a good reason may have set it anew) is still running.
    """
    with legal_act(request, Act.ABANDON, actor=acting_user, at=at) as act:
        require_role(acting_user, request.organ, Role.REGISTRAR)
        if reason == AbandonReason.CORRECTION_LAPSED:
            expected_status, outcome = Status.AWAITING_CORRECTION, Outcome.ABANDONED_NO_CORRECTION
        elif reason == AbandonReason.FEE_UNPAID:
            expected_status, outcome = Status.AWAITING_FEE, Outcome.ABANDONED_NO_FEE
        else:
            raise RequestActError(_("请选择不再处理的原因。"), code="reason")
        period = waiting_period(request)
        last_day = period.last_day if period is not None else None
        act.transition(request.abandon)
        if act.status_before != expected_status or last_day is None:
            raise RequestActError(_("不再处理的原因与申请当前状态不符。"), code="reason")
        if act.today <= last_day:
            raise RequestActError(
                _("期限（%(date)s）尚未届满，不能视为放弃。") % {"date": date_in_language(last_day)},
                code="not_lapsed",
            )
        request.abandon_reason = reason
        request.outcome = outcome
        request.concluded_on = act.today
        act.clock(ClockEventKind.STOPPED, act.today)
        act.data.update(reason=reason, last_day=last_day)
    return request


def request_grant_new_period(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser,
    reason: str,
    new_last_day: datetime.date,
    posted_on: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> DisclosureRequest:
    """认定正当理由，重新确定期限: the correction (Art. 30) or payment (Art. 42) period has
    lapsed, but a registrar finds a good reason (the correction was posted in time, illness…)
    and sets a new last day, a working day after today. The request keeps waiting; the
    correction deadline (or the fee notice's ``pay_by``) reads the new day. ``posted_on``:
    the day a postal correction was posted, when that is the reason.
    """
    if not reason.strip():
        raise RequestActError(_("请写明认定的正当理由。"), code="reason")
    with legal_act(
        request, Act.GRANT_NEW_PERIOD, actor=acting_user, at=at, comment=reason.strip()
    ) as act:
        require_role(acting_user, request.organ, Role.REGISTRAR)
        act.require_status(Status.AWAITING_CORRECTION, Status.AWAITING_FEE)
        period = waiting_period(request)
        if period is None or period.last_day is None:
            raise RequestActError(_("该申请没有可重新确定的期限。"), code="no_period")
        if not period.has_lapsed(act.today):
            raise RequestActError(
                _("期限（%(date)s）尚未届满，无需重新确定。") % {"date": date_in_language(period.last_day)},
                code="not_lapsed",
            )
        calendar = load_working_calendar()
        if new_last_day <= act.today or not calendar.is_working_day(new_last_day):
            raise RequestActError(_("新的期限应为今天以后的一个工作日。"), code="new_last_day")
        if posted_on is not None and not period.is_correction:
            raise RequestActError(_("交邮日期仅适用于邮寄补正。"), code="posted_on")
        if posted_on is not None and not (
            request.correction_requested_on <= posted_on <= act.today
        ):
            raise RequestActError(
                _("交邮日期应在补正告知之后、不晚于今天。"), code="posted_on"
            )
        if period.is_correction:
            request.correction_new_last_day = new_last_day
        else:
            period.fee_notice.pay_by = new_last_day
            period.fee_notice.save(update_fields=["pay_by"])
            act.data["fee_notice"] = period.fee_notice.pk
        act.data.update(
            period=period.reason, previous_last_day=period.last_day, new_last_day=new_last_day,
        )
        if posted_on is not None:
            act.data["posted_on"] = posted_on
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
            with organ_language():
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

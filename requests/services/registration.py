"""Receipt, registration, triage and the one-time correction (Art. 29–31, 35)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from ..calendar import WorkingCalendar
from ..choices import Channel, Role, Status
from ..clock import cn_date, date_in_language
from ..errors import RequestActError
from ..language import organ_language
from ..models import Department, DisclosureRequest
from ..models.audit import Act
from ..models.clock_event import ClockEventKind
from ..receipt import receipt_date
from ..selectors import load_working_calendar
from .common import legal_act, local_date, next_in_sequence, require_role

#: Art. 30: a correction notice is due within 7 working days of receipt.
CORRECTION_NOTICE_DAYS = 7


#: Art. 31: channels whose receipt date is the day staff confirm receipt with the applicant.
CONFIRMED_CHANNELS = (Channel.ONLINE, Channel.FAX, Channel.EMAIL, Channel.ORDINARY_POST)
#: A confirmation later than this many working days after arrival is flagged to supervisors.
CONFIRMATION_DAYS = 1


def request_register(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser,
    post_signed_on: datetime.date | None = None,
    confirmed_on: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> DisclosureRequest:
    """确认接收并登记: confirm receipt, give the registration number, start the clock.

    The receipt date follows Art. 31 for the channel; the registration number comes from
    the organ's gap-free sequence for the year of registration. For an application online,
    by fax, e-mail or ordinary letter the receipt date is the day staff confirmed receipt
    (``confirmed_on``, today unless given; not before it arrived, not after today); a
    confirmation more than one working day after arrival is recorded as late, with the
    delay in working days, for supervisors. Only a registered letter has a day the organ
    signed for it: ``post_signed_on`` is not recorded for any other channel.
    """
    with legal_act(request, Act.REGISTER, actor=acting_user, at=at) as act:
        require_role(acting_user, request.organ, Role.REGISTRAR)
        arrived_on = local_date(request.submitted_at)
        if request.channel != Channel.REGISTERED_POST:
            post_signed_on = None
        needs_confirmation = request.channel in CONFIRMED_CHANNELS
        if needs_confirmation:
            confirmed_on = confirmed_on or act.today
            if confirmed_on > act.today:
                raise RequestActError(_("确认接收的日期不能晚于今天。"), code="confirmed_on")
            if confirmed_on < arrived_on:
                raise RequestActError(
                    _("确认接收的日期不能早于申请到达之日（%(date)s）。")
                    % {"date": date_in_language(arrived_on)},
                    code="confirmed_on",
                )
        else:
            confirmed_on = act.today
        received_on = receipt_date(
            channel=request.channel,
            submitted_on=arrived_on,
            confirmed_on=confirmed_on,
            post_signed_on=post_signed_on,
        )
        act.transition(request.register)
        year = act.today.year
        number = next_in_sequence(organ=request.organ, series="registration", year=year)
        request.registration_number = f"{request.organ.code}-{year}-{number:05d}"
        request.received_on = received_on
        request.post_signed_on = post_signed_on
        request.receipt_confirmed_on = confirmed_on
        act.clock(ClockEventKind.RECEIVED, received_on)
        act.data.update(
            registration_number=request.registration_number, received_on=received_on
        )
        if needs_confirmation:
            delay = load_working_calendar().working_days_between(arrived_on, confirmed_on)
            act.data.update(
                arrived_on=arrived_on, confirmed_on=confirmed_on,
                confirmation_delay=delay, confirmation_late=delay > CONFIRMATION_DAYS,
            )
    return request


def confirmation_delay(request: DisclosureRequest) -> int | None:
    """Working days between arrival and a late confirmation of receipt (Art. 31), from the
    registration's record; None when receipt was confirmed in time (or needs none)."""
    event = (
        request.audit_events.filter(act=Act.REGISTER, data__confirmation_late=True)
        .order_by("-sequence").first()
    )
    return event.data.get("confirmation_delay") if event else None


def request_triage(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser,
    department: Department,
    at: datetime.datetime | None = None,
) -> DisclosureRequest:
    """初审分办: route a clear application to the responsible department."""
    with legal_act(request, Act.TRIAGE, actor=acting_user, at=at) as act:
        require_role(acting_user, request.organ, Role.REGISTRAR, Role.OGI_HEAD)
        if department.organ_id != request.organ_id:
            raise RequestActError(_("只能分办给本机关的科室。"), code="department")
        act.transition(request.triage)
        request.department = department
        act.data["department"] = department.name
    return request


def request_issue_correction_notice(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser,
    points: str,
    at: datetime.datetime | None = None,
) -> DisclosureRequest:
    """补正告知 (Art. 30): one-time; stops the clock until the correction arrives.

    A notice sent later than 7 working days after receipt is still lawful to send but is
    flagged ``late`` in the audit data for supervisors.
    """
    if not points.strip():
        raise RequestActError(_("请逐项写明需要补正的事项。"), code="points")
    with legal_act(request, Act.REQUEST_CORRECTION, actor=acting_user, at=at) as act:
        require_role(
            acting_user, request.organ, Role.REGISTRAR, Role.HANDLER, Role.OGI_HEAD
        )
        act.check_source(request.request_correction)
        if request.correction_requested_on is not None:
            raise RequestActError(
                _("补正告知只能发出一次（《条例》第三十条）；补正后仍不明确的，应答复无法提供。"),
                code="second_correction",
            )
        act.transition(request.request_correction)
        calendar = load_working_calendar()
        days_since_receipt = calendar.working_days_between(request.received_on, act.today)
        request.correction_requested_on = act.today
        request.correction_points = points.strip()
        respond_by = calendar.add_working_days(act.today, request.organ.correction_period_days)
        act.clock(ClockEventKind.CORRECTION_REQUESTED, act.today)
        act.comment = points.strip()
        act.data.update(
            respond_by=respond_by,
            working_days_since_receipt=days_since_receipt,
            late=days_since_receipt > CORRECTION_NOTICE_DAYS,
        )
    return request


def correction_deadline(
    request: DisclosureRequest, *, calendar: WorkingCalendar | None = None
) -> datetime.date | None:
    """Last day for the applicant's correction: the organ's period after the notice, or the
    new last day a registrar set on finding a good reason for the delay (Art. 30). A list
    of rows passes the ``calendar`` it read once."""
    if request.correction_requested_on is None:
        return None
    if request.correction_new_last_day is not None:
        return request.correction_new_last_day
    return (calendar or load_working_calendar()).add_working_days(
        request.correction_requested_on, request.organ.correction_period_days
    )


def request_receive_correction(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser | None,
    received_on: datetime.date | None = None,
    note: str = "",
    at: datetime.datetime | None = None,
) -> DisclosureRequest:
    """收到补正: the corrected application arrived; the 20 days run afresh from that day."""
    with legal_act(request, Act.RECEIVE_CORRECTION, actor=acting_user, at=at, comment=note) as act:
        is_owner = acting_user is not None and request.applicant.account_id == acting_user.pk
        if acting_user is not None and not is_owner:
            require_role(
                acting_user, request.organ, Role.REGISTRAR, Role.HANDLER, Role.OGI_HEAD
            )
        act.check_source(request.receive_correction)
        received_on = received_on or act.today
        if received_on > act.today or received_on < request.correction_requested_on:
            raise RequestActError(
                _("收到补正的日期应在补正告知之后、不晚于今天。"), code="received_on"
            )
        act.transition(request.receive_correction)
        request.correction_received_on = received_on
        act.clock(ClockEventKind.CORRECTION_RECEIVED, received_on)
        act.data["received_on"] = received_on
    return request


def request_ask_reasons(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser,
    applications_count: int,
    period: str,
    respond_by: datetime.date,
    at: datetime.datetime | None = None,
) -> DisclosureRequest:
    """要求说明理由 (Art. 35): the number or frequency clearly exceeds a reasonable range."""
    with legal_act(request, Act.REQUEST_REASONS, actor=acting_user, at=at) as act:
        require_role(acting_user, request.organ, Role.OGI_HEAD)
        act.require_status(Status.REGISTERED, Status.PROCESSING)
        if respond_by <= act.today:
            raise RequestActError(_("说明理由的期限应晚于今天。"), code="respond_by")
        act.data.update(
            applications_count=applications_count, period=period, respond_by=respond_by
        )
        with organ_language():
            act.comment = _(
                "申请数量、频次明显超过合理范围：%(period)s内%(n)s件，请于%(date)s前说明理由"
            ) % {"period": period, "n": applications_count, "date": cn_date(respond_by)}
    return request


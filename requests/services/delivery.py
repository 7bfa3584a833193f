"""The day a consultation letter or a fee notice reached its addressee (送达), from which
the addressee's own period runs: 15 working days for a consulted party (Art. 32, 34),
the organ's payment period for the applicant (Art. 42; default 20 working days).

"N working days from receipt" is the N-th working day after the day of receipt (the day
itself is not counted; DESIGN.md §3) — for the fee, "from the day after receipt" says the
same. The clock's pause is not moved: it began on the day the letter was sent.

Receipt is part of the delivery of the letter, so it is recorded by the one audit event of
that act, ``dispatch``: ``letters.services.letter_record_delivery`` calls these functions
in its transaction with what it records of the delivery (letter number, method, proof),
and the receipt date and the last day are added to that event's data.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from ..choices import Role
from ..clock import date_in_language
from ..errors import RequestActError
from ..models import Consultation, DisclosureRequest, FeeNotice
from ..models.audit import Act
from ..selectors import load_working_calendar
from .common import LegalAct, legal_act, require_role
from .consultation import CONSULTATION_WORKING_DAYS

#: Who may record that a letter reached its addressee: staff who may send letters out.
RECEIPT_ROLES = tuple(r for r in Role.values if r != Role.SUPERVISOR)


def _period_from_receipt(
    act: LegalAct,
    *,
    record: Consultation | FeeNotice,
    received_on: datetime.date,
    sent_on: datetime.date,
    days: int,
    already: str,
) -> datetime.date:
    """Check the receipt of ``record`` (locked) and return the last day of the period."""
    if act.actor is not None:
        require_role(act.actor, act.request.organ, *RECEIPT_ROLES)
    if record.received_on is not None:
        raise RequestActError(already % {"date": date_in_language(record.received_on)}, code="received")
    if received_on < sent_on or received_on > act.today:
        raise RequestActError(_("收到日期应在发出之后、不晚于今天。"), code="received_on")
    return load_working_calendar().add_working_days(received_on, days)


def request_record_consultation_receipt(
    *,
    request: DisclosureRequest,
    consultation: Consultation,
    received_on: datetime.date,
    acting_user: AbstractBaseUser | None,
    delivery: dict | None = None,
    at: datetime.datetime | None = None,
) -> Consultation:
    """被征求意见方收到征求意见文书: the party's 15 working days (Art. 32, 34) run from
    ``received_on``; ``respond_by`` becomes the 15th working day after it. Once only.

    ``delivery`` is what the letters layer records of the letter's delivery (it goes into
    the same ``dispatch`` audit event).
    """
    if consultation.request_id != request.pk:
        raise RequestActError(_("该征求意见不属于此申请。"), code="consultation")
    with legal_act(request, Act.DISPATCH, actor=acting_user, at=at) as act:
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        respond_by = _period_from_receipt(
            act, record=consultation, received_on=received_on, sent_on=consultation.sent_on,
            days=CONSULTATION_WORKING_DAYS,
            already=_("被征求意见方收到征求意见文书的日期已经记录（%(date)s），不能重复记录。"),
        )
        consultation.received_on = received_on
        consultation.respond_by = respond_by
        consultation.save(update_fields=["received_on", "respond_by"])
        act.data.update(delivery or {})
        act.data.update(
            consultation=consultation.pk, received_on=received_on, respond_by=respond_by
        )
    return consultation


def request_record_fee_notice_receipt(
    *,
    request: DisclosureRequest,
    notice: FeeNotice,
    received_on: datetime.date,
    acting_user: AbstractBaseUser | None,
    delivery: dict | None = None,
    at: datetime.datetime | None = None,
) -> FeeNotice:
    """申请人收到收费通知书: payment is due within the organ's period (``fee_payment_days``,
    default 20 working days) from the day after ``received_on`` (Art. 42); ``pay_by``
    becomes the last of those days. Once only.
    """
    if notice.request_id != request.pk:
        raise RequestActError(_("该收费通知不属于此申请。"), code="fee_notice")
    with legal_act(request, Act.DISPATCH, actor=acting_user, at=at) as act:
        notice = FeeNotice.objects.select_for_update().get(pk=notice.pk)
        pay_by = _period_from_receipt(
            act, record=notice, received_on=received_on, sent_on=notice.issued_on,
            days=request.organ.fee_payment_days,
            already=_("申请人收到收费通知书的日期已经记录（%(date)s），不能重复记录。"),
        )
        notice.received_on = received_on
        notice.pay_by = pay_by
        notice.save(update_fields=["received_on", "pay_by"])
        act.data.update(delivery or {})
        act.data.update(fee_notice=notice.pk, received_on=received_on, pay_by=pay_by)
    return notice

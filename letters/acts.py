"""Legal acts that send a letter: the act of ``requests.services`` and its letter in ONE
transaction (ARCHITECTURE.md: "the FSM transition, the clock events, the letter and the
audit row commit together or not at all").

Each function runs the act, then issues the letter with the same ``at``, and returns the
``IssuedLetter`` (the act's record is reachable from it: ``letter.request``,
``letter.consultation``, ``letter.fee_notice``, ``letter.extension``). If the act is
refused, nothing happens; if the letter cannot be rendered, ``LetterRenderError`` is
raised and the act is rolled back with it: status, clock, audit event and number.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from records.release import release_freeze, released_summary
from requests.models import DisclosureRequest, Extension
from requests.services import (
    request_abandon,
    request_ask_reasons,
    request_grant_extension,
    request_issue_correction_notice,
    request_issue_fee_notice,
    request_open_consultation,
    request_register,
    request_reply,
    request_reply_on_the_spot,
    request_set_later_reply_date,
)

from .kinds import LetterKind
from .models import IssuedLetter
from .services import letter_issue

K = LetterKind


@contextlib.contextmanager
def _one_transaction(request: DisclosureRequest) -> Iterator[None]:
    """The act and its letter commit together; on failure the request in memory is brought
    back in line with the database (the act's own rollback cannot see the letter fail)."""
    try:
        with transaction.atomic():
            yield
    except BaseException:
        if request.pk:
            request.refresh_from_db()
        raise


def _now(at: datetime.datetime | None) -> datetime.datetime:
    return at or timezone.now()


def register_and_send_receipt(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser,
    at: datetime.datetime | None = None, post_signed_on: datetime.date | None = None,
    confirmed_on: datetime.date | None = None,
) -> IssuedLetter:
    """确认接收并登记, with the 登记回执."""
    at = _now(at)
    with _one_transaction(request):
        request_register(
            request=request, acting_user=acting_user, post_signed_on=post_signed_on,
            confirmed_on=confirmed_on, at=at,
        )
        return letter_issue(request=request, kind=K.RECEIPT, acting_user=acting_user, at=at)


def issue_correction_notice(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser, points: str,
    at: datetime.datetime | None = None,
) -> IssuedLetter:
    """补正告知 (Art. 30), with the 补正告知书."""
    at = _now(at)
    with _one_transaction(request):
        request_issue_correction_notice(
            request=request, acting_user=acting_user, points=points, at=at
        )
        return letter_issue(
            request=request, kind=K.CORRECTION_NOTICE, acting_user=acting_user, at=at
        )


def ask_reasons_with_notice(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser, applications_count: int,
    period: str, respond_by: datetime.date, at: datetime.datetime | None = None,
) -> IssuedLetter:
    """要求说明理由 (Art. 35), with the 说明理由告知书."""
    at = _now(at)
    with _one_transaction(request):
        request_ask_reasons(
            request=request, acting_user=acting_user, applications_count=applications_count,
            period=period, respond_by=respond_by, at=at,
        )
        return letter_issue(
            request=request, kind=K.REASONS_NOTICE, acting_user=acting_user, at=at
        )


def open_consultation_with_letter(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser, party_kind: str,
    party_name: str, subject: str, party_contact: str = "",
    sent_on: datetime.date | None = None, at: datetime.datetime | None = None,
) -> IssuedLetter:
    """征求意见 (Art. 32, 34), with the 征求第三方意见书 or the 征求意见函 (by party kind)."""
    from requests.choices import ConsultedParty

    at = _now(at)
    with _one_transaction(request):
        consultation = request_open_consultation(
            request=request, acting_user=acting_user, party_kind=party_kind,
            party_name=party_name, subject=subject, party_contact=party_contact,
            sent_on=sent_on, at=at,
        )
        kind = (
            K.ORGAN_CONSULTATION if party_kind == ConsultedParty.CO_ORGAN
            else K.THIRD_PARTY_CONSULTATION
        )
        return letter_issue(
            request=request, kind=kind, acting_user=acting_user, at=at, subject=consultation
        )


def grant_extension_with_notice(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser, extension: Extension,
    at: datetime.datetime | None = None,
) -> IssuedLetter:
    """延期答复 (Art. 33), with the 延期答复告知书."""
    at = _now(at)
    with _one_transaction(request):
        extension = request_grant_extension(
            request=request, acting_user=acting_user, extension=extension, at=at
        )
        return letter_issue(
            request=request, kind=K.EXTENSION_NOTICE, acting_user=acting_user, at=at,
            subject=extension,
        )


def set_later_reply_date_with_notice(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser, reply_by: datetime.date,
    reasons: str, at: datetime.datetime | None = None,
) -> IssuedLetter:
    """确定延迟答复期限 (Art. 35), with the 延期答复告知书 worded for Art. 35 (the letter that
    tells the applicant of a later reply date, whichever article it is set under)."""
    at = _now(at)
    with _one_transaction(request):
        extension = request_set_later_reply_date(
            request=request, acting_user=acting_user, reply_by=reply_by, reasons=reasons, at=at
        )
        return letter_issue(
            request=request, kind=K.EXTENSION_NOTICE, acting_user=acting_user, at=at,
            subject=extension,
        )


def issue_fee_notice_with_letter(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser, standard: str,
    quantity: int, at: datetime.datetime | None = None,
) -> IssuedLetter:
    """收费通知 (Art. 42), with the 收费通知书 (the month's earlier items are counted from
    the records by the act itself)."""
    at = _now(at)
    with _one_transaction(request):
        notice = request_issue_fee_notice(
            request=request, acting_user=acting_user, standard=standard, quantity=quantity,
            at=at,
        )
        return letter_issue(
            request=request, kind=K.FEE_NOTICE, acting_user=acting_user, at=at, subject=notice
        )


def abandon_with_termination_notice(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser | None, reason: str,
    at: datetime.datetime | None = None,
) -> IssuedLetter:
    """视为放弃（不再处理）, with the 终止办理告知书 (``acting_user`` None: the sweep)."""
    at = _now(at)
    with _one_transaction(request):
        request_abandon(request=request, acting_user=acting_user, reason=reason, at=at)
        return letter_issue(
            request=request, kind=K.TERMINATION_NOTICE, acting_user=acting_user, at=at
        )


def reply_with_letter(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser,
    at: datetime.datetime | None = None,
) -> IssuedLetter:
    """答复, with the 政府信息公开申请答复书 as signed off: the release package is frozen
    first (``records.release``), so the letter lists the files and the act's audit event
    records their hashes."""
    at = _now(at)
    with _one_transaction(request):
        released = release_freeze(request=request, acting_user=acting_user, at=at)
        request_reply(request=request, acting_user=acting_user, at=at,
                      released=released_summary(released))
        return letter_issue(request=request, kind=K.REPLY, acting_user=acting_user, at=at)


def reply_on_the_spot_with_letter(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser,
    at: datetime.datetime | None = None,
) -> IssuedLetter:
    """当场答复 (Art. 33), with the 政府信息公开申请答复书 and the released files handed over
    at the counter."""
    at = _now(at)
    with _one_transaction(request):
        released = release_freeze(request=request, acting_user=acting_user, at=at)
        request_reply_on_the_spot(request=request, acting_user=acting_user, at=at,
                                  released=released_summary(released))
        return letter_issue(request=request, kind=K.REPLY, acting_user=acting_user, at=at)


def send_third_party_notice(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser, consultation,
    at: datetime.datetime | None = None,
) -> IssuedLetter:
    """第三方告知书 (Art. 32): the organ will disclose despite the third party's objection.

    No act of the request's record goes with it; the letter is the act.
    """
    with _one_transaction(request):
        return letter_issue(
            request=request, kind=K.THIRD_PARTY_NOTICE, acting_user=acting_user,
            at=_now(at), subject=consultation,
        )

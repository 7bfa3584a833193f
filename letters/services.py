"""Issuing letters and recording their delivery (送达).

``letter_issue`` runs inside the transaction of the legal act that asks for the letter
(``letters.acts`` does both in one transaction): it takes the document number, words the
letter, renders the PDF, stores it privately with its SHA-256 and writes the immutable
``IssuedLetter``. If anything fails, nothing of it remains — not even the number, which the
next letter takes — and the error propagates, so that the legal act rolls back as well.
The same holds when the letter was issued and something later in the same transaction is
refused: the transaction rolls back and the letter's file is deleted with it
(``requests.services.stored_files``).
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, connection, transaction
from django.db.transaction import TransactionManagementError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from requests.choices import Role
from requests.file_content import ALLOWED_TYPES, checked_content_type
from requests.models import DisclosureRequest, StaffMembership
from requests.models.audit import Act
from requests.services.audit import actor_display, audit_record
from requests.services.delivery import (
    request_record_consultation_receipt,
    request_record_fee_notice_receipt,
)
from requests.services.locks import act_locks
from requests.services.stored_files import keep_only_if_committed

from .context import build_letter
from .errors import LetterError
from .html import letter_html
from .kinds import LetterKind, family_of
from .models import DeliveryMethod, IssuedLetter
from .numbering import peek_number, take_number
from .rendering import RenderedPdf, render
from .subjects import check_issuable, resolve_subject, subject_key

#: Staff who may sign letters out in the organ's name (not the read-only supervisor).
ISSUING_ROLES = tuple(r for r in Role.values if r not in (Role.SUPERVISOR,))
#: Who records a delivery (送达): the OGI office, which dispatches — its registrars and head.
DELIVERY_ROLES = (Role.REGISTRAR, Role.OGI_HEAD)


def _require_staff(user: AbstractBaseUser | None, request: DisclosureRequest) -> None:
    if user is None:
        return  # the system (a deadline sweep) acting on its own
    if not StaffMembership.objects.filter(
        user=user, organ_id=request.organ_id, role__in=ISSUING_ROLES
    ).exists():
        raise LetterError(_("您无权以本机关名义发出文书。"), code="forbidden")


def _check_replaces(request, kind, key, replaces: IssuedLetter | None) -> None:
    original = IssuedLetter.objects.filter(
        request=request, kind=kind, subject_key=key, replaces__isnull=True
    ).first()
    if replaces is None:
        if original is not None:
            raise LetterError(
                _("该申请已发出%(title)s（%(number)s）。已发出的文书不能重新生成；如需更正，请发出"
                  "注明所替代文书的更正文书。") % {"title": f"《{original.title}》",
                                                 "number": original.number},
                code="already_issued",
            )
        return
    if (replaces.request_id, replaces.kind, replaces.subject_key) != (request.pk, kind, key):
        raise LetterError(_("更正文书只能替代同一申请、同一种类的文书。"), code="replaces")
    if IssuedLetter.objects.filter(replaces=replaces).exists():
        raise LetterError(
            _("%(number)s已被更正，请替代最新的文书。") % {"number": replaces.number},
            code="replaces",
        )


def _words_and_pdf(*, request, kind, number, issued_on, subject, replaces, preview):
    # Letters are written in the organ's language (DESIGN.md §5), whatever the language of
    # the page of the person who issues them.
    with translation.override(settings.LANGUAGE_CODE):
        letter = build_letter(
            request=request, kind=kind, number=number, issued_on=issued_on, subject=subject,
            replaces=replaces, preview=preview,
        )
        return letter, render(letter_html(letter))


def letter_issue(
    *,
    request: DisclosureRequest,
    kind: str,
    acting_user: AbstractBaseUser | None,
    at: datetime.datetime | None = None,
    subject=None,
    replaces: IssuedLetter | None = None,
) -> IssuedLetter:
    """发文: number, word, render and store one letter; call inside the act's transaction.

    ``subject`` is the record the letter is about, for the kinds that have one (the
    ``Consultation`` of a consultation letter or third-party notice, the ``FeeNotice``, the
    ``Extension``). A letter is issued once per request, kind and subject; a correction is
    a new letter passed the one it ``replaces``. Refusals raise ``LetterError``, rendering
    failures ``LetterRenderError``; either way nothing is written and no number is used.
    """
    if connection.get_autocommit():
        raise TransactionManagementError(
            "letter_issue() must run inside the transaction of the act that asks for the "
            "letter (use letters.acts, or wrap both in transaction.atomic())."
        )
    kind = LetterKind(kind)
    at = at or timezone.now()
    issued_on = timezone.localdate(at)
    _require_staff(acting_user, request)
    with transaction.atomic():
        # One letter at a time per request; a second, concurrent issue waits and is refused.
        # The organ first, then the request (the lock order of ``requests.services``).
        act_locks(organ=request.organ_id, request=request.pk)
        subject = resolve_subject(request=request, kind=kind, subject=subject)
        check_issuable(request=request, kind=kind, subject=subject)
        key = subject_key(subject)
        _check_replaces(request, kind, key, replaces)
        number = take_number(organ=request.organ, kind=kind, year=issued_on.year)
        letter, pdf = _words_and_pdf(
            request=request, kind=kind, number=number.text, issued_on=issued_on,
            subject=subject, replaces=replaces, preview=False,
        )
        issued = IssuedLetter(
            organ=request.organ, request=request, kind=kind, family=family_of(kind).key,
            year=number.year, serial=number.serial, number=number.text, title=letter.title,
            addressee=letter.addressee,
            outcome=request.outcome if kind == LetterKind.REPLY else "",
            consultation=subject if kind in (
                LetterKind.THIRD_PARTY_CONSULTATION, LetterKind.ORGAN_CONSULTATION,
                LetterKind.THIRD_PARTY_NOTICE) else None,
            fee_notice=subject if kind == LetterKind.FEE_NOTICE else None,
            extension=subject if kind == LetterKind.EXTENSION_NOTICE else None,
            subject_key=key, replaces=replaces,
            sha256=hashlib.sha256(pdf.data).hexdigest(), size=len(pdf.data),
            page_count=pdf.page_count, issued_by=acting_user,
            issued_by_name=actor_display(acting_user), issued_at=at, issued_on=issued_on,
        )
        issued.file.save(f"{issued.public_id}.pdf", ContentFile(pdf.data), save=False)
        # Should the act, or anything after it in the same transaction, be refused, the
        # file goes with the rolled-back row: it carries a number the next letter takes.
        keep_only_if_committed(issued.file.storage, issued.file.name)
        try:
            with transaction.atomic():
                issued.save(force_insert=True)
        except IntegrityError:
            issued.file.delete(save=False)
            raise LetterError(
                _("该文书正由他人同时发出，请刷新后查看。"), code="already_issued"
            ) from None
        except BaseException:
            issued.file.delete(save=False)
            raise
    return issued


def letter_preview(
    *,
    request: DisclosureRequest,
    kind: str,
    subject=None,
    at: datetime.datetime | None = None,
) -> RenderedPdf:
    """The PDF the letter would be, marked as a preview; nothing is stored or numbered.

    The number shown is the one the letter would take if issued now.
    """
    kind = LetterKind(kind)
    issued_on = timezone.localdate(at or timezone.now())
    number = peek_number(organ=request.organ, kind=kind, year=issued_on.year)
    _letter, pdf = _words_and_pdf(
        request=request, kind=kind, number=number.text, issued_on=issued_on, subject=subject,
        replaces=None, preview=True,
    )
    return pdf


def _store_proof(letter: IssuedLetter, proof) -> tuple[str, str]:
    """Check an uploaded proof of delivery by its content; return (reference, sha256)."""
    upload = proof if isinstance(proof, File) else File(proof)
    size = upload.size
    if not size:
        raise LetterError(_("送达凭证文件为空。"), code="proof")
    if size > settings.ATTACHMENT_MAX_BYTES:
        raise LetterError(
            _("送达凭证文件过大：不能超过%(limit)s。")
            % {"limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}, code="proof",
        )
    try:
        content_type = checked_content_type(upload)
    except ValidationError as error:
        if error.code == "file_type":
            raise LetterError(_("送达凭证应为 PDF 或图片文件。"), code="proof") from error
        raise LetterError(error.messages[0], code="proof") from error
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    letter.delivery_proof.save(
        f"{letter.public_id}-delivery.{ALLOWED_TYPES[content_type][0]}", upload, save=False
    )
    keep_only_if_committed(letter.delivery_proof.storage, letter.delivery_proof.name)
    return getattr(upload, "name", "") or "", digest.hexdigest()


#: The letters whose delivery starts their addressee's own period: the consulted party's
#: 15 working days (Art. 32, 34) and the applicant's payment period (Art. 42).
RECEIPT_KINDS = frozenset({
    LetterKind.THIRD_PARTY_CONSULTATION, LetterKind.ORGAN_CONSULTATION, LetterKind.FEE_NOTICE,
})


def _record_addressee_receipt(letter: IssuedLetter, delivery: dict, *, acting_user, at) -> bool:
    """For a consultation letter or fee notice whose receipt is not yet recorded, record it
    (the delivery date) in the request: that act writes the one ``dispatch`` audit event,
    with ``delivery`` and the period's last day. Returns whether it did.

    A later delivery on the same subject (a corrected letter, or the original after its
    correction reached the addressee first) does not move the period: the first receipt
    started it.
    """
    if letter.kind not in RECEIPT_KINDS:
        return False
    request = letter.request
    if letter.kind == LetterKind.FEE_NOTICE:
        notice = letter.fee_notice
        if notice is None or notice.received_on is not None:
            return False
        request_record_fee_notice_receipt(
            request=request, notice=notice, received_on=letter.delivered_on,
            acting_user=acting_user, delivery=delivery, at=at,
        )
        return True
    consultation = letter.consultation
    if consultation is None or consultation.received_on is not None:
        return False
    request_record_consultation_receipt(
        request=request, consultation=consultation, received_on=letter.delivered_on,
        acting_user=acting_user, delivery=delivery, at=at,
    )
    return True


@transaction.atomic
def letter_record_delivery(
    *,
    letter: IssuedLetter,
    method: str,
    delivered_on: datetime.date,
    acting_user: AbstractBaseUser | None,
    proof=None,
    at: datetime.datetime | None = None,
) -> IssuedLetter:
    """送达: how and when the letter reached its addressee, with the proof; once only, and
    written to the audit chain (act ``dispatch``) in the same transaction.

    The delivery of a consultation letter or of the fee notice is also the addressee's
    receipt, from which their period runs: it is recorded in the request (``respond_by`` /
    ``pay_by``) in the same transaction, by the same ``dispatch`` event; if the request
    refuses it, nothing of the delivery is recorded either.

    ``proof`` is an uploaded file (送达回证, 邮寄凭证 scan: PDF or image, checked by
    content) or a text reference (an EMS number, the portal's delivery record).
    """
    if method not in DeliveryMethod.values:
        raise LetterError(_("请选择送达方式。"), code="method")
    at = at or timezone.now()
    # The organ, the request, then the letter (the lock order of ``requests.services``).
    act_locks(organ=letter.organ_id, request=letter.request_id)
    current = IssuedLetter.objects.select_for_update().get(pk=letter.pk)
    if acting_user is not None and not StaffMembership.objects.filter(
        user=acting_user, organ_id=current.organ_id, role__in=DELIVERY_ROLES
    ).exists():
        raise LetterError(
            _("您无权登记送达：只有政府信息公开工作机构的登记员和负责人可以登记送达。"),
            code="forbidden",
        )
    if current.is_delivered:
        raise LetterError(
            _("%(number)s已于%(date)s记录送达，不能重复记录。")
            % {"number": current.number, "date": current.delivered_on}, code="delivered",
        )
    if delivered_on < current.issued_on or delivered_on > timezone.localdate(at):
        raise LetterError(_("送达日期应在发文之后、不晚于今天。"), code="delivered_on")
    current.delivery_method = method
    current.delivered_on = delivered_on
    current.delivery_recorded_by = acting_user
    current.delivery_recorded_at = at
    if isinstance(proof, str):
        current.delivery_reference = proof.strip()[:200]
    elif proof is not None:
        name, current.delivery_proof_sha256 = _store_proof(current, proof)
        current.delivery_reference = name[:200]
    try:
        current.save()
        request = current.request
        delivery = {
            "letter": current.number,
            "kind": current.kind,
            "method": method,
            "delivered_on": delivered_on,
            "reference": current.delivery_reference,
            "proof_sha256": current.delivery_proof_sha256,
        }
        if not _record_addressee_receipt(current, delivery, acting_user=acting_user, at=at):
            audit_record(
                organ=current.organ, request=request, act=Act.DISPATCH, actor=acting_user,
                status_before=request.status, status_after=request.status, at=at,
                data=delivery,
            )
    except BaseException:
        if current.delivery_proof:
            current.delivery_proof.delete(save=False)
        raise
    return current


__all__ = ["letter_issue", "letter_preview", "letter_record_delivery"]

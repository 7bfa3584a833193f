"""Which record a letter is about, and whether the request is in a state to send it.

Some kinds are about one related record (``SUBJECT_KINDS``): a consultation letter about
one ``Consultation``, the extension notice about the approved ``Extension``, the fee notice
about its ``FeeNotice``. The caller passes it as ``subject``; without one, the latest
fitting record of the request is taken (what a preview of "the" fee notice means).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from requests.choices import ConsultationResult, ConsultedParty, Status
from requests.models import Consultation, DisclosureRequest, Extension, FeeNotice
from requests.models.audit import Act, AuditEvent
from requests.outcomes import REPLY_OUTCOMES

from .errors import LetterError
from .kinds import LetterKind

K = LetterKind

SUBJECT_MODEL = {
    K.EXTENSION_NOTICE: Extension,
    K.THIRD_PARTY_CONSULTATION: Consultation,
    K.ORGAN_CONSULTATION: Consultation,
    K.THIRD_PARTY_NOTICE: Consultation,
    K.FEE_NOTICE: FeeNotice,
}


def _refuse(message: str, code: str = "letter") -> LetterError:
    return LetterError(message, code=code)


def _latest(request: DisclosureRequest, kind: str):
    if kind == K.EXTENSION_NOTICE:
        return request.extensions.filter(approved_by__isnull=False).order_by("-pk").first()
    if kind == K.FEE_NOTICE:
        return request.fee_notices.order_by("-pk").first()
    consultations = request.consultations.order_by("-pk")
    if kind == K.ORGAN_CONSULTATION:
        return consultations.filter(party_kind=ConsultedParty.CO_ORGAN).first()
    consultations = consultations.filter(party_kind=ConsultedParty.THIRD_PARTY)
    if kind == K.THIRD_PARTY_NOTICE:
        return consultations.filter(result=ConsultationResult.OBJECTION).first()
    return consultations.first()


def resolve_subject(*, request: DisclosureRequest, kind: str, subject=None):
    """The record the letter is about (``None`` for kinds about the request itself)."""
    kind = LetterKind(kind)
    model = SUBJECT_MODEL.get(kind)
    if model is None:
        if subject is not None:
            raise _refuse(_("「%(kind)s」不针对单独的记录。") % {"kind": kind.label})
        return None
    if subject is None:
        subject = _latest(request, kind)
        if subject is None:
            raise _refuse(
                _("该申请没有可以发出「%(kind)s」的记录。") % {"kind": kind.label}, "subject"
            )
    if not isinstance(subject, model) or subject.request_id != request.pk:
        raise _refuse(_("「%(kind)s」所涉记录不属于该申请。") % {"kind": kind.label}, "subject")
    # The letter says what is stored, not what a caller's copy says.
    return model.objects.get(pk=subject.pk)


def reasons_event(request: DisclosureRequest) -> AuditEvent | None:
    """The latest 要求说明理由 (Art. 35) of the request: its figures are in the event."""
    return request.audit_events.filter(act=Act.REQUEST_REASONS).order_by("-sequence").first()


def check_issuable(
    *, request: DisclosureRequest, kind: str, subject, preview: bool = False
) -> None:
    """Refuse a letter the request's record does not support (nothing to say yet). A
    preview of the reply is what the secrecy reviewer and the signing leader approve, so it
    needs the draft but not their approval."""
    kind = LetterKind(kind)
    if not request.registration_number or request.received_on is None:
        raise _refuse(_("申请尚未登记，不能发出文书。"), "not_registered")
    if kind == K.CORRECTION_NOTICE and request.correction_requested_on is None:
        raise _refuse(_("该申请没有补正告知，不能发出补正告知书。"), "no_correction")
    if kind == K.REASONS_NOTICE and reasons_event(request) is None:
        raise _refuse(_("该申请没有要求说明理由，不能发出说明理由告知书。"), "no_reasons")
    if kind == K.EXTENSION_NOTICE and subject.approved_by_id is None:
        raise _refuse(_("延期申请尚未经负责人同意，不能发出延期答复告知书。"), "not_approved")
    if kind == K.THIRD_PARTY_CONSULTATION and subject.party_kind != ConsultedParty.THIRD_PARTY:
        raise _refuse(_("被征求意见方不是第三方，请发出征求意见函。"), "party_kind")
    if kind == K.ORGAN_CONSULTATION and subject.party_kind != ConsultedParty.CO_ORGAN:
        raise _refuse(_("被征求意见方不是行政机关，请发出征求第三方意见书。"), "party_kind")
    if kind == K.THIRD_PARTY_NOTICE and (
        subject.party_kind != ConsultedParty.THIRD_PARTY
        or subject.result != ConsultationResult.OBJECTION
    ):
        raise _refuse(
            _("第三方告知书用于第三方不同意公开、本机关仍决定公开的情形（《条例》第三十二条）。"),
            "no_objection",
        )
    if kind == K.TERMINATION_NOTICE and not request.abandon_reason:
        raise _refuse(_("该申请未因逾期不补正或逾期未缴费而终止，不能发出终止办理告知书。"),
                      "not_abandoned")
    if kind == K.REPLY:
        if request.outcome not in REPLY_OUTCOMES:
            raise _refuse(_("答复尚未拟定，不能发出答复书。"), "no_draft")
        if not preview and request.status not in (Status.REPLIED, Status.ARCHIVED) and not (
            request.status == Status.SIGN_OFF and request.signed_off_by_id
        ) and not on_the_spot_draft(request):
            raise _refuse(_("答复须经保密审查和审签后方可发出。"), "not_signed_off")


def on_the_spot_draft(request: DisclosureRequest) -> bool:
    """A reply drafted at the counter for an in-person application (Art. 33)."""
    from requests.models.disclosure_request import is_in_person

    return request.status == Status.REGISTERED and is_in_person(request) and bool(
        request.drafted_by_id
    )


def subject_key(subject) -> str:
    if subject is None:
        return ""
    return f"{type(subject).__name__.lower()}:{subject.pk}"

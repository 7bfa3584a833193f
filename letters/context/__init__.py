"""Step 1 of rendering (STYLE.md habit 6): the words of a letter, from the records.

``build_letter`` returns a ``Letter``: every sentence already worded (through gettext),
the structured parts a kind needs (the fee table, the reply slip, the decisions), and the
remedy notice where one is due. It reads the database but renders nothing, so the legal
content of every kind is testable without WeasyPrint.
"""

from __future__ import annotations

import datetime

from requests.clock import compute_clock
from requests.models import DisclosureRequest
from requests.models.audit import Act
from requests.selectors import clock_facts_for, load_working_calendar
from requests.services.registration import correction_deadline

from ..errors import LetterError
from ..kinds import NON_APPLICANT_KINDS, LetterKind
from ..remedies import remedy_notice
from ..subjects import check_issuable, on_the_spot_draft, reasons_event, resolve_subject
from . import notices, reply, third_parties
from .common import Letter, applicant_name, base_letter

__all__ = ["Letter", "build_letter"]

K = LetterKind


def _on_the_spot(request: DisclosureRequest) -> bool:
    """Answered at the counter (Art. 33): already done, or drafted there and about to be."""
    return on_the_spot_draft(request) or request.audit_events.filter(
        act=Act.REPLY_ON_THE_SPOT
    ).exists()


def build_letter(
    *,
    request: DisclosureRequest,
    kind: str,
    number: str,
    issued_on: datetime.date,
    subject=None,
    replaces=None,
    preview: bool = False,
) -> Letter:
    """The worded letter of ``kind`` for ``request`` (``subject`` as for ``letter_issue``).

    Raises ``LetterError`` when the request's record does not support the letter.
    """
    kind = LetterKind(kind)
    subject = resolve_subject(request=request, kind=kind, subject=subject)
    check_issuable(request=request, kind=kind, subject=subject, preview=preview)
    if kind in NON_APPLICANT_KINDS:
        addressee = subject.party_name
    else:
        addressee = applicant_name(request)
    letter = base_letter(
        request=request, kind=kind, number=number, issued_on=issued_on,
        addressee=addressee, preview=preview, replaced=replaces,
    )
    calendar = load_working_calendar()
    decisions: list[tuple[list[int], str]] = []
    if kind == K.RECEIPT:
        # The due date as known on the day of the receipt (a receipt sent late, or a
        # preview, does not foretell later pauses, corrections or the reply).
        facts = [f for f in clock_facts_for(request) if f.on <= issued_on]
        notices.fill_receipt(letter, request, clock=compute_clock(facts, calendar, issued_on))
    elif kind == K.CORRECTION_NOTICE:
        notices.fill_correction_notice(letter, request, last_day=correction_deadline(request))
    elif kind == K.REASONS_NOTICE:
        notices.fill_reasons_notice(letter, request, event=reasons_event(request))
    elif kind == K.EXTENSION_NOTICE:
        notices.fill_extension_notice(letter, request, extension=subject)
    elif kind == K.FEE_NOTICE:
        notices.fill_fee_notice(letter, request, notice=subject)
    elif kind == K.TERMINATION_NOTICE:
        notices.fill_termination_notice(
            letter, request, calendar=calendar, correction_last_day=correction_deadline(request)
        )
    elif kind == K.THIRD_PARTY_CONSULTATION:
        third_parties.fill_third_party_consultation(letter, request, consultation=subject)
    elif kind == K.ORGAN_CONSULTATION:
        third_parties.fill_organ_consultation(letter, request, consultation=subject)
    elif kind == K.THIRD_PARTY_NOTICE:
        third_parties.fill_third_party_notice(letter, request, consultation=subject)
    elif kind == K.REPLY:
        decisions = reply.fill_reply(
            letter, request, calendar=calendar, on_the_spot=_on_the_spot(request)
        )
    else:  # pragma: no cover - LetterKind() above refuses unknown kinds
        raise LetterError(f"unknown letter kind {kind!r}")
    letter.remedy = remedy_notice(organ=request.organ, kind=kind, decisions=decisions)
    letter.extra["subject"] = subject
    return letter

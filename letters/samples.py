"""Sample letters from existing requests: one of every kind and every reply outcome.

Used by ``manage.py letter_samples`` (on the demo data) and by the tests. Each sample is a
preview (``letter_preview``): nothing is numbered or stored. It is dated the day of the act
that asked for the letter, so it says what the letter would have said then.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Q

from requests.choices import AbandonReason, ConsultationResult, ConsultedParty, Status
from requests.models import DisclosureRequest, Organ
from requests.models.audit import Act
from requests.outcomes import REPLY_OUTCOMES, Outcome

from .kinds import LetterKind

K = LetterKind

#: The act after which each kind is sent (its time dates the sample).
ACT_OF_KIND = {
    K.RECEIPT: Act.REGISTER,
    K.CORRECTION_NOTICE: Act.REQUEST_CORRECTION,
    K.REASONS_NOTICE: Act.REQUEST_REASONS,
    K.EXTENSION_NOTICE: Act.GRANT_EXTENSION,
    K.THIRD_PARTY_CONSULTATION: Act.OPEN_CONSULTATION,
    K.ORGAN_CONSULTATION: Act.OPEN_CONSULTATION,
    K.THIRD_PARTY_NOTICE: Act.CLOSE_CONSULTATION,
    K.FEE_NOTICE: Act.ISSUE_FEE_NOTICE,
    K.TERMINATION_NOTICE: Act.ABANDON,
}
SUBJECT_DATA_KEY = {
    K.EXTENSION_NOTICE: "extension",
    K.THIRD_PARTY_CONSULTATION: "consultation",
    K.ORGAN_CONSULTATION: "consultation",
    K.THIRD_PARTY_NOTICE: "consultation",
    K.FEE_NOTICE: "fee_notice",
}


@dataclass(frozen=True)
class Sample:
    name: str
    kind: str
    request: DisclosureRequest
    subject: object = None
    at: datetime.datetime | None = None


def act_time(request: DisclosureRequest, kind: str, subject=None) -> datetime.datetime | None:
    """When the act that sends a letter of ``kind`` (about ``subject``) took place."""
    if kind == K.REPLY:
        acts = (Act.REPLY, Act.REPLY_ON_THE_SPOT, Act.SIGN_OFF)
        event = request.audit_events.filter(act__in=acts).order_by("-sequence").first()
        return event.at if event else None
    events = request.audit_events.filter(act=ACT_OF_KIND[K(kind)]).order_by("-sequence")
    key = SUBJECT_DATA_KEY.get(K(kind))
    for event in events:
        if key is None or subject is None or event.data.get(key) == subject.pk:
            return event.at
    return None


def _first(queryset):
    return queryset.order_by("received_on", "pk").first()


def _signed(organ: Organ):
    return organ.requests.filter(
        Q(status__in=(Status.REPLIED, Status.ARCHIVED))
        | Q(status=Status.SIGN_OFF, signed_off_by__isnull=False)
    )


def samples(organ: Organ) -> Iterator[Sample]:
    """Sample letters of ``organ``'s requests; kinds it has no case for are skipped."""
    requests = organ.requests.exclude(registration_number__isnull=True)

    def sample(name, kind, request, subject=None):
        if request is not None:
            yield Sample(name, kind, request, subject, act_time(request, kind, subject))

    yield from sample("receipt", K.RECEIPT, _first(requests.filter(status=Status.REGISTERED))
                      or _first(requests))
    yield from sample("correction_notice", K.CORRECTION_NOTICE, _first(
        requests.filter(correction_requested_on__isnull=False).order_by("-status")))
    yield from sample("reasons_notice", K.REASONS_NOTICE, _first(
        requests.filter(audit_events__act=Act.REQUEST_REASONS)))
    for kind, name in ((K.EXTENSION_NOTICE, "extension_notice"),):
        request = _first(requests.filter(extensions__approved_by__isnull=False))
        if request:
            yield from sample(name, kind, request,
                              request.extensions.filter(approved_by__isnull=False).last())
    for kind, party, name in (
        (K.THIRD_PARTY_CONSULTATION, ConsultedParty.THIRD_PARTY, "third_party_consultation"),
        (K.ORGAN_CONSULTATION, ConsultedParty.CO_ORGAN, "organ_consultation"),
    ):
        request = _first(requests.filter(consultations__party_kind=party))
        if request:
            yield from sample(name, kind, request,
                              request.consultations.filter(party_kind=party).last())
    request = _first(requests.filter(consultations__result=ConsultationResult.OBJECTION))
    if request:
        yield from sample("third_party_notice", K.THIRD_PARTY_NOTICE, request,
                          request.consultations.filter(result=ConsultationResult.OBJECTION).last())
    for standard in ("per_item", "per_page"):
        request = _first(requests.filter(fee_notices__standard=standard))
        if request:
            yield from sample(f"fee_notice-{standard}", K.FEE_NOTICE, request,
                              request.fee_notices.filter(standard=standard).last())
    for reason in AbandonReason.values:
        yield from sample(f"termination_notice-{reason}", K.TERMINATION_NOTICE,
                          _first(requests.filter(abandon_reason=reason)))
    signed = _signed(organ).annotate(n_items=Count("items"))
    for outcome in REPLY_OUTCOMES:
        # A partial disclosure whose reasons come from a redaction log, when the demo has
        # one (``manage.py seed_demo`` releases a package through the real steps).
        logged = (
            _first(signed.filter(outcome=outcome, records__redactions__state="accepted")
                   .distinct())
            if outcome == Outcome.PARTIAL else None
        )
        request = (
            logged
            or _first(signed.filter(outcome=outcome, n_items=1))
            or _first(signed.filter(outcome=outcome))
            or _first(signed.filter(items__outcome=outcome))
        )
        yield from sample(f"reply-{outcome}", K.REPLY, request)


def richest_request(organ: Organ) -> DisclosureRequest | None:
    """The request with the longest history: the audit-trail sample."""
    return (
        organ.requests.annotate(n=Count("audit_events")).order_by("-n", "pk").first()
    )

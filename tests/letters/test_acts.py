"""A legal act and its letter commit together or not at all."""

import datetime

import pytest
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError

from letters import acts, services
from letters.errors import LetterRenderError
from letters.kinds import LetterKind
from letters.models import IssuedLetter
from requests.choices import AbandonReason, Channel, ConsultationResult, ConsultedParty, Status
from requests.models import AuditEvent
from requests.outcomes import Outcome
from requests.services import (
    request_ask_extension,
    request_close_consultation,
    request_draft_reply,
    request_register,
)
from requests.services.reply import ItemDecision
from tests.factories import at, submit
from tests.requests import machine as m
from tests.requests.machine import build, snapshot

BROKEN = '<html lang="zh-CN"><body><p>回执</p><img src="http://example.com/seal.png"></body></html>'


def _received(organ, people):
    return submit(organ, on=m.SUBMITTED_ON), {}


def _registered(organ, people):
    return build(Status.REGISTERED, organ, people), {}


def _processing(organ, people):
    return build(Status.PROCESSING, organ, people), {}


def _extension(organ, people):
    request = build(Status.PROCESSING, organ, people)
    extension = request_ask_extension(request=request, acting_user=people.handler, days=10,
                                      reason="档案需调阅", at=at("2026-03-05"))
    return request, {"extension": extension}


def _awaiting_correction(organ, people):
    return build(Status.AWAITING_CORRECTION, organ, people), {}


def _sign_off(organ, people):
    request = build(Status.SIGN_OFF, organ, people)
    m.sign_off(request, people)
    return request, {}


def _at_the_counter(organ, people):
    request = submit(organ, on=m.SUBMITTED_ON, channel=Channel.IN_PERSON,
                     entered_by=people.registrar)
    request_register(request=request, acting_user=people.registrar, at=at(m.SUBMITTED_ON, 10))
    request_draft_reply(request=request, acting_user=people.registrar,
                        decisions=[ItemDecision(1, Outcome.PROVIDED, "当场提供复印件")],
                        at=at(m.SUBMITTED_ON, 10))
    return request, {}


def _objection(organ, people):
    request = build(Status.PROCESSING, organ, people)
    consultation = m.open_consultation(request, people)
    request_close_consultation(request=request, acting_user=people.handler,
                               consultation=consultation, result=ConsultationResult.OBJECTION,
                               opinion="商业秘密", at=at("2026-03-06"))
    return request, {"consultation": consultation}


ACTS = {
    "register_and_send_receipt": (_received, lambda r, p, x: acts.register_and_send_receipt(
        request=r, acting_user=p.registrar, at=at(m.REGISTERED_ON))),
    "issue_correction_notice": (_registered, lambda r, p, x: acts.issue_correction_notice(
        request=r, acting_user=p.registrar, points=m.CORRECTION_POINTS,
        at=at(m.CORRECTION_ON))),
    "ask_reasons_with_notice": (_processing, lambda r, p, x: acts.ask_reasons_with_notice(
        request=r, acting_user=p.ogi_head, applications_count=40, period="2026年3月",
        respond_by=datetime.date(2026, 3, 20), at=at("2026-03-05"))),
    "open_consultation_with_letter": (_processing, lambda r, p, x:
                                      acts.open_consultation_with_letter(
        request=r, acting_user=p.handler, party_kind=ConsultedParty.THIRD_PARTY,
        party_name=m.THIRD_PARTY, subject=m.CONSULTATION_SUBJECT, at=at(m.PAUSED_ON))),
    "grant_extension_with_notice": (_extension, lambda r, p, x: acts.grant_extension_with_notice(
        request=r, acting_user=p.ogi_head, extension=x["extension"], at=at("2026-03-06"))),
    "issue_fee_notice_with_letter": (_processing, lambda r, p, x:
                                     acts.issue_fee_notice_with_letter(
        request=r, acting_user=p.handler, standard="per_page", quantity=150,
        at=at(m.PAUSED_ON))),
    "abandon_with_termination_notice": (_awaiting_correction, lambda r, p, x:
                                        acts.abandon_with_termination_notice(
        request=r, acting_user=p.registrar, reason=AbandonReason.CORRECTION_LAPSED,
        at=at(m.ABANDONED_ON))),
    "reply_with_letter": (_sign_off, lambda r, p, x: acts.reply_with_letter(
        request=r, acting_user=p.registrar, at=at(m.REPLIED_ON, 16))),
    "reply_on_the_spot_with_letter": (_at_the_counter, lambda r, p, x:
                                      acts.reply_on_the_spot_with_letter(
        request=r, acting_user=p.registrar, at=at(m.SUBMITTED_ON, 11))),
    "send_third_party_notice": (_objection, lambda r, p, x: acts.send_third_party_notice(
        request=r, acting_user=p.handler, consultation=x["consultation"],
        at=at("2026-03-09"))),
}


@pytest.mark.parametrize("name", ACTS)
def test_a_letter_that_cannot_be_rendered_rolls_the_act_back(organ, people, monkeypatch, name):
    prepare, act = ACTS[name]
    request, extra = prepare(organ, people)
    status, version = request.status, request.version
    before = snapshot(request)
    audit_count = AuditEvent.objects.count()
    monkeypatch.setattr(services, "letter_html", lambda letter: BROKEN)

    with pytest.raises(LetterRenderError, match="外部资源"):
        act(request, people, extra)

    assert snapshot(request) == before  # status, clock, audit chain, numbers, records
    assert AuditEvent.objects.count() == audit_count
    assert not IssuedLetter.objects.exists()
    assert (request.status, request.version) == (status, version)  # the copy in memory too


def test_the_act_and_its_letter_share_one_moment(organ, people):
    request = submit(organ, on=m.SUBMITTED_ON)
    letter = acts.register_and_send_receipt(request=request, acting_user=people.registrar)
    event = request.audit_events.order_by("-sequence").first()
    assert (event.act, letter.kind) == ("register", LetterKind.RECEIPT)
    assert letter.issued_at == event.at
    assert request.status == Status.REGISTERED and letter.request == request
    assert letter.issued_by == people.registrar and letter.issued_by_name


def test_only_a_registrar_ends_a_lapsed_request_with_its_notice(organ, people):
    """No machine abandons a request alone (DESIGN.md §3): without a person, or by a
    handler, it is refused with nothing written."""
    from requests.errors import RequestActError

    request = build(Status.AWAITING_CORRECTION, organ, people)
    before = snapshot(request)
    for nobody in (None, people.handler):
        with pytest.raises(RequestActError):
            acts.abandon_with_termination_notice(
                request=request, acting_user=nobody, reason=AbandonReason.CORRECTION_LAPSED,
                at=at(m.ABANDONED_ON))
        assert snapshot(request) == before
    letter = acts.abandon_with_termination_notice(
        request=request, acting_user=people.registrar, reason=AbandonReason.CORRECTION_LAPSED,
        at=at(m.ABANDONED_ON))
    assert letter.issued_by == people.registrar and letter.kind == LetterKind.TERMINATION_NOTICE


def test_a_consultation_of_another_organ_gets_the_letter_to_organs(organ, people):
    request = build(Status.PROCESSING, organ, people)
    letter = acts.open_consultation_with_letter(
        request=request, acting_user=people.handler, party_kind=ConsultedParty.CO_ORGAN,
        party_name=m.CO_ORGAN, subject=m.CONSULTATION_SUBJECT, at=at(m.PAUSED_ON))
    assert letter.kind == LetterKind.ORGAN_CONSULTATION
    assert letter.consultation.party_name == m.CO_ORGAN and letter.addressee == m.CO_ORGAN
    assert request.status == Status.THIRD_PARTY_CONSULTATION


def test_letter_issue_must_run_inside_the_acts_transaction(organ, people, monkeypatch):
    request = build(Status.REGISTERED, organ, people)
    monkeypatch.setattr(connection, "get_autocommit", lambda: True)
    with pytest.raises(TransactionManagementError, match="inside the transaction"):
        services.letter_issue(request=request, kind=LetterKind.RECEIPT,
                              acting_user=people.registrar)


def test_a_supervisor_cannot_sign_a_letter_out(organ, people):
    request = build(Status.REGISTERED, organ, people)
    with pytest.raises(Exception, match="无权以本机关名义发出文书"), transaction.atomic():
        services.letter_issue(request=request, kind=LetterKind.RECEIPT,
                              acting_user=people.supervisor)
    assert not IssuedLetter.objects.exists()

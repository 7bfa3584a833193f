"""Letters whose addressee's period runs from receipt (Art. 32, 34, 42): the words without
and with a known last day, and the delivery that records the receipt in the request."""

import datetime

import pytest
from django.db import transaction

from letters import acts, services
from letters.context import build_letter
from letters.context.notices import fee_standard_text
from letters.kinds import LetterKind
from letters.models import DeliveryMethod, IssuedLetter
from requests.choices import ConsultationResult, ConsultedParty, FeeStandard, Status
from requests.errors import RequestActError
from requests.models import AuditEvent
from requests.models.audit import Act
from requests.services import audit_verify_chain
from tests.factories import at
from tests.requests import machine as m
from tests.requests.machine import build

K = LetterKind
D = datetime.date.fromisoformat


def words(request, kind, subject) -> str:
    letter = build_letter(request=request, kind=kind, number="莆环信公开函〔2026〕7号",
                          issued_on=D("2026-03-10"), subject=subject)
    slip = letter.extra.get("reply_slip", {}).get("return_to", "")
    return "".join([*letter.opening, *letter.body, *letter.extra.get("after_table", []), slip])


# ---- the words --------------------------------------------------------------------------

@pytest.mark.parametrize(("party", "kind", "this_letter"), [
    (ConsultedParty.THIRD_PARTY, K.THIRD_PARTY_CONSULTATION, "本意见书"),
    (ConsultedParty.CO_ORGAN, K.ORGAN_CONSULTATION, "本函"),
])
def test_consultation_letters_count_15_working_days_from_receipt_without_a_last_day_before_it(
    organ, people, party, kind, this_letter
):
    request = build(Status.PROCESSING, organ, people)
    consultation = m.open_consultation(request, people, kind=party, name=m.CO_ORGAN)
    text = words(request, kind, consultation)
    assert f"自收到{this_letter}之日起15个工作日内，以书面形式" in text
    assert f"请自收到{this_letter}之日起15个工作日内将本回执送达或寄回{organ.name}" in text
    assert "即于" not in text and "2026年3月26日" not in text


@pytest.mark.parametrize(("party", "kind"), [
    (ConsultedParty.THIRD_PARTY, K.THIRD_PARTY_CONSULTATION),
    (ConsultedParty.CO_ORGAN, K.ORGAN_CONSULTATION),
])
def test_consultation_letters_name_the_last_day_once_receipt_is_recorded(organ, people, party,
                                                                         kind):
    request = build(Status.PROCESSING, organ, people)
    m.open_consultation(request, people, kind=party, name=m.CO_ORGAN)
    consultation = m.receive_consultation_letter(request, people, at("2026-03-09"))
    text = words(request, kind, consultation)
    assert "之日起15个工作日内，即于2026年3月30日前，以书面形式" in text
    assert f"请于2026年3月30日前将本回执送达或寄回{organ.name}" in text


def test_fee_notice_counts_the_organs_payment_days_from_the_day_after_receipt(organ, people):
    organ.fee_payment_days = 15
    organ.save()
    request = build(Status.PROCESSING, organ, people)
    notice = m.issue_fee_notice(request, people)
    text = words(request, K.FEE_NOTICE, notice)
    assert "请您自收到本通知书次日起15个工作日内缴纳上述费用。缴费方式：" in text
    assert "即于" not in text
    assert "您逾期未缴纳的，视为放弃申请，本机关将不再处理该政府信息公开申请。" in text


def test_fee_notice_names_the_last_day_once_receipt_is_recorded(organ, people):
    request = build(Status.PROCESSING, organ, people)
    m.issue_fee_notice(request, people)
    notice = m.receive_fee_notice(request, people, at("2026-03-06"))
    text = words(request, K.FEE_NOTICE, notice)
    assert "请您自收到本通知书次日起20个工作日内（即于2026年4月3日前）缴纳上述费用" in text


def test_fee_standards_name_bands_that_do_not_overlap():
    per_item = fee_standard_text(FeeStandard.PER_ITEM)
    assert "10件以下（含10件）的，不收费" in per_item
    assert "11—30件（含30件）的部分，每件100元" in per_item
    assert "累计申请31件以上的部分，以10件为一档" in per_item
    assert "30件以上" not in per_item
    per_page = fee_standard_text(FeeStandard.PER_PAGE)
    assert "30页以下（含30页）的，不收费" in per_page
    assert "31—100页（含100页）的部分，每页10元" in per_page
    assert "101—200页（含200页）的部分，每页20元" in per_page
    assert "201页以上的部分，每页40元" in per_page
    assert "200页以上" not in per_page


# ---- delivery records the receipt -------------------------------------------------------

def _consultation_letter(organ, people, party=ConsultedParty.THIRD_PARTY):
    request = build(Status.PROCESSING, organ, people)
    return acts.open_consultation_with_letter(
        request=request, acting_user=people.handler, party_kind=party, party_name=m.CO_ORGAN,
        subject=m.CONSULTATION_SUBJECT, at=at(m.PAUSED_ON))


def test_delivering_a_consultation_letter_records_the_partys_receipt_in_the_same_act(
    organ, people
):
    letter = _consultation_letter(organ, people, ConsultedParty.CO_ORGAN)
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    services.letter_record_delivery(
        letter=letter, method=DeliveryMethod.POSTAL_DELIVERY, delivered_on=D("2026-03-09"),
        acting_user=people.registrar, proof="EMS 1234567890", at=at("2026-03-10"))
    consultation = letter.consultation
    consultation.refresh_from_db()
    assert (consultation.received_on, consultation.respond_by) == (D("2026-03-09"),
                                                                  D("2026-03-30"))
    new = list(AuditEvent.objects.exclude(pk__in=before))
    assert [e.act for e in new] == [Act.DISPATCH]  # one event for the one act
    assert new[0].data == {
        "letter": letter.number, "kind": "organ_consultation", "method": "postal_delivery",
        "delivered_on": "2026-03-09", "reference": "EMS 1234567890", "proof_sha256": "",
        "consultation": consultation.pk, "received_on": "2026-03-09",
        "respond_by": "2026-03-30",
    }
    assert audit_verify_chain(organ) == []


def test_delivering_the_fee_notice_starts_the_payment_period(organ, people):
    request = build(Status.PROCESSING, organ, people)
    letter = acts.issue_fee_notice_with_letter(
        request=request, acting_user=people.handler, standard=FeeStandard.PER_PAGE,
        quantity=150, at=at(m.PAUSED_ON))
    services.letter_record_delivery(
        letter=letter, method=DeliveryMethod.IN_PERSON_DELIVERY, delivered_on=D("2026-03-06"),
        acting_user=people.registrar, at=at("2026-03-06", 15))
    notice = letter.fee_notice
    notice.refresh_from_db()
    assert (notice.received_on, notice.pay_by) == (D("2026-03-06"), D("2026-04-03"))
    event = AuditEvent.objects.get(request=request, act=Act.DISPATCH)
    assert (event.data["fee_notice"], event.data["pay_by"]) == (notice.pk, "2026-04-03")


def test_a_delivery_the_request_refuses_changes_nothing(organ, people):
    letter = _consultation_letter(organ, people)
    request = letter.request
    m.close_consultation(request, people, at("2026-03-06"), consultation=letter.consultation,
                         result=ConsultationResult.CONSENT)
    for step in (m.draft, m.submit_for_review, m.pass_review, m.sign_off, m.reply, m.archive):
        step(request, people)
    events = AuditEvent.objects.count()
    with pytest.raises(RequestActError, match="已归档的申请不能再作任何变更"):
        services.letter_record_delivery(
            letter=letter, method=DeliveryMethod.POSTAL_DELIVERY, delivered_on=D("2026-03-06"),
            acting_user=people.registrar, at=at("2026-03-12"))
    stored = IssuedLetter.objects.get(pk=letter.pk)
    assert not stored.is_delivered and stored.delivered_on is None
    assert letter.consultation.__class__.objects.get(pk=letter.consultation_id).received_on is None
    assert AuditEvent.objects.count() == events


def test_a_later_delivery_on_the_same_consultation_does_not_move_the_period(organ, people):
    letter = _consultation_letter(organ, people)
    services.letter_record_delivery(
        letter=letter, method=DeliveryMethod.POSTAL_DELIVERY, delivered_on=D("2026-03-06"),
        acting_user=people.registrar, at=at("2026-03-06", 15))
    with transaction.atomic():
        corrected = services.letter_issue(
            request=letter.request, kind=K.THIRD_PARTY_CONSULTATION,
            acting_user=people.handler, at=at("2026-03-09"), subject=letter.consultation,
            replaces=letter)
    services.letter_record_delivery(
        letter=corrected, method=DeliveryMethod.POSTAL_DELIVERY, delivered_on=D("2026-03-10"),
        acting_user=people.registrar, at=at("2026-03-10", 15))
    consultation = letter.consultation
    consultation.refresh_from_db()
    assert (consultation.received_on, consultation.respond_by) == (D("2026-03-06"),
                                                                  D("2026-03-27"))
    second = AuditEvent.objects.filter(act=Act.DISPATCH).order_by("sequence").last()
    assert second.data["letter"] == corrected.number and "respond_by" not in second.data

"""Issued letters are records: never changed, never regenerated; corrected by a new letter;
delivered once."""

import datetime
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from letters import acts, services
from letters.errors import LetterError
from letters.kinds import LetterKind
from letters.models import DeliveryMethod, IssuedLetter
from requests.choices import Role, Status
from requests.errors import RequestActError
from requests.models import AuditEvent, Sequence
from requests.models.audit import Act
from requests.services import audit_verify_chain
from tests.factories import at, staff, submit
from tests.letters import pdfs
from tests.requests import machine as m
from tests.uploads import real_png

PNG = real_png()


@pytest.fixture
def receipt(organ, people):
    request = submit(organ, on=m.SUBMITTED_ON)
    return acts.register_and_send_receipt(request=request, acting_user=people.registrar,
                                          at=at(m.REGISTERED_ON))


def state():
    return (
        list(IssuedLetter.objects.order_by("pk").values()),
        list(Sequence.objects.order_by("pk").values()),
    )


def issue(people, request, **kwargs):
    with transaction.atomic():
        return services.letter_issue(request=request, kind=LetterKind.RECEIPT,
                                     acting_user=people.registrar, **kwargs)


def test_issuing_the_same_letter_again_is_refused_and_changes_nothing(receipt, people):
    before = state()
    with pytest.raises(LetterError, match="已发出的文书不能重新生成") as refused:
        issue(people, receipt.request)
    assert refused.value.code == "already_issued"
    assert state() == before
    with receipt.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == receipt.sha256


def test_an_issued_letter_cannot_be_edited_or_deleted(receipt):
    receipt.number = "莆环信公开登〔2026〕99号"
    with pytest.raises(RequestActError, match="不能修改"):
        receipt.save(update_fields=["number"])
    receipt.save()  # without update_fields only the (empty) delivery could be written
    assert IssuedLetter.objects.get(pk=receipt.pk).number == "莆环信公开登〔2026〕1号"
    with pytest.raises(RequestActError, match="不能修改"):
        IssuedLetter.objects.filter(pk=receipt.pk).update(sha256="0" * 64)
    with pytest.raises(RequestActError, match="不能删除"):
        IssuedLetter.objects.filter(pk=receipt.pk).delete()
    with pytest.raises(RequestActError, match="不能删除"):
        receipt.delete()


def test_a_correction_is_a_new_letter_naming_the_one_it_replaces(receipt, people):
    corrected = issue(people, receipt.request, replaces=receipt)
    assert corrected.number == "莆环信公开登〔2026〕2号" and corrected.replaces == receipt
    assert corrected.sha256 != receipt.sha256
    with corrected.file.open("rb") as handle:
        text = pdfs.text(handle.read())
    assert f"替代本机关2026年3月3日作出的《{receipt.title}》（{receipt.number}）" in text
    receipt.refresh_from_db()
    assert receipt.replaced_by == corrected  # the original row itself is untouched
    with pytest.raises(LetterError, match="已被更正"):
        issue(people, receipt.request, replaces=receipt)
    again = issue(people, receipt.request, replaces=corrected)
    assert again.number == "莆环信公开登〔2026〕3号"


def test_a_correction_replaces_only_a_letter_of_the_same_request_and_kind(receipt, organ, people):
    other = m.build(Status.REGISTERED, organ, people)
    with pytest.raises(LetterError, match="同一申请、同一种类"):
        issue(people, other, replaces=receipt)


def test_delivery_is_recorded_once_with_its_proof(receipt, people):
    proof = SimpleUploadedFile("回证.png", PNG, content_type="image/png")
    delivered = services.letter_record_delivery(
        letter=receipt, method=DeliveryMethod.POSTAL_DELIVERY,
        delivered_on=datetime.date(2026, 3, 5), acting_user=people.registrar, proof=proof,
        at=at("2026-03-06"),
    )
    assert delivered.delivery_method == DeliveryMethod.POSTAL_DELIVERY
    assert delivered.delivery_proof_sha256 == hashlib.sha256(PNG).hexdigest()
    assert delivered.delivery_reference == "回证.png"
    with delivered.delivery_proof.open("rb") as handle:
        assert handle.read() == PNG
    stored = IssuedLetter.objects.get(pk=receipt.pk)
    assert (stored.delivered_on, stored.sha256) == (datetime.date(2026, 3, 5), receipt.sha256)
    # Written to the audit chain with the act's particulars.
    event = AuditEvent.objects.get(request=receipt.request, act=Act.DISPATCH)
    assert event.actor == people.registrar and event.at == at("2026-03-06")
    assert event.data == {
        "letter": receipt.number, "kind": "receipt", "method": "postal_delivery", "delivered_on": "2026-03-05", "reference": "回证.png",
        "proof_sha256": hashlib.sha256(PNG).hexdigest(),
    }
    assert event.status_before == event.status_after == receipt.request.status
    with pytest.raises(LetterError, match="不能重复记录"):
        services.letter_record_delivery(
            letter=receipt, method=DeliveryMethod.IN_PERSON_DELIVERY,
            delivered_on=datetime.date(2026, 3, 6), acting_user=people.registrar,
            at=at("2026-03-06"))
    with pytest.raises(RequestActError, match="不能修改"):
        stored.delivery_reference = "改写"
        stored.save()
    assert AuditEvent.objects.filter(act=Act.DISPATCH).count() == 1
    assert audit_verify_chain(receipt.organ) == []


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"method": "by_pigeon"}, "请选择送达方式"),
    ({"delivered_on": datetime.date(2026, 3, 2)}, "送达日期应在发文之后"),
    ({"delivered_on": datetime.date(2026, 3, 9)}, "送达日期应在发文之后"),
    ({"proof": SimpleUploadedFile("回证.txt", b"not an image")}, "PDF 或图片"),
])
def test_a_wrong_delivery_record_is_refused(receipt, people, kwargs, message):
    arguments = dict(letter=receipt, method=DeliveryMethod.ELECTRONIC_DELIVERY,
                     delivered_on=datetime.date(2026, 3, 4), acting_user=people.registrar,
                     at=at("2026-03-06"))
    arguments.update(kwargs)
    with pytest.raises(LetterError, match=message):
        services.letter_record_delivery(**arguments)
    assert not IssuedLetter.objects.get(pk=receipt.pk).is_delivered
    assert not AuditEvent.objects.filter(act=Act.DISPATCH).exists()


def test_a_text_reference_is_proof_enough(receipt, people):
    delivered = services.letter_record_delivery(
        letter=receipt, method=DeliveryMethod.ELECTRONIC_DELIVERY,
        delivered_on=datetime.date(2026, 3, 3), acting_user=people.registrar,
        proof="网上申请平台送达记录 2026-03-03 10:02", at=at("2026-03-03", 11))
    assert delivered.delivery_reference.startswith("网上申请平台送达记录")
    assert not delivered.delivery_proof


def test_only_the_organs_staff_record_a_delivery(receipt, people):
    with pytest.raises(LetterError, match="无权"):
        services.letter_record_delivery(
            letter=receipt, method=DeliveryMethod.ELECTRONIC_DELIVERY,
            delivered_on=datetime.date(2026, 3, 3), acting_user=people.supervisor,
            at=at("2026-03-04"))


@pytest.mark.parametrize(("role", "allowed"), [
    (Role.REGISTRAR, True), (Role.OGI_HEAD, True), (Role.LEGAL_REVIEWER, False),
    (Role.SECRECY_REVIEWER, False), (Role.HANDLER, False), (Role.SIGNING_LEADER, False),
    (Role.DEPARTMENT_HEAD, False), (Role.ADMINISTRATOR, False),
])
def test_only_the_ogi_offices_registrars_and_head_record_a_delivery(receipt, people, role,
                                                                   allowed):
    user = staff(receipt.organ, role, f"delivery-{role}", people.office)
    arguments = dict(letter=receipt, method=DeliveryMethod.ELECTRONIC_DELIVERY,
                     delivered_on=datetime.date(2026, 3, 3), acting_user=user,
                     at=at("2026-03-04"))
    if allowed:
        assert services.letter_record_delivery(**arguments).is_delivered
        return
    with pytest.raises(LetterError, match="只有政府信息公开工作机构的登记员和负责人") as refused:
        services.letter_record_delivery(**arguments)
    assert refused.value.code == "forbidden"
    assert not IssuedLetter.objects.get(pk=receipt.pk).is_delivered
    assert not AuditEvent.objects.filter(act=Act.DISPATCH).exists()

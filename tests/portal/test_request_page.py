"""My requests: status in plain words, who waits on whom, the due date, the public history
(never internal comments, opinions, reviewers or third parties) and the letters."""

from __future__ import annotations

import pytest
from django.urls import reverse

from letters.acts import (
    grant_extension_with_notice,
    issue_fee_notice_with_letter,
    open_consultation_with_letter,
)
from letters.kinds import LetterKind
from letters.models import DeliveryMethod
from letters.services import letter_record_delivery
from requests.choices import ConsultedParty, FeeStandard
from requests.models import CalendarYear
from requests.outcomes import Outcome
from requests.services import request_ask_extension
from requests.services.reply import ItemDecision
from tests.factories import at
from tests.workflow.flowkit import do
from workflow import steps

from .kit import in_processing, online, registered

pytestmark = pytest.mark.django_db

THIRD_PARTY = "莆田市华亭化工有限公司"
# Staff comments, opinions and names (the factory names every staff member 测试).
INTERNAL = ["不涉及国家秘密", "同意签发", "该企业环评报告书含商业秘密", "拟提供全文", "测试", "污防科"]


def page(client, request) -> str:
    response = client.get(reverse("portal:request", args=[request.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_submitted_request_waits_for_registration(organ, people, applicant, applicant_client):
    request = online(organ, applicant)
    text = page(applicant_client, request)
    assert "已提交，待登记" in text
    assert "等待本机关确认收到并登记" in text
    assert "登记后开始计算" in text
    assert "您通过网上平台提交了申请" in text
    assert str(request.public_id) in text


def test_the_registered_request_shows_its_number_due_date_and_receipt(
    organ, people, applicant, applicant_client
):
    request = registered(organ, people, applicant)
    text = page(applicant_client, request)
    assert "已登记" in text and request.registration_number in text
    assert request.due_on.strftime("%Y-%m-%d") in text
    assert "登记回执" in text
    receipt = request.letters.get(kind=LetterKind.RECEIPT)
    response = applicant_client.get(
        reverse("portal:letter", args=[request.public_id, receipt.public_id])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Cache-Control"] == "private, no-store"


def test_a_provisional_due_date_says_so(organ, people, applicant, applicant_client):
    request = registered(organ, people, applicant)
    CalendarYear.objects.filter(year=2026).update(confirmed=False)
    request.due_is_provisional = True
    from requests.services import request_refresh_clock

    state = request_refresh_clock(request)
    assert state.provisional
    text = page(applicant_client, request)
    assert "暂定" in text and "节假日安排尚未正式确认" in text


def test_the_public_history_tells_applicant_facing_acts_only(organ, people, applicant, applicant_client):
    request = in_processing(organ, people, applicant)
    letter = open_consultation_with_letter(
        request=request, acting_user=people.handler, party_kind=ConsultedParty.THIRD_PARTY,
        party_name=THIRD_PARTY, subject="该企业环评报告书含商业秘密", at=at("2026-03-05"),
    )
    request.refresh_from_db()
    text = page(applicant_client, request)
    assert "征求意见中" in text and "本机关在等待有关方面的意见" in text
    assert "本机关依法征求意见，征求意见期间不计入答复期限" in text
    assert THIRD_PARTY not in text
    assert letter.get_kind_display() not in text  # the letter to the third party is not listed
    for word in INTERNAL:
        assert word not in text
    # The delivery of the receipt is told; the delivery of the letter to the third party not.
    receipt = request.letters.get(kind=LetterKind.RECEIPT)
    letter_record_delivery(
        letter=receipt, method=DeliveryMethod.ELECTRONIC_DELIVERY,
        delivered_on=receipt.issued_on, acting_user=people.registrar,
        proof="网上申请平台送达记录", at=at("2026-03-05", 15),
    )
    letter_record_delivery(
        letter=letter, method=DeliveryMethod.POSTAL_DELIVERY,
        delivered_on=letter.issued_on, acting_user=people.registrar,
        proof="EMS 1187654300", at=at("2026-03-06", 15),
    )
    text = page(applicant_client, request)
    assert f"本机关文书{receipt.number}已于" in text
    assert letter.number not in text and "EMS 1187654300" not in text


def test_extension_and_fee_notice_are_shown_with_their_deadlines(
    organ, people, applicant, applicant_client
):
    request = in_processing(organ, people, applicant)
    extension = request_ask_extension(
        request=request, acting_user=people.handler, days=10, reason="需要向监测站调取原始数据",
        at=at("2026-03-20"),
    )
    grant_extension_with_notice(
        request=request, acting_user=people.ogi_head, extension=extension, at=at("2026-03-23")
    )
    fee_letter = issue_fee_notice_with_letter(
        request=request, acting_user=people.handler, standard=FeeStandard.PER_ITEM,
        quantity=15, at=at("2026-03-24"),
    )
    request.refresh_from_db()
    # Until the notice's receipt is recorded, the period is told as counted from receipt.
    text = page(applicant_client, request)
    assert "请自收到收费通知书次日起20个工作日内缴纳" in text
    assert "请自收到通知书次日起20个工作日内缴纳" in text  # the history
    letter_record_delivery(letter=fee_letter, method=DeliveryMethod.POSTAL_DELIVERY,
                           delivered_on=fee_letter.issued_on, acting_user=people.registrar,
                           at=at("2026-03-24", 16))
    request.refresh_from_db()
    text = page(applicant_client, request)
    notice = request.fee_notices.get()
    assert "待您缴费" in text and "本机关在等待您缴纳信息处理费" in text
    assert "本机关决定延期答复，答复期限延长10个工作日" in text
    assert "需要向监测站调取原始数据" not in text  # the internal reason
    assert "收费通知书" in text and "延期答复告知书" in text
    assert f"{notice.amount}" in text
    pay_by = f"{notice.pay_by.year}年{notice.pay_by.month}月{notice.pay_by.day}日"
    assert text.count(pay_by) >= 2  # the status card and the fee notice
    listed = applicant_client.get(reverse("portal:home")).content.decode()
    assert "待您缴费" in listed and notice.pay_by.strftime("%Y-%m-%d") in listed


def test_a_replied_request_offers_the_reply_and_each_items_outcome(
    organ, people, applicant, applicant_client
):
    request = in_processing(organ, people, applicant)
    process = request.process
    do(process, "handle", people.handler, step=steps.submit_reply,
       decisions=[ItemDecision(1, Outcome.PROVIDED, "提供环境影响报告书及批复电子版")],
       decision_text="拟提供全文", at=at("2026-03-10"))
    do(process, "review", people.reviewer, passed=True, comment="不涉及国家秘密", at=at("2026-03-11"))
    do(process, "sign", people.leader, approved=True, comment="同意签发", at=at("2026-03-12"))
    do(process, "dispatch", people.registrar, delivery_method="electronic_delivery",
       at=at("2026-03-13"))
    request.refresh_from_db()
    text = page(applicant_client, request)
    assert "已答复" in text and "本机关已作出答复" in text
    assert "政府信息公开申请答复书" in text
    assert str(Outcome.PROVIDED.label) in text
    for word in INTERNAL:
        assert word not in text
    assert "2026-03-13" in text


def test_my_requests_lists_only_mine_in_a_fixed_number_of_queries(
    organ, people, applicant, other_applicant, applicant_client, django_assert_max_num_queries
):
    for n in range(3):
        online(organ, applicant, items=[f"木兰溪2025年第{n + 1}季度水质报告"])
    online(organ, other_applicant, items=["别人的申请"])
    with django_assert_max_num_queries(12):
        text = applicant_client.get(reverse("portal:home")).content.decode()
    assert text.count("木兰溪2025年") == 3 and "别人的申请" not in text
    online(organ, applicant, items=["再一件申请"])
    with django_assert_max_num_queries(12):
        applicant_client.get(reverse("portal:home"))


def test_my_requests_marks_an_overdue_request_but_not_a_paused_one(
    organ, people, applicant, applicant_client
):
    late = registered(organ, people, applicant, items=["木兰溪2025年水质年报"])  # due 2026-03-31
    paused = in_processing(organ, people, applicant, items=["某化工企业排污许可执行报告"])
    open_consultation_with_letter(
        request=paused, acting_user=people.handler, party_kind=ConsultedParty.THIRD_PARTY,
        party_name=THIRD_PARTY, subject="工艺参数", at=at("2026-03-05"),
    )
    text = applicant_client.get(reverse("portal:home")).content.decode()
    rows = text.split("<li>")
    late_row = next(row for row in rows if "木兰溪2025年水质年报" in row)
    paused_row = next(row for row in rows if "某化工企业排污许可执行报告" in row)
    assert "已超过答复期限" in late_row and late.due_on.isoformat() in late_row
    assert "已超过答复期限" not in paused_row


def test_the_submitted_page_gives_the_tracking_number(organ, people, applicant, applicant_client):
    request = online(organ, applicant)
    text = applicant_client.get(reverse("portal:submitted", args=[request.public_id])).content.decode()
    assert "申请已提交，等待登记" in text and str(request.public_id) in text

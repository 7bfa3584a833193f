"""The audit-trail report (办理过程记录): every act, actor, comment, letter and deadline
change in order, with the clock's explanation and the verification of the chain."""

import datetime
import hashlib

import pytest
from django.core.files.base import ContentFile

from letters import acts, services
from letters.audit_trail import TrailEntry, audit_trail, audit_trail_html, audit_trail_pdf
from letters.models import DeliveryMethod, IssuedLetter
from letters.rendering import RenderedPdf
from requests.choices import ConsultationResult
from requests.services import request_ask_extension, request_close_consultation, request_triage
from tests.factories import at, submit
from tests.letters import pdfs
from tests.requests import machine as m


def quick_render(html, **kwargs):
    """The letters' PDFs do not matter here (their tests are elsewhere): skip WeasyPrint."""
    return RenderedPdf(data=b"%PDF-1.7 " + hashlib.sha256(html.encode()).digest(), page_count=1)


@pytest.fixture
def history(organ, people, monkeypatch):
    """Registered with a receipt, extended with a notice, consulted, returned once from the
    review, replied with a letter that was delivered."""
    monkeypatch.setattr(services, "render", quick_render)
    request = submit(organ, on=m.SUBMITTED_ON)
    acts.register_and_send_receipt(request=request, acting_user=people.registrar,
                                   at=at(m.REGISTERED_ON))
    request_triage(request=request, acting_user=people.registrar, department=people.dept,
                   at=at(m.TRIAGED_ON))
    extension = request_ask_extension(request=request, acting_user=people.handler, days=10,
                                      reason="档案分散，需要调阅", at=at(m.PAUSED_ON))
    acts.grant_extension_with_notice(request=request, acting_user=people.ogi_head,
                                     extension=extension, at=at(m.PAUSED_ON, 14))
    consultation = m.open_consultation(request, people, at("2026-03-06"))
    request_close_consultation(request=request, acting_user=people.handler,
                               consultation=consultation, result=ConsultationResult.CONSENT,
                               opinion="同意公开", at=at("2026-03-11"))
    m.draft(request, people, at("2026-03-12"))
    m.submit_for_review(request, people, at("2026-03-12", 11))
    m.return_from_review(request, people, at("2026-03-13"))
    m.draft(request, people, at("2026-03-16"))
    m.submit_for_review(request, people, at("2026-03-16", 11))
    m.pass_review(request, people, at("2026-03-17"))
    m.sign_off(request, people, at("2026-03-18"))
    reply = acts.reply_with_letter(request=request, acting_user=people.registrar,
                                   at=at("2026-03-18", 16))
    services.letter_record_delivery(letter=reply, method=DeliveryMethod.POSTAL_DELIVERY,
                                    delivered_on=datetime.date(2026, 3, 20),
                                    acting_user=people.registrar, proof="EMS 1187654321",
                                    at=at("2026-03-20", 15))
    return request


def test_every_act_in_order_with_actor_role_status_and_comment(history):
    trail = audit_trail(history)
    events = list(history.audit_events.order_by("sequence"))
    rows = [row for row in trail.rows if row.sequence]
    assert [row.sequence for row in rows] == [e.sequence for e in events]
    assert [row.at for row in trail.rows] == sorted(row.at for row in trail.rows)
    register = rows[1]
    assert (register.act, register.status) == ("确认接收并登记", "已接收 → 已登记")
    assert "登记员（办公室）" in register.role
    returned = next(row for row in rows if row.act == "保密审查退回")
    assert returned.comment == "第3页含有企业商业秘密，请区分处理"
    assert returned.status == "保密审查 → 办理中"


def test_letters_appear_with_number_and_sha256_and_their_delivery(history):
    trail = audit_trail(history)
    letters = {letter.kind: letter for letter in IssuedLetter.objects.filter(request=history)}
    by_act = {row.act: row for row in trail.rows}
    assert by_act["确认接收并登记"].letters[0].number == letters["receipt"].number
    assert by_act["延期答复"].letters[0].sha256 == letters["extension_notice"].sha256
    assert by_act["答复"].letters[0].number == letters["reply"].number
    delivery = by_act["送达"]
    assert "邮寄送达，2026年3月20日送达，凭证：EMS 1187654321" in delivery.letters[0].delivery
    # Once, as a link of the audit chain.
    assert [row.act for row in trail.rows].count("送达") == 1
    assert delivery.sequence and delivery.letters[0].number == letters["reply"].number


def test_every_deadline_change_is_explained(history):
    by_act = {row.act: row for row in audit_trail(history).rows}
    assert by_act["确认接收并登记"].clock.startswith("未起算 → 2026年3月31日")
    assert by_act["延期答复"].clock.startswith("2026年3月31日 → 2026年4月15日")
    assert "延长10个工作日" in by_act["延期答复"].clock
    assert by_act["征求意见"].clock == "暂停计算，期限2026年4月15日随暂停顺延"
    assert by_act["征求意见结束"].clock.startswith("恢复计算，期限2026年4月20日")
    assert "不计入答复期限：3个工作日" in by_act["征求意见结束"].clock
    assert by_act["答复"].clock.startswith("停止计算（办结）")
    assert by_act["初审分办"].clock == ""


def test_the_clock_explanation_and_the_verification_close_the_report(history):
    trail = audit_trail(history)
    assert any("收到申请" in step for step in trail.clock_steps)
    assert any("延长10个工作日" in step for step in trail.clock_steps)
    assert trail.chain_ok and "均与其哈希值一致" in trail.chain_text
    assert trail.letters_ok and "已发文书3件" in trail.letters_text


def test_a_changed_letter_file_is_reported(history):
    letter = IssuedLetter.objects.filter(request=history, kind="reply").get()
    storage, name = letter.file.storage, letter.file.name
    storage.delete(name)
    storage.save(name, ContentFile(b"%PDF-1.7 forged"))
    trail = audit_trail(history)
    assert not trail.letters_ok and letter.number in trail.letters_text


def test_workflow_tasks_join_the_table_in_time_order(history):
    task = TrailEntry(at=at(m.TRIAGED_ON, 12), actor="黄志明", role="承办人（污防科）",
                      act="认领任务：拟写答复")
    trail = audit_trail(history, extra_entries=[task])
    acts_in_order = [row.act for row in trail.rows]
    assert acts_in_order.index("初审分办") < acts_in_order.index("认领任务：拟写答复") < (
        acts_in_order.index("申请延期"))
    assert "认领任务：拟写答复" in audit_trail_html(trail)


def test_the_report_renders_as_a_landscape_a4_pdf(history):
    data = audit_trail_pdf(history, generated_by="督查员 李婷")
    sizes = pdfs.page_sizes(data)
    assert all(size == (841.89, 595.28) for size in sizes)
    pdfs.check_fonts(data)
    text = pdfs.text(data)
    reply = IssuedLetter.objects.filter(request=history, kind="reply").get()
    assert "政府信息公开申请办理过程记录" in text and history.registration_number in text
    assert reply.number in text and reply.sha256 in text
    assert "答复期限计算说明" in text and "生成人：督查员李婷" in text

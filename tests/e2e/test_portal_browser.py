"""The applicant's side in a real browser: sign up, submit, follow the request through
registration, a correction and the reply — with screenshots at desktop (1280 px) and phone
(390 px) widths, in Chinese and in English (``artifacts/screenshots/portal-*.png``)."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from requests.models import DisclosureRequest
from requests.outcomes import Outcome
from requests.services.reply import ItemDecision
from tests.portal.conftest import PDF
from tests.workflow.flowkit import do
from workflow import steps
from workflow.models import TriageDecision

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
STAFF_PASSWORD = "pw-for-tests"
EMAIL = "lin.zhiqiang@example.com"
PASSWORD = "Lin-Zhiqiang-2026!"
ITEM = "莆田市2025年度城厢区华亭镇某化工企业环境影响评价报告书及批复文件"
CORRECTED = "华亭化工有限公司年产5万吨树脂项目环境影响报告书及其批复（2025年）"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def shots(page, screenshot, name: str) -> None:
    """The page at desktop and phone widths, in the current language."""
    language = page.locator("html").get_attribute("lang")
    suffix = "zh" if language.startswith("zh") else "en"
    page.set_viewport_size(DESKTOP)
    screenshot(f"portal-{name}-{suffix}-desktop")
    page.set_viewport_size(PHONE)
    screenshot(f"portal-{name}-{suffix}-phone")
    page.set_viewport_size(DESKTOP)


def both_languages(page, screenshot, name: str) -> None:
    shots(page, screenshot, name)
    page.click("header button[name=language][value=en]")
    page.wait_for_load_state()
    shots(page, screenshot, name)
    page.click("header button[name=language][value=zh-hans]")
    page.wait_for_load_state()


def staff_login(page, live_server, user) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('我的工作台')")


def applicant_login(page, live_server) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/portal/login/")
    page.fill("#id_username", EMAIL)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('我的申请')")


def fill_application(page, proof, *, document_number: str) -> None:
    page.fill("#id_name", "林志强")
    page.fill("#id_document_number", document_number)
    page.fill("#id_phone", "13905940001")
    page.fill("#id_postal_address", "福建省莆田市荔城区镇海街道八二一南街88号")
    page.fill("#id_items-0-description", ITEM)
    if not page.is_visible("#id_items-1-description"):
        page.click("#add-item")
    page.fill("#id_items-1-description", "华亭镇2025年大气环境质量监测月报")
    page.set_input_files("#id_proof_of_identity", str(proof))
    page.check("#id_declaration")
    page.click("main .submit button[type=submit]")
    page.wait_for_load_state()


def test_an_applicant_follows_a_request_from_sign_up_to_the_reply(
    page, live_server, organ, people, screenshot, tmp_path
):
    for user in (people.registrar, people.handler, people.reviewer, people.leader):
        user.set_password(STAFF_PASSWORD)
        user.save()
    proof = tmp_path / "身份证.pdf"
    proof.write_bytes(PDF)

    # Sign up and confirm the address.
    page.goto(f"{live_server.url}/")
    shots(page, screenshot, "landing")
    page.click("a:has-text('注册账户')")
    page.fill("#id_email", EMAIL)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    shots(page, screenshot, "signup")
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('请查收邮件')")
    link = re.search(r"http://\S+", mail.outbox[-1].body).group(0)
    page.goto(link.replace("http://testserver", live_server.url))
    page.wait_for_selector("h1:has-text('我的申请')")

    # Submit: one mistake first, shown next to its field; nothing typed is lost.
    page.click("a:has-text('提交新申请')")
    fill_application(page, proof, document_number="110105194912310021")
    page.wait_for_selector("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.input_value("#id_items-1-description") == "华亭镇2025年大气环境质量监测月报"
    assert "校验位不正确" in page.inner_text("#error-summary")
    shots(page, screenshot, "submit-error")
    page.click("header button[name=language][value=en]")
    fill_application(page, proof, document_number="110105194912310021")
    assert "check digit" in page.inner_text("#error-summary")
    shots(page, screenshot, "submit-error")
    page.click("header button[name=language][value=zh-hans]")
    page.wait_for_selector("h1:has-text('提交政府信息公开申请')")
    fill_application(page, proof, document_number="11010519491231002X")
    page.wait_for_selector("#tracking-number")
    request = DisclosureRequest.objects.get()
    assert page.inner_text("#tracking-number") == str(request.public_id)
    both_languages(page, screenshot, "submitted")

    # Staff register it from the queue.
    staff_login(page, live_server, people.registrar)
    page.click("#offered-title ~ table tbody tr:has-text('重点') td a, "
               "#offered-title ~ table tbody tr:has-text('华亭镇') td a")
    page.click("button:has-text('领取')")
    page.click("a.button:has-text('办理')")
    page.click("button[name=form][value=register]")
    page.wait_for_selector("text=已办理：确认接收并登记")
    request.refresh_from_db()

    # The applicant sees "registered" and downloads the receipt.
    applicant_login(page, live_server)
    page.click(f"a:has-text('{ITEM[:20]}')")
    page.wait_for_selector("#status-label")
    assert page.inner_text("#status-label") == "已登记"
    assert request.registration_number in page.content()
    with page.expect_download() as download:
        page.click("a:has-text('登记回执')")
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    both_languages(page, screenshot, "request-registered")

    # The registrar asks for a correction; the applicant answers it.
    do(request.process, "triage", people.registrar, decision=TriageDecision.CORRECTION,
       points="请写明所需环评报告书对应的建设项目名称和建设单位。")
    page.reload()
    assert page.inner_text("#status-label") == "待您补正"
    page.click("a:has-text('补正申请')")
    page.wait_for_selector("text=本机关告知需要补正的事项")
    page.fill("#id_description_1", CORRECTED)
    both_languages(page, screenshot, "correction")
    page.fill("#id_description_1", CORRECTED)
    page.click("main button[type=submit]")
    page.wait_for_selector("text=补正已提交")
    assert page.inner_text("#status-label") == "已登记"

    # The organ handles and replies; the applicant downloads the reply.
    process = request.process
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR, department=people.dept)
    do(process, "handle", people.handler, step=steps.submit_reply,
       decisions=[ItemDecision(1, Outcome.PROVIDED, "提供该项目环境影响报告书及批复的电子版。"),
                  ItemDecision(2, Outcome.NOT_HELD, "经检索，本机关未制作该月报。")])
    do(process, "review", people.reviewer, passed=True)
    do(process, "sign", people.leader, approved=True)
    do(process, "dispatch", people.registrar, delivery_method="electronic_delivery")
    page.reload()
    assert page.inner_text("#status-label") == "已答复"
    with page.expect_download() as download:
        page.click("a:has-text('政府信息公开申请答复书')")
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    both_languages(page, screenshot, "request-replied")
    page.click("nav a:has-text('我的申请')")
    both_languages(page, screenshot, "my-requests")


def test_a_registrar_enters_a_paper_application(page, live_server, organ, people, screenshot, tmp_path):
    people.registrar.set_password(STAFF_PASSWORD)
    people.registrar.save()
    scan = tmp_path / "申请表.pdf"
    scan.write_bytes(PDF)
    staff_login(page, live_server, people.registrar)
    page.click("header a:has-text('录入纸质申请')")
    page.check("input[name=channel][value=registered_post]")
    assert page.is_visible("#id_post_signed_on") and not page.is_visible("#id_confirmed_on")
    page.fill("#id_post_signed_on", page.input_value("#id_submitted_on"))
    page.fill("#id_name", "陈雅琴")
    page.fill("#id_document_number", "11010519491231002X")
    page.fill("#id_postal_address", "福建省莆田市城厢区霞林街道荔华东大道1号")
    page.fill("#id_items-0-description", "2025年木兰溪干流各断面水质月度监测数据")
    page.check("input[name=form_wanted][value=paper]")
    page.check("input[name=obtain_method][value=post]")
    page.set_input_files("#id_scan", str(scan))
    shots(page, screenshot, "intake")
    page.click("main button[type=submit]:has-text('录入申请')")
    page.wait_for_selector("#received-on")
    request = DisclosureRequest.objects.get()
    assert request.registration_number in page.inner_text("h1")
    assert page.inner_text("#received-on") == request.post_signed_on.isoformat()
    shots(page, screenshot, "intake-done")

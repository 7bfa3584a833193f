"""A partial disclosure in a real browser, from the record to the applicant's download: the
handler asks for suggestions, accepts them, draws a box with the mouse and makes the
redacted copy on the redaction screen; the secrecy reviewer sees both versions, the log and
the reply's preview; after dispatch the applicant downloads the redacted file, in which the
withheld words are gone. Screenshots: ``redaction-screen-*``, ``review-package-*``."""

from __future__ import annotations

import pymupdf
import pytest

from records.models import Record, Redaction, RedactionState
from records.services import record_attach
from requests.outcomes import Outcome
from requests.services.reply import ItemDecision
from tests.portal.conftest import PASSWORD, make_applicant
from tests.portal.kit import in_processing
from tests.records.cases import upload
from tests.records.documents import ID_ZHANG, letter_pdf
from tests.workflow.flowkit import do, open_task
from workflow import steps
from workflow.queues import task_claim

from .staff import log_in, with_password
from .test_portal_browser import DESKTOP, EMAIL, PHONE, applicant_login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "信访件办理情况报告"


def test_a_record_is_redacted_reviewed_and_downloaded(page, live_server, organ, people,
                                                      screenshot, axe):
    applicant = make_applicant(EMAIL)
    applicant.set_password(PASSWORD)
    applicant.save()
    request = in_processing(organ, people, applicant)
    handle = task_claim(task=open_task(request.process, "handle"), user=people.handler)
    record_attach(request=request, item=request.items.get(position=1), title=TITLE,
                  upload=upload(f"{TITLE}.pdf", letter_pdf()), acting_user=people.handler)
    record = Record.objects.get(title=TITLE)
    assert record.state == "ready"  # prepared by the worker on commit

    # The handler, on the redaction screen.
    with_password(people.handler, people.reviewer)
    log_in(page, live_server, people.handler)
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/workbench/tasks/{handle.pk}/")
    page.click("#records-1 a:has-text('区分处理')")
    page.wait_for_selector("h1:has-text('区分处理')")
    page.fill("textarea[name='suggest-names']", "张伟\n李娜")
    page.click("button:has-text('查找并建议')")
    page.wait_for_selector("text=条系统建议待确认")
    assert page.locator("svg.marks rect.mark.proposed").count() > 3
    page.click("button:has-text('全部采纳')")
    page.wait_for_selector("svg.marks rect.mark.accepted")

    # A box drawn with the mouse over the photo fills the box form (the whole page in view).
    page.set_viewport_size({"width": 1280, "height": 2000})
    page.evaluate("window.scrollTo(0, 0)")
    sheet = page.locator(".sheet img").bounding_box()
    page.mouse.move(sheet["x"] + sheet["width"] * 0.26, sheet["y"] + sheet["height"] * 0.73)
    page.mouse.down()
    page.mouse.move(sheet["x"] + sheet["width"] * 0.49, sheet["y"] + sheet["height"] * 0.81,
                    steps=5)
    page.mouse.up()
    assert float(page.input_value("input[name='box-x1']")) > float(
        page.input_value("input[name='box-x0']")) > 0
    page.select_option("select[name='box-ground']", "third_party")
    page.fill("input[name='box-note']", "现场照片中的人员面部")
    page.click("button:has-text('遮盖该区域')")
    page.wait_for_selector("text=已遮盖所画区域")
    page.click("button:has-text('生成区分处理后的文件')")
    page.wait_for_selector("text=已生成区分处理后的文件")
    axe()
    screenshot("redaction-screen-desktop")
    page.set_viewport_size(PHONE)
    screenshot("redaction-screen-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(DESKTOP)
    record.refresh_from_db()
    assert record.redacted and Redaction.objects.filter(
        record=record, note="现场照片中的人员面部", state=RedactionState.ACCEPTED).exists()

    # The reply drafted; the secrecy reviewer sees what they approve.
    do(request.process, "handle", people.handler, step=steps.submit_reply,
       decisions=[ItemDecision(1, Outcome.PARTIAL, "提供信访件办理情况报告，个人信息已遮盖。")])
    review = task_claim(task=open_task(request.process, "review"), user=people.reviewer)
    log_in(page, live_server, people.reviewer)
    page.goto(f"{live_server.url}/workbench/tasks/{review.pk}/")
    records = page.locator("#records")
    assert "原件" in records.inner_text() and "区分处理后" in records.inner_text()
    assert "现场照片中的人员面部" in records.locator("table.log").inner_text()
    assert records.locator(".versions img").count() == 2
    records.locator(".versions").scroll_into_view_if_needed()
    page.wait_for_function(  # the pictures load lazily, once in view
        "() => [...document.querySelectorAll('#records .versions img')]"
        ".every((img) => img.complete && img.naturalWidth > 0)"
    )
    preview = page.locator("a:has-text('查看答复书样稿')").get_attribute("href")
    answer = page.request.get(f"{live_server.url}{preview}")
    assert answer.headers["content-type"] == "application/pdf"
    axe()
    screenshot("review-package-desktop")
    page.set_viewport_size(PHONE)
    screenshot("review-package-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(DESKTOP)

    do(request.process, "review", people.reviewer, passed=True, comment="不涉及国家秘密")
    do(request.process, "sign", people.leader, approved=True, comment="同意签发")
    do(request.process, "dispatch", people.registrar, delivery_method="electronic_delivery")

    # The applicant downloads the redacted file: the withheld words are not in it.
    applicant_login(page, live_server)
    page.goto(f"{live_server.url}/portal/requests/{request.public_id}/")
    section = page.locator("section[aria-labelledby=released-title]")
    with page.expect_download() as started:
        section.locator(f"a:has-text('{TITLE}')").click()
    with pymupdf.open(started.value.path()) as document:
        text = "".join("".join(p.get_text().split()) for p in document)
    assert ID_ZHANG not in text and "张伟" not in text
    assert "荔城区某企业夜间排放废气" in text

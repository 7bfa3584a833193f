"""The handler adds records to the items of a request in the browser: the page shows each
with its state, pages and first pages (pictures that load), one still waiting for the
worker, one that failed with its reason; at a desk and on a phone, with screenshots, no
sideways scrolling and no serious accessibility fault."""

import os
import stat

import pytest
from django.test import override_settings

from records.models import Record, RecordState
from records.services import record_attach
from tests.e2e.staff import log_in, with_password
from tests.records.cases import being_handled, upload
from tests.records.intake_files import REPORT_TITLE, text_pdf
from tests.uploads import real_docx

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REPORT = text_pdf([[REPORT_TITLE, "各县（区）生态环境分局："], ["二、监测结果"], ["三、下一步工作"],
                   ["附表：监测数据"], ["附件：采样记录"]])
VIEWPORTS = {"desk": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def test_the_handler_adds_records_and_sees_their_pages(
    browser, live_server, organ, people, tmp_path, monkeypatch, axe_source, screenshot
):
    with_password(people.handler)
    case = being_handled(organ, people)
    # One record the worker has not reached yet (no worker runs for it).
    with override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}):
        record_attach(request=case.request, item=case.second, upload=upload("排污许可证.docx", real_docx()),
                      acting_user=people.handler, title="排污许可证（正本）")
    # One that LibreOffice cannot open.
    soffice = tmp_path / "soffice"
    soffice.write_text("#!/bin/sh\nexit 1\n")
    soffice.chmod(soffice.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    case.request.refresh_from_db()
    record_attach(request=case.request, item=case.second, upload=upload("执行报告.docx", real_docx()),
                  acting_user=people.handler, title="2025年排污许可证执行报告")
    monkeypatch.undo()

    context = browser.new_context(viewport=VIEWPORTS["desk"], locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    log_in(page, live_server, people.handler)
    page.goto(f"{live_server.url}/workbench/tasks/{case.task.pk}/")
    source = tmp_path / "水质监测情况通报.pdf"
    source.write_bytes(REPORT)
    upload_form = page.locator("#records-1 form.record-upload")
    upload_form.locator("input[type=file]").set_input_files(str(source))
    upload_form.locator("input[name='record-1-title']").fill("木兰溪水质监测情况通报")
    upload_form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "已添加文件「木兰溪水质监测情况通报」" in page.content()

    ready = Record.objects.get(title="木兰溪水质监测情况通报")
    assert ready.state == RecordState.READY and ready.page_count == 5
    first = page.locator("#records-1 li.record")
    assert "可用" in first.inner_text() and "5页" in first.inner_text()
    pictures = first.locator(".thumbs img")
    assert pictures.count() == 3
    page.wait_for_function(
        "() => [...document.querySelectorAll('#records-1 .thumbs img')]"
        ".every(img => img.complete && img.naturalWidth === 180)"
    )
    second = page.locator("#records-2").inner_text()
    assert "等待转换" in second and "转换失败" in second and "文档无法打开" in second
    assert "刷新本页" in page.content()
    page.evaluate(axe_source)
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    assert [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")] == []

    for name, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        page.reload()
        page.wait_for_function(
            "() => [...document.querySelectorAll('.thumbs img')].every(img => img.complete)")
        screenshot(f"records-handle-task-{name}", page)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (name, overflow)
    page.goto(f"{live_server.url}/workbench/tasks/{case.task.pk}/")
    context.close()

"""The whole path in a real browser: register, handle, review, sign, dispatch, download."""

import pytest
from django.db import transaction

from tests.factories import submit
from workflow.lifecycle import flow_start

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "pw-for-tests"


def as_user(page, live_server, user):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('我的工作台')")


def claim_and_open(page, registration_number_or_text):
    page.click(f"#offered-title ~ table tbody tr:has-text('{registration_number_or_text}') td a")
    page.click("button:has-text('领取')")
    page.click("a.button:has-text('办理')")


def test_a_request_from_registration_to_the_downloaded_reply(
    page, live_server, organ, people, screenshot
):
    for user in (people.registrar, people.handler, people.reviewer, people.leader):
        user.set_password(PASSWORD)
        user.save()
    request = submit(organ, items=["莆田市2026年第三季度重点排污单位自行监测数据"])
    with transaction.atomic():
        flow_start(request)

    as_user(page, live_server, people.registrar)
    claim_and_open(page, "重点排污单位")
    page.click("button[name=form][value=register]")
    page.wait_for_selector("text=已办理：确认接收并登记")
    request.refresh_from_db()
    number = request.registration_number

    claim_and_open(page, number)
    page.check("input[name='triage-decision'][value='clear']")
    page.select_option("select[name='triage-department']", label=people.dept.name)
    screenshot("task-triage")
    page.click("button[name=form][value=triage]")
    page.wait_for_selector("text=已办理：初审分办")

    as_user(page, live_server, people.handler)
    screenshot("workbench-handler")
    claim_and_open(page, number)
    page.select_option("select[name='reply-outcome_1']", value="provided")
    page.fill("textarea[name='reply-text_1']", "提供该季度自行监测数据汇总表电子版，随本答复书发送。")
    screenshot("task-handle")
    page.click("button[name=form][value=reply]")
    page.wait_for_selector("text=已办理：承办")

    as_user(page, live_server, people.reviewer)
    claim_and_open(page, number)
    page.check("input[name='review-passed'][value='yes']")
    page.click("button[name=form][value=review]")
    page.wait_for_selector("text=已办理：保密审查")

    as_user(page, live_server, people.leader)
    claim_and_open(page, number)
    page.check("input[name='sign-approved'][value='yes']")
    page.click("button[name=form][value=sign]")
    page.wait_for_selector("text=已办理：审签")

    as_user(page, live_server, people.registrar)
    claim_and_open(page, number)
    page.select_option("select[name='dispatch-delivery_method']", value="electronic_delivery")
    page.click("button[name=form][value=dispatch]")
    page.wait_for_selector("text=已办理：答复送达")

    page.goto(f"{live_server.url}/workbench/requests/{request.public_id}/")
    page.wait_for_selector("text=政府信息公开申请答复书")
    screenshot("request-page-replied")
    with page.expect_download() as download_info:
        page.click("a:has-text('政府信息公开申请答复书')")
    download = download_info.value
    path = download.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.suggested_filename.endswith("政府信息公开申请答复书.pdf")

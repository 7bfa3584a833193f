"""A registrar works the queue in a real browser."""

import pytest
from django.db import transaction

from tests.factories import submit
from workflow.lifecycle import flow_start

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests")
    page.click("main button[type=submit]")


def test_registrar_claims_an_application_from_the_queue(page, live_server, organ, people, screenshot):
    people.registrar.set_password("pw-for-tests")
    people.registrar.save()
    request = submit(organ, items=["2026年木兰溪干流各断面水质月度监测数据"])
    with transaction.atomic():
        flow_start(request)

    login(page, live_server, "registrar")
    page.wait_for_selector("text=可领取的任务")
    assert page.locator("#offered-title ~ table tbody tr").count() == 1
    screenshot("workbench-registrar")

    page.click("#offered-title ~ table tbody tr a")
    page.wait_for_selector("text=当前环节")
    page.click("button:has-text('领取')")
    page.wait_for_selector("text=任务已领取")
    assert page.locator("button:has-text('退回队列')").count() == 1
    screenshot("request-page-claimed")

    page.click("text=我的工作台")
    assert page.locator("#mine-title ~ table tbody tr").count() == 1
    assert page.locator("text=队列中没有可领取的任务").count() == 1

"""A registrar's first staff login in a real browser: password, setting up the
authenticator from the page's QR code and secret, the backup codes, then the workbench;
the next login asks for the code."""

import base64
import time

import pytest
from django.test import override_settings
from django_otp.oath import TOTP

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "Putian-Eco-Bureau-2026"


def code_from_secret(secret_text: str, *, later: int = 0) -> str:
    secret = secret_text.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = TOTP(key)
    counter.time = time.time() + later * 30
    return str(counter.token()).zfill(6)


@override_settings(OGI_STAFF_SECOND_FACTOR=True)
def test_a_registrar_sets_up_the_authenticator_and_logs_in_with_it(page, live_server, people, screenshot):
    people.registrar.first_name, people.registrar.last_name = "雅琴", "陈"
    people.registrar.set_password(PASSWORD)
    people.registrar.save()

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "registrar")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('设置身份验证器')")
    assert page.locator("figure svg.qr").count() == 1
    secret = page.locator("code.secret").inner_text()
    screenshot("second-factor-setup")

    page.fill("#id_code", code_from_secret(secret))
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('备用验证码')")
    assert page.locator("ol.backup-codes li").count() == 10
    screenshot("second-factor-backup-codes")
    page.click("text=已保存，继续")
    page.wait_for_selector("h1:has-text('我的工作台')")

    page.click("header button:has-text('退出')")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "registrar")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('输入验证码')")
    page.fill("#id_code", "000000")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=验证码不正确")
    screenshot("second-factor-code-step")
    time.sleep(1.1)  # a wrong code makes the next wait a second
    page.fill("#id_code", code_from_secret(secret, later=1))
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('我的工作台')")

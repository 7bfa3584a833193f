"""The staff login in a real browser, at a desk (1280 px) and on a phone (390 px), in both
languages: a wrong password is summed up above the form, the summary takes the focus, the
page does not scroll sideways and passes axe-core (screenshots for a person to look at)."""

import pytest

from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.staff import with_password

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
WIDTHS = {"desk": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
SAID = {"zh-hans": "用户名或密码不正确。", "en": "The user name or password is incorrect."}


def test_a_wrong_password_is_summed_up_and_the_summary_takes_the_focus(
    page, live_server, people, axe
):
    with_password(people.registrar)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for language, said in SAID.items():
        page.context.clear_cookies()
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        for width, viewport in WIDTHS.items():
            page.set_viewport_size(viewport)
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("#id_username", "registrar")
            page.fill("#id_password", "not-the-password")
            page.click("main button[type=submit]")
            page.wait_for_selector("#error-summary")
            assert page.evaluate("document.activeElement.id") == "error-summary"
            assert said in page.inner_text("#error-summary")
            assert page.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            ) <= 0
            page.screenshot(path=str(SCREENSHOTS / f"login-wrong-password-{language}-{width}.png"),
                            full_page=True)
            axe()

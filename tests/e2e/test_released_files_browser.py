"""The applicant downloads the released files of a replied request in a real browser: the
list at desktop and phone widths (``artifacts/screenshots/portal-released-*.png``), the
download itself, its record in the staff history, and the package staff print
(``staff-release-package-*.png``)."""

from __future__ import annotations

import hashlib

import pytest

from records.models import Disclosure, Download
from records.selectors import released_files_of
from tests.portal.conftest import PASSWORD, make_applicant
from tests.records.releasekit import replied_with_package

from .staff import log_in, with_password
from .test_portal_browser import DESKTOP, EMAIL, PHONE, applicant_login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PACKAGE = [
    ("2025年第四季度木兰溪水质自动监测站监测数据报告", 3, Disclosure.AS_IS),
    ("莆田市兴荔新材料科技有限公司排污许可证副本", 2, Disclosure.REDACTED),
    ("华亭镇某化工企业环评审批专家评审会会议纪要", 4, Disclosure.REDACTED),
    ("环审科关于该企业环评审批的内部请示", 1, Disclosure.WITHHELD),
]


def test_the_applicant_downloads_a_released_file(page, live_server, organ, people, screenshot,
                                                axe):
    applicant = make_applicant(EMAIL)
    applicant.set_password(PASSWORD)
    applicant.save()
    request = replied_with_package(organ, people, applicant, files=PACKAGE)
    permit = released_files_of(request)[1]

    applicant_login(page, live_server)
    page.goto(f"{live_server.url}/portal/requests/{request.public_id}/")
    section = page.locator("section[aria-labelledby=released-title]")
    section.wait_for()
    assert section.locator("li").count() == 3
    assert "内部请示" not in page.content()
    axe()
    page.set_viewport_size(DESKTOP)
    screenshot("portal-released-zh-desktop")
    page.set_viewport_size(PHONE)
    screenshot("portal-released-zh-phone")
    # On a phone the list stays inside the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(DESKTOP)

    with page.expect_download() as started:
        section.locator(f"a:has-text('{permit.name}')").click()
    download = started.value
    assert download.suggested_filename == f"{permit.name}.pdf"
    data = open(download.path(), "rb").read()
    assert hashlib.sha256(data).hexdigest() == permit.sha256
    assert Download.objects.filter(released_file=permit, user=applicant).count() == 1

    # Staff see the download in the history and the package to print, in order.
    with_password(people.registrar)
    log_in(page, live_server, people.registrar)
    page.goto(f"{live_server.url}/workbench/requests/{request.public_id}/")
    history = page.locator("section[aria-labelledby=history-title]")
    assert "下载公开的文件" in history.inner_text()
    screenshot("staff-request-released-desktop")
    page.click("a:has-text('打印或拷贝')")
    page.wait_for_selector("h2:has-text('按顺序打印或拷贝')")
    axe()
    screenshot("staff-release-package-desktop")
    page.set_viewport_size(PHONE)
    screenshot("staff-release-package-phone")

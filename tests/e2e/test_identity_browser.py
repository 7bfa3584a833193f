"""The identity number in a browser: masked on the request page, in full after
「显示完整号码」, for the registrar."""

import pytest

from requests.choices import Status
from requests.models import AuditEvent
from requests.models.audit import Act
from tests.requests import machine as m

from .test_portal_browser import STAFF_PASSWORD, staff_login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_registrar_reveals_the_full_number_once(page, live_server, organ, people, screenshot):
    request = m.build(Status.PROCESSING, organ, people)
    people.registrar.set_password(STAFF_PASSWORD)
    people.registrar.save()
    staff_login(page, live_server, people.registrar)
    page.goto(f"{live_server.url}/workbench/requests/{request.public_id}/")
    assert page.inner_text("#document-number") == "**************002X"
    screenshot("identity-masked")
    page.click("button:has-text('显示完整号码')")
    page.wait_for_selector("#full-document-number")
    assert page.inner_text("#full-document-number") == "11010519491231002X"
    screenshot("identity-revealed")
    assert AuditEvent.objects.filter(request=request, act=Act.VIEW_IDENTITY).count() == 1
    page.click("a:has-text('返回申请页面')")
    page.wait_for_selector("#document-number")
    assert "11010519491231002X" not in page.content()

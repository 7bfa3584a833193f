"""The staff pages at a desk (1280×800) and on a phone (390 px), in both languages: nothing
makes the page scroll sideways, and each is saved as a screenshot for a person to look at."""

import pytest

from tests.e2e.staff import log_in, with_password
from tests.workflow.flowkit import do, open_task, start
from workflow.queues import task_claim

VIEWPORTS = {"desk": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sideways_overflow(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_queue_task_pages_and_request_page_fit_the_screen(
    browser, live_server, organ, people, language, viewport
):
    with_password(people.registrar, people.handler)
    routed, process = start(organ, items=["2026年木兰溪干流各断面水质月度监测数据", "排污口名录及其审批文件"])
    do(process, "register", people.registrar)
    do(process, "triage", people.registrar, decision="clear", department=people.dept)
    handle = task_claim(task=open_task(process, "handle"), user=people.handler)
    _registered, process = start(organ, items=["城区黑臭水体整治项目的验收报告"])
    do(process, "register", people.registrar)
    triage = task_claim(task=open_task(process, "triage"), user=people.registrar)
    start(organ, items=["2025年度环境信访件的办理情况统计"])

    context = browser.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    from tests.e2e.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = [
        (people.registrar, "queue-registrar", "/workbench/"),
        (people.registrar, "task-triage", f"/workbench/tasks/{triage.pk}/"),
        (people.handler, "queue-handler", "/workbench/"),
        (people.handler, "task-handle", f"/workbench/tasks/{handle.pk}/"),
        (people.handler, "request-page", f"/workbench/requests/{routed.public_id}/"),
        (people.handler, "request-list", "/workbench/requests/"),
    ]
    overflow = {}
    current = None
    for user, name, path in pages:
        if user != current:
            log_in(page, live_server, user, language)
            current = user
        page.goto(live_server.url + path)
        page.wait_for_load_state()
        page.screenshot(path=str(SCREENSHOTS / f"look-{name}-{language}-{viewport}.png"), full_page=True)
        if sideways_overflow(page) > 0:
            overflow[name] = sideways_overflow(page)
    context.close()
    assert overflow == {}

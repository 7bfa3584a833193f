"""axe-core on the staff pages clerks and supervisors use most, in both languages: the
queue, a task page, the request page and the supervision dashboard have no serious or
critical violation (WCAG 2.1 A/AA and axe's best practices)."""

import datetime
import random

import pytest

from tests.e2e.staff import log_in, with_password
from tests.reports.builders import bulk_requests, random_facts, settle_clocks
from tests.workflow.flowkit import do, open_task, start
from workflow.queues import task_claim

D = datetime.date.fromisoformat
LANGUAGES = ["zh-hans", "en"]
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def handled(organ, people):
    """A request registered and routed, its 承办 task held by the handler."""
    with_password(people.handler, people.supervisor)
    request, process = start(organ, items=["2026年木兰溪干流各断面水质月度监测数据", "排污口名录"])
    do(process, "register", people.registrar)
    do(process, "triage", people.registrar, decision="clear", department=people.dept)
    task = task_claim(task=open_task(process, "handle"), user=people.handler)
    request.refresh_from_db()
    return request, task


@pytest.mark.parametrize("language", LANGUAGES)
def test_queue_task_and_request_pages_pass_axe(page, live_server, people, handled, axe, language):
    request, task = handled
    log_in(page, live_server, people.handler, language)
    page.goto(f"{live_server.url}/workbench/")
    page.wait_for_selector("#mine-title")
    axe()
    page.goto(f"{live_server.url}/workbench/tasks/{task.pk}/")
    page.wait_for_selector("button[name=form][value=reply]")
    axe()
    page.goto(f"{live_server.url}/workbench/requests/{request.public_id}/")
    page.wait_for_selector("h1")
    axe()


@pytest.mark.parametrize("language", LANGUAGES)
def test_supervision_dashboard_passes_axe(page, live_server, organ, people, axe, language):
    bulk_requests(organ, random_facts(random.Random(5), 80, first=D("2025-01-01"), last=D("2025-12-31")))
    settle_clocks(organ, today=D("2026-01-15"))
    with_password(people.supervisor)
    log_in(page, live_server, people.supervisor, language)
    page.goto(f"{live_server.url}/supervision/?period=year&year=2025")
    assert page.locator("svg.chart").count() >= 3
    axe()

"""A registrar's triage form in a real browser: only the chosen decision's fields show, and
a refused submit brings the focus to the list of what to correct."""

import pytest

from tests.workflow.flowkit import do, open_task, start
from workflow.queues import task_claim

PASSWORD = "pw-for-tests"
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_triage_shows_the_chosen_decisions_fields_and_focuses_the_errors(
    page, live_server, organ, people, screenshot, axe
):
    people.registrar.set_password(PASSWORD)
    people.registrar.save()
    request, process = start(organ, items=["城区黑臭水体整治项目的验收报告"])
    do(process, "register", people.registrar)
    task = task_claim(task=open_task(process, "triage"), user=people.registrar)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "registrar")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/workbench/tasks/{task.pk}/")

    department, points = page.locator("#id_triage-department"), page.locator("#id_triage-points")
    assert not department.is_visible() and not points.is_visible()
    page.check("input[name='triage-decision'][value='clear']")
    assert department.is_visible() and not points.is_visible()
    page.check("input[name='triage-decision'][value='correction']")
    assert points.is_visible() and not department.is_visible()
    page.check("input[name='triage-decision'][value='bulk']")
    assert not department.is_visible() and not points.is_visible()

    page.check("input[name='triage-decision'][value='correction']")
    page.click("button[name=form][value=triage]")
    page.wait_for_selector("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert "请逐项写明需要补正的事项" in page.inner_text("#error-summary")
    assert points.is_visible() and not department.is_visible()  # the chosen decision is kept
    screenshot("task-triage-error-summary")
    axe()
    page.click("#error-summary a")
    assert page.evaluate("document.activeElement.id") == "id_triage-points"
    points.fill("请写明验收报告对应的整治项目名称或所在河段。")
    page.click("button[name=form][value=triage]")
    page.wait_for_selector("text=已办理：初审分办")
    request.refresh_from_db()
    assert request.correction_points == "请写明验收报告对应的整治项目名称或所在河段。"

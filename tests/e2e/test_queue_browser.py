"""The queue in a real browser: claim and open, next task, the heads' list and a bulk
reassignment, at desk and phone widths."""

import pytest

from requests.choices import Role
from tests.e2e.staff import log_in, with_password
from tests.factories import staff
from tests.workflow.flowkit import open_task
from tests.workflow.queuekit import in_handling, received_for_late, registered
from workflow.queues import task_claim

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_registrar_takes_the_most_urgent_task_in_one_click(
    page, live_server, organ, people, screenshot
):
    with_password(people.registrar)
    _r, late = registered(organ, people, received_for_late(6), "2025年辐射环境质量年报")
    registered(organ, people, received_for_late(2), "木兰溪干流各断面水质月度监测数据")
    in_handling(organ, people, received_for_late(1), "华亭镇排污许可证及执行报告")
    log_in(page, live_server, people.registrar)
    page.wait_for_selector("text=可领取的任务")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.locator("text=排序：紧急程度").count() == 1
    first = page.locator("#offered-title ~ table tbody tr").first
    assert "超期6个工作日" in first.inner_text()
    screenshot("queue-registrar-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("queue-registrar-390")
    page.set_viewport_size({"width": 1280, "height": 800})
    first.locator("button:has-text('领取并办理')").click()
    page.wait_for_selector("text=提交初审结论")
    assert page.url.endswith(f"/tasks/{open_task(late, 'triage').pk}/")
    screenshot("task-after-claim-and-open")
    page.click("text=我的工作台")
    page.click("button:has-text('下一项任务')")
    page.wait_for_selector("text=提交初审结论")
    assert page.url.endswith(f"/tasks/{open_task(late, 'triage').pk}/")  # held first


def test_a_department_head_reassigns_two_tasks_at_once(
    page, live_server, organ, people, screenshot
):
    head = staff(organ, Role.DEPARTMENT_HEAD, "dept_head", people.dept)
    with_password(head)
    day = received_for_late(1)
    tasks = []
    for item in ("华亭镇排污许可证", "木兰溪断面数据", "城厢区噪声监测"):
        _r, process = in_handling(organ, people, day, item)
        tasks.append(open_task(process, "handle"))
    task_claim(task=tasks[2], user=people.handler)
    log_in(page, live_server, head)
    page.click("text=科室任务")
    page.wait_for_selector("text=未办结的任务")
    page.set_viewport_size({"width": 1280, "height": 800})
    screenshot("team-head-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot("team-head-390")
    page.set_viewport_size({"width": 1280, "height": 800})
    for task in tasks[:2]:
        page.check(f"#pick-{task.pk}")
    page.select_option("#to-user", str(people.handler2.pk))
    page.click("button:has-text('改派所选任务')")
    page.wait_for_selector("text=已改派2项任务。")
    screenshot("team-head-after-reassign")
    for task in tasks[:2]:
        task.refresh_from_db()
        assert task.owner == people.handler2


def test_a_registrar_takes_a_new_request_from_registration_through_triage(
    page, live_server, organ, people, screenshot
):
    """Claim and open the registration, register; the queue's next task claims and opens
    the triage of the same request (the most urgent there is); triage routes it."""
    from django.utils import timezone

    from tests.workflow.flowkit import start

    with_password(people.registrar)
    request, process = start(organ, on=timezone.localdate(), items=["2026年城区声环境质量监测数据"])
    log_in(page, live_server, people.registrar)
    page.wait_for_selector("text=可领取的任务")
    row = page.locator("#offered-title ~ table tbody tr", has_text="2026年城区声环境质量监测数据")
    row.locator("button:has-text('领取并办理')").click()
    page.click("button:has-text('确认接收并登记，发出登记回执')")
    page.wait_for_selector("text=已办理：确认接收并登记")
    page.click("button:has-text('下一项任务')")
    page.wait_for_selector("text=提交初审结论")
    assert page.url.endswith(f"/tasks/{open_task(process, 'triage').pk}/")
    page.check("input[name='triage-decision'][value='clear']")
    page.select_option("select[name='triage-department']", str(people.dept.pk))
    screenshot("task-triage-clear")
    page.click("button[name='form'][value='triage']")
    page.wait_for_selector("text=已办理：初审分办")
    handle = open_task(process, "handle")
    assert handle.owner is None  # offered to the department's handlers
    request.refresh_from_db()
    assert request.department == people.dept

"""Claim and open in one click; next task; where a clerk goes once a step is done."""

from django.contrib.messages import get_messages
from django.urls import reverse
from viewflow.workflow.status import STATUS

from workflow.queues import task_claim

from .flowkit import open_task
from .queuekit import WORKBENCH, received_for_late, registered

NEXT = reverse("workflow:next_task")


def take(task):
    return reverse("workflow:task_take", args=[task.pk])


def page_of(task):
    return reverse("workflow:task", args=[task.pk])


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_claim_and_open_takes_the_task_and_shows_its_page(client, organ, people):
    _request, process = registered(organ, people, received_for_late(2), "城厢区饮用水源地名录")
    task = open_task(process, "triage")
    client.force_login(people.registrar)
    assert take(task) in client.get(WORKBENCH).content.decode()
    response = client.post(take(task))
    assert response.status_code == 302 and response.url == page_of(task)
    task.refresh_from_db()
    assert task.owner == people.registrar and task.status == STATUS.ASSIGNED
    assert "初审分办" in client.get(response.url).content.decode()


def test_claim_and_open_when_someone_else_got_it_first(client, organ, people):
    from requests.choices import Role
    from tests.factories import staff

    colleague = staff(organ, Role.REGISTRAR, "registrar2", people.office)
    _request, process = registered(organ, people, received_for_late(2), "城厢区饮用水源地名录")
    task = open_task(process, "triage")
    client.force_login(people.registrar)
    client.get(WORKBENCH)  # the row is on the screen ...
    task_claim(task=task, user=colleague)  # ... when a colleague takes it
    response = client.post(take(task), follow=True)
    assert response.redirect_chain[-1][0] == WORKBENCH
    assert "该任务已被他人领取，请选择其他任务。" in said(response)
    task.refresh_from_db()
    assert task.owner == colleague


def test_claim_and_open_refuses_a_task_of_another_role(client, organ, people):
    _request, process = registered(organ, people, received_for_late(2), "城厢区饮用水源地名录")
    task = open_task(process, "triage")
    client.force_login(people.handler)
    response = client.post(take(task), follow=True)
    assert "您没有办理此任务的岗位。" in said(response)
    task.refresh_from_db()
    assert task.owner is None


def test_next_task_opens_what_i_hold_first_then_claims_the_most_urgent(client, organ, people):
    _r, soon_process = registered(organ, people, received_for_late(2), "2026年第一季度空气质量")
    _r, late_process = registered(organ, people, received_for_late(6), "2025年辐射环境年报")
    soon, late = open_task(soon_process, "triage"), open_task(late_process, "triage")
    task_claim(task=soon, user=people.registrar)
    client.force_login(people.registrar)
    assert client.post(NEXT).url == page_of(soon)  # what I hold comes first
    client.post(reverse("workflow:task_release", args=[soon.pk]))
    response = client.post(NEXT)
    assert response.url == page_of(late)  # the most overdue, claimed
    late.refresh_from_db()
    assert late.owner == people.registrar


def test_next_task_with_nothing_to_do_goes_back_to_the_queue(client, organ, people):
    client.force_login(people.handler)
    response = client.post(NEXT, follow=True)
    assert response.redirect_chain[-1][0] == WORKBENCH
    assert "暂无可办理的任务。" in said(response)


def test_a_done_step_leads_to_the_next_task_held_or_to_the_queue(client, organ, people):
    _r, first = registered(organ, people, received_for_late(3), "城厢区噪声监测点位")
    _r, second = registered(organ, people, received_for_late(1), "荔城区餐饮油烟投诉处理")
    one, two = open_task(first, "triage"), open_task(second, "triage")
    client.force_login(people.registrar)
    client.post(take(one))
    client.post(take(two))
    triage = {"form": "triage", "triage-decision": "clear",
              "triage-department": people.dept.pk}
    response = client.post(page_of(one), triage)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url == page_of(two)
    response = client.post(page_of(two), triage, follow=True)
    assert response.redirect_chain[-1][0] == WORKBENCH
    assert "已办理：初审分办" in said(response)
    # Nothing held: the queue offers the next one with one button.
    assert f'action="{NEXT}"' in response.content.decode()

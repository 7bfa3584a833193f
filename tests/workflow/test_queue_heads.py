"""Heads see the open tasks they oversee, who holds each and since when, and reassign several
at once (all or none, each checked as alone); registrars archive several replies at once."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from viewflow.workflow.status import STATUS

from requests.choices import Role, Status
from requests.outcomes import Outcome
from requests.services.reply import ItemDecision
from tests.factories import at, staff
from workflow import steps
from workflow.bulk import archive_requests
from workflow.errors import TaskError
from workflow.queues import task_claim

from .flowkit import do, open_task
from .queuekit import in_handling, received_for_late, replied

TEAM = reverse("workflow:team")
ARCHIVE = reverse("workflow:archive_batch")


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def team_rows(response):
    return response.context["team"]["list"].rows


def test_a_department_head_sees_the_departments_open_tasks_and_the_office_head_all(
    client, organ, people
):
    head = staff(organ, Role.DEPARTMENT_HEAD, "dept_head", people.dept)
    day = received_for_late(1)
    _r, ours = in_handling(organ, people, day, "污防科：华亭镇排污许可")
    _r, held = in_handling(organ, people, day, "污防科：木兰溪断面数据")
    _r, theirs = in_handling(organ, people, day, "环审科：建设项目批复", people.other_dept)
    task_claim(task=open_task(held, "handle"), user=people.handler, at=at("2026-12-01"))
    client.force_login(head)
    response = client.get(TEAM)
    shown = {row.task.pk for row in team_rows(response)}
    assert shown == {open_task(ours, "handle").pk, open_task(held, "handle").pk}
    page = response.content.decode()
    assert "待领取" in page and "已领取" in page and "共2条" in page
    client.force_login(people.ogi_head)
    assert open_task(theirs, "handle").pk in {r.task.pk for r in team_rows(client.get(TEAM))}
    client.force_login(people.handler)
    assert client.get(TEAM).status_code == 302


def test_a_head_reassigns_two_tasks_at_once(client, organ, people):
    head = staff(organ, Role.DEPARTMENT_HEAD, "dept_head", people.dept)
    day = received_for_late(1)
    tasks = []
    for item in ("华亭镇排污许可", "木兰溪断面数据"):
        _r, process = in_handling(organ, people, day, item)
        tasks.append(open_task(process, "handle"))
    task_claim(task=tasks[0], user=people.handler)
    client.force_login(head)
    response = client.post(TEAM, {"task": [t.pk for t in tasks], "to_user": people.handler2.pk},
                           follow=True)
    assert "已改派2项任务。" in said(response)
    for task in tasks:
        task.refresh_from_db()
        assert task.owner == people.handler2 and task.status == STATUS.ASSIGNED


def test_four_eyes_refuses_the_drafter_and_then_nothing_is_reassigned(client, organ, people):
    # handler2 drafted the reply; they are also a secrecy reviewer and must never review it.
    staff(organ, Role.SECRECY_REVIEWER, "handler2", people.office)
    day = received_for_late(1)
    _r, other = in_handling(organ, people, day, "木兰溪断面数据")
    other_review_free = open_task(other, "handle")  # reassigned first, then undone
    request, drafted = in_handling(organ, people, day, "华亭镇排污许可")
    do(drafted, "handle", people.handler2, step=steps.submit_reply,
       decisions=[ItemDecision(1, Outcome.PROVIDED, "提供许可证副本")])
    review = open_task(drafted, "review")
    assert other_review_free.pk < review.pk
    client.force_login(people.ogi_head)
    response = client.post(
        TEAM, {"task": [other_review_free.pk, review.pk], "to_user": people.handler2.pk},
        follow=True,
    )
    [message] = said(response)
    assert "被改派人没有办理此任务的岗位。" in message and "所选任务均未办理" in message
    assert request.registration_number in message
    for task in (review, other_review_free):
        task.refresh_from_db()
        assert task.owner is None and task.status == STATUS.NEW


def test_a_head_cannot_reassign_a_task_outside_their_department(client, organ, people):
    head = staff(organ, Role.DEPARTMENT_HEAD, "dept_head", people.dept)
    _r, theirs = in_handling(organ, people, received_for_late(1), "建设项目批复", people.other_dept)
    task = open_task(theirs, "handle")
    client.force_login(head)
    response = client.post(TEAM, {"task": [task.pk], "to_user": people.handler.pk}, follow=True)
    assert "所选任务不存在或已不在列表中。" in said(response)
    task.refresh_from_db()
    assert task.owner is None


def test_a_registrar_archives_several_replied_requests_at_once(client, organ, people):
    answered = [
        replied(organ, people, day, item)
        for day, item in (("2026-03-02", "木兰溪水质月报"), ("2026-03-03", "声环境质量公报"),
                          ("2026-03-04", "辐射环境年报"))
    ]
    client.force_login(people.registrar)
    page = client.get(ARCHIVE)
    assert page.context["batch"]["list"].count == 3
    chosen = [answered[0][2].pk, answered[1][2].pk]
    response = client.post(ARCHIVE, {"task": chosen}, follow=True)
    assert "已归档2件申请。" in said(response)
    statuses = []
    for request, _process, _task in answered:
        request.refresh_from_db()
        statuses.append(request.status)
    assert statuses == [Status.ARCHIVED, Status.ARCHIVED, Status.REPLIED]


def test_bulk_archive_is_all_or_nothing(client, organ, people):
    from tests.factories import staff as make_staff

    colleague = make_staff(organ, Role.REGISTRAR, "registrar2", people.office)
    first = replied(organ, people, "2026-03-02", "木兰溪水质月报")
    second = replied(organ, people, "2026-03-03", "声环境质量公报")
    client.force_login(people.registrar)
    client.get(ARCHIVE)
    task_claim(task=second[2], user=colleague)  # taken while the page was open
    response = client.post(ARCHIVE, {"task": [first[2].pk, second[2].pk]}, follow=True)
    [message] = said(response)
    assert "所选任务" in message
    for request, _process, _task in (first, second):
        request.refresh_from_db()
        assert request.status == Status.REPLIED
    # Through the service itself: the first is archived, the second refused, both undone.
    with pytest.raises(TaskError, match="所选任务均未办理"):
        archive_requests(task_ids=[first[2].pk, second[2].pk], user=people.registrar)
    for request, _process, task in (first, second):
        request.refresh_from_db()
        task.refresh_from_db()
        assert request.status == Status.REPLIED
    assert first[2].owner is None and first[2].status == STATUS.NEW

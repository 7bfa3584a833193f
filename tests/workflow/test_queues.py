"""Work queues: offered by role and department, claimed by one, released, reassigned."""

import datetime
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from requests.choices import Role
from requests.services import request_register, request_triage
from tests.factories import DepartmentFactory, OrganFactory, at, staff, submit
from workflow import steps
from workflow.errors import TaskError
from workflow.flows import DisclosureFlow
from workflow.lifecycle import end_flow, flow_start, task_complete
from workflow.models import TaskAction, TaskLog, TaskTiming, TriageDecision
from workflow.queues import (
    task_claim,
    task_reassign,
    task_release,
    tasks_of,
    tasks_offered_to,
)


def start(organ, **kwargs):
    request = submit(organ, **kwargs)
    with transaction.atomic():
        process = flow_start(request)
    return request, process


def only_task(process, name):
    return Task.objects.get(process=process, flow_task=getattr(DisclosureFlow, name))


def test_a_new_application_is_offered_to_every_registrar_and_nobody_else(organ, people):
    second_registrar = staff(organ, Role.REGISTRAR, "registrar2", people.office)
    _request, process = start(organ)
    task = only_task(process, "register")
    assert task.status == STATUS.NEW
    assert list(tasks_offered_to(people.registrar)) == [task]
    assert list(tasks_offered_to(second_registrar)) == [task]
    for other in (people.handler, people.reviewer, people.leader, people.supervisor):
        assert not tasks_offered_to(other).exists()


def test_claiming_records_the_time_and_takes_the_task_off_the_queue(organ, people):
    second_registrar = staff(organ, Role.REGISTRAR, "registrar2", people.office)
    _request, process = start(organ)
    task = task_claim(
        task=only_task(process, "register"), user=people.registrar, at=at("2026-03-03", 9)
    )
    assert task.status == STATUS.ASSIGNED
    assert task.owner == people.registrar
    assert task.assigned == at("2026-03-03", 9)
    assert list(tasks_of(people.registrar)) == [task]
    assert not tasks_offered_to(second_registrar).exists()
    with pytest.raises(TaskError, match="已被他人领取"):
        task_claim(task=task, user=second_registrar)
    assert TaskLog.objects.filter(task=task, action=TaskAction.CLAIMED).count() == 1


def test_a_released_task_goes_back_to_the_queue(organ, people):
    _request, process = start(organ)
    task = task_claim(task=only_task(process, "register"), user=people.registrar)
    with pytest.raises(TaskError):
        task_release(task=task, user=people.handler)
    task = task_release(task=task, user=people.registrar)
    assert task.status == STATUS.NEW and task.owner is None and task.assigned is None
    assert list(tasks_offered_to(people.registrar)) == [task]


def test_someone_without_the_role_cannot_claim(organ, people):
    _request, process = start(organ)
    with pytest.raises(TaskError, match="没有办理此任务的岗位"):
        task_claim(task=only_task(process, "register"), user=people.handler)


def test_completing_a_step_offers_the_next_one_and_handling_goes_to_the_department(
    organ, people
):
    request, process = start(organ)
    register = task_claim(task=only_task(process, "register"), user=people.registrar)
    with transaction.atomic():
        request_register(request=request, acting_user=people.registrar, at=at("2026-03-03"))
        task_complete(task=register, user=people.registrar)
    triage = task_claim(task=only_task(process, "triage"), user=people.registrar)
    with transaction.atomic():
        request_triage(
            request=request, acting_user=people.registrar, department=people.dept,
            at=at("2026-03-04"),
        )
        process.triage_decision = TriageDecision.CLEAR
        process.save(update_fields=["triage_decision"])
        task_complete(task=triage, user=people.registrar)
    handle = only_task(process, "handle")
    # Offered to the handlers of 污防科 only, not to 环审科's.
    assert list(tasks_offered_to(people.handler)) == [handle]
    assert list(tasks_offered_to(people.handler2)) == [handle]
    assert not tasks_offered_to(people.other_handler).exists()
    with pytest.raises(TaskError):
        task_claim(task=handle, user=people.other_handler)


def test_a_department_head_reassigns_within_the_department(organ, people):
    request, process = start(organ)
    request_register(request=request, acting_user=people.registrar, at=at("2026-03-03"))
    request_triage(request=request, acting_user=people.registrar, department=people.dept,
                   at=at("2026-03-04"))
    process.triage_decision = TriageDecision.CLEAR
    process.save()
    for name in ("register", "triage"):
        task = task_claim(task=only_task(process, name), user=people.registrar)
        with transaction.atomic():
            task_complete(task=task, user=people.registrar)
    head = staff(organ, Role.DEPARTMENT_HEAD, "head", people.dept)
    handle = task_claim(task=only_task(process, "handle"), user=people.handler)
    with pytest.raises(TaskError, match="科室负责人"):
        task_reassign(task=handle, head=people.handler2, to_user=people.handler2)
    with pytest.raises(TaskError, match="被改派人"):
        task_reassign(task=handle, head=head, to_user=people.other_handler)
    handle = task_reassign(task=handle, head=head, to_user=people.handler2)
    assert handle.owner == people.handler2
    assert list(tasks_of(people.handler2)) == [handle]
    assert not tasks_of(people.handler).exists()
    assert TaskLog.objects.filter(task=handle, action=TaskAction.REASSIGNED).get().actor == head


def test_queue_queries_do_not_grow_with_the_number_of_tasks(
    organ, people, django_assert_max_num_queries
):
    for _ in range(12):
        start(organ)
    with django_assert_max_num_queries(2):
        tasks = list(tasks_offered_to(people.registrar))
    assert len(tasks) == 12


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_people_claiming_at_once_exactly_one_wins(organ, people):
    second_registrar = staff(organ, Role.REGISTRAR, "registrar2", people.office)
    _request, process = start(organ)
    task = only_task(process, "register")
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def claim(user):
        try:
            barrier.wait()
            task_claim(task=Task.objects.get(pk=task.pk), user=user)
            results[user.username] = "won"
        except TaskError:
            results[user.username] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(u,)) for u in (people.registrar, second_registrar)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == ["refused", "won"]
    task.refresh_from_db()
    assert task.owner.username == next(name for name, r in results.items() if r == "won")
    assert TaskLog.objects.filter(task=task, action=TaskAction.CLAIMED).count() == 1


def test_finishing_a_step_keeps_how_long_it_waited_and_was_worked_on(organ, people):
    request, process = start(organ)
    now = timezone.now()
    register = only_task(process, "register")
    Task.objects.filter(pk=register.pk).update(created=now - datetime.timedelta(hours=5))
    register = task_claim(
        task=Task.objects.get(pk=register.pk), user=people.registrar, at=now - datetime.timedelta(hours=3)
    )
    steps.register(task=register, user=people.registrar)
    timing = TaskTiming.objects.get(task=register)
    assert (timing.organ, timing.request, timing.step) == (organ, request, "register")
    assert timing.offered_at == now - datetime.timedelta(hours=5)
    assert timing.waited_minutes == 120
    assert 180 <= timing.worked_minutes <= 181
    # A task cancelled when the flow ends outside it (withdrawal) took no stage time.
    triage = only_task(process, "triage")
    end_flow(request)
    assert not TaskTiming.objects.filter(task=triage).exists()
    assert TaskTiming.objects.count() == 1


def _sensitive_case_inviting_publicity(organ, people):
    request, process = start(organ)
    steps.register(task=task_claim(task=only_task(process, "register"), user=people.registrar),
                   user=people.registrar)
    triage = task_claim(task=only_task(process, "triage"), user=people.registrar)
    steps.triage(task=triage, user=people.registrar, decision=TriageDecision.CLEAR,
                 department=people.dept)
    handle = task_claim(task=only_task(process, "handle"), user=people.handler)
    steps.flag_sensitive(task=handle, user=people.handler, reason="社会关注度高",
                         invited=["publicity"])
    return only_task(process, "opinion_publicity")


def test_the_publicity_opinion_goes_to_the_publicity_department_heads(organ, people):
    publicity = DepartmentFactory(organ=organ, name="宣教中心", is_publicity=True)
    its_head = staff(organ, Role.DEPARTMENT_HEAD, "publicity_head", publicity)
    other_head = staff(organ, Role.DEPARTMENT_HEAD, "other_head", people.other_dept)
    task = _sensitive_case_inviting_publicity(organ, people)
    assert list(tasks_offered_to(its_head)) == [task]
    assert not tasks_offered_to(other_head).exists()
    with pytest.raises(TaskError, match="没有办理此任务的岗位"):
        task_claim(task=task, user=other_head)
    assert task_claim(task=task, user=its_head).owner == its_head


def test_without_a_publicity_department_any_department_head_may_give_it(organ, people):
    head = staff(organ, Role.DEPARTMENT_HEAD, "head", people.other_dept)
    task = _sensitive_case_inviting_publicity(organ, people)
    assert list(tasks_offered_to(head)) == [task]
    # Another organ's publicity department changes nothing here.
    other = OrganFactory(name="另一机关", short_name="另一机关", code="LYJG", letter_number_prefix="另")
    DepartmentFactory(organ=other, name="宣传科", is_publicity=True)
    assert list(tasks_offered_to(head)) == [task]

"""Work queues: tasks offered to a role, claimed by one person, released or reassigned.

viewflow 2.4 does not record when a task was claimed; ``task_claim`` fills
``Task.assigned`` and every queue action writes a ``TaskLog`` row, so the time a task
waited in a queue and the time it was worked on can both be measured.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Exists, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from requests.choices import Role
from requests.models import Department, DisclosureRequest, StaffMembership

from .errors import TaskError
from .flows import OFFERS, DisclosureFlow
from .models import RequestProcess, TaskAction, TaskLog, TaskTiming
from .roles import Offer

REQUEST_PATH = "process__requestprocess__request"


def _node(name: str):
    return getattr(DisclosureFlow, name)


def offer_of(task: Task) -> Offer:
    return OFFERS[task.flow_task.name]


def _no_publicity_department(organ_id: int) -> Q:
    return ~Q(Exists(Department.objects.filter(organ_id=organ_id, is_publicity=True)))


def _offered_filter(memberships: list[tuple[int, str, int | None, bool]]) -> Q:
    """Tasks any of these (organ, role, department, department is publicity) memberships
    may take."""
    condition = Q(pk__in=[])
    for organ_id, role, department_id, in_publicity in memberships:
        for name, offer in OFFERS.items():
            in_organ = Q(flow_task=_node(name), **{f"{REQUEST_PATH}__organ_id": organ_id})
            if offer.role == role:
                branch = in_organ
                if offer.department == "request":
                    branch &= Q(**{f"{REQUEST_PATH}__department_id": department_id})
                elif offer.department == "publicity" and not in_publicity:
                    branch &= _no_publicity_department(organ_id)
                condition |= branch
            elif offer.office_registrars and role == Role.REGISTRAR:
                condition |= in_organ & Q(**{f"{REQUEST_PATH}__department__is_ogi_office": True})
    return condition


def _memberships(user: AbstractBaseUser) -> list[tuple[int, str, int | None, bool]]:
    return [
        (organ_id, role, department_id, bool(in_publicity))
        for organ_id, role, department_id, in_publicity in StaffMembership.objects.filter(
            user=user
        ).values_list("organ_id", "role", "department_id", "department__is_publicity")
    ]


#: Steps nobody may take on a reply they drafted themselves (four-eyes rule).
FOUR_EYES_STEPS = ("review", "sign")


def tasks_offered_to(user: AbstractBaseUser) -> QuerySet[Task]:
    """Unclaimed tasks this person may claim (their role, in the right department; never
    the review or sign-off of their own draft)."""
    return Task.objects.filter(
        _offered_filter(_memberships(user)), status=STATUS.NEW, owner__isnull=True
    ).exclude(
        flow_task__in=[_node(name) for name in FOUR_EYES_STEPS],
        **{f"{REQUEST_PATH}__drafted_by": user},
    )


def tasks_of(user: AbstractBaseUser) -> QuerySet[Task]:
    """Tasks this person holds."""
    return Task.objects.filter(owner=user, status__in=[STATUS.ASSIGNED, STATUS.STARTED])


def open_tasks_of_request(request: DisclosureRequest) -> QuerySet[Task]:
    return Task.objects.filter(
        **{REQUEST_PATH: request}, status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]
    )


def _eligible_memberships(task: Task) -> QuerySet[StaffMembership]:
    """The memberships that qualify someone for ``task``: its role (in the responsible
    department where it applies; the office's registrars for cases the office handles)."""
    offer = offer_of(task)
    request = (
        RequestProcess.objects.select_related("request__department").get(pk=task.process_id).request
    )
    roles = [offer.role]
    if offer.office_registrars and request.department and request.department.is_ogi_office:
        roles.append(Role.REGISTRAR)
    memberships = StaffMembership.objects.filter(organ_id=request.organ_id, role__in=roles)
    if offer.department == "request":
        memberships = memberships.filter(department_id=request.department_id)
    elif offer.department == "publicity" and Department.objects.filter(
        organ_id=request.organ_id, is_publicity=True
    ).exists():
        memberships = memberships.filter(department__is_publicity=True)
    if task.flow_task.name in FOUR_EYES_STEPS and request.drafted_by_id is not None:
        memberships = memberships.exclude(user_id=request.drafted_by_id)
    return memberships


def may_take(user: AbstractBaseUser, task: Task) -> bool:
    """Whether ``user`` may hold ``task`` (never the review or sign-off of their own draft)."""
    return _eligible_memberships(task).filter(user=user).exists()


def people_who_may_take(task: Task) -> list:
    """Everyone who may hold ``task``, by username: the choices for a reassignment."""
    ids = _eligible_memberships(task).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids).order_by("username"))


def end_flow(request: DisclosureRequest) -> None:
    """Cancel what is left of a request's flow once it ended outside it (abandoned,
    withdrawn) and mark its process done."""
    for task in open_tasks_of_request(request):
        with task.activation() as activation:
            activation.cancel()
    process = RequestProcess.objects.filter(request=request, finished__isnull=True).first()
    if process is not None:
        process.status = PROCESS.DONE
        process.finished = timezone.now()
        process.save(update_fields=["status", "finished"])


def _locked(task: Task) -> Task:
    return Task.objects.select_for_update().get(pk=task.pk)


def _log(task: Task, action: str, *, actor, owner, at) -> None:
    TaskLog.objects.create(task=task, action=action, actor=actor, owner=owner, at=at)


def task_claim(*, task: Task, user: AbstractBaseUser, at: datetime.datetime | None = None) -> Task:
    """领取: take an offered task. Of two people claiming at once, exactly one gets it."""
    at = at or timezone.now()
    with transaction.atomic():
        task = _locked(task)
        if task.status != STATUS.NEW or task.owner_id is not None:
            raise TaskError(_("该任务已被他人领取或已办结。"), code="taken")
        if not may_take(user, task):
            raise TaskError(_("您没有办理此任务的岗位。"), code="role")
        with task.activation() as activation:
            activation.assign(user)
        task.refresh_from_db()
        Task.objects.filter(pk=task.pk).update(assigned=at)
        task.assigned = at
        _log(task, TaskAction.CLAIMED, actor=user, owner=user, at=at)
    return task


def task_release(*, task: Task, user: AbstractBaseUser, at: datetime.datetime | None = None) -> Task:
    """退回队列: give a claimed task back to everyone with the role."""
    at = at or timezone.now()
    with transaction.atomic():
        task = _locked(task)
        if task.owner_id != user.pk or task.status != STATUS.ASSIGNED:
            raise TaskError(_("只能退回本人领取、尚未办结的任务。"), code="not_owner")
        with task.activation() as activation:
            activation.unassign()
        Task.objects.filter(pk=task.pk).update(assigned=None)
        task.refresh_from_db()
        _log(task, TaskAction.RELEASED, actor=user, owner=None, at=at)
    return task


def task_reassign(
    *,
    task: Task,
    head: AbstractBaseUser,
    to_user: AbstractBaseUser,
    at: datetime.datetime | None = None,
) -> Task:
    """改派: a department head (or the OGI office head) gives a task to a named person."""
    at = at or timezone.now()
    with transaction.atomic():
        task = _locked(task)
        if task.status not in (STATUS.NEW, STATUS.ASSIGNED):
            raise TaskError(_("该任务已办结，不能改派。"), code="finished")
        request = RequestProcess.objects.select_related("request").get(pk=task.process_id).request
        offer = offer_of(task)
        heads = StaffMembership.objects.filter(user=head, organ=request.organ)
        if offer.department == "request":
            allowed = heads.filter(
                Q(role=Role.DEPARTMENT_HEAD, department_id=request.department_id)
                | Q(role=Role.OGI_HEAD)
            ).exists()
        else:
            allowed = heads.filter(role=Role.OGI_HEAD).exists()
        if not allowed:
            raise TaskError(_("只有科室负责人或政府信息公开工作机构负责人可以改派任务。"), code="role")
        if not may_take(to_user, task):
            raise TaskError(_("被改派人没有办理此任务的岗位。"), code="role")
        with task.activation() as activation:
            if task.status == STATUS.ASSIGNED:
                activation.reassign(to_user)
            else:
                activation.assign(to_user)
        Task.objects.filter(pk=task.pk).update(assigned=at)
        task.refresh_from_db()
        _log(task, TaskAction.REASSIGNED, actor=head, owner=to_user, at=at)
    return task


def task_complete(*, task: Task, user: AbstractBaseUser, at: datetime.datetime | None = None) -> None:
    """办结: the holder finished the step; the flow creates the next tasks.

    Call inside the transaction of the legal act the step performed, after the act.
    """
    at = at or timezone.now()
    task = _locked(task)
    if task.owner_id != user.pk or task.status != STATUS.ASSIGNED:
        raise TaskError(_("只能办理本人领取的任务。"), code="not_owner")
    with task.activation() as activation:
        activation.start(None)
        activation.execute()
    Task.objects.filter(pk=task.pk).update(finished=at)
    _log(task, TaskAction.FINISHED, actor=user, owner=user, at=at)
    task_record_timing(task, finished=at)


def task_record_timing(task: Task, *, finished: datetime.datetime) -> TaskTiming:
    """Keep how long a finished task waited and was worked on (see ``TaskTiming``)."""
    process = RequestProcess.objects.only("request__organ_id").select_related("request").get(
        pk=task.process_id
    )
    taken = task.assigned or finished
    return TaskTiming.objects.create(
        task=task,
        organ_id=process.request.organ_id,
        request_id=process.request_id,
        step=task.flow_task.name,
        offered_at=task.created,
        waited_minutes=_minutes(task.created, taken),
        worked_minutes=_minutes(task.assigned, finished) if task.assigned else None,
    )


def task_finish_outside_its_form(
    task: Task, *, actor: AbstractBaseUser | None, owner: AbstractBaseUser | None,
    at: datetime.datetime, comment: str,
) -> None:
    """Finish a locked ``task`` whose work was done by an act outside its form (the
    applicant's online correction, a lapse found by the sweep): the flow moves on, its stage
    time is kept and the queue log says who and why. An assigned task keeps its holder."""
    if task.status == STATUS.NEW:
        with task.activation() as activation:
            activation.assign(None)
        task.refresh_from_db()
    with task.activation() as activation:
        activation.start(None)
        activation.execute()
    Task.objects.filter(pk=task.pk).update(finished=at)
    task.refresh_from_db()
    task_record_timing(task, finished=at)
    TaskLog.objects.create(
        task=task, action=TaskAction.FINISHED, actor=actor, owner=owner, at=at, comment=comment
    )


def _minutes(start: datetime.datetime, end: datetime.datetime) -> int:
    return max(int((end - start).total_seconds() // 60), 0)


def flow_start(request: DisclosureRequest) -> RequestProcess:
    """Put a newly received application into the flow: its first task is offered to the
    OGI office's registrars."""
    return DisclosureFlow.start.run(request=request)

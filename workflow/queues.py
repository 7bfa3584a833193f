"""Work queues: tasks offered to a role, claimed by one person, released or reassigned.

viewflow 2.4 does not record when a task was claimed; ``task_claim`` fills
``Task.assigned`` and every queue action writes a ``TaskLog`` row, so the time a task
waited in a queue and the time it was worked on can both be measured.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from requests.choices import Role
from requests.models import StaffMembership

from .eligibility import may_take, offer_of, people_who_may_take, tasks_offered_to
from .errors import TaskError
from .lifecycle import REQUEST_PATH, locked, log, open_tasks_of_request
from .models import RequestProcess, TaskAction

__all__ = [
    "REQUEST_PATH", "may_take", "offer_of", "open_tasks_of_request", "people_who_may_take",
    "task_claim", "task_reassign", "task_release", "tasks_of", "tasks_offered_to",
]


def tasks_of(user: AbstractBaseUser) -> QuerySet[Task]:
    """Tasks this person holds."""
    return Task.objects.filter(owner=user, status__in=[STATUS.ASSIGNED, STATUS.STARTED])


def task_claim(*, task: Task, user: AbstractBaseUser, at: datetime.datetime | None = None) -> Task:
    """领取: take an offered task. Of two people claiming at once, exactly one gets it."""
    at = at or timezone.now()
    with transaction.atomic():
        task = locked(task)
        if task.status != STATUS.NEW or task.owner_id is not None:
            raise TaskError(_("该任务已被他人领取或已办结。"), code="taken")
        if not may_take(user, task):
            raise TaskError(_("您没有办理此任务的岗位。"), code="role")
        with task.activation() as activation:
            activation.assign(user)
        task.refresh_from_db()
        Task.objects.filter(pk=task.pk).update(assigned=at)
        task.assigned = at
        log(task, TaskAction.CLAIMED, actor=user, owner=user, at=at)
    return task


def task_release(*, task: Task, user: AbstractBaseUser, at: datetime.datetime | None = None) -> Task:
    """退回队列: give a claimed task back to everyone with the role."""
    at = at or timezone.now()
    with transaction.atomic():
        task = locked(task)
        if task.owner_id != user.pk or task.status != STATUS.ASSIGNED:
            raise TaskError(_("只能退回本人领取、尚未办结的任务。"), code="not_owner")
        with task.activation() as activation:
            activation.unassign()
        Task.objects.filter(pk=task.pk).update(assigned=None)
        task.refresh_from_db()
        log(task, TaskAction.RELEASED, actor=user, owner=None, at=at)
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
        task = locked(task)
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
        log(task, TaskAction.REASSIGNED, actor=head, owner=to_user, at=at)
    return task

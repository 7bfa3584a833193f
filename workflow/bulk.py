"""Acts on several tasks at once: all of them or none (one transaction).

Each task goes through the same service as when it is done alone (``task_reassign``,
``steps.archive``), so every rule still holds for each; the first refusal undoes the others
and says which task it was.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from . import steps
from .errors import TaskError
from .flows import DisclosureFlow
from .queues import REQUEST_PATH, task_claim, task_reassign


def _tasks(task_ids: list[int]) -> list[Task]:
    if not task_ids:
        raise TaskError(_("请至少选择一项任务。"), code="none")
    tasks = list(
        Task.objects.filter(pk__in=task_ids)
        .select_related(REQUEST_PATH)
        .order_by("pk")
    )
    if len(tasks) != len(set(task_ids)):
        raise TaskError(_("所选任务不存在或已不在列表中。"), code="missing")
    return tasks


def _refused(task: Task, error: ValidationError) -> TaskError:
    number = task.process.requestprocess.request.registration_number or _("待登记申请")
    return TaskError(
        _("%(number)s（%(step)s）：%(reason)s 所选任务均未办理。")
        % {"number": number, "step": task.flow_task.task_title, "reason": error.messages[0]},
        code=getattr(error, "code", None),
    )


def reassign_tasks(
    *, task_ids: list[int], head: AbstractBaseUser, to_user: AbstractBaseUser,
    at: datetime.datetime | None = None,
) -> list[Task]:
    """批量改派: give these tasks to ``to_user``, each checked as a single reassignment
    (the head's right over it, the person's role, four-eyes), all or none."""
    at = at or timezone.now()
    with transaction.atomic(durable=True):
        tasks = _tasks(task_ids)
        done = []
        for task in tasks:
            try:
                done.append(task_reassign(task=task, head=head, to_user=to_user, at=at))
            except ValidationError as error:
                raise _refused(task, error) from error
    return done


def archive_requests(
    *, task_ids: list[int], user: AbstractBaseUser, at: datetime.datetime | None = None
) -> int:
    """批量归档 (Art. 45): archive several replied requests, each through its 归档 task
    (claimed on the way when nobody holds it), all or none. Returns how many."""
    at = at or timezone.now()
    with transaction.atomic(durable=True):
        tasks = _tasks(task_ids)
        for task in tasks:
            try:
                if task.flow_task != DisclosureFlow.archive:
                    raise TaskError(_("该任务不是此环节的任务。"), code="wrong_step")
                held = task if task.owner_id == user.pk else task_claim(task=task, user=user, at=at)
                steps.archive(task=held, user=user, at=at)
            except ValidationError as error:
                raise _refused(task, error) from error
    return len(tasks)

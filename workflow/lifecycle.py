"""The life of a request's flow and its tasks, apart from who may take them: start a flow,
complete a task (with its timing and queue log), finish one whose work was done outside
its form, end what is left of a flow that ended outside it.

Who may take a task is ``workflow.eligibility``; claiming, releasing and reassigning are
``workflow.queues``.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from requests.models import DisclosureRequest

from .errors import TaskError
from .flows import DisclosureFlow
from .models import RequestProcess, TaskAction, TaskLog, TaskTiming

REQUEST_PATH = "process__requestprocess__request"


def flow_start(request: DisclosureRequest) -> RequestProcess:
    """Put a newly received application into the flow: its first task is offered to the
    OGI office's registrars. Call inside the act that received it."""
    return DisclosureFlow.start.run(request=request)


def open_tasks_of_request(request: DisclosureRequest) -> QuerySet[Task]:
    return Task.objects.filter(
        **{REQUEST_PATH: request}, status__in=[STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]
    )


def end_flow(request: DisclosureRequest) -> None:
    """Cancel what is left of a request's flow once it ended outside it (abandoned,
    withdrawn) and mark its process done. Call inside the act that ended it."""
    for task in open_tasks_of_request(request):
        with task.activation() as activation:
            activation.cancel()
    process = RequestProcess.objects.filter(request=request, finished__isnull=True).first()
    if process is not None:
        process.status = PROCESS.DONE
        process.finished = timezone.now()
        process.save(update_fields=["status", "finished"])


def locked(task: Task) -> Task:
    return Task.objects.select_for_update().get(pk=task.pk)


def log(task: Task, action: str, *, actor, owner, at) -> None:
    TaskLog.objects.create(task=task, action=action, actor=actor, owner=owner, at=at)


def task_complete(*, task: Task, user: AbstractBaseUser, at: datetime.datetime | None = None) -> None:
    """办结: the holder finished the step; the flow creates the next tasks.

    Call inside the transaction of the legal act the step performed, after the act.
    """
    at = at or timezone.now()
    task = locked(task)
    if task.owner_id != user.pk or task.status != STATUS.ASSIGNED:
        raise TaskError(_("只能办理本人领取的任务。"), code="not_owner")
    with task.activation() as activation:
        activation.start(None)
        activation.execute()
    Task.objects.filter(pk=task.pk).update(finished=at)
    log(task, TaskAction.FINISHED, actor=user, owner=user, at=at)
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

"""Where an applicant's own act moves the staff flow on.

A correction sent online is the corrected application arriving (Art. 30): the request goes
back to triage at once, and the registrars' "收到补正" task has nothing left to do. This
module finishes that task the way ``workflow.steps.receive_correction`` would, recording
the applicant as the one who did it, so the flow creates the triage task in the same
transaction. (It belongs next to the step functions in ``workflow``; it lives here until
the workflow owner takes it over.)
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from requests.models import DisclosureRequest
from workflow.flows import DisclosureFlow
from workflow.models import RequestProcess, TaskAction, TaskLog
from workflow.queues import open_tasks_of_request


def finish_await_correction(
    *, request: DisclosureRequest, applicant: AbstractBaseUser, comment: str = ""
) -> None:
    """Complete the request's open "收到补正" task (if any); the flow goes on to triage."""
    assert transaction.get_connection().in_atomic_block, "call inside the act's transaction"
    now = timezone.now()
    tasks = open_tasks_of_request(request).filter(flow_task=DisclosureFlow.await_correction)
    for task_id in list(tasks.values_list("pk", flat=True)):
        task = Task.objects.select_for_update().get(pk=task_id)
        process = RequestProcess.objects.get(pk=task.process_id)
        process.triage_decision = ""
        process.save(update_fields=["triage_decision"])
        if task.status == STATUS.ASSIGNED:
            with task.activation() as activation:
                activation.unassign()
            task.refresh_from_db()
        with task.activation() as activation:
            activation.assign(None)
        task.refresh_from_db()
        with task.activation() as activation:
            activation.start(None)
            activation.execute()
        Task.objects.filter(pk=task.pk).update(finished=now)
        TaskLog.objects.create(
            task=task, action=TaskAction.FINISHED, actor=applicant, owner=None, at=now,
            comment=comment,
        )

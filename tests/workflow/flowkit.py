"""Helpers for driving a request through the flow as the people would."""

from __future__ import annotations

from django.db import transaction
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from tests.factories import submit
from workflow import steps
from workflow.flows import DisclosureFlow
from workflow.lifecycle import flow_start
from workflow.queues import task_claim
from workflow.step_specs import SPECS


def start(organ, **kwargs):
    request = submit(organ, **kwargs)
    with transaction.atomic():
        process = flow_start(request)
    return request, process


def open_task(process, name):
    return Task.objects.get(
        process=process,
        flow_task=getattr(DisclosureFlow, name),
        status__in=[STATUS.NEW, STATUS.ASSIGNED],
    )


def open_step_names(process) -> list[str]:
    return sorted(
        t.flow_task.name
        for t in Task.objects.filter(process=process, status__in=[STATUS.NEW, STATUS.ASSIGNED])
    )


def do(process, name, user, step=None, **kwargs):
    """Claim the open ``name`` task (unless ``user`` already holds it) and perform it."""
    task = open_task(process, name)
    if task.owner_id != user.pk:
        task = task_claim(task=task, user=user)
    return (step or _step_function(name))(task=task, user=user, **kwargs)


def _step_function(name):
    """The step's function by its name in ``workflow.steps``, else its first form's."""
    return getattr(steps, name, None) or SPECS[name].forms[0].action

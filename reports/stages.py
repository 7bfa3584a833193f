"""Time per stage (环节用时): queue wait versus work for each human step of the flow.

From viewflow's ``Task`` rows (``workflow.queues.task_claim`` fills ``assigned`` when a
person claims a task):

* waiting — ``created`` (offered to the queue) → ``assigned`` (claimed), or → ``finished``
  when the task was finished without being claimed;
* working — ``assigned`` → ``finished``.

A task still waiting or still being worked on adds nothing to the figure it has not
finished yet. Tasks are those created in the period, of the organ's requests, narrowed
by the dashboard filters. One query; medians and 90th percentiles in hours, in Python.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone
from viewflow.workflow.models import Task

from requests.models import Organ
from workflow.flows import DisclosureFlow
from workflow.queues import REQUEST_PATH

from .dashboard import Filters, Period, percentile

HOUR = 3600.0


@dataclass(frozen=True)
class StageTime:
    step: str  # the flow attribute name, e.g. "triage"
    title: str
    tasks: int
    wait_median: float | None
    wait_p90: float | None
    work_median: float | None
    work_p90: float | None


def _aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _hours(values: list[float]) -> tuple[float | None, float | None]:
    if not values:
        return None, None
    return round(statistics.median(values), 1), round(percentile(values, 90), 1)


def step_order() -> list[str]:
    """Human steps in the order the flow declares them."""
    return [node.name for node in DisclosureFlow.instance.nodes() if node.task_type == "HUMAN"]


def stage_times(*, organ: Organ, period: Period, filters: Filters | None = None) -> list[StageTime]:
    filters = filters or Filters()
    rows = Task.objects.filter(
        filters.request_q(f"{REQUEST_PATH}__"),
        **{f"{REQUEST_PATH}__organ": organ},
        flow_task_type="HUMAN",
        created__gte=_aware(period.start),
        created__lt=_aware(period.end + datetime.timedelta(days=1)),
    ).values_list("flow_task", "created", "assigned", "finished")
    waits: dict[str, list[float]] = defaultdict(list)
    works: dict[str, list[float]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    titles: dict[str, str] = {}
    for node, created, assigned, finished in rows:
        if node is None:
            continue
        name = node.name
        titles[name] = str(node.task_title or name)
        counts[name] += 1
        taken = assigned or finished
        if taken is not None:
            waits[name].append(max((taken - created).total_seconds(), 0) / HOUR)
        if assigned is not None and finished is not None:
            works[name].append(max((finished - assigned).total_seconds(), 0) / HOUR)
    order = {name: n for n, name in enumerate(step_order())}
    result = []
    for name in sorted(counts, key=lambda n: order.get(n, len(order))):
        wait_median, wait_p90 = _hours(waits[name])
        work_median, work_p90 = _hours(works[name])
        result.append(
            StageTime(name, titles[name], counts[name], wait_median, wait_p90, work_median, work_p90)
        )
    return result

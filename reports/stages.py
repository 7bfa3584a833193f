"""Time per stage (环节用时): queue wait versus work for each human step of the flow.

From the timing kept for every finished task (``workflow.models.TaskTiming``, whole
minutes):

* waiting — offered to the queue → claimed (→ finished, for a task finished without a
  claim);
* working — claimed → finished.

Tasks are the finished ones offered in the period, of the organ's requests, narrowed by
the dashboard filters; a task still in a queue or in someone's hands adds to no figure
yet. Times are counted in tenths of an hour (whole 6-minute units, rounded down). The
database counts the tasks per step and unit of waiting, and per step and unit of work (one
query with grouping sets on PostgreSQL, two elsewhere), whatever the number of tasks;
medians and 90th percentiles follow from those counts exactly, in hours (a median between
two units may end in 5 in the second decimal).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F

from requests.models import Organ
from workflow.flows import DisclosureFlow
from workflow.models import TaskTiming

from .aggregates import percentile_of_counts
from .dashboard import Filters, Period
from .grouping import grouped_by_each

#: Stage times are counted in tenths of an hour — whole 6-minute units, rounded down —
#: the precision they are shown with.
MINUTES_PER_UNIT = 6
UNITS_PER_HOUR = 10


@dataclass(frozen=True)
class StageTime:
    step: str  # the flow attribute name, e.g. "triage"
    title: str
    tasks: int
    wait_median: float | None
    wait_p90: float | None
    work_median: float | None
    work_p90: float | None


def _hours(units: float | None) -> float | None:
    return None if units is None else round(units / UNITS_PER_HOUR, 2)


def step_order() -> list[str]:
    """Human steps in the order the flow declares them (viewflow lists its nodes by name)."""
    human = {node.name for node in DisclosureFlow.instance.nodes() if node.task_type == "HUMAN"}
    return [name for name in vars(DisclosureFlow) if name in human]


def step_title(step: str) -> str:
    node = getattr(DisclosureFlow, step, None)
    return str(getattr(node, "task_title", "") or step)


def stage_times(*, organ: Organ, period: Period, filters: Filters | None = None) -> list[StageTime]:
    filters = filters or Filters()
    timings = TaskTiming.objects.filter(
        filters.request_q("request__"),
        organ=organ,
        offered_at__gte=period.moments()[0],
        offered_at__lt=period.moments()[1],
    )
    units = timings.annotate(
        wait=F("waited_minutes") / MINUTES_PER_UNIT, work=F("worked_minutes") / MINUTES_PER_UNIT
    )
    grouped = grouped_by_each(
        units, {"wait": ("step", "wait"), "work": ("step", "work")}, {"n": Count("*")}
    )
    waits: dict[str, list[tuple[int, int]]] = defaultdict(list)
    works: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for measure, counts in (("wait", waits), ("work", works)):
        for row in grouped[measure]:
            if row[measure] is not None:  # never claimed: no working time
                counts[row["step"]].append((row[measure], row["n"]))
    for pairs in (*waits.values(), *works.values()):
        pairs.sort()
    order = {name: n for n, name in enumerate(step_order())}
    result = []
    for step in sorted(waits, key=lambda s: (order.get(s, len(order)), s)):
        wait, work = waits[step], works.get(step, [])
        result.append(
            StageTime(
                step, step_title(step), sum(n for _m, n in wait),
                _hours(percentile_of_counts(wait, 0.5, interpolate=True)),
                _hours(percentile_of_counts(wait, 0.9)),
                _hours(percentile_of_counts(work, 0.5, interpolate=True)),
                _hours(percentile_of_counts(work, 0.9)),
            )
        )
    return result

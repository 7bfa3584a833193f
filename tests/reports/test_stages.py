"""Time per stage: queue wait versus work, from the timings kept when tasks finish."""

from __future__ import annotations

import datetime
import random
import statistics

from viewflow.workflow.models import Task

from reports.dashboard import Filters, Period
from reports.stages import stage_times, step_order
from tests.factories import OrganFactory, at, submit
from tests.reports.builders import finished_task
from workflow.flows import DisclosureFlow
from workflow.models import RequestProcess, TaskTiming

D = datetime.date.fromisoformat
H = datetime.timedelta(hours=1)
M = datetime.timedelta(minutes=1)
PERIOD = Period(D("2025-03-01"), D("2025-03-31"))


def process_for(organ, on="2025-03-03"):
    request = submit(organ, on=on)
    return RequestProcess.objects.create(flow_class=DisclosureFlow, request=request)


def task(process, step, created, wait=None, work=None, *, unclaimed_finish=None):
    """A task offered at ``created``; claimed after ``wait`` and finished after ``work``
    (or finished unclaimed after ``unclaimed_finish``); unfinished ones have no timing."""
    if unclaimed_finish is not None:
        return finished_task(process, step, created, unclaimed_finish)
    if work is not None:
        return finished_task(process, step, created, wait, work)
    return Task.objects.create(
        process=process, flow_task=getattr(DisclosureFlow, step), flow_task_type="HUMAN",
        created=created, assigned=created + wait if wait is not None else None,
    )


def test_wait_and_work_per_step(organ, django_assert_max_num_queries):
    start = at("2025-03-04", 9)
    waits = [1, 2, 3, 10, 30]
    works = [2, 2, 4, 8, 5]
    for wait, work in zip(waits, works, strict=True):
        p = process_for(organ)
        task(p, "triage", start, wait * H, work * H)
        task(p, "register", start, unclaimed_finish=4 * H)  # finished without a claim
        task(p, "review", start, 6 * H)  # claimed, still being worked on: not yet counted
        task(p, "sign", start)  # still in the queue: not yet counted
    task(process_for(organ), "handle", start, 1 * H, 1 * H)
    # Outside the period, and another organ's: not counted.
    task(process_for(organ), "triage", at("2025-04-02", 9), 100 * H, 100 * H)
    other = OrganFactory(name="另一机关", short_name="另一机关", code="LYJG", letter_number_prefix="另")
    task(process_for(other), "triage", start, 100 * H, 100 * H)

    with django_assert_max_num_queries(2):
        stages = {s.step: s for s in stage_times(organ=organ, period=PERIOD)}
    # In the order of the procedure, not by name.
    assert list(stages) == ["register", "triage", "handle"]
    triage = stages["triage"]
    assert triage.tasks == 5
    assert triage.wait_median == statistics.median(waits) == 3
    assert triage.wait_p90 == 30 and triage.work_median == 4 and triage.work_p90 == 8
    assert triage.title == "初审分办"
    assert stages["register"].tasks == 5
    assert stages["register"].wait_median == 4 and stages["register"].work_median is None


def test_times_are_counted_in_tenths_of_an_hour(organ):
    start = at("2025-03-04", 9)
    p = process_for(organ)
    # 65 minutes → 1.0 h (10 whole units of 6 minutes); 71 minutes → 1.1 h; 5 minutes → 0.
    task(p, "triage", start, 65 * M, 71 * M)
    task(p, "register", start, 5 * M, 0 * M)
    stages = {s.step: s for s in stage_times(organ=organ, period=PERIOD)}
    assert (stages["triage"].wait_median, stages["triage"].work_median) == (1.0, 1.1)
    assert (stages["register"].wait_median, stages["register"].work_p90) == (0, 0)
    timing = TaskTiming.objects.get(task__flow_task=DisclosureFlow.triage)
    assert (timing.waited_minutes, timing.worked_minutes) == (65, 71)


def test_percentiles_match_the_tasks_counted_one_by_one(organ):
    rng = random.Random(4)
    waits, works = [], []
    for n in range(60):
        wait, work = rng.randrange(0, 3000) * M, rng.randrange(6, 900) * M
        task(process_for(organ), "handle", at("2025-03-10", 9) + n * M, wait, work)
        waits.append(int(wait / M) // 6)
        works.append(int(work / M) // 6)
    handle, = stage_times(organ=organ, period=PERIOD)
    waits.sort()
    works.sort()
    assert handle.tasks == 60
    assert handle.wait_median == round(statistics.median(waits) / 10, 2)
    assert handle.wait_p90 == waits[53] / 10  # nearest rank: the 54th of 60
    assert handle.work_median == round(statistics.median(works) / 10, 2)
    assert handle.work_p90 == works[53] / 10


def test_steps_come_in_the_order_of_the_procedure():
    assert step_order() == [
        "register", "triage", "await_correction", "confirm_lapse", "ask_reasons", "decide_reasons",
        "draft_not_processed", "handle", "opinion_legal", "opinion_secrecy",
        "opinion_publicity", "opinion_department", "conclude", "review", "sign", "dispatch",
        "archive",
    ]


def test_filters_apply_to_the_request(organ, people):
    p = process_for(organ)
    task(p, "triage", at("2025-03-05", 9), 2 * H, 2 * H)
    assert stage_times(organ=organ, period=PERIOD, filters=Filters(department=people.dept.pk)) == []
    assert len(stage_times(organ=organ, period=PERIOD, filters=Filters(department=0))) == 1

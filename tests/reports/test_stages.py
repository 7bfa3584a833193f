"""Time per stage: queue wait versus work, from workflow Task rows."""

from __future__ import annotations

import datetime
import statistics

from viewflow.workflow.models import Task

from reports.dashboard import Filters, Period
from reports.stages import stage_times, step_order
from tests.factories import OrganFactory, at, submit
from workflow.flows import DisclosureFlow
from workflow.models import RequestProcess

D = datetime.date.fromisoformat
H = datetime.timedelta(hours=1)
PERIOD = Period(D("2025-03-01"), D("2025-03-31"))


def process_for(organ, on="2025-03-03"):
    request = submit(organ, on=on)
    return RequestProcess.objects.create(flow_class=DisclosureFlow, request=request)


def task(process, step, created, wait=None, work=None, *, unclaimed_finish=None):
    assigned = created + wait if wait is not None else None
    finished = (
        assigned + work if work is not None and assigned is not None
        else (created + unclaimed_finish if unclaimed_finish is not None else None)
    )
    return Task.objects.create(
        process=process, flow_task=getattr(DisclosureFlow, step), flow_task_type="HUMAN",
        created=created, assigned=assigned, finished=finished,
    )


def test_wait_and_work_per_step(organ, django_assert_max_num_queries):
    start = at("2025-03-04", 9)
    waits = [1, 2, 3, 10, 30]
    works = [2, 2, 4, 8, 5]
    for wait, work in zip(waits, works, strict=True):
        p = process_for(organ)
        task(p, "triage", start, wait * H, work * H)
        task(p, "register", start, unclaimed_finish=4 * H)  # finished without a claim
        task(p, "review", start, 6 * H)  # claimed, still being worked on
        task(p, "sign", start)  # still in the queue
    # Outside the period, and another organ's: not counted.
    task(process_for(organ), "triage", at("2025-04-02", 9), 100 * H, 100 * H)
    other = OrganFactory(name="另一机关", short_name="另一机关", code="LYJG", letter_number_prefix="另")
    task(process_for(other), "triage", start, 100 * H, 100 * H)

    with django_assert_max_num_queries(1):
        stages = {s.step: s for s in stage_times(organ=organ, period=PERIOD)}
    assert list(stages) == [n for n in step_order() if n in stages]
    triage = stages["triage"]
    assert triage.tasks == 5
    assert triage.wait_median == statistics.median(waits) == 3
    assert triage.wait_p90 == 30 and triage.work_median == 4 and triage.work_p90 == 8
    assert triage.title == "初审分办"
    assert stages["register"].wait_median == 4 and stages["register"].work_median is None
    assert stages["review"].wait_median == 6 and stages["review"].work_median is None
    assert stages["sign"].tasks == 5 and stages["sign"].wait_median is None


def test_filters_apply_to_the_request(organ, people):
    p = process_for(organ)
    task(p, "triage", at("2025-03-05", 9), 2 * H, 2 * H)
    assert stage_times(organ=organ, period=PERIOD, filters=Filters(department=people.dept.pk)) == []
    assert len(stage_times(organ=organ, period=PERIOD, filters=Filters(department=0))) == 1

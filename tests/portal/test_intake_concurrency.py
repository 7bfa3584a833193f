"""Staff intake with "register now" running beside registrations of submitted requests.

Every legal act takes its locks in the one order declared in ``requests.services``; on
PostgreSQL, intakes that register at once and registrations of requests that arrived
online (by the services and through the flow) run at the same moment on separate
connections: none fails, every request is registered and the registration numbers and the
receipt letters' numbers stay unique and gap-free.
"""

from __future__ import annotations

from collections import Counter
from functools import partial

from letters.kinds import LetterKind
from letters.models import IssuedLetter
from portal.intake_services import intake_enter
from requests.choices import Channel, InformationForm, ObtainMethod, Status
from requests.models import DisclosureRequest, Sequence
from requests.services import audit_verify_chain
from requests.services.intake import ItemData
from tests.factories import at, natural_person, submit
from tests.requests import machine as m
from tests.requests.test_concurrency import at_once, on_postgres
from tests.workflow.flowkit import open_task, start
from workflow import steps
from workflow.queues import task_claim

#: Per round: registrations by the services, through the flow, and intakes registering at once.
SERVICE_REGISTRATIONS, FLOW_REGISTRATIONS, INTAKES, ROUNDS = 8, 2, 2, 3


def intake(organ, people, n):
    return intake_enter(
        registrar=people.registrar, organ=organ,
        applicant=natural_person(name=f"林志强{n}"),
        items=[ItemData("莆田市2025年度城厢区华亭镇某化工企业环境影响评价报告书")],
        channel=Channel.IN_PERSON, form_wanted=InformationForm.PAPER,
        obtain_method=ObtainMethod.COLLECT_IN_PERSON, submitted_at=at(m.SUBMITTED_ON, 9),
        register=True, register_at=at(m.REGISTERED_ON),
    ).request


def register_in_flow(process, people):
    task = task_claim(task=open_task(process, "register"), user=people.registrar)
    return steps.register(task=task, user=people.registrar, at=at(m.REGISTERED_ON))


@on_postgres
def test_intakes_registering_at_once_and_registrations_run_together(organ, people):
    errors = []
    for round_ in range(ROUNDS):
        submitted = [submit(organ, on=m.SUBMITTED_ON) for _ in range(SERVICE_REGISTRATIONS)]
        flowing = [start(organ, on=m.SUBMITTED_ON)[1] for _ in range(FLOW_REGISTRATIONS)]
        calls = [partial(m.register, r, people) for r in submitted]
        calls += [partial(register_in_flow, p, people) for p in flowing]
        calls += [partial(intake, organ, people, f"{round_}-{n}") for n in range(INTAKES)]
        errors += [r for r in at_once(*calls) if isinstance(r, Exception)]

    failures = Counter(f"{type(e).__name__}: {str(e).splitlines()[0]}" for e in errors)
    assert not failures, f"{len(errors)} of {ROUNDS * (SERVICE_REGISTRATIONS + FLOW_REGISTRATIONS + INTAKES)} failed: {dict(failures)}"
    per_round = SERVICE_REGISTRATIONS + FLOW_REGISTRATIONS + INTAKES
    total = ROUNDS * per_round
    assert DisclosureRequest.objects.count() == total
    assert not DisclosureRequest.objects.exclude(status=Status.REGISTERED).exists()
    numbers = sorted(DisclosureRequest.objects.values_list("registration_number", flat=True))
    assert numbers == [f"PTHB-2026-{n:05d}" for n in range(1, total + 1)]
    assert Sequence.objects.get(series="registration").last_value == total
    receipts = IssuedLetter.objects.filter(kind=LetterKind.RECEIPT)
    assert sorted(receipts.values_list("serial", flat=True)) == list(
        range(1, ROUNDS * (FLOW_REGISTRATIONS + INTAKES) + 1)
    )
    assert audit_verify_chain() == []

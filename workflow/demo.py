"""Demo data for the whole system: the requests of ``requests.demo`` with the letters their
acts sent and their flow standing at the step each request has reached.

``requests.demo`` drives every request through the legal acts. Here, for each audited act
that sends a letter, the letter is issued with the act's own date and actor (in the order
the acts happened, so document numbers run in time order); then each request gets its
process, advanced to the step its status calls for, so the queues show real work.
"""

from __future__ import annotations

from django.db import transaction
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from letters.kinds import LetterKind
from letters.models import IssuedLetter
from letters.services import letter_issue
from requests.choices import ConsultedParty, Status
from requests.demo import SeedResult, demo_organ, seed_demo
from requests.models import AuditEvent
from requests.models.audit import Act

from .flows import DisclosureFlow
from .models import RequestProcess, TriageDecision
from .queues import end_flow, people_who_may_take, task_claim, task_record_timing

LETTER_OF_ACT = {
    Act.REGISTER: LetterKind.RECEIPT,
    Act.REQUEST_CORRECTION: LetterKind.CORRECTION_NOTICE,
    Act.REQUEST_REASONS: LetterKind.REASONS_NOTICE,
    Act.GRANT_EXTENSION: LetterKind.EXTENSION_NOTICE,
    Act.ISSUE_FEE_NOTICE: LetterKind.FEE_NOTICE,
    Act.ABANDON: LetterKind.TERMINATION_NOTICE,
    Act.REPLY: LetterKind.REPLY,
    Act.REPLY_ON_THE_SPOT: LetterKind.REPLY,
}

#: Where each status leaves the flow: the step whose task is open.
STEP_OF_STATUS = {
    Status.RECEIVED: "register",
    Status.REGISTERED: "triage",
    Status.AWAITING_CORRECTION: "await_correction",
    Status.PROCESSING: "handle",
    Status.THIRD_PARTY_CONSULTATION: "handle",
    Status.AWAITING_FEE: "handle",
    Status.CONSULTATION: "opinions",
    Status.CONFIDENTIALITY_REVIEW: "review",
    Status.SIGN_OFF: "sign",
    Status.REPLIED: "archive",
}


def _issue_letters(organ) -> int:
    issued = 0
    events = (
        AuditEvent.objects.filter(organ=organ, act__in=list(LETTER_OF_ACT) + [Act.OPEN_CONSULTATION])
        .select_related("request", "actor")
        .order_by("sequence")
    )
    for event in events:
        request = event.request
        if event.act == Act.OPEN_CONSULTATION:
            consultation = request.consultations.get(pk=event.data["consultation"])
            kind = (
                LetterKind.ORGAN_CONSULTATION
                if consultation.party_kind == ConsultedParty.CO_ORGAN
                else LetterKind.THIRD_PARTY_CONSULTATION
            )
            subject = consultation
        else:
            kind, subject = LETTER_OF_ACT[event.act], None
            if kind == LetterKind.FEE_NOTICE:
                subject = request.fee_notices.get(pk=event.data["fee_notice"])
            elif kind == LetterKind.EXTENSION_NOTICE:
                subject = request.extensions.get(pk=event.data["extension"])
        letter_issue(request=request, kind=kind, acting_user=event.actor, at=event.at,
                     subject=subject)
        issued += 1
    return issued


def _complete(task: Task, user) -> None:
    if task.status == STATUS.NEW:
        with task.activation() as activation:
            activation.assign(user)
        task.refresh_from_db()
    with task.activation() as activation:
        activation.start(None)
        activation.execute()
    task.refresh_from_db()
    task_record_timing(task, finished=task.finished)


def _someone_for(task: Task, request):
    return people_who_may_take(task)[0]


def _advance(process: RequestProcess, request) -> None:
    """Complete tasks until the one the request's status calls for is open."""
    target = STEP_OF_STATUS[request.status]
    for _ in range(20):
        open_tasks = list(
            Task.objects.filter(process=process, status__in=[STATUS.NEW, STATUS.ASSIGNED])
        )
        names = {t.flow_task.name for t in open_tasks}
        if target in names or (target == "opinions" and any(n.startswith("opinion_") for n in names)):
            break
        if not open_tasks:
            raise RuntimeError(f"{request} {request.status}: flow ended before {target}")
        task = open_tasks[0]
        name = task.flow_task.name
        if name == "triage":
            process.triage_decision = (
                TriageDecision.CORRECTION if target == "await_correction" else TriageDecision.CLEAR
            )
            process.save(update_fields=["triage_decision"])
        if name == "handle" and target == "opinions":
            process.data = {**process.data, "invited": ["legal", "secrecy", "department"]}
            process.save(update_fields=["data"])
        if name == "review":
            process.review_passed = True
            process.save(update_fields=["review_passed"])
        if name == "sign":
            process.signed_off = True
            process.save(update_fields=["signed_off"])
        _complete(task, _someone_for(task, request))
    # A handler waiting on a consultation or a fee holds the case meanwhile.
    if request.status in (Status.THIRD_PARTY_CONSULTATION, Status.AWAITING_FEE):
        handle = Task.objects.filter(
            process=process, flow_task=DisclosureFlow.handle, status=STATUS.NEW
        ).first()
        if handle is not None:
            task_claim(task=handle, user=_someone_for(handle, request))
    # A request signed off but not yet replied waits for dispatch.
    if request.status == Status.SIGN_OFF and request.signed_off_by_id:
        sign = Task.objects.filter(
            process=process, flow_task=DisclosureFlow.sign, status=STATUS.NEW
        ).first()
        if sign is not None:
            process.signed_off = True
            process.save(update_fields=["signed_off"])
            _complete(sign, request.signed_off_by)


def _attach_flows(organ) -> int:
    started = 0
    for request in organ.requests.filter(process__isnull=True).order_by("submitted_at"):
        process = DisclosureFlow.start.run(request=request)
        started += 1
        if request.status in STEP_OF_STATUS:
            _advance(process, request)
        else:  # archived, withdrawn, abandoned: the flow is over
            end_flow(request)
    return started


@transaction.atomic
def seed_demo_with_flow() -> tuple[SeedResult, int, int]:
    """Seed (idempotent) and return the result, letters issued and processes started now."""
    result = seed_demo()
    organ = demo_organ()
    letters = 0
    if not IssuedLetter.objects.filter(organ=organ).exists():
        letters = _issue_letters(organ)
    return result, letters, _attach_flows(organ)

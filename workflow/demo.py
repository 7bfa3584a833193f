"""Demo data for the whole system: the requests of ``requests.demo`` with the letters their
acts sent and their flow standing at the step each request has reached.

``requests.demo`` drives every request through the legal acts. Here, for each audited act
that sends a letter, the letter is issued with the act's own date and actor (in the order
the acts happened, so document numbers run in time order); then each request gets its
process, advanced to the step its status calls for, so the queues show real work.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from letters.kinds import LetterKind
from letters.models import IssuedLetter
from letters.services import letter_issue
from requests.choices import ConsultedParty, Status
from requests.demo import DEMO_TODAY, SeedResult, demo_organ, seed_demo
from requests.models import AuditEvent
from requests.models.audit import Act
from requests.services.closing import waiting_period

from .eligibility import people_who_may_take
from .flows import DisclosureFlow
from .lapses import offer_lapse_confirmation
from .lifecycle import end_flow, task_record_timing
from .models import RequestProcess, TriageDecision
from .queues import task_claim
from .step_specs import spec_of, steps_standing_at

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
    _record_demo_deliveries(organ)
    return issued


def _record_demo_deliveries(organ) -> None:
    """The demo recorded the receipt of consultation letters and fee notices in the requests
    (their ``dispatch`` events, which start the addressee's period) before the letters
    existed: the letters now carry the same delivery. The events are in the chain already,
    so no new one is written."""
    events = AuditEvent.objects.filter(organ=organ, act=Act.DISPATCH).select_related("actor")
    for event in events:
        data = event.data or {}
        if "consultation" in data:
            letters = IssuedLetter.objects.filter(consultation_id=data["consultation"]).exclude(
                kind=LetterKind.THIRD_PARTY_NOTICE
            )
        elif "fee_notice" in data:
            letters = IssuedLetter.objects.filter(fee_notice_id=data["fee_notice"])
        else:
            continue
        letter = letters.filter(replaces__isnull=True, delivery_method="").first()
        if letter is None:
            continue
        letter.delivery_method = data.get("method", "postal_delivery")
        letter.delivered_on = datetime.date.fromisoformat(str(data["received_on"])[:10])
        letter.delivery_recorded_by = event.actor
        letter.delivery_recorded_at = event.at
        letter.save()


def _finished_at(task: Task, request, offered: datetime.datetime) -> datetime.datetime:
    """When the act that ended ``task``'s step happened (the first one after the offer);
    an hour after the offer for a step no act records."""
    acts = spec_of(task).acts
    at = (
        AuditEvent.objects.filter(request=request, act__in=acts, at__gte=offered)
        .order_by("at").values_list("at", flat=True).first()
    )
    return at or offered + datetime.timedelta(hours=1)


def _complete(task: Task, user, request, offered: datetime.datetime) -> datetime.datetime:
    """Finish ``task`` as ``user`` did on the request's timeline: offered at ``offered``,
    claimed a third of the way to the act that ended it, finished at that act. Returns
    when it finished (the next step's offer)."""
    finished = _finished_at(task, request, offered)
    claimed = offered + (finished - offered) / 3
    if task.status == STATUS.NEW:
        with task.activation() as activation:
            activation.assign(user)
        task.refresh_from_db()
    with task.activation() as activation:
        activation.start(None)
        activation.execute()
    Task.objects.filter(pk=task.pk).update(created=offered, assigned=claimed, finished=finished)
    task.refresh_from_db()
    task_record_timing(task, finished=finished)
    return finished


def _someone_for(task: Task, request):
    return people_who_may_take(task)[0]


def _advance(process: RequestProcess, request) -> None:
    """Complete tasks until the one the request's status calls for is open, dated by the
    request's history; the open tasks were offered when the last one finished."""
    targets = steps_standing_at(request.status)
    offered = request.submitted_at
    for _ in range(20):
        open_tasks = list(
            Task.objects.filter(process=process, status__in=[STATUS.NEW, STATUS.ASSIGNED])
        )
        names = {t.flow_task.name for t in open_tasks}
        if targets & names:
            break
        if not open_tasks:
            raise RuntimeError(f"{request} {request.status}: flow ended before {targets}")
        task = open_tasks[0]
        name = task.flow_task.name
        if name == "triage":
            process.triage_decision = (
                TriageDecision.CORRECTION if "await_correction" in targets
                else TriageDecision.CLEAR
            )
            process.save(update_fields=["triage_decision"])
        if name == "handle" and request.status == Status.CONSULTATION:
            process.data = {**process.data, "invited": ["legal", "secrecy", "department"]}
            process.save(update_fields=["data"])
        offered = _complete(task, _someone_for(task, request), request, offered)
    Task.objects.filter(process=process, status=STATUS.NEW).update(created=offered)
    # A handler waiting on a consultation or a fee holds the case meanwhile.
    if request.status in (Status.THIRD_PARTY_CONSULTATION, Status.AWAITING_FEE):
        handle = Task.objects.filter(
            process=process, flow_task=DisclosureFlow.handle, status=STATUS.NEW
        ).first()
        if handle is not None:
            task_claim(task=handle, user=_someone_for(handle, request),
                       at=offered + datetime.timedelta(hours=2))
    # A request signed off but not yet replied waits for dispatch.
    if request.status == Status.SIGN_OFF and request.signed_off_by_id:
        sign = Task.objects.filter(
            process=process, flow_task=DisclosureFlow.sign, status=STATUS.NEW
        ).first()
        if sign is not None:
            offered = _complete(sign, request.signed_off_by, request, offered)
            Task.objects.filter(process=process, status=STATUS.NEW).update(created=offered)


def _offer_if_lapsed(request) -> None:
    """A correction or payment period that ran out before the demo's today waits on
    「确认视为放弃」, offered at noon of the day after its last day, as the sweep does."""
    period = waiting_period(request)
    if period is None or not period.has_lapsed(DEMO_TODAY):
        return
    at = timezone.make_aware(datetime.datetime.combine(
        period.last_day + datetime.timedelta(days=1), datetime.time(12)
    ))
    task = offer_lapse_confirmation(request=request, at=at)
    if task is not None:
        Task.objects.filter(pk=task.pk).update(created=at)


def _attach_flows(organ) -> int:
    started = 0
    for request in organ.requests.filter(process__isnull=True).order_by("submitted_at"):
        process = DisclosureFlow.start.run(request=request)
        started += 1
        if steps_standing_at(request.status):
            _advance(process, request)
            _offer_if_lapsed(request)
        else:  # archived, withdrawn, abandoned: the flow is over
            end_flow(request)
    return started


@transaction.atomic
def seed_demo_with_flow(*, demo_passwords: bool | None = None) -> tuple[SeedResult, int, int]:
    """Seed (idempotent) and return the result, letters issued and processes started now.

    ``demo_passwords`` as for ``requests.demo.seed_demo``."""
    result = seed_demo(demo_passwords=demo_passwords)
    organ = demo_organ()
    letters = 0
    if not IssuedLetter.objects.filter(organ=organ).exists():
        letters = _issue_letters(organ)
    return result, letters, _attach_flows(organ)

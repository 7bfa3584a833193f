"""Requests and remedy cases with known dates and outcomes, and the bookkeeping of what the
annual report must count — kept here, independently of ``reports.annual``.

Two ways to build: ``Scenario`` drives a request through the real services of
``requests.services`` (registration, correction, fees, reply, withdrawal, abandonment,
archive) with backdated ``at=``; ``bulk_requests`` writes many rows at once with the ORM
for volume (fields a service would set are given directly; the protected status can be
set at construction).
"""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from requests.choices import (
    AbandonReason,
    ApplicantKind,
    Channel,
    FeeStandard,
    IdDocumentType,
    InformationForm,
    ObtainMethod,
    Status,
)
from requests.demo import (
    BANTOU_VILLAGE,
    GREEN_HOME,
    MULANXI_INSTITUTE,
    PUYANG_LAW,
    XINGLI_MATERIALS,
)
from requests.models import Applicant, ClockEvent, DisclosureRequest
from requests.outcomes import Outcome
from requests.selectors import load_working_calendar
from requests.services import (
    request_abandon,
    request_archive,
    request_draft_reply,
    request_issue_correction_notice,
    request_issue_fee_notice,
    request_pass_confidentiality_review,
    request_record_fee_notice_receipt,
    request_register,
    request_reply,
    request_reply_on_the_spot,
    request_sign_off,
    request_submit_for_review,
    request_triage,
    request_withdraw,
    requests_refresh_clocks,
)
from requests.services.reply import ItemDecision
from tests.factories import OtherOrganFactory, at, natural_person, submit
from workflow.flows import DisclosureFlow
from workflow.lifecycle import task_record_timing

D = datetime.date.fromisoformat
K = ApplicantKind

#: The report row of each outcome, written out here so the test does not take it from the
#: code under test (DESIGN.md §4).
ROW_OF_OUTCOME = {
    Outcome.PROVIDED: "1",
    Outcome.ALREADY_PUBLIC: "1",
    Outcome.PARTIAL: "2",
    Outcome.REFUSED_STATE_SECRET: "3.1",
    Outcome.REFUSED_OTHER_LAW: "3.2",
    Outcome.REFUSED_SECURITY_STABILITY: "3.3",
    Outcome.REFUSED_THIRD_PARTY: "3.4",
    Outcome.REFUSED_INTERNAL_AFFAIRS: "3.5",
    Outcome.REFUSED_PROCESS_INFORMATION: "3.6",
    Outcome.REFUSED_ENFORCEMENT_FILE: "3.7",
    Outcome.REFUSED_ADMINISTRATIVE_QUERY: "3.8",
    Outcome.NOT_HELD: "4.1",
    Outcome.NOT_THIS_ORGAN: "4.1",
    Outcome.NEEDS_CREATION: "4.2",
    Outcome.STILL_UNCLEAR: "4.3",
    Outcome.NOT_OGI_PETITION: "5.1",
    Outcome.NOT_OGI_REPEAT: "5.2",
    Outcome.NOT_OGI_PUBLICATION: "5.3",
    Outcome.NOT_OGI_BULK: "5.4",
    Outcome.NOT_OGI_CONFIRMATION: "5.5",
    Outcome.NOT_OGI_REISSUE: "5.5",
    Outcome.ABANDONED_NO_CORRECTION: "6.1",
    Outcome.ABANDONED_NO_FEE: "6.2",
    Outcome.OTHER: "6.3",
}
LEAF_ROWS = (
    "1", "2", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "4.1", "4.2", "4.3",
    "5.1", "5.2", "5.3", "5.4", "5.5", "6.1", "6.2", "6.3",
)
KINDS = (
    K.NATURAL_PERSON, K.COMMERCIAL_ENTERPRISE, K.RESEARCH_INSTITUTION, K.SOCIAL_WELFARE_ORG,
    K.LEGAL_SERVICES_ORG, K.OTHER_ORG,
)
APPLICANT_DATA = {
    K.NATURAL_PERSON: natural_person(),
    K.COMMERCIAL_ENTERPRISE: XINGLI_MATERIALS,
    K.RESEARCH_INSTITUTION: MULANXI_INSTITUTE,
    K.SOCIAL_WELFARE_ORG: GREEN_HOME,
    K.LEGAL_SERVICES_ORG: PUYANG_LAW,
    K.OTHER_ORG: BANTOU_VILLAGE,
}


@dataclass(frozen=True)
class Fact:
    """What the report needs to know of one request, as the test recorded it."""

    kind: str
    received_on: datetime.date | None  # None: never registered
    concluded_on: datetime.date | None
    outcome: str  # the final outcome when concluded ("" or a draft's outcome when open)


@dataclass
class Ledger:
    """The test's own record of every request it made."""

    facts: list[Fact] = field(default_factory=list)

    def add(self, fact: Fact) -> None:
        self.facts.append(fact)

    def expected(self, year: int) -> dict[str, Counter]:
        """Row key → Counter(kind) for table 三 of ``year``, counted here from the facts."""
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        rows: dict[str, Counter] = defaultdict(Counter)
        for f in self.facts:
            if f.received_on is None:
                continue
            concluded = f.concluded_on
            if start <= f.received_on <= end:
                rows["new"][f.kind] += 1
            if f.received_on < start and (concluded is None or concluded >= start):
                rows["carried_over"][f.kind] += 1
            if concluded is not None and start <= concluded <= end:
                rows[ROW_OF_OUTCOME[f.outcome]][f.kind] += 1
                rows["7"][f.kind] += 1
            if f.received_on <= end and (concluded is None or concluded > end):
                rows["carried_forward"][f.kind] += 1
        return rows


# ---- through the services -------------------------------------------------------------------


class Scenario:
    """Builds requests through the real services and records each one in ``ledger``."""

    def __init__(self, organ, people, ledger: Ledger):
        self.organ = organ
        self.people = people
        self.ledger = ledger

    def _submit(self, kind, on, *, channel=Channel.ONLINE, items=None):
        entered_by = None if channel == Channel.ONLINE else self.people.registrar
        return submit(
            self.organ, on=on, channel=channel, entered_by=entered_by,
            applicant=APPLICANT_DATA[kind], items=items,
        )

    def _register(self, r, on):
        request_register(request=r, acting_user=self.people.registrar, at=at(on, 10))

    def _draft(self, r, on, outcomes, *, user=None):
        request_draft_reply(
            request=r, acting_user=user or self.people.handler,
            decisions=[
                ItemDecision(
                    n, outcome, "依法作出处理，理由见答复书。",
                    responsible_organ=OtherOrganFactory(organ=r.organ)
                    if outcome == Outcome.NOT_THIS_ORGAN else None,
                )
                for n, outcome in enumerate(outcomes, start=1)
            ],
            decision_text="经审查，答复如下。",
            at=at(on, 9),
        )

    def replied(self, kind, *, received, replied, outcomes=(Outcome.PROVIDED,), archived=None):
        """Registered on ``received``, triaged, drafted, reviewed, signed off, replied."""
        items = [f"第{n}项：2025年度环境监测报告及相关数据" for n in range(1, len(outcomes) + 1)]
        r = self._submit(kind, received, items=items)
        p = self.people
        self._register(r, received)
        request_triage(request=r, acting_user=p.registrar, department=p.dept, at=at(received, 11))
        self._draft(r, replied, outcomes)
        request_submit_for_review(request=r, acting_user=p.handler, at=at(replied, 10))
        request_pass_confidentiality_review(request=r, acting_user=p.reviewer, at=at(replied, 11))
        request_sign_off(request=r, acting_user=p.leader, at=at(replied, 14))
        request_reply(request=r, acting_user=p.registrar, at=at(replied, 16))
        if archived:
            request_archive(request=r, acting_user=p.registrar, at=at(archived, 10))
        r.refresh_from_db()
        assert r.concluded_on == D(replied)
        self.ledger.add(Fact(kind, D(received), D(replied), r.outcome))
        return r

    def on_the_spot(self, kind, *, on, outcome=Outcome.ALREADY_PUBLIC):
        """当场答复: an in-person application registered and answered the same day."""
        r = self._submit(kind, on, channel=Channel.IN_PERSON)
        self._register(r, on)
        self._draft(r, on, [outcome], user=self.people.registrar)
        request_reply_on_the_spot(request=r, acting_user=self.people.registrar, at=at(on, 15))
        self.ledger.add(Fact(kind, D(on), D(on), outcome))
        return r

    def abandoned_no_correction(self, kind, *, received, notice, abandoned):
        r = self._submit(kind, received)
        self._register(r, received)
        request_issue_correction_notice(
            request=r, acting_user=self.people.registrar,
            points="请写明所需信息的文件名称或文号。", at=at(notice, 10),
        )
        request_abandon(
            request=r, acting_user=self.people.registrar,
            reason=AbandonReason.CORRECTION_LAPSED, at=at(abandoned, 10),
        )
        self.ledger.add(Fact(kind, D(received), D(abandoned), Outcome.ABANDONED_NO_CORRECTION))
        return r

    def abandoned_no_fee(self, kind, *, received, notice, abandoned):
        r = self._submit(kind, received)
        p = self.people
        self._register(r, received)
        request_triage(request=r, acting_user=p.registrar, department=p.dept, at=at(received, 11))
        fee_notice = request_issue_fee_notice(
            request=r, acting_user=p.handler, standard=FeeStandard.PER_PAGE, quantity=150,
            at=at(notice, 10),
        )
        request_record_fee_notice_receipt(
            request=r, notice=fee_notice, received_on=D(notice), acting_user=p.registrar,
            at=at(notice, 16),
        )
        request_abandon(
            request=r, acting_user=p.registrar, reason=AbandonReason.FEE_UNPAID,
            at=at(abandoned, 10),
        )
        self.ledger.add(Fact(kind, D(received), D(abandoned), Outcome.ABANDONED_NO_FEE))
        return r

    def withdrawn(self, kind, *, received, withdrawn, archived=None):
        r = self._submit(kind, received)
        self._register(r, received)
        request_withdraw(
            request=r, acting_user=self.people.registrar, reason="申请人来函撤回申请",
            at=at(withdrawn, 10),
        )
        if archived:
            request_archive(request=r, acting_user=self.people.registrar, at=at(archived, 10))
        self.ledger.add(Fact(kind, D(received), D(withdrawn), Outcome.OTHER))
        return r

    def withdrawn_before_registration(self, kind, *, submitted, withdrawn):
        r = self._submit(kind, submitted)
        request_withdraw(
            request=r, acting_user=self.people.registrar, reason="申请人撤回", at=at(withdrawn, 10)
        )
        self.ledger.add(Fact(kind, None, D(withdrawn), Outcome.OTHER))
        return r

    def never_registered(self, kind, *, submitted):
        r = self._submit(kind, submitted)
        self.ledger.add(Fact(kind, None, None, ""))
        return r

    def open_in_processing(self, kind, *, received, drafted=None):
        """Registered and triaged, still open; with ``drafted`` a draft outcome is set."""
        r = self._submit(kind, received)
        p = self.people
        self._register(r, received)
        request_triage(request=r, acting_user=p.registrar, department=p.dept, at=at(received, 11))
        if drafted:
            self._draft(r, drafted, [Outcome.REFUSED_STATE_SECRET])
        r.refresh_from_db()
        self.ledger.add(Fact(kind, D(received), None, r.outcome))
        return r


def build_service_requests(organ, people, ledger: Ledger) -> dict[str, DisclosureRequest]:
    """Sixteen requests through the services, spread over 2024–2026, every applicant kind."""
    s = Scenario(organ, people, ledger)
    return {
        # Registered December 2024, answered January 2026: across two year ends.
        "two_year_ends": s.replied(K.NATURAL_PERSON, received="2024-12-16", replied="2026-01-07"),
        "replied_2024": s.replied(K.COMMERCIAL_ENTERPRISE, received="2024-11-04", replied="2024-11-20"),
        "partial": s.replied(
            K.OTHER_ORG, received="2025-09-01", replied="2025-09-19",
            outcomes=(Outcome.PROVIDED, Outcome.REFUSED_THIRD_PARTY),
        ),
        "state_secret": s.replied(
            K.RESEARCH_INSTITUTION, received="2025-04-07", replied="2025-04-28",
            outcomes=(Outcome.REFUSED_STATE_SECRET,),
        ),
        "not_this_organ": s.replied(
            K.NATURAL_PERSON, received="2025-06-03", replied="2025-06-17",
            outcomes=(Outcome.NOT_THIS_ORGAN,), archived="2025-07-01",
        ),
        "repeat": s.replied(
            K.LEGAL_SERVICES_ORG, received="2025-10-09", replied="2025-10-27",
            outcomes=(Outcome.NOT_OGI_REPEAT,),
        ),
        # Received at the end of 2025, answered in 2026.
        "year_end": s.replied(
            K.SOCIAL_WELFARE_ORG, received="2025-12-29", replied="2026-01-16",
            outcomes=(Outcome.NEEDS_CREATION,),
        ),
        "on_the_spot": s.on_the_spot(K.LEGAL_SERVICES_ORG, on="2025-07-01"),
        "no_correction": s.abandoned_no_correction(
            K.COMMERCIAL_ENTERPRISE, received="2025-03-03", notice="2025-03-04",
            abandoned="2025-03-26",
        ),
        "no_fee": s.abandoned_no_fee(
            K.SOCIAL_WELFARE_ORG, received="2025-05-06", notice="2025-05-07",
            abandoned="2025-06-10",
        ),
        "withdrawn_2026": s.withdrawn(
            K.RESEARCH_INSTITUTION, received="2025-12-30", withdrawn="2026-01-05",
            archived="2026-01-06",
        ),
        "withdrawn_2025": s.withdrawn(K.OTHER_ORG, received="2025-02-10", withdrawn="2025-02-12"),
        "withdrawn_unregistered": s.withdrawn_before_registration(
            K.NATURAL_PERSON, submitted="2025-08-04", withdrawn="2025-08-05"
        ),
        "never_registered": s.never_registered(K.COMMERCIAL_ENTERPRISE, submitted="2025-11-03"),
        "open_since_2025": s.open_in_processing(K.NATURAL_PERSON, received="2025-12-01"),
        "open_with_draft": s.open_in_processing(
            K.OTHER_ORG, received="2026-03-02", drafted="2026-03-10"
        ),
    }


# ---- in bulk, with the ORM ------------------------------------------------------------------

_STATUS_OF_OUTCOME = {Outcome.OTHER: Status.WITHDRAWN}
_STATUS_OF_OUTCOME.update(
    {Outcome.ABANDONED_NO_CORRECTION: Status.ABANDONED, Outcome.ABANDONED_NO_FEE: Status.ABANDONED}
)
_OPEN_STATUSES = (
    Status.REGISTERED, Status.PROCESSING, Status.AWAITING_CORRECTION, Status.SIGN_OFF,
    Status.THIRD_PARTY_CONSULTATION,
)


def bulk_applicants(organ) -> dict[str, Applicant]:
    """One applicant per kind (the identity documents are not checked on this path)."""
    return {
        kind: Applicant.objects.create(
            organ=organ, kind=kind, name=f"批量申请人（{kind}）",
            document_type=(
                IdDocumentType.RESIDENT_ID if kind == K.NATURAL_PERSON
                else IdDocumentType.UNIFIED_SOCIAL_CREDIT_CODE
            ),
            document_number=f"BULK-{kind}",
        )
        for kind in KINDS
    }


def random_facts(
    rng: random.Random, n: int, *, first: datetime.date, last: datetime.date
) -> list[Fact]:
    """``n`` facts received between ``first`` and ``last``: most concluded 0–420 days later
    (so many across a year end), some open, some never registered."""
    span = (last - first).days
    outcomes = list(Outcome)
    facts = []
    for _ in range(n):
        kind = rng.choice(KINDS)
        received = first + datetime.timedelta(days=rng.randrange(span + 1))
        roll = rng.random()
        if roll < 0.05:
            facts.append(Fact(kind, None, None, ""))  # received online, never registered
        elif roll < 0.20:
            draft = rng.choice(["", Outcome.PROVIDED, Outcome.PARTIAL])
            facts.append(Fact(kind, received, None, draft))  # open (maybe with a draft)
        else:
            days = rng.choice([0, 3, 15, 25, 40, 90, 200, 420])
            concluded = received + datetime.timedelta(days=rng.randrange(days + 1))
            facts.append(Fact(kind, received, concluded, rng.choice(outcomes)))
    return facts


def bulk_requests(organ, facts: list[Fact], *, number_prefix: str = "BULK") -> None:
    """Write one request per fact with ``bulk_create``."""
    applicants = bulk_applicants(organ)
    rows = []
    for n, f in enumerate(facts):
        submitted = f.received_on or datetime.date(2025, 6, 2)
        if f.received_on is None:
            status = Status.RECEIVED
        elif f.concluded_on is None:
            status = _OPEN_STATUSES[n % len(_OPEN_STATUSES)]
        else:
            status = _STATUS_OF_OUTCOME.get(f.outcome, Status.REPLIED)
        replied = f.concluded_on if status == Status.REPLIED else None
        if f.concluded_on is not None and n % 7 == 0:
            status = Status.ARCHIVED
        rows.append(
            DisclosureRequest(
                organ=organ,
                applicant=applicants[f.kind],
                status=status,
                registration_number=(
                    f"{number_prefix}-{n:06d}" if f.received_on is not None else None
                ),
                channel=Channel.ONLINE,
                submitted_at=at(submitted, 9),
                received_on=f.received_on,
                receipt_confirmed_on=f.received_on,
                form_wanted=InformationForm.ELECTRONIC_FILE,
                obtain_method=ObtainMethod.EMAIL,
                outcome=f.outcome,
                replied_on=replied,
                concluded_on=f.concluded_on,
            )
        )
    DisclosureRequest.objects.bulk_create(rows, batch_size=500)


def settle_clocks(organ, *, today: datetime.date) -> None:
    """For bulk requests: the clock events the acts would have written (the receipt, the
    stop at conclusion), and the clock caches (due date, net working days) rebuilt from
    all the request's events."""
    rows = DisclosureRequest.objects.filter(organ=organ, received_on__isnull=False)
    events = []
    for pk, received, concluded in rows.values_list("pk", "received_on", "concluded_on"):
        events.append(ClockEvent(request_id=pk, kind="received", on=received))
        if concluded is not None:
            events.append(ClockEvent(request_id=pk, kind="stopped", on=concluded))
    ClockEvent.objects.bulk_create(events)
    requests_refresh_clocks(
        DisclosureRequest.objects.filter(organ=organ), calendar=load_working_calendar(),
        today=today,
    )


def finished_task(process, step: str, offered: datetime.datetime, wait, work=None):
    """A human task of ``step`` offered at ``offered``, claimed after ``wait`` and finished
    after ``work`` (``work=None``: finished after ``wait`` without a claim), its timing kept
    as ``workflow.queues`` keeps it."""
    claimed = offered + wait if work is not None else None
    finished = (claimed + work) if claimed is not None else offered + wait
    task = Task.objects.create(
        process=process, flow_task=getattr(DisclosureFlow, step), flow_task_type="HUMAN",
        status=STATUS.DONE, created=offered, assigned=claimed, finished=finished,
    )
    task_record_timing(task, finished=finished)
    return task

"""Helpers for the tests of the legal status machine: requests built in any status through
the services, one act at a time, and a snapshot of everything an act could change.

The timeline is March 2026 (no public holiday before Qingming, 2026-04-04..06):

    Mon 03-02 submitted online        Tue 03-03 registered (received), due Tue 03-31
    Wed 03-04 triaged / correction notice (applicant has 15 working days: until 03-25)
    Thu 03-05 consultation letter, fee notice or sensitive flag; the addressee receives
              the letter the same day (its delivery recorded in the afternoon)
    Fri 03-06 reply drafted and submitted for review
    Mon 03-09 confidentiality review passed
    Tue 03-10 signed off and replied  Wed 03-11 archived
    Thu 03-26 abandoned (correction period over)
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable

from requests.choices import (
    AbandonReason,
    Channel,
    ConsultationResult,
    ConsultedParty,
    FeeStandard,
    Status,
)
from requests.models import (
    AuditEvent,
    ClockEvent,
    Consultation,
    CoordinationMeeting,
    DisclosureRequest,
    Extension,
    FeeNotice,
    RequestItem,
    Sequence,
)
from requests.outcomes import Outcome
from requests.services import (
    request_abandon,
    request_archive,
    request_ask_extension,
    request_ask_reasons,
    request_close_consultation,
    request_draft_reply,
    request_flag_sensitive,
    request_hold_coordination_meeting,
    request_issue_correction_notice,
    request_issue_fee_notice,
    request_open_consultation,
    request_pass_confidentiality_review,
    request_receive_correction,
    request_record_consultation_receipt,
    request_record_fee_notice_receipt,
    request_record_payment,
    request_register,
    request_reply,
    request_reply_on_the_spot,
    request_return_from_review,
    request_return_from_sign_off,
    request_sign_off,
    request_submit_for_review,
    request_triage,
    request_withdraw,
)
from requests.services.reply import ItemDecision
from tests.factories import at, submit

S = Status
D = datetime.date.fromisoformat

SUBMITTED_ON = "2026-03-02"
REGISTERED_ON = "2026-03-03"
DUE_ON = D("2026-03-31")  # 20 working days after 2026-03-03
TRIAGED_ON = "2026-03-04"
CORRECTION_ON = "2026-03-04"
CORRECTION_LAST_DAY = D("2026-03-25")  # 15 working days after the notice
PAUSED_ON = "2026-03-05"
DRAFTED_ON = "2026-03-06"
REVIEWED_ON = "2026-03-09"
REPLIED_ON = "2026-03-10"
ARCHIVED_ON = "2026-03-11"
ABANDONED_ON = "2026-03-26"
#: When the acts of the refusal matrix are tried: after every status above was reached,
#: before the reply due date.
TRY_AT = at("2026-03-27", 15)

CORRECTION_POINTS = "请写明所需环境影响评价报告书对应的建设项目名称或批复文号。"
THIRD_PARTY = "莆田市华亭化工有限公司"
CO_ORGAN = "莆田市自然资源局"
CONSULTATION_SUBJECT = "该企业环境影响评价报告书中的生产工艺和原料配比部分"
SENSITIVE_REASON = "涉及群体性信访的化工项目，社会效应预期复杂"
CONCLUSION = "经办公室、法规科、污防科会商，同意在删除商业秘密部分后予以公开"
DRAFT_TEXT = "提供环境影响评价报告书（删除商业秘密部分）及批复文件电子版"


# ---- the acts, with realistic arguments -------------------------------------------------

def register(r, p, when=None):
    return request_register(request=r, acting_user=p.registrar, at=when or at(REGISTERED_ON))


def triage(r, p, when=None):
    return request_triage(
        request=r, acting_user=p.registrar, department=p.dept, at=when or at(TRIAGED_ON)
    )


def issue_correction(r, p, when=None):
    return request_issue_correction_notice(
        request=r, acting_user=p.registrar, points=CORRECTION_POINTS,
        at=when or at(CORRECTION_ON),
    )


def receive_correction(r, p, when=None):
    return request_receive_correction(
        request=r, acting_user=p.registrar, note="申请人补充了建设项目名称", at=when
    )


def ask_reasons(r, p, when=None):
    when = when or at(TRIAGED_ON)
    return request_ask_reasons(
        request=r, acting_user=p.ogi_head, applications_count=36, period="2026年3月",
        respond_by=when.date() + datetime.timedelta(days=15), at=when,
    )


def open_consultation(r, p, when=None, *, kind=ConsultedParty.THIRD_PARTY, name=THIRD_PARTY):
    return request_open_consultation(
        request=r, acting_user=p.handler, party_kind=kind, party_name=name,
        party_contact="0594-2699001", subject=CONSULTATION_SUBJECT, at=when or at(PAUSED_ON),
    )


def close_consultation(r, p, when=None, *, consultation=None, result=ConsultationResult.CONSENT):
    if consultation is None:
        consultation = r.consultations.filter(closed_on__isnull=True).last() or (
            r.consultations.last()
        )
    if consultation is None:
        # No letter was ever sent for this request: the stale form of a consultation.
        consultation = Consultation(
            request=r, party_kind=ConsultedParty.THIRD_PARTY, party_name=THIRD_PARTY,
            subject=CONSULTATION_SUBJECT, sent_on=D(PAUSED_ON), received_on=D(PAUSED_ON),
            respond_by=D("2026-03-26"),
        )
    return request_close_consultation(
        request=r, acting_user=p.handler, consultation=consultation, result=result,
        opinion="同意公开", at=when,
    )


def issue_fee_notice(r, p, when=None):
    return request_issue_fee_notice(
        request=r, acting_user=p.handler, standard=FeeStandard.PER_PAGE, quantity=150,
        at=when or at(PAUSED_ON),
    )


def receive_consultation_letter(r, p, when=None, *, consultation=None, received_on=None):
    """The consulted party received the letter (by default the day it was sent, 03-05:
    its 15 working days then run to 03-26)."""
    consultation = consultation or r.consultations.filter(received_on__isnull=True).last()
    when = when or at(PAUSED_ON, 16)
    return request_record_consultation_receipt(
        request=r, consultation=consultation, received_on=received_on or when.date(),
        acting_user=p.registrar, at=when,
    )


def receive_fee_notice(r, p, when=None, *, received_on=None):
    """The applicant received the fee notice (by default the day it was issued, 03-05: it
    then pays by 04-02, 20 working days later)."""
    notice = r.fee_notices.filter(received_on__isnull=True).last()
    when = when or at(PAUSED_ON, 16)
    return request_record_fee_notice_receipt(
        request=r, notice=notice, received_on=received_on or when.date(),
        acting_user=p.registrar, at=when,
    )


def record_payment(r, p, when=None):
    return request_record_payment(request=r, acting_user=p.handler, at=when)


def flag_sensitive(r, p, when=None):
    return request_flag_sensitive(
        request=r, acting_user=p.handler, reason=SENSITIVE_REASON, at=when or at(PAUSED_ON)
    )


def hold_meeting(r, p, when=None):
    return request_hold_coordination_meeting(
        request=r, acting_user=p.ogi_head, conclusion=CONCLUSION, at=when or at(DRAFTED_ON)
    )


def draft(r, p, when=None, *, user=None):
    return request_draft_reply(
        request=r, acting_user=user or p.handler,
        decisions=[ItemDecision(1, Outcome.PROVIDED, DRAFT_TEXT)],
        decision_text="经审查，您申请的信息属于可以公开的政府信息，现予提供。",
        at=when or at(DRAFTED_ON),
    )


def submit_for_review(r, p, when=None):
    return request_submit_for_review(request=r, acting_user=p.handler, at=when or at(DRAFTED_ON))


def pass_review(r, p, when=None):
    return request_pass_confidentiality_review(
        request=r, acting_user=p.reviewer, comment="不涉及国家秘密", at=when or at(REVIEWED_ON)
    )


def return_from_review(r, p, when=None):
    return request_return_from_review(
        request=r, acting_user=p.reviewer, reason="第3页含有企业商业秘密，请区分处理",
        at=when or at(REVIEWED_ON),
    )


def sign_off(r, p, when=None):
    return request_sign_off(request=r, acting_user=p.leader, comment="同意", at=when or at(REPLIED_ON))


def return_from_sign_off(r, p, when=None):
    return request_return_from_sign_off(
        request=r, acting_user=p.leader, reason="答复依据条款引用有误，请修改",
        at=when or at(REPLIED_ON),
    )


def reply(r, p, when=None):
    return request_reply(request=r, acting_user=p.registrar, at=when or at(REPLIED_ON, 16))


def reply_on_the_spot(r, p, when=None):
    return request_reply_on_the_spot(request=r, acting_user=p.registrar, at=when)


def abandon(r, p, when=None, *, reason=AbandonReason.CORRECTION_LAPSED):
    return request_abandon(
        request=r, acting_user=p.registrar, reason=reason, at=when or at(ABANDONED_ON)
    )


def withdraw(r, p, when=None):
    return request_withdraw(
        request=r, acting_user=p.registrar, reason="申请人来函撤回申请", at=when or at(TRIAGED_ON)
    )


def archive(r, p, when=None):
    return request_archive(request=r, acting_user=p.registrar, at=when or at(ARCHIVED_ON))


def ask_extension(r, p, when=None):
    return request_ask_extension(
        request=r, acting_user=p.handler, days=10,
        reason="涉及多个年度的档案，需要调阅和整理", at=when,
    )


# ---- requests in any status ----------------------------------------------------------------

PATHS: dict[str, list[Callable]] = {
    S.RECEIVED: [],
    S.REGISTERED: [register],
    S.AWAITING_CORRECTION: [register, issue_correction],
    S.PROCESSING: [register, triage],
    S.THIRD_PARTY_CONSULTATION: [register, triage, open_consultation,
                                 receive_consultation_letter],
    S.AWAITING_FEE: [register, triage, issue_fee_notice, receive_fee_notice],
    S.CONSULTATION: [register, triage, flag_sensitive],
    S.CONFIDENTIALITY_REVIEW: [register, triage, draft, submit_for_review],
    S.SIGN_OFF: [register, triage, draft, submit_for_review, pass_review],
    S.REPLIED: [register, triage, draft, submit_for_review, pass_review, sign_off, reply],
    S.ARCHIVED: [
        register, triage, draft, submit_for_review, pass_review, sign_off, reply, archive
    ],
    S.WITHDRAWN: [register, triage, withdraw],
    S.ABANDONED: [register, issue_correction, abandon],
}
assert set(PATHS) == set(Status.values)


def build(status: str, organ, people, *, channel: str = Channel.ONLINE) -> DisclosureRequest:
    """A request brought to ``status`` by the services, along the timeline above."""
    entered_by = None if channel == Channel.ONLINE else people.registrar
    request = submit(organ, on=SUBMITTED_ON, channel=channel, entered_by=entered_by)
    for step in PATHS[status]:
        step(request, people)
    assert request.status == status
    return request


# ---- what an act may change ----------------------------------------------------------------

def snapshot(request: DisclosureRequest) -> dict:
    """Everything of ``request`` (and the organ's shared series) that an act could change."""
    related = {
        model.__name__: list(model.objects.filter(request=request).order_by("pk").values())
        for model in (
            ClockEvent, Consultation, CoordinationMeeting, Extension, FeeNotice, RequestItem,
        )
    }
    return {
        "request": DisclosureRequest.objects.filter(pk=request.pk).values().get(),
        "audit": list(AuditEvent.objects.order_by("organ", "sequence").values_list("pk", "hash")),
        "sequences": list(Sequence.objects.order_by("pk").values()),
        **related,
    }


def audit_acts(request: DisclosureRequest) -> list[str]:
    return list(request.audit_events.order_by("sequence").values_list("act", flat=True))


@contextlib.contextmanager
def one_audit_event(request: DisclosureRequest, act: str):
    """Assert that the block writes exactly one audit event, for ``act`` on ``request``;
    yield a list that receives that event."""
    before = AuditEvent.objects.values_list("pk", flat=True)
    before = set(before)
    status_before = request.status
    found: list[AuditEvent] = []
    yield found
    new = list(AuditEvent.objects.exclude(pk__in=before))
    assert len(new) == 1, [e.act for e in new]
    event = new[0]
    assert (event.request_id, event.act) == (request.pk, act)
    request.refresh_from_db()
    assert (event.status_before, event.status_after) == (status_before, request.status)
    found.append(event)

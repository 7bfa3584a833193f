"""Consultation of third parties and other organs (Art. 32, 34) and of departments
in sensitive cases (协调会商)."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import ConsultationResult, ConsultedParty, Role, Status
from ..errors import RequestActError
from ..models import Consultation, CoordinationMeeting, CoordinationOpinion, DisclosureRequest
from ..models.audit import Act
from ..models.clock_event import ClockEventKind
from ..models.consultation import OpinionSource
from .clock import pause_begun_after_due
from .common import legal_act, require_case_handler, require_role

#: Who speaks for each invited side of a coordination consultation.
SOURCE_ROLES = {
    OpinionSource.LEGAL: Role.LEGAL_REVIEWER,
    OpinionSource.SECRECY: Role.SECRECY_REVIEWER,
    OpinionSource.PUBLICITY: Role.DEPARTMENT_HEAD,
    OpinionSource.DEPARTMENT: Role.DEPARTMENT_HEAD,
}

#: Art. 32, 34: each consulted party has 15 working days from receiving the letter.
CONSULTATION_WORKING_DAYS = 15


def request_open_consultation(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser,
    party_kind: str,
    party_name: str,
    subject: str,
    party_contact: str = "",
    sent_on: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> Consultation:
    """征求意见: one letter to one party, with its own 15-working-day window; the clock pauses."""
    if party_kind not in ConsultedParty.values:
        raise RequestActError(_("请选择被征求意见方的类别。"), code="party_kind")
    if not party_name.strip() or not subject.strip():
        raise RequestActError(_("请填写被征求意见方的名称和涉及的信息。"), code="party_name")
    with legal_act(request, Act.OPEN_CONSULTATION, actor=acting_user, at=at) as act:
        require_case_handler(acting_user, request)
        act.transition(request.open_consultation)
        sent_on = sent_on or act.today
        consultation = Consultation.objects.create(
            request=request,
            party_kind=party_kind,
            party_name=party_name.strip(),
            party_contact=party_contact.strip(),
            subject=subject.strip(),
            sent_on=sent_on,
            opened_by=acting_user,
        )
        # The pause runs from the day the letter is sent; the party's own 15 working days
        # run from the day it receives the letter (request_record_consultation_receipt).
        # Begun after the due date, it moves nothing: recorded, and flagged to supervisors.
        act.data.update(
            pause_begun_after_due(request, pause_key=consultation.pause_key, on=sent_on)
        )
        act.clock(ClockEventKind.PAUSE_STARTED, sent_on, pause_key=consultation.pause_key)
        act.data.update(
            consultation=consultation.pk,
            party_kind=party_kind,
            party_name=consultation.party_name,
        )
    return consultation


def request_close_consultation(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser | None,
    consultation: Consultation,
    result: str,
    opinion: str = "",
    closed_on: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> Consultation:
    """征求意见结束: an opinion arrived, or the 15 days lapsed (statutory default).

    A third party's silence leaves the decision to the organ; another organ's silence
    counts as consent. The request returns to processing when its last open consultation
    closes.
    """
    if consultation.request_id != request.pk:
        raise RequestActError(_("该征求意见不属于此申请。"), code="consultation")
    if result not in ConsultationResult.values:
        raise RequestActError(_("请选择意见结果。"), code="result")
    lapsed = result in (ConsultationResult.LAPSED_THIRD_PARTY, ConsultationResult.LAPSED_CO_ORGAN)
    expected_lapse = (
        ConsultationResult.LAPSED_THIRD_PARTY
        if consultation.party_kind == ConsultedParty.THIRD_PARTY
        else ConsultationResult.LAPSED_CO_ORGAN
    )
    if lapsed and result != expected_lapse:
        raise RequestActError(_("逾期未答复的法律后果与被征求意见方的类别不符。"), code="result")
    with legal_act(request, Act.CLOSE_CONSULTATION, actor=acting_user, at=at, comment=opinion) as act:
        if acting_user is not None:
            require_case_handler(acting_user, request)
        act.check_source(request.close_consultation)
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if consultation.closed_on is not None:
            raise RequestActError(_("该征求意见已经结束。"), code="closed")
        if lapsed and consultation.respond_by is None:
            raise RequestActError(
                _("尚未记录被征求意见方收到征求意见文书的日期，征求意见期限尚未开始计算，"
                  "不能按逾期处理。"), code="not_lapsed",
            )
        closed_on = consultation.respond_by if lapsed else (closed_on or act.today)
        if lapsed and not consultation.has_lapsed(act.today):
            raise RequestActError(
                _("征求意见期限尚未届满，不能按逾期处理。"), code="not_lapsed"
            )
        if closed_on < consultation.sent_on or closed_on > act.today:
            raise RequestActError(_("结束日期应在发出之后、不晚于今天。"), code="closed_on")
        consultation.closed_on = closed_on
        consultation.result = result
        consultation.opinion = opinion.strip()
        consultation.save(update_fields=["closed_on", "result", "opinion"])
        act.clock(ClockEventKind.PAUSE_ENDED, closed_on, pause_key=consultation.pause_key)
        if not request.consultations.filter(closed_on__isnull=True).exists():
            act.transition(request.close_consultation)
        act.data.update(consultation=consultation.pk, result=result, closed_on=closed_on)
    return consultation


def request_flag_sensitive(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser,
    reason: str,
    at: datetime.datetime | None = None,
) -> CoordinationMeeting:
    """标记为敏感申请: any handler may flag a case, with a reason; it goes to 协调会商."""
    if not reason.strip():
        raise RequestActError(_("请写明标记为敏感申请的理由。"), code="reason")
    with legal_act(request, Act.FLAG_SENSITIVE, actor=acting_user, at=at, comment=reason) as act:
        require_role(acting_user, request.organ, Role.HANDLER)
        act.transition(request.flag_sensitive)
        request.is_sensitive = True
        request.sensitive_reason = reason.strip()
        meeting = CoordinationMeeting.objects.create(
            request=request, reason=reason.strip(), opened_by=acting_user, opened_at=act.at
        )
        act.data["meeting"] = meeting.pk
    return meeting


def request_record_opinion(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser,
    source: str,
    opinion: str,
    at: datetime.datetime | None = None,
) -> CoordinationOpinion:
    """会商意见: an invited department records its opinion on a sensitive case."""
    if source not in OpinionSource.values:
        raise RequestActError(_("请选择意见方。"), code="source")
    if not opinion.strip():
        raise RequestActError(_("请填写意见。"), code="opinion")
    with legal_act(request, Act.RECORD_OPINION, actor=acting_user, at=at, comment=opinion) as act:
        act.require_status(Status.CONSULTATION)
        role = SOURCE_ROLES[source]
        require_role(
            acting_user, request.organ, role,
            department_id=request.department_id if source == OpinionSource.DEPARTMENT else None,
        )
        meeting = request.coordination_meetings.filter(concluded_at__isnull=True).last()
        if meeting is None:
            raise RequestActError(_("没有待结论的协调会商。"), code="meeting")
        if meeting.opinions.filter(source=source).exists():
            raise RequestActError(_("该方已经提出意见。"), code="duplicate")
        record = CoordinationOpinion.objects.create(
            meeting=meeting, source=source, opinion=opinion.strip(), given_by=acting_user,
            given_at=act.at,
        )
        act.data.update(meeting=meeting.pk, source=source)
    return record


def request_hold_coordination_meeting(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser,
    conclusion: str,
    at: datetime.datetime | None = None,
) -> CoordinationMeeting:
    """协调会商: the OGI office head records the meeting's conclusion."""
    if not conclusion.strip():
        raise RequestActError(_("请填写会商结论。"), code="conclusion")
    with legal_act(
        request, Act.HOLD_COORDINATION_MEETING, actor=acting_user, at=at, comment=conclusion
    ) as act:
        require_role(acting_user, request.organ, Role.OGI_HEAD)
        act.check_source(request.hold_coordination_meeting)
        meeting = request.coordination_meetings.filter(concluded_at__isnull=True).last()
        if meeting is None:
            raise RequestActError(_("没有待结论的协调会商。"), code="meeting")
        act.transition(request.hold_coordination_meeting)
        meeting.conclusion = conclusion.strip()
        meeting.concluded_by = acting_user
        meeting.concluded_at = act.at or timezone.now()
        meeting.save(update_fields=["conclusion", "concluded_by", "concluded_at"])
        act.data["meeting"] = meeting.pk
    return meeting

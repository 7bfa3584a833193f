"""A request's state in the applicant's words: what it is, who is waiting on whom, what
comes next and by when.

Internal stages (coordination consultation, confidentiality review, sign-off) are all
"办理中" to the applicant; a consultation of a third party or another organ is shown as a
pause of the clock, never with the party's name.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from requests.choices import AbandonReason, Status
from requests.clock import ClockState
from requests.models import DisclosureRequest

S = Status

#: Applicant-facing label and tone (the CSS class of the badge) per legal status.
LABELS = {
    S.RECEIVED: (gettext_lazy("已提交，待登记"), "warn"),
    S.REGISTERED: (gettext_lazy("已登记"), "ok"),
    S.AWAITING_CORRECTION: (gettext_lazy("待您补正"), "soon"),
    S.PROCESSING: (gettext_lazy("办理中"), "ok"),
    S.CONSULTATION: (gettext_lazy("办理中"), "ok"),
    S.CONFIDENTIALITY_REVIEW: (gettext_lazy("办理中"), "ok"),
    S.SIGN_OFF: (gettext_lazy("办理中"), "ok"),
    S.THIRD_PARTY_CONSULTATION: (gettext_lazy("征求意见中"), "warn"),
    S.AWAITING_FEE: (gettext_lazy("待您缴费"), "soon"),
    S.REPLIED: (gettext_lazy("已答复"), "stopped"),
    S.WITHDRAWN: (gettext_lazy("已撤回"), "stopped"),
    S.ABANDONED: (gettext_lazy("已终止办理"), "stopped"),
}


@dataclass(frozen=True)
class ApplicantStatus:
    label: str
    tone: str
    waiting_on: str  # who is waiting on whom, "" when nothing is pending
    next_step: str
    applicant_deadline: datetime.date | None = None  # what the applicant must do by then


def effective_status(request: DisclosureRequest) -> str:
    """An archived file shows how it ended (replied, withdrawn or abandoned)."""
    if request.status != S.ARCHIVED:
        return request.status
    if request.abandon_reason:
        return S.ABANDONED
    if request.replied_on:
        return S.REPLIED
    return S.WITHDRAWN


def applicant_status(
    request: DisclosureRequest,
    *,
    correction_last_day: datetime.date | None = None,
    fee_last_day: datetime.date | None = None,
) -> ApplicantStatus:
    """The status in plain words; the applicant's last day where they must act."""
    status = effective_status(request)
    label, tone = LABELS[status]
    if status == S.RECEIVED:
        return ApplicantStatus(
            label, tone, _("等待本机关确认收到并登记"),
            _("本机关工作人员核对后登记您的申请，并发出登记回执。答复期限自本机关确认收到申请之日的次日起计算。"),
        )
    if status == S.REGISTERED:
        return ApplicantStatus(
            label, tone, _("等待本机关初审"),
            _("本机关正在审查申请内容：内容明确的，交承办部门办理；内容不明确的，会一次性告知您需要补正的事项。"),
        )
    if status == S.AWAITING_CORRECTION:
        return ApplicantStatus(
            label, tone, _("本机关在等待您补正"),
            _("请按补正告知书修改不明确的内容或补充材料。补正后，答复期限自本机关收到补正之日起重新计算；无正当理由逾期不补正的，视为放弃申请。"),
            correction_last_day,
        )
    if status == S.THIRD_PARTY_CONSULTATION:
        return ApplicantStatus(
            label, tone, _("本机关在等待有关方面的意见"),
            _("申请公开的信息涉及他人的合法权益或者其他机关，本机关正在依法征求意见。征求意见的时间不计入答复期限，答复期限相应顺延。"),
        )
    if status == S.AWAITING_FEE:
        return ApplicantStatus(
            label, tone, _("本机关在等待您缴纳信息处理费"),
            _("请按收费通知书缴纳信息处理费。逾期未缴纳的，本机关不再处理该申请。"),
            fee_last_day,
        )
    if status == S.REPLIED:
        return ApplicantStatus(
            label, tone, "",
            _("本机关已作出答复，请下载答复书。对答复不服的，可以依照答复书的告知申请行政复议或者提起行政诉讼。"),
        )
    if status == S.WITHDRAWN:
        return ApplicantStatus(label, tone, "", _("您已撤回该申请，本机关不再处理。"))
    if status == S.ABANDONED:
        if request.abandon_reason == AbandonReason.FEE_UNPAID:
            text = _("因逾期未缴纳信息处理费，本机关不再处理该申请。")
        else:
            text = _("因逾期未补正，视为放弃申请，本机关不再处理。")
        return ApplicantStatus(label, tone, "", text)
    return ApplicantStatus(
        label, tone, _("等待本机关答复"),
        _("本机关正在查找信息、拟写并审核答复。答复后，您可以在本页下载答复书。"),
    )


@dataclass(frozen=True)
class DueDate:
    """The reply's due date as the applicant sees it."""

    on: datetime.date | None
    provisional: bool = False
    paused: bool = False
    overdue: bool = False
    note: str = ""


def due_date(request: DisclosureRequest, clock: ClockState | None = None) -> DueDate:
    """From the clock (``request_clock``) when given, else from the stored cache."""
    status = effective_status(request)
    if status == S.RECEIVED:
        return DueDate(None, note=_("登记后开始计算"))
    if status == S.AWAITING_CORRECTION:
        return DueDate(None, paused=True, note=_("停止计算，自收到补正之日起重新计算"))
    if status in (S.REPLIED, S.WITHDRAWN, S.ABANDONED):
        return DueDate(None, note=_("已办结"))
    if clock is not None:
        due, provisional = clock.due, clock.provisional
        paused, overdue = clock.paused, clock.overdue
    else:
        due, provisional = request.due_on, request.due_is_provisional
        paused = status in (S.THIRD_PARTY_CONSULTATION, S.AWAITING_FEE)
        # A running pause moves the date on (the deadline sweep keeps the cache current).
        overdue = not paused and due is not None and due < timezone.localdate()
    note = _("暂停计算中，期限将相应顺延") if paused else ""
    return DueDate(due, provisional=provisional, paused=paused, overdue=overdue, note=note)

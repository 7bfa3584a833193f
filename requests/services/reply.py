"""Drafting the reply, confidentiality review (Art. 17), sign-off and the reply itself.

Four-eyes: the drafter can neither pass the review nor sign off the same reply.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from ..choices import Role, Status
from ..errors import RequestActError
from ..models import DisclosureRequest, OtherOrgan
from ..models.audit import Act
from ..models.clock_event import ClockEventKind
from ..models.disclosure_request import is_in_person
from ..outcomes import REPLY_OUTCOMES, Outcome, request_outcome
from .common import legal_act, require_case_handler, require_other_person, require_role


@dataclass(frozen=True)
class ItemDecision:
    position: int
    outcome: str
    text: str = ""
    #: Art. 36(5): for an item not this organ's to disclose, the organ responsible (from
    #: the organ's directory of other organs); ignored for other outcomes.
    responsible_organ: OtherOrgan | None = None


def _check_responsible_organs(request: DisclosureRequest, decisions: list[ItemDecision]) -> None:
    """Art. 36(5): the reply names the organ responsible and its contact details, so an item
    not this organ's needs an entry of the organ's own directory."""
    for decision in sorted(decisions, key=lambda d: d.position):
        if decision.outcome != Outcome.NOT_THIS_ORGAN:
            continue
        other = decision.responsible_organ
        if other is None:
            raise RequestActError(
                _("第%(n)s项不属于本机关负责公开：请从其他行政机关名录中选择负责公开该信息的行政机关，"
                  "答复书将写明其名称和联系方式（《条例》第三十六条第（五）项）。")
                % {"n": decision.position},
                code="responsible_organ",
            )
        if other.organ_id != request.organ_id:
            raise RequestActError(
                _("第%(n)s项所选的行政机关不在本机关的其他行政机关名录中。")
                % {"n": decision.position},
                code="responsible_organ",
            )


#: How staff texts cite the Regulations (the letter does that itself).
_REGULATIONS_MARKS = ("《条例》", "政府信息公开条例》")


def _check_particulars(decisions: list[ItemDecision], decision_text: str) -> None:
    """One statement of each decision: the reply states the finding and its article from the
    outcome (``OUTCOME_RULES``), so what staff write is the case's particulars only — where
    they searched, the specific reason, where to obtain it — never a second conclusion with
    an article of their own choosing."""
    if any(mark in decision_text for mark in _REGULATIONS_MARKS):
        raise RequestActError(
            _("总体说明中引用了《条例》条款：答复书会按答复结果写明结论和法律依据，请只写明本案的"
              "具体情况。"), code="particulars")
    for decision in sorted(decisions, key=lambda d: d.position):
        if any(mark in decision.text for mark in _REGULATIONS_MARKS):
            raise RequestActError(
                _("第%(n)s项的说明中引用了《条例》条款：答复书会按答复结果写明结论和法律依据，请只"
                  "写明本案的具体情况（如检索范围、不予公开的具体理由、获取途径）。")
                % {"n": decision.position}, code="particulars")


def request_draft_reply(
    *,
    request: DisclosureRequest,
    acting_user: AbstractBaseUser,
    decisions: list[ItemDecision],
    decision_text: str = "",
    at: datetime.datetime | None = None,
) -> DisclosureRequest:
    """拟写答复: one decision per item asked for; the request's outcome follows from them."""
    items = {item.position: item for item in request.items.all()}
    given = {d.position: d for d in decisions}
    if set(given) != set(items):
        raise RequestActError(_("请对每一项申请内容分别作出答复。"), code="decisions")
    if any(d.outcome not in REPLY_OUTCOMES for d in decisions):
        raise RequestActError(_("答复结果不正确。"), code="outcome")
    withholding = {Outcome.PARTIAL} | {o for o in Outcome if o.startswith("refused_")}
    if any(d.outcome in withholding and not d.text.strip() for d in decisions):
        raise RequestActError(
            _("不予公开或部分公开的，应写明不予公开的内容和理由。"), code="reasons"
        )
    _check_responsible_organs(request, decisions)
    _check_particulars(decisions, decision_text)
    with legal_act(request, Act.DRAFT_REPLY, actor=acting_user, at=at) as act:
        if request.status == Status.REGISTERED:
            require_role(acting_user, request.organ, Role.REGISTRAR)
        elif request.status == Status.PROCESSING:
            require_case_handler(acting_user, request)
        else:
            raise RequestActError(
                _("申请当前状态为「%(status)s」，不能拟写答复。")
                % {"status": request.get_status_display()},
                code="transition_not_allowed",
            )
        for position, decision in given.items():
            item = items[position]
            item.outcome = decision.outcome
            item.decision_text = decision.text.strip()
            item.responsible_organ = (
                decision.responsible_organ if decision.outcome == Outcome.NOT_THIS_ORGAN else None
            )
            item.save(update_fields=["outcome", "decision_text", "responsible_organ"])
        request.outcome = request_outcome([d.outcome for d in decisions])
        request.decision_text = decision_text.strip()
        request.drafted_by = acting_user
        request.reviewed_by = None
        request.signed_off_by = None
        act.data.update(outcome=request.outcome, items={p: d.outcome for p, d in given.items()})
        responsible = {
            p: d.responsible_organ.name for p, d in given.items()
            if d.outcome == Outcome.NOT_THIS_ORGAN
        }
        if responsible:
            act.data["responsible_organs"] = responsible
    return request


def request_submit_for_review(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser, at: datetime.datetime | None = None
) -> DisclosureRequest:
    """提交保密审查: the drafted reply and the material to release go to the secrecy review."""
    with legal_act(request, Act.SUBMIT_FOR_REVIEW, actor=acting_user, at=at) as act:
        require_case_handler(acting_user, request)
        act.check_source(request.submit_for_review)
        if request.needs_coordination:
            raise RequestActError(
                _("敏感申请须经协调会商形成结论后，方可提交保密审查。"), code="coordination"
            )
        if not request.outcome:
            raise RequestActError(_("请先拟写答复。"), code="draft")
        act.transition(request.submit_for_review)
    return request


def request_pass_confidentiality_review(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser, comment: str = "",
    at: datetime.datetime | None = None,
) -> DisclosureRequest:
    """保密审查通过 (Art. 17)."""
    with legal_act(
        request, Act.PASS_CONFIDENTIALITY_REVIEW, actor=acting_user, at=at, comment=comment
    ) as act:
        require_role(acting_user, request.organ, Role.SECRECY_REVIEWER)
        require_other_person(
            acting_user, request.drafted_by_id, _("不能对本人拟写的答复进行保密审查。")
        )
        act.transition(request.pass_confidentiality_review)
        request.reviewed_by = acting_user
    return request


def _require_reason(reason: str) -> None:
    if not reason.strip():
        raise RequestActError(_("退回时请写明理由。"), code="reason")


def request_return_from_review(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser, reason: str,
    at: datetime.datetime | None = None,
) -> DisclosureRequest:
    """保密审查退回: back to the handler with reasons."""
    _require_reason(reason)
    with legal_act(request, Act.RETURN_FROM_REVIEW, actor=acting_user, at=at, comment=reason) as act:
        require_role(acting_user, request.organ, Role.SECRECY_REVIEWER)
        require_other_person(
            acting_user, request.drafted_by_id, _("不能对本人拟写的答复进行保密审查。")
        )
        act.transition(request.return_from_review)
    return request


def request_sign_off(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser, comment: str = "",
    at: datetime.datetime | None = None,
) -> DisclosureRequest:
    """审签: the responsible leader approves the reply."""
    with legal_act(request, Act.SIGN_OFF, actor=acting_user, at=at, comment=comment) as act:
        require_role(acting_user, request.organ, Role.SIGNING_LEADER)
        require_other_person(acting_user, request.drafted_by_id, _("不能签发本人拟写的答复。"))
        act.check_source(request.sign_off)
        if request.signed_off_by_id is not None:
            raise RequestActError(_("该答复已经签发。"), code="signed")
        act.transition(request.sign_off)
        request.signed_off_by = acting_user
    return request


def request_return_from_sign_off(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser, reason: str,
    at: datetime.datetime | None = None,
) -> DisclosureRequest:
    """审签退回: back to the handler with reasons."""
    _require_reason(reason)
    with legal_act(
        request, Act.RETURN_FROM_SIGN_OFF, actor=acting_user, at=at, comment=reason
    ) as act:
        require_role(acting_user, request.organ, Role.SIGNING_LEADER)
        act.transition(request.return_from_sign_off)
        request.signed_off_by = None
        request.reviewed_by = None
    return request


def request_reply(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser,
    at: datetime.datetime | None = None, released: Sequence[Mapping] = (),
) -> DisclosureRequest:
    """答复: the signed-off reply goes out; the clock stops.

    ``released`` describes the files frozen for the applicant in the same transaction (name,
    SHA-256, pages…, from ``records.release``): the act's audit event records them, so the
    chain proves what went out.
    """
    with legal_act(request, Act.REPLY, actor=acting_user, at=at) as act:
        require_role(acting_user, request.organ, Role.REGISTRAR)
        act.transition(request.reply)
        _conclude(request, act, released)
    return request


def request_reply_on_the_spot(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser,
    at: datetime.datetime | None = None, released: Sequence[Mapping] = (),
) -> DisclosureRequest:
    """当场答复 (Art. 33): an in-person application answered in the same sitting (with the
    files handed over, ``released``, as for ``request_reply``)."""
    with legal_act(request, Act.REPLY_ON_THE_SPOT, actor=acting_user, at=at) as act:
        require_role(acting_user, request.organ, Role.REGISTRAR)
        act.check_source(request.reply_on_the_spot)
        if not is_in_person(request) or request.received_on != act.today:
            raise RequestActError(
                _("当场答复只适用于当日当面提出的申请。"), code="not_same_day"
            )
        if not request.outcome:
            raise RequestActError(_("请先拟写答复。"), code="draft")
        act.transition(request.reply_on_the_spot)
        _conclude(request, act, released)
    return request


def _conclude(request: DisclosureRequest, act, released: Sequence[Mapping]) -> None:
    request.replied_on = act.today
    request.concluded_on = act.today
    act.clock(ClockEventKind.STOPPED, act.today)
    act.data.update(outcome=request.outcome, replied_on=act.today)
    if released:
        act.data["released_files"] = [dict(entry) for entry in released]

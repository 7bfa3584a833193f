"""The public history of a request: its audit events, told to the applicant.

Only acts the applicant takes part in or is told about are shown, each in plain words
built from the event's data — never the staff's comments, opinions or names, never the
internal steps (triage, drafting, consultation of departments, review, sign-off), and
never the name of a third party or organ consulted (nor the delivery of a letter to one).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import gettext as _

from letters.kinds import NON_APPLICANT_KINDS
from requests.choices import AbandonReason, Channel
from requests.models import AuditEvent, DisclosureRequest
from requests.models.audit import Act


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    text: str


def _date(value) -> str:
    if not value:
        return ""
    try:
        day = datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return ""
    return formats.date_format(day, "DATE_FORMAT")


def _submit(data: dict) -> str:
    if data.get("channel") == Channel.ONLINE:
        return _("您通过网上平台提交了申请")
    channel = Channel(data["channel"]).label if data.get("channel") in Channel.values else ""
    return _("本机关收到您的申请（%(channel)s），由工作人员录入") % {"channel": channel}


def _register(data: dict) -> str:
    return _("申请已登记，登记编号%(number)s；收到申请之日为%(date)s，答复期限自次日起计算") % {
        "number": data.get("registration_number", ""),
        "date": _date(data.get("received_on")),
    }


def _abandon(data: dict) -> str:
    if data.get("reason") == AbandonReason.FEE_UNPAID:
        return _("逾期未缴纳信息处理费，本机关不再处理该申请，已发出终止办理告知书")
    return _("逾期未补正，视为放弃申请，本机关不再处理，已发出终止办理告知书")


def _new_period(data: dict) -> str:
    """A good reason found for a lapsed period: the applicant learns the new last day."""
    if data.get("period") == AbandonReason.FEE_UNPAID:
        text = _("本机关认定您有正当理由，缴费期限重新确定至%(date)s")
    else:
        text = _("本机关认定您有正当理由，补正期限重新确定至%(date)s")
    return text % {"date": _date(data.get("new_last_day"))}


def _fee(data: dict) -> str:
    try:
        amount = formats.number_format(Decimal(str(data.get("amount", ""))), 2)
    except InvalidOperation:
        amount = ""
    if data.get("pay_by"):  # notices of before the period ran from receipt
        return _("本机关发出收费通知书：信息处理费%(amount)s元，请于%(date)s前缴纳") % {
            "amount": amount, "date": _date(data.get("pay_by")),
        }
    return _("本机关发出收费通知书：信息处理费%(amount)s元，请自收到通知书次日起%(days)s个工作日内缴纳") % {
        "amount": amount, "days": data.get("payment_days", ""),
    }


#: The acts the applicant sees, with how each is told.
def _dispatch(data: dict) -> str:
    """A letter to the applicant reached them; deliveries to anyone else are not told."""
    if data.get("kind") in NON_APPLICANT_KINDS:
        return ""
    text = _("本机关文书%(number)s已于%(date)s送达") % {
        "number": data.get("letter", ""), "date": _date(data.get("delivered_on")),
    }
    if data.get("pay_by"):  # the fee notice: the payment period now has its last day
        text += _("，请于%(date)s前缴纳信息处理费") % {"date": _date(data["pay_by"])}
    return text


PUBLIC_ACTS: dict[str, Callable[[dict], str]] = {
    Act.SUBMIT: _submit,
    Act.REGISTER: _register,
    Act.REQUEST_CORRECTION: lambda d: _("本机关发出补正告知书，请于%(date)s前补正")
    % {"date": _date(d.get("respond_by"))},
    Act.RECEIVE_CORRECTION: lambda d: _("收到补正，答复期限自%(date)s的次日起重新计算")
    % {"date": _date(d.get("received_on"))},
    Act.REQUEST_REASONS: lambda d: _("本机关请您说明申请理由（请于%(date)s前说明）")
    % {"date": _date(d.get("respond_by"))},
    Act.OPEN_CONSULTATION: lambda d: _("本机关依法征求意见，征求意见期间不计入答复期限"),
    Act.CLOSE_CONSULTATION: lambda d: _("征求意见结束，答复期限恢复计算"),
    Act.GRANT_EXTENSION: lambda d: _("本机关决定延期答复，答复期限延长%(days)s个工作日")
    % {"days": d.get("days", "")},
    Act.SET_LATER_REPLY_DATE: lambda d: _("本机关认为您的申请理由合理，但申请数量、频次明显超过合理"
                                          "范围，确定延迟至%(date)s前答复")
    % {"date": _date(d.get("reply_by"))},
    Act.ISSUE_FEE_NOTICE: _fee,
    Act.RECORD_PAYMENT: lambda d: _("已收到您缴纳的信息处理费，继续办理"),
    Act.REPLY: lambda d: _("本机关已作出答复"),
    Act.REPLY_ON_THE_SPOT: lambda d: _("本机关已当场答复"),
    Act.DISPATCH: _dispatch,
    Act.WITHDRAW: lambda d: _("申请已撤回"),
    Act.ABANDON: _abandon,
    Act.GRANT_NEW_PERIOD: _new_period,
}


def public_history(request: DisclosureRequest) -> list[HistoryEntry]:
    """The request's public history, oldest first. One query."""
    events = (
        AuditEvent.objects.filter(request=request, act__in=list(PUBLIC_ACTS))
        .order_by("sequence")
        .values_list("act", "at", "data")
    )
    entries = [HistoryEntry(at=at, text=PUBLIC_ACTS[act](data or {})) for act, at, data in events]
    return [entry for entry in entries if entry.text]

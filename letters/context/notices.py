"""Letters to the applicant before or instead of the reply: receipt, correction notice,
reasons notice (Art. 35), extension notice, fee notice and termination notice."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from requests.calendar import WorkingCalendar
from requests.choices import AbandonReason, FeeStandard
from requests.clock import STATUTORY_WORKING_DAYS, cn_date
from requests.fees import compute_fee
from requests.models import DisclosureRequest, Extension, FeeNotice
from requests.models.audit import Act
from requests.models.extension import ExtensionArticle
from requests.services.registration import CORRECTION_NOTICE_DAYS

from ..kinds import LetterKind
from .common import Citer, Letter, applicant_opening, ogi_office

K = LetterKind


def _iso(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def earlier_letter_number(request: DisclosureRequest, kind: str) -> str:
    """The number of the letter of ``kind`` last sent on this request, if any."""
    letter = (
        request.letters.filter(kind=kind, replaced_by__isnull=True).order_by("-issued_at").first()
    )
    return _("（%(number)s）") % {"number": letter.number} if letter else ""


def fill_receipt(letter: Letter, request: DisclosureRequest, *, clock) -> None:
    """登记回执: registered; the period counts from the receipt date; due date; follow-up."""
    cite = Citer()
    letter.opening = [applicant_opening(request, letter.issued_on)]
    due = clock.due
    provisional = (
        _("（该日期按尚未经国务院通知确认的节假日安排推算，如有调整，以调整后的工作日为准）")
        if clock.provisional else ""
    )
    organ = request.organ
    due_sentence = _(
        "依据%(law)s的规定，本机关将自收到申请之日起%(days)s个工作日内予以答复%(due)s。"
        "需要延长答复期限的，经本机关政府信息公开工作机构负责人同意并告知您，延长的期限最长不超过"
        "20个工作日；征求第三方和其他机关意见所需时间不计算在答复期限内。"
    )
    letter.body = [
        _("经审查，本机关已于%(date)s对您的申请予以登记。依据%(law)s的规定，本机关收到申请之日为"
          "%(received)s，答复期限自次日起计算。") % {
            "date": cn_date(request.receipt_confirmed_on or request.received_on),
            "law": cite("第三十一条"), "received": cn_date(request.received_on)},
        due_sentence % {
            "law": cite("第三十三条第二款、第三款"), "days": STATUTORY_WORKING_DAYS,
            "due": _("，即最迟于%(due)s作出答复%(provisional)s") % {
                "due": cn_date(due), "provisional": provisional} if due else ""},
        _("您可以凭登记编号%(number)s，通过网上申请平台或者致电%(phone)s查询办理进度。") % {
            "number": request.registration_number, "phone": organ.phone or ogi_office(organ)},
        _("本机关经审查认为申请内容不明确的，将自收到申请之日起%(days)s个工作日内一次性告知您"
          "作出补正（%(law)s）。") % {"days": CORRECTION_NOTICE_DAYS, "law": cite("第三十条")},
    ]


def split_points(points: str) -> list[str]:
    """The correction points one by one, numbered 1. 2. …, whatever way staff wrote them."""
    import re

    lines = [line.strip() for line in points.splitlines() if line.strip()]
    if len(lines) == 1:
        lines = [p.strip() for p in re.split(r"(?:^|(?<=[；;。]))\s*\d+\s*[.．、]", lines[0])
                 if p.strip()]
    cleaned = [re.sub(r"^\d+\s*[.．、]\s*", "", line).rstrip("；;") for line in lines]
    return [
        f"{n}.{text}" + ("" if text.endswith(("。", "？", "）")) else "。")
        for n, text in enumerate(cleaned, start=1)
    ]


def fill_correction_notice(letter: Letter, request: DisclosureRequest, *, last_day) -> None:
    """补正告知书 (Art. 30): what to supply, the guidance, the period, the consequences."""
    cite = Citer()
    organ = request.organ
    letter.opening = [applicant_opening(request, letter.issued_on)]
    letter.body = [
        _("经审查，您的申请内容不明确，本机关无法据此确定您所需要的政府信息。依据%(law)s的规定，"
          "现一次性告知您需要补正的事项如下：") % {"law": cite("第三十条")},
        *split_points(request.correction_points),
        _("补正指导：依据%(law)s的规定，申请应当写明申请公开的政府信息的名称、文号或者便于行政机关"
          "查询的其他特征性描述。请尽量写明信息的制作机关、文件名称或文号、所涉及的企业或项目名称、"
          "地点和时间范围。") % {"law": cite("第二十九条第二款第（二）项")},
        _("请您于%(last_day)s前（自本告知书发出之日起%(days)s个工作日内），通过网上申请平台、"
          "邮寄或者当面提交等方式向本机关提交补正后的申请。答复期限自本机关收到补正后的申请之日起"
          "重新计算。") % {"last_day": cn_date(last_day), "days": organ.correction_period_days},
        _("您无正当理由逾期不补正的，视为放弃申请，本机关将不再处理该政府信息公开申请（%(law)s）。")
        % {"law": cite("第三十条")},
    ]


def fill_reasons_notice(letter: Letter, request: DisclosureRequest, *, event) -> None:
    """说明理由告知书 (Art. 35): the figures, the request for reasons, the consequences."""
    cite = Citer()
    data = event.data
    respond_by = _iso(data.get("respond_by"))
    letter.opening = [applicant_opening(request, letter.issued_on)]
    letter.body = [
        _("经统计，您在%(period)s内共向本机关提出政府信息公开申请%(count)s件，申请的数量、频次明显"
          "超过合理范围。依据%(law)s的规定，请您于%(date)s前向本机关书面说明申请的理由。") % {
            "period": data.get("period", ""), "count": data.get("applications_count", ""),
            "law": cite("第三十五条"), "date": cn_date(respond_by) if respond_by else ""},
        _("本机关认为申请理由合理，但无法在%(law)s规定的期限内答复的，将确定延迟答复的合理期限并"
          "告知您；认为申请理由不合理的，将告知您不予处理。您逾期未说明理由的，本机关将视为申请"
          "理由不合理，依法不予处理。") % {"law": cite("第三十三条")},
    ]


def fill_extension_notice(letter: Letter, request: DisclosureRequest, *,
                          extension: Extension) -> None:
    """延期答复告知书 (Art. 33): why, by how many days, the new due date, who approved.

    For a later reply date set under Art. 35 the same letter says that the reasons were
    found reasonable but the applications too many, why, the date, and that the head of
    the OGI office set it (``fill_later_reply_date_notice``).
    """
    if extension.article == ExtensionArticle.LATER_REPLY_DATE:
        fill_later_reply_date_notice(letter, request, extension=extension)
        return
    cite = Citer()
    due_before = None
    for event in request.audit_events.filter(act=Act.GRANT_EXTENSION).order_by("-sequence"):
        if event.data.get("extension") == extension.pk:
            due_before = _iso(event.data.get("due_before"))
            break
    reason = extension.reason.strip().rstrip("。")
    letter.opening = [applicant_opening(request, letter.issued_on)]
    letter.body = [
        _("本机关原应于%(date)s前作出答复。") % {"date": cn_date(due_before)} if due_before else "",
        _("延期理由：%(reason)s。") % {"reason": reason},
        _("依据%(law)s的规定，经本机关政府信息公开工作机构负责人于%(approved)s同意，答复期限延长"
          "%(days)s个工作日，本机关将于%(new)s前作出答复。征求第三方和其他机关意见所需时间不计算"
          "在答复期限内。") % {
            "law": cite("第三十三条第二款"), "approved": cn_date(extension.approved_on),
            "days": extension.days, "new": cn_date(extension.new_due_on)},
    ]
    if not letter.body[0]:
        letter.body.pop(0)
    else:
        letter.body[0:2] = [letter.body[0] + letter.body[1]]


def fill_later_reply_date_notice(letter: Letter, request: DisclosureRequest, *,
                                 extension: Extension) -> None:
    """延期答复告知书 under Art. 35: the reasons asked for and found reasonable, the
    applications too many to answer within the period of Art. 33, why, the later reply date,
    and that the head of the OGI office set it."""
    cite = Citer()
    event = (
        request.audit_events.filter(act=Act.SET_LATER_REPLY_DATE, data__extension=extension.pk)
        .order_by("-sequence").first()
    )
    due_before = _iso(event.data.get("due_before")) if event else None
    asked = request.audit_events.filter(act=Act.REQUEST_REASONS).order_by("-sequence").first()
    letter.opening = [applicant_opening(request, letter.issued_on)]
    finding = _(
        "经审查，本机关认为您的申请理由合理，但申请的数量、频次明显超过合理范围，本机关无法在"
        "%(law)s规定的期限内答复。"
    ) % {"law": cite("第三十三条第二款")}
    if asked is not None:
        finding = _("本机关于%(date)s向您发出说明理由告知书%(number)s，请您说明申请的理由。") % {
            "date": cn_date(timezone.localdate(asked.at)),
            "number": earlier_letter_number(request, K.REASONS_NOTICE),
        } + finding
    if due_before:
        finding += _("本机关原应于%(date)s前作出答复。") % {"date": cn_date(due_before)}
    letter.body = [
        finding,
        _("延迟答复的理由：%(reason)s。") % {"reason": extension.reason.strip().rstrip("。")},
        _("依据%(law)s的规定，经本机关政府信息公开工作机构负责人于%(approved)s确定，延迟答复的期限"
          "为%(new)s，本机关将于%(new)s前作出答复。征求第三方和其他机关意见所需时间不计算在答复"
          "期限内。") % {
            "law": cite("第三十五条"), "approved": cn_date(extension.approved_on),
            "new": cn_date(extension.new_due_on)},
    ]


#: Chinese capital numerals for amounts (人民币大写).
_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UNITS = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿")


def rmb_upper(amount: Decimal) -> str:
    """¥1,300.00 → 壹仟叁佰元整 (the capital form written on fee documents)."""
    cents = int((amount * 100).quantize(Decimal(1)))
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    digits = str(yuan)
    text = ""
    zero_pending = False
    for i, char in enumerate(digits):
        digit, position = int(char), len(digits) - 1 - i
        if digit:
            text += ("零" if zero_pending else "") + _DIGITS[digit] + _UNITS[position % 4]
            zero_pending = False
        elif yuan:
            zero_pending = True
        if position % 4 == 0 and position and int(digits[max(0, i - 3): i + 1]):
            text += _GROUPS[position // 4]
    text = text + "元" if yuan else ""
    if not jiao and not fen:
        return (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif text:
        text += "零"
    return text + (_DIGITS[fen] + "分" if fen else "")


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def fee_standard_text(standard: str) -> str:
    if standard == FeeStandard.PER_ITEM:
        return _("按件计收：同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；累计申请"
                 "11—30件（含30件）的部分，每件100元；累计申请31件以上的部分，以10件为一档，每增加"
                 "一档，收费标准提高100元/件。")
    return _("按量计收：同一政府信息公开申请中，30页以下（含30页）的，不收费；31—100页（含100页）"
             "的部分，每页10元；101—200页（含200页）的部分，每页20元；201页以上的部分，每页40元。")


def fill_fee_notice(letter: Letter, request: DisclosureRequest, *, notice: FeeNotice) -> None:
    """收费通知书 (Art. 42): basis, standard, computation line by line, amount, how to pay,
    the period from the day after receipt (its last day only once receipt is recorded),
    and that non-payment ends the processing."""
    cite = Citer()
    organ = request.organ
    computation = compute_fee(
        standard=notice.standard, quantity=notice.quantity,
        prior_items_this_month=notice.prior_items_this_month,
    )
    per_item = notice.standard == FeeStandard.PER_ITEM
    unit = _("件") if per_item else _("页")
    if per_item:
        counted = _("您本月此前已申请%(prior)s件，本申请%(n)s件，计为本月第%(first)s至第%(last)s件。") % {
            "prior": notice.prior_items_this_month, "n": notice.quantity,
            "first": notice.prior_items_this_month + 1,
            "last": notice.prior_items_this_month + notice.quantity,
        } if notice.prior_items_this_month else _("本申请共%(n)s件。") % {"n": notice.quantity}
    else:
        counted = _("您所申请的政府信息共%(n)s页。") % {"n": notice.quantity}
    lines = [
        {
            "range": _("第%(a)s—%(b)s%(unit)s") % {"a": line.first, "b": line.last, "unit": unit}
            if line.first != line.last else _("第%(a)s%(unit)s") % {"a": line.first, "unit": unit},
            "unit_price": _("%(price)s元/%(unit)s") % {"price": _money(line.unit_price),
                                                       "unit": unit},
            "count": f"{line.count}{unit}",
            "subtotal": _("%(amount)s元") % {"amount": _money(line.subtotal)},
        }
        for line in computation.lines
    ]
    letter.extra["fee"] = {
        "lines": lines,
        "total": _("%(amount)s元") % {"amount": _money(computation.amount)},
        "total_upper": rmb_upper(computation.amount),
    }
    letter.opening = [applicant_opening(request, letter.issued_on)]
    letter.body = [
        _("经审查，您申请公开政府信息的数量明显超过合理范围。依据%(law)s和《政府信息公开信息处理费"
          "管理办法》（国办函〔2020〕109号）的规定，本机关决定向您收取信息处理费。") % {
            "law": cite("第四十二条")},
        _("本次收费采用%(standard)s标准（按件计收和按量计收不同时适用）。%(text)s") % {
            "standard": FeeStandard(notice.standard).label,
            "text": fee_standard_text(notice.standard)},
        counted + _("计算如下："),
    ]
    pause = _("自本通知书发出之日起至您缴纳费用之日止的期间，不计算在答复期限内。") if (
        organ.fee_pauses_clock) else ""
    payment = [_("请持本通知书到%(office)s办理缴费") % {"office": ogi_office(organ)}]
    if organ.address:
        payment[0] += _("（地址：%(address)s）") % {"address": organ.address}
    if organ.phone:
        payment.append(_("或者致电%(phone)s获取政府非税收入缴款码后在线缴纳") % {
            "phone": organ.phone})
    letter.extra["after_table"] = [
        _("应缴金额合计：人民币%(amount)s（大写：%(upper)s）。") % {
            "amount": letter.extra["fee"]["total"], "upper": letter.extra["fee"]["total_upper"]},
        _("请您自收到本通知书次日起%(days)s个工作日内%(within)s缴纳上述费用。缴费方式：%(how)s。"
          "%(pause)s") % {
            "days": organ.fee_payment_days,
            # The last day only once the applicant's receipt is recorded (a corrected notice).
            "within": _("（即于%(date)s前）") % {"date": cn_date(notice.pay_by)}
            if notice.pay_by else "",
            "how": "，".join(payment), "pause": pause},
        _("您逾期未缴纳的，视为放弃申请，本机关将不再处理该政府信息公开申请。"),
    ]


def fill_termination_notice(letter: Letter, request: DisclosureRequest, *,
                            calendar: WorkingCalendar, correction_last_day) -> None:
    """终止办理告知书: which lapse ended the processing, the dates, the article — and, when a
    good reason had set a new period, the first last day and the new one that lapsed."""
    cite = Citer()
    ended_on = request.concluded_on
    letter.opening = [applicant_opening(request, letter.issued_on)]
    granted = list(
        request.audit_events.filter(
            act=Act.GRANT_NEW_PERIOD, data__period=request.abandon_reason
        ).order_by("sequence")
    )
    first = _iso(granted[0].data.get("previous_last_day")) if granted else None
    granted_on = timezone.localdate(granted[-1].at) if granted else None
    if request.abandon_reason == AbandonReason.CORRECTION_LAPSED:
        dates = {
            "notice": cn_date(request.correction_requested_on),
            "number": earlier_letter_number(request, K.CORRECTION_NOTICE),
            "last": cn_date(correction_last_day),
        }
        if granted:
            opening = _("本机关于%(notice)s向您发出补正告知书%(number)s，请您于%(first)s前补正申请内容；"
                        "因您有正当理由，本机关于%(granted)s重新确定补正期限至%(last)s。截至%(last)s，"
                        "本机关未收到您补正后的申请。") % {
                **dates, "first": cn_date(first), "granted": cn_date(granted_on)}
        else:
            opening = _("本机关于%(notice)s向您发出补正告知书%(number)s，请您于%(last)s前补正申请内容。截至"
                        "%(last)s，本机关未收到您补正后的申请，您也未说明逾期的正当理由。") % dates
        letter.body = [
            opening,
            _("依据%(law)s的规定，视为您放弃申请，本机关自%(ended)s起不再处理您的该项政府信息公开"
              "申请。") % {"law": cite("第三十条"), "ended": cn_date(ended_on)},
        ]
    else:
        notice = request.fee_notices.filter(paid_on__isnull=True).order_by("-pk").first()
        dates = {
            "issued": cn_date(notice.issued_on),
            "number": earlier_letter_number(request, K.FEE_NOTICE),
            "last": cn_date(notice.pay_by), "amount": _money(notice.amount),
        }
        if granted:
            opening = _("本机关于%(issued)s向您发出收费通知书%(number)s，请您于%(first)s前缴纳信息处理费"
                        "%(amount)s元；因您有正当理由，本机关于%(granted)s重新确定缴费期限至%(last)s。"
                        "截至%(last)s，您未缴纳该费用。") % {
                **dates, "first": cn_date(first), "granted": cn_date(granted_on)}
        else:
            opening = _("本机关于%(issued)s向您发出收费通知书%(number)s，请您于%(last)s前缴纳信息处理费%(amount)s元。"
                        "截至%(last)s，您未缴纳该费用。") % dates
        letter.body = [
            opening,
            _("依据%(law)s和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，视为您"
              "放弃申请，本机关自%(ended)s起不再处理您的该项政府信息公开申请。") % {
                "law": cite("第四十二条"), "ended": cn_date(ended_on)},
        ]
    letter.body.append(_("您如仍需获取相关政府信息，可以重新提出政府信息公开申请。"))

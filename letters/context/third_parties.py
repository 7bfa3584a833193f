"""Letters to others than the applicant: the consultation of a third party (Art. 32) or of
another organ (Art. 34), and the notice to a third party that the organ will disclose
despite its objection (Art. 32). None of them names the applicant."""

from __future__ import annotations

from django.utils.translation import gettext as _

from requests.choices import ConsultationResult
from requests.clock import cn_date
from requests.models import Consultation, DisclosureRequest

from .common import Citer, Letter

#: Art. 32, 34: the consulted party has 15 working days from receiving the letter.
CONSULTATION_DAYS = 15


def _reply_slip(letter: Letter, consultation: Consultation, *, this_letter: str) -> dict:
    """The reply slip; it names the last day only once the party's receipt is recorded."""
    if consultation.respond_by is not None:
        return_to = _("请于%(date)s前将本回执送达或寄回%(organ)s。") % {
            "date": cn_date(consultation.respond_by), "organ": letter.organ.name}
    else:
        return_to = _("请自收到%(letter)s之日起%(days)s个工作日内将本回执送达或寄回%(organ)s。") % {
            "letter": this_letter, "days": CONSULTATION_DAYS, "organ": letter.organ.name}
    return {
        "title": _("征求意见回执"),
        "rows": [
            (_("被征求意见方"), consultation.party_name),
            (_("征求意见文书"), letter.number),
            (_("涉及的信息"), consultation.subject),
        ],
        "choices": [_("同意公开"), _("不同意公开")],
        "reason_label": _("意见和理由（不同意公开的，请说明理由并附相关证明材料）"),
        "sign_label": _("被征求意见方（签章）"),
        "date_label": _("年　　月　　日"),
        "return_to": return_to,
    }


def _within(consultation: Consultation) -> str:
    """「，即于…前」 when the last day is known (the party's receipt of the letter is
    recorded, e.g. on a corrected letter); otherwise nothing: the period is then stated
    only as counted from receipt."""
    if consultation.respond_by is None:
        return ""
    return _("，即于%(date)s前") % {"date": cn_date(consultation.respond_by)}


def fill_third_party_consultation(letter: Letter, request: DisclosureRequest, *,
                                  consultation: Consultation) -> None:
    """征求第三方意见书: the information, why the third party's rights are concerned, the
    15-working-day period counted from receipt (its last day only once receipt is recorded),
    what silence means, and a reply slip."""
    cite = Citer()
    letter.opening = [
        _("本机关于%(date)s收到一份政府信息公开申请，申请公开的政府信息涉及贵方，具体为：%(subject)s。")
        % {"date": cn_date(request.received_on), "subject": consultation.subject.rstrip("。")},
    ]
    letter.body = [
        _("经审查，本机关认为上述信息可能涉及贵方的商业秘密、个人隐私等合法权益，公开可能损害贵方的"
          "合法权益。依据%(law)s的规定，现书面征求贵方意见。") % {"law": cite("第三十二条")},
        _("请贵方自收到本意见书之日起%(days)s个工作日内%(within)s，以书面形式（可填写所附回执）"
          "向本机关提出意见。不同意公开的，请说明理由并提供相关证明材料。") % {
            "days": CONSULTATION_DAYS, "within": _within(consultation)},
        _("贵方逾期未提出意见的，由本机关依照%(law)s的规定决定是否公开。贵方不同意公开且有合理理由的，"
          "本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定"
          "公开的政府信息内容和理由书面告知贵方。") % {"law": cite()},
    ]
    letter.attachments = [_("征求意见回执")]
    letter.extra["reply_slip"] = _reply_slip(letter, consultation, this_letter=_("本意见书"))


def fill_organ_consultation(letter: Letter, request: DisclosureRequest, *,
                            consultation: Consultation) -> None:
    """征求意见函 (Art. 34): to the organ that made the information with us; its silence
    within 15 working days counts as consent."""
    cite = Citer()
    letter.opening = [
        _("本机关于%(date)s收到一份政府信息公开申请（登记编号：%(number)s），申请公开的政府信息为："
          "%(subject)s。") % {"date": cn_date(request.received_on),
                            "number": request.registration_number,
                            "subject": consultation.subject.rstrip("。")},
    ]
    letter.body = [
        _("经审查，上述信息由本机关与贵机关共同制作。依据%(law)s的规定，现征求贵机关意见。")
        % {"law": cite("第三十四条")},
        _("请贵机关自收到本函之日起%(days)s个工作日内%(within)s，以书面形式（可填写所附回执）"
          "向本机关提出意见。逾期未提出意见的，视为同意公开。") % {
            "days": CONSULTATION_DAYS, "within": _within(consultation)},
    ]
    letter.attachments = [_("征求意见回执")]
    letter.extra["reply_slip"] = _reply_slip(letter, consultation, this_letter=_("本函"))


def fill_third_party_notice(letter: Letter, request: DisclosureRequest, *,
                            consultation: Consultation) -> None:
    """第三方告知书 (Art. 32): the organ will disclose despite the objection: what, and the
    public-interest reason."""
    cite = Citer()
    objected = _("贵方于%(date)s书面回复不同意公开") % {"date": cn_date(consultation.closed_on)}
    if consultation.result == ConsultationResult.OBJECTION and consultation.opinion:
        objected += _("（意见：“%(opinion)s”）") % {"opinion": consultation.opinion.rstrip("。")}
    letter.opening = [
        _("本机关于%(sent)s就%(subject)s的公开向贵方征求意见，%(objected)s。") % {
            "sent": cn_date(consultation.sent_on),
            "subject": f"“{consultation.subject.rstrip('。')}”", "objected": objected},
    ]
    reason = request.decision_text.strip()
    letter.body = [
        _("经审查，本机关认为上述信息涉及公共利益，不公开可能对公共利益造成重大影响。%(reason)s依据"
          "%(law)s的规定，本机关决定予以公开。") % {
            "reason": (reason if reason.endswith("。") else reason + "。") if reason else "",
            "law": cite("第三十二条")},
        _("决定公开的政府信息内容：%(subject)s。") % {"subject": consultation.subject.rstrip("。")},
        _("本机关将在向申请人作出答复时提供上述信息。"),
    ]

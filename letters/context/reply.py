"""The reply (政府信息公开申请答复书): one paragraph of decision per item asked for, each
with its outcome and legal basis, and how and when the information can be obtained.

The staff's own words for each item (``RequestItem.decision_text``, approved at sign-off)
are quoted as written; the letter adds the decision, the article relied on (the one of
``requests.outcomes.OUTCOME_RULES``, so letter and annual report agree) and the practical
part: where, how and until when.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from records.grounds import Ground
from records.withheld import WithheldPart, withheld_parts
from requests.calendar import WorkingCalendar
from requests.choices import ConsultationResult, ConsultedParty, InformationForm, ObtainMethod
from requests.clock import cn_date
from requests.models import DisclosureRequest, OtherOrgan, RequestItem
from requests.models.attachment import AttachmentKind
from requests.outcomes import OUTCOME_RULES, RELEASING_OUTCOMES, Outcome

from .common import Citer, Letter, applicant_opening, ogi_office, quote

#: Working days the applicant has to collect or inspect the information at the office.
COLLECTION_WORKING_DAYS = 15
#: Calendar days the information stays available for download.
DOWNLOAD_DAYS = 30

_CN_DIGITS = "零一二三四五六七八九"


def cn_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (for 一、二、… headings)."""
    tens, ones = divmod(n, 10)
    if n < 10:
        return _CN_DIGITS[n]
    return (_CN_DIGITS[tens] if tens > 1 else "") + "十" + (_CN_DIGITS[ones] if ones else "")


def sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    return text if text.endswith(("。", "？", "！", "）", "”")) else text + "。"


@dataclass
class ReplyFacts:
    """What the wording of one decision may need besides the item itself."""

    request: DisclosureRequest
    issued_on: datetime.date
    calendar: WorkingCalendar
    on_the_spot: bool
    cite: Citer


def _form_label(request: DisclosureRequest) -> str:
    if request.form_wanted == InformationForm.PAPER:
        return _("纸质文本")
    return _("电子文件")


def obtaining(facts: ReplyFacts) -> str:
    """How and when the released information reaches the applicant."""
    request, organ = facts.request, facts.request.organ
    place = ogi_office(organ) + (_("（%(address)s）") % {"address": organ.address}
                                 if organ.address else "")
    until = cn_date(facts.calendar.add_working_days(facts.issued_on, COLLECTION_WORKING_DAYS))
    if facts.on_the_spot:
        return _("本机关已于%(date)s当场向您提供。") % {"date": cn_date(facts.issued_on)}
    if request.form_wanted == InformationForm.INSPECTION:
        return _("请您于%(date)s前的工作日，携带本答复书和有效身份证件到%(place)s当场查阅。") % {
            "date": until, "place": place}
    method = request.obtain_method
    if method == ObtainMethod.COLLECT_IN_PERSON:
        return _("请您于%(date)s前的工作日，携带本答复书和有效身份证件到%(place)s领取%(form)s。") % {
            "date": until, "place": place, "form": _form_label(request)}
    if method == ObtainMethod.POST:
        return _("本机关将%(form)s随本答复书一并邮寄至您提供的通讯地址（%(address)s）。") % {
            "form": _form_label(request), "address": request.applicant.postal_address}
    if method == ObtainMethod.EMAIL:
        return _("本机关将电子文件随本答复书一并发送至您提供的电子邮箱（%(email)s）。") % {
            "email": request.applicant.email}
    return _("电子文件已上传至网上申请平台，您可以凭登记编号%(number)s登录下载，下载期限至%(date)s。") % {
        "number": request.registration_number,
        "date": cn_date(facts.issued_on + datetime.timedelta(days=DOWNLOAD_DAYS))}


def _article(outcome: str) -> str:
    return OUTCOME_RULES[outcome].article


#: For each refusal: what the information is, in the words of Art. 14–16.
REFUSAL_GROUNDS = {
    Outcome.REFUSED_STATE_SECRET: gettext_lazy("该信息属于依法确定的国家秘密"),
    Outcome.REFUSED_OTHER_LAW: gettext_lazy("该信息属于法律、行政法规禁止公开的政府信息"),
    Outcome.REFUSED_SECURITY_STABILITY: gettext_lazy("该信息公开后可能危及国家安全、公共安全、经济安全、社会稳定"),
    Outcome.REFUSED_THIRD_PARTY: gettext_lazy("该信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害"),
    Outcome.REFUSED_INTERNAL_AFFAIRS: gettext_lazy("该信息属于人事管理、后勤管理、内部工作流程等方面的内部事务信息"),
    Outcome.REFUSED_PROCESS_INFORMATION: gettext_lazy(
        "该信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等"
        "过程性信息"),
    Outcome.REFUSED_ENFORCEMENT_FILE: gettext_lazy("该信息属于行政执法案卷信息"),
}


@dataclass(frozen=True)
class Parts:
    """One decision in four parts, in reading order: facts that always belong (``lead``),
    the letter's own finding and decision with the article (``standard``), then the staff's
    words, then the practical part (``practical``: how to obtain, whom to ask)."""

    standard: str
    practical: str = ""
    lead: str = ""


def _law(item: RequestItem, facts: ReplyFacts) -> str:
    return facts.cite(_article(item.outcome))


def _provided(item: RequestItem, facts: ReplyFacts) -> Parts:
    return Parts(
        _("依据%(law)s的规定，本机关决定予以公开。") % {"law": _law(item, facts)},
        obtaining(facts),
    )


def _already_public(item: RequestItem, facts: ReplyFacts) -> Parts:
    return Parts(
        _("该信息属于本机关已经主动公开的政府信息。依据%(law)s的规定，现告知您获取该信息的方式和"
          "途径：") % {"law": _law(item, facts)},
        _("您可以通过上述途径自行查阅、下载。"),
    )


#: For a part withheld: what it is, in the words of Art. 14–16 (the ground's article follows).
WITHHELD_REASONS = {
    Ground.STATE_SECRET: gettext_lazy("属于依法确定的国家秘密"),
    Ground.LAW_PROHIBITS: gettext_lazy("属于法律、行政法规禁止公开的信息"),
    Ground.THREE_SAFETIES: gettext_lazy("公开后可能危及国家安全、公共安全、经济安全、社会稳定"),
    Ground.THIRD_PARTY: gettext_lazy("涉及个人隐私、商业秘密，公开会对第三方合法权益造成损害"),
    Ground.INTERNAL_AFFAIRS: gettext_lazy("属于行政机关的内部事务信息"),
    Ground.PROCESS_INFORMATION: gettext_lazy("属于行政机关在履行行政管理职能过程中形成的过程性信息"),
    Ground.ENFORCEMENT_FILE: gettext_lazy("属于行政执法案卷信息"),
}


def _pages(pages: tuple[int, ...]) -> str:
    return "、".join(str(page) for page in pages)


def withheld_clause(part: WithheldPart, facts: ReplyFacts) -> str:
    """One ground's withheld parts: where, what, how many, why, and the article."""
    places = "、".join(
        _("《%(title)s》第%(pages)s页") % {"title": place.title, "pages": _pages(place.pages)}
        for place in part.places
    )
    return _("%(places)s中的%(what)s共%(count)s处，%(reason)s，依据%(law)s的规定不予公开") % {
        "places": places,
        "what": "、".join(part.what) or _("相关内容"),
        "count": part.count,
        "reason": WITHHELD_REASONS[part.ground],
        "law": facts.cite(part.article),
    }


def _partial(item: RequestItem, facts: ReplyFacts) -> Parts:
    parts = withheld_parts(item)
    if not parts:
        return Parts(
            _("该信息中含有不应当公开的内容，但能够作区分处理。依据%(law)s的规定，本机关决定对可以"
              "公开的部分予以公开，对不应当公开的部分不予公开。") % {"law": _law(item, facts)},
            _("对可以公开的部分，%(how)s") % {"how": obtaining(facts)},
        )
    clauses = "；".join(withheld_clause(part, facts) for part in parts)
    return Parts(
        _("该信息中含有不应当公开的内容，但能够作区分处理。其中，%(clauses)s。依据%(law)s的规定，"
          "本机关决定对可以公开的部分予以公开，对上述不应当公开的部分不予公开。") % {
            "clauses": clauses, "law": _law(item, facts)},
        _("对可以公开的部分，%(how)s") % {"how": obtaining(facts)},
    )


def _third_party_note(request: DisclosureRequest) -> str:
    consultation = request.consultations.filter(
        party_kind=ConsultedParty.THIRD_PARTY, closed_on__isnull=False
    ).order_by("-pk").first()
    if consultation is None:
        return ""
    answers = {
        ConsultationResult.OBJECTION: _("第三方书面回复不同意公开"),
        ConsultationResult.LAPSED_THIRD_PARTY: _("第三方逾期未提出意见"),
        ConsultationResult.CONSENT: _("第三方同意公开"),
    }
    return _("本机关已于%(date)s书面征求第三方意见，%(answer)s。") % {
        "date": cn_date(consultation.sent_on), "answer": answers.get(consultation.result, "")}


def _refused(item: RequestItem, facts: ReplyFacts) -> Parts:
    note = _third_party_note(facts.request) if item.outcome == Outcome.REFUSED_THIRD_PARTY else ""
    return Parts(
        _("经审查，%(ground)s。依据%(law)s的规定，本机关决定不予公开。") % {
            "ground": REFUSAL_GROUNDS[item.outcome], "law": _law(item, facts)},
        lead=note,
    )


def _administrative_query(item: RequestItem, facts: ReplyFacts) -> Parts:
    return Parts(
        _("您申请获取的信息属于行政查询事项，有关法律、行政法规对该类信息的获取有特别规定。依据"
          "%(law)s的规定，现告知您依照有关法律、行政法规的规定，通过相应的查询渠道办理。") % {
            "law": _law(item, facts)},
        "" if item.decision_text.strip() else _(
            "您可以向依法负责办理该查询事项的机关或者窗口提出查询。"),
    )


def _not_held(item: RequestItem, facts: ReplyFacts) -> Parts:
    return Parts(
        _("经检索，本机关未制作、获取该政府信息。依据%(law)s的规定，现告知您该政府信息不存在。") % {
            "law": _law(item, facts)},
    )


def _organ_contact(other: OtherOrgan) -> str:
    """The responsible organ's name and the contact details its directory entry has."""
    lines = "；".join(f"{label}：{value}" for label, value in other.contact_lines())
    text = _("负责公开该信息的行政机关为%(name)s") % {"name": other.name}
    if lines:
        text += _("，联系方式：%(lines)s") % {"lines": lines}
    return text + _("。您可以向该机关提出申请。")


def _not_this_organ(item: RequestItem, facts: ReplyFacts) -> Parts:
    """Art. 36(5): tell the applicant which organ is responsible and how to reach it (the
    entry of the organ's directory chosen when the reply was drafted)."""
    other = item.responsible_organ
    if other is not None:
        contact = _organ_contact(other)
    else:  # drafted before the directory existed: the staff's words name the organ
        contact = "" if item.decision_text.strip() else _(
            "您可以向负责公开该信息的行政机关提出申请。")
    return Parts(
        _("经核查，该信息不属于本机关负责公开的政府信息。依据%(law)s的规定，告知如下：") % {
            "law": _law(item, facts)},
        contact,
    )


def _needs_creation(item: RequestItem, facts: ReplyFacts) -> Parts:
    return Parts(
        _("您申请获取的信息，需要本机关对现有政府信息进行加工、分析方能形成。依据%(law)s的规定，"
          "本机关不予提供。") % {"law": _law(item, facts)},
    )


def _still_unclear(item: RequestItem, facts: ReplyFacts) -> Parts:
    return Parts(
        _("经审查，补正后申请内容仍不明确，本机关无法确定您所需要的政府信息。依据%(law)s的规定，"
          "本机关无法提供。") % {"law": _law(item, facts)},
        _("您可以在写明所需政府信息的名称、文号或者其他特征性描述后重新提出申请。"),
    )


def _petition(item: RequestItem, facts: ReplyFacts) -> Parts:
    return Parts(
        _("您以政府信息公开申请的形式提出的是信访、投诉、举报等事项。依据%(law)s的规定，本机关不"
          "作为政府信息公开申请处理。") % {"law": _law(item, facts)},
        _("您可以通过信访、投诉举报等相应渠道提出。"),
    )


def earlier_reply(request: DisclosureRequest, item: RequestItem):
    """The same applicant's earlier, answered request for the same information."""
    applicant = request.applicant
    same_applicant = DisclosureRequest.objects.filter(
        organ=request.organ,
        applicant__document_type=applicant.document_type,
        applicant__document_number=applicant.document_number,
        replied_on__isnull=False,
        received_on__lte=request.received_on,
    ).exclude(pk=request.pk)
    same = same_applicant.filter(items__description=item.description)
    if item.document_reference:
        same = same | same_applicant.filter(items__document_reference=item.document_reference)
    return same.order_by("-replied_on").first()


def _repeat(item: RequestItem, facts: ReplyFacts) -> Parts:
    earlier = earlier_reply(facts.request, item)
    lead = ""
    if earlier is not None:
        letter = earlier.letters.filter(kind="reply", replaced_by__isnull=True).order_by(
            "-issued_at").first()
        lead = _("经查，您已于%(date)s就同一政府信息向本机关提出申请（登记编号：%(reg)s），本机关已于"
                 "%(replied)s作出答复%(number)s。") % {
            "date": cn_date(earlier.received_on), "reg": earlier.registration_number,
            "replied": cn_date(earlier.replied_on),
            "number": _("（%(number)s）") % {"number": letter.number} if letter else ""}
    return Parts(
        _("您本次申请与前次申请内容相同。依据%(law)s的规定，本机关不予重复处理。") % {
            "law": _law(item, facts)},
        lead=lead,
    )


def _publication(item: RequestItem, facts: ReplyFacts) -> Parts:
    return Parts(
        _("您申请获取的是公开出版物。依据%(law)s的规定，现告知您获取该出版物的途径。") % {
            "law": _law(item, facts)},
        "" if item.decision_text.strip() else _(
            "您可以通过公开发行渠道购买，或者到公共图书馆、档案馆查阅。"),
    )


def _bulk(item: RequestItem, facts: ReplyFacts) -> Parts:
    from ..subjects import reasons_event

    event = reasons_event(facts.request)
    lead = ""
    if event is not None:
        letter = facts.request.letters.filter(kind="reasons_notice").order_by(
            "-issued_at").first()
        lead = _("本机关已于%(date)s书面要求您说明申请理由%(number)s。") % {
            "date": cn_date(timezone.localdate(event.at)),
            "number": _("（%(number)s）") % {"number": letter.number} if letter else ""}
    return Parts(
        _("您申请的数量、频次明显超过合理范围，且未能说明合理理由。依据%(law)s的规定，本机关不予"
          "处理。") % {"law": _law(item, facts)},
        lead=lead,
    )


def _confirmation(item: RequestItem, facts: ReplyFacts) -> Parts:
    return Parts(
        _("您要求本机关对已获取的政府信息进行确认或者重新出具，不属于政府信息公开申请的内容。依据"
          "%(law)s的规定，本机关不作为政府信息公开申请处理。") % {"law": _law(item, facts)},
        "" if item.decision_text.strip() else _(
            "如需核对或者重新取得已获取的文件，您可以持原件与本机关%(office)s联系。") % {
                "office": facts.request.organ.ogi_office_name},
    )


def _reissue(item: RequestItem, facts: ReplyFacts) -> Parts:
    return Parts(
        _("您要求本机关重新出具已获取的政府信息，需要本机关另行制作新的文件，不属于政府信息公开申请"
          "的内容，行政机关也不负有为申请人制作政府信息的义务。依据%(law)s的规定，本机关不作为政府"
          "信息公开申请处理。") % {"law": _law(item, facts)},
        "" if item.decision_text.strip() else _(
            "您已获取的文件仍可按原用途使用；如需办理相关业务，请向业务主管部门提出。"),
    )


DECISIONS: dict[str, Callable[[RequestItem, ReplyFacts], Parts]] = {
    Outcome.PROVIDED: _provided,
    Outcome.ALREADY_PUBLIC: _already_public,
    Outcome.PARTIAL: _partial,
    Outcome.REFUSED_STATE_SECRET: _refused,
    Outcome.REFUSED_OTHER_LAW: _refused,
    Outcome.REFUSED_SECURITY_STABILITY: _refused,
    Outcome.REFUSED_THIRD_PARTY: _refused,
    Outcome.REFUSED_INTERNAL_AFFAIRS: _refused,
    Outcome.REFUSED_PROCESS_INFORMATION: _refused,
    Outcome.REFUSED_ENFORCEMENT_FILE: _refused,
    Outcome.REFUSED_ADMINISTRATIVE_QUERY: _administrative_query,
    Outcome.NOT_HELD: _not_held,
    Outcome.NOT_THIS_ORGAN: _not_this_organ,
    Outcome.NEEDS_CREATION: _needs_creation,
    Outcome.STILL_UNCLEAR: _still_unclear,
    Outcome.NOT_OGI_PETITION: _petition,
    Outcome.NOT_OGI_REPEAT: _repeat,
    Outcome.NOT_OGI_PUBLICATION: _publication,
    Outcome.NOT_OGI_BULK: _bulk,
    Outcome.NOT_OGI_CONFIRMATION: _confirmation,
    Outcome.NOT_OGI_REISSUE: _reissue,
}

def decision_text(item: RequestItem, facts: ReplyFacts) -> str:
    """The words of one decision, stated once: the letter's own finding and the article of
    the outcome, the staff's particulars of the case as approved, then the practical part.
    (Staff texts never cite the Regulations: ``request_draft_reply`` refuses that.)"""
    parts = DECISIONS[item.outcome](item, facts)
    return parts.lead + parts.standard + sentence(item.decision_text) + parts.practical


def fill_reply(letter: Letter, request: DisclosureRequest, *, calendar: WorkingCalendar,
               on_the_spot: bool) -> list[tuple[list[int], str]]:
    """Word the reply; return its decisions as (item positions, outcome), one per paragraph
    (for the remedy notice)."""
    cite = Citer()
    facts = ReplyFacts(request=request, issued_on=letter.issued_on, calendar=calendar,
                       on_the_spot=on_the_spot, cite=cite)
    letter.opening = [
        applicant_opening(request, letter.issued_on) + _("现依据%(law)s的规定答复如下：") % {"law": cite()},
    ]
    items = list(request.items.select_related("responsible_organ"))
    for item in items:
        item.outcome = item.outcome or request.outcome
    if request.decision_text.strip():
        letter.body.append(sentence(request.decision_text))
    same = len({
        (i.outcome, i.decision_text.strip(), i.responsible_organ_id,
         tuple(withheld_parts(i)) if i.outcome == Outcome.PARTIAL else ())
        for i in items
    }) == 1
    decisions = []
    if len(items) == 1 or same:
        # One decision for everything asked (one item, or every item decided alike).
        text = decision_text(items[0], facts)
        if len(items) > 1:
            text = _("对您申请的%(n)s项政府信息：") % {"n": len(items)} + text
        decisions.append({"positions": [i.position for i in items], "outcome": items[0].outcome,
                          "text": text})
    else:
        for item in items:
            text = _("%(n)s、关于第%(position)s项“%(what)s”。") % {
                "n": cn_ordinal(item.position), "position": item.position,
                "what": quote(item.description, 60)} + decision_text(item, facts)
            decisions.append({"positions": [item.position], "outcome": item.outcome,
                              "text": text})
    for decision in decisions:
        decision["outcome_label"] = Outcome(decision["outcome"]).label
        decision["article"] = _article(decision["outcome"])
    letter.extra["decisions"] = decisions
    letter.body.extend(d["text"] for d in decisions)
    outcomes = [item.outcome for item in items]
    letter.copy_to = request.organ.reply_copy_organs
    if request.obtain_method in (ObtainMethod.POST, ObtainMethod.EMAIL) and any(
        o in RELEASING_OUTCOMES for o in outcomes
    ):
        letter.attachments = list(
            request.attachments.filter(kind=AttachmentKind.RELEASE)
            .order_by("uploaded_at").values_list("original_name", flat=True)
        )
    return [(d["positions"], d["outcome"]) for d in decisions]

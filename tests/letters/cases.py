"""One issued letter of every kind and of the reply for every outcome, built through the
acts of ``letters.acts`` on the timeline of tests/requests/machine.py (March 2026).

``build_cases`` returns plain data (PDF bytes and what each letter must say), so a
module-scoped fixture can build them once in a transaction it rolls back, and the tests
read them without the database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from letters import acts
from letters.kinds import LetterKind
from requests.choices import AbandonReason, Channel, ConsultationResult, ConsultedParty, Status
from requests.clock import cn_date
from requests.outcomes import OUTCOME_RULES, REPLY_OUTCOMES, Outcome
from requests.services import (
    request_ask_extension,
    request_close_consultation,
    request_draft_reply,
    request_pass_confidentiality_review,
    request_receive_correction,
    request_register,
    request_sign_off,
    request_submit_for_review,
    request_triage,
)
from requests.services.reply import ItemDecision
from tests.factories import OtherOrganFactory, at, submit
from tests.requests import machine as m

K = LetterKind

#: Case-specific words for each outcome, as a handler would write them (no article cited,
#: so the letter's own finding and article show).
DECISION_TEXTS = {
    Outcome.PROVIDED: "提供该项目环境影响报告书及批复文件电子版。",
    Outcome.ALREADY_PUBLIC: "该报告书已于2025年12月5日在莆田市生态环境局门户网站“环评审批”栏目公开。",
    Outcome.PARTIAL: "报告书第5章“生产工艺”涉及企业商业秘密，已作遮盖处理，其余部分予以提供。",
    Outcome.REFUSED_STATE_SECRET: "经保密审查，该监测点位信息已依法定为秘密级国家秘密。",
    Outcome.REFUSED_OTHER_LAW: "污染源普查中单个普查对象的资料依《全国污染源普查条例》不得对外提供。",
    Outcome.REFUSED_SECURITY_STABILITY: "取水口精确坐标及安防布设图公开后可能危及饮用水水源安全。",
    Outcome.REFUSED_THIRD_PARTY: "原料配比属于该企业的商业秘密，企业不同意公开，不公开不会对公共利益造成重大影响。",
    Outcome.REFUSED_INTERNAL_AFFAIRS: "执法人员考勤及值班安排属于内部管理信息。",
    Outcome.REFUSED_PROCESS_INFORMATION: "专家评审会讨论记录属于审批过程中形成的讨论记录。",
    Outcome.REFUSED_ENFORCEMENT_FILE: "调查询问笔录属于行政处罚案件的执法案卷。",
    Outcome.REFUSED_ADMINISTRATIVE_QUERY: "排污许可办理进度请通过福建省网上办事大厅查询。",
    Outcome.NOT_HELD: "已在本机关环评审批档案及电子政务系统中检索。",
    Outcome.NOT_THIS_ORGAN: "该信息由莆田市自然资源局制作并负责公开。",
    Outcome.NEEDS_CREATION: "本机关未按乡镇对排放量作过汇总统计。",
    Outcome.STILL_UNCLEAR: "补正后仍未写明企业名称或项目名称。",
    Outcome.NOT_OGI_PETITION: "所提事项为噪声扰民投诉，已转市环境监察支队办理。",
    Outcome.NOT_OGI_REPEAT: "",
    Outcome.NOT_OGI_PUBLICATION: "该年鉴可在莆田市图书馆查阅，或通过新华书店购买。",
    Outcome.NOT_OGI_BULK: "",
    Outcome.NOT_OGI_CONFIRMATION: "如需核对复函，可持原件到本机关办公室查看。",
    Outcome.NOT_OGI_REISSUE: "所持复函为2019年出具，相关业务现由市行政服务中心办理。",
}

#: The entry of the organ's directory of other organs that the not-this-organ reply names.
RESPONSIBLE_ORGAN = {
    "name": "莆田市自然资源局", "address": "福建省莆田市城厢区荔城中大道2368号",
    "phone": "0594-2695001", "website": "http://zrzyj.putian.gov.cn/",
    "email": "zrzyj@pt.example.cn",
}


@dataclass
class Case:
    name: str
    kind: str
    pdf: bytes
    stored: bytes
    number: str
    sha256: str
    addressee: str
    issued_on: str
    received_on: str
    registration_number: str
    articles: list[str]
    remedy: bool
    outcome: str = ""
    page_count: int = 0
    must_say: list[str] = field(default_factory=list)
    text: str = ""


def _record(name, letter, *, articles, must_say=()) -> Case:
    request = letter.request
    with letter.file.open("rb") as handle:
        stored = handle.read()
    return Case(
        name=name, kind=letter.kind, pdf=stored, stored=stored, number=letter.number,
        sha256=letter.sha256, addressee=letter.addressee, issued_on=cn_date(letter.issued_on),
        received_on=cn_date(request.received_on),
        registration_number=request.registration_number, articles=list(articles),
        remedy=letter.kind in ("reply", "termination_notice", "third_party_notice"),
        outcome=letter.outcome,
        page_count=letter.page_count, must_say=list(must_say),
    )


def _processing(organ, people, *, channel=Channel.ONLINE):
    return m.build(Status.PROCESSING, organ, people, channel=channel)


#: What each item of a request built by ``signed_off`` asks for.
ITEM_DESCRIPTIONS = (
    "莆田市2025年度城厢区华亭镇某化工企业环境影响评价报告书及批复文件",
    "2025年第四季度木兰溪水质自动监测站监测数据",
    "2025年度涵江区工业固体废物产生及处置情况统计表",
)


def signed_off(organ, people, outcomes, *, applicant=None):
    """A request asking one item per entry of ``outcomes``, each decided with that outcome
    and the words of DECISION_TEXTS, reviewed and signed off: ready for its reply."""
    outcomes = list(outcomes)
    responsible = None
    if Outcome.NOT_THIS_ORGAN in outcomes:
        responsible = OtherOrganFactory(organ=organ, **RESPONSIBLE_ORGAN)
    request = submit(organ, on=m.SUBMITTED_ON, applicant=applicant,
                     items=list(ITEM_DESCRIPTIONS[: len(outcomes)]))
    request_register(request=request, acting_user=people.registrar, at=at(m.REGISTERED_ON))
    if Outcome.STILL_UNCLEAR in outcomes:
        m.issue_correction(request, people)
        request_receive_correction(request=request, acting_user=people.registrar,
                                   note="申请人来电补正", at=at("2026-03-05"))
    request_triage(request=request, acting_user=people.registrar, department=people.dept,
                   at=at("2026-03-05", 11))
    if Outcome.REFUSED_THIRD_PARTY in outcomes:
        consultation = m.open_consultation(request, people, at("2026-03-05", 14))
        request_close_consultation(
            request=request, acting_user=people.handler, consultation=consultation,
            result=ConsultationResult.OBJECTION, opinion="涉及商业秘密，不同意公开",
            at=at("2026-03-06", 9),
        )
    if Outcome.NOT_OGI_BULK in outcomes:
        m.ask_reasons(request, people, at("2026-03-05", 15))
    request_draft_reply(
        request=request, acting_user=people.handler,
        decisions=[ItemDecision(n, outcome, DECISION_TEXTS[outcome],
                                responsible_organ=responsible)
                   for n, outcome in enumerate(outcomes, start=1)],
        at=at(m.DRAFTED_ON),
    )
    request_submit_for_review(request=request, acting_user=people.handler, at=at(m.DRAFTED_ON))
    request_pass_confidentiality_review(request=request, acting_user=people.reviewer,
                                        at=at(m.REVIEWED_ON))
    request_sign_off(request=request, acting_user=people.leader, at=at(m.REPLIED_ON))
    return request


def _reply(organ, people, outcome: str):
    """A request decided with ``outcome``, signed off and replied with its letter."""
    request = signed_off(organ, people, [outcome])
    return acts.reply_with_letter(request=request, acting_user=people.registrar,
                                  at=at(m.REPLIED_ON, 16))


def build_cases(organ, people) -> list[Case]:
    cases: list[Case] = []

    request = submit(organ, on=m.SUBMITTED_ON)
    letter = acts.register_and_send_receipt(request=request, acting_user=people.registrar,
                                            at=at(m.REGISTERED_ON))
    cases.append(_record("receipt", letter, articles=["第三十一条", "第三十三条"],
                         must_say=[cn_date(m.DUE_ON), "登记"]))

    request = m.build(Status.REGISTERED, organ, people)
    letter = acts.issue_correction_notice(request=request, acting_user=people.registrar,
                                          points=m.CORRECTION_POINTS, at=at(m.CORRECTION_ON))
    cases.append(_record("correction_notice", letter, articles=["第三十条"],
                         must_say=[cn_date(m.CORRECTION_LAST_DAY), "建设项目名称",
                                   "视为放弃申请", "重新计算"]))

    request = _processing(organ, people)
    letter = acts.ask_reasons_with_notice(
        request=request, acting_user=people.ogi_head, applications_count=36,
        period="2026年3月", respond_by=datetime.date(2026, 3, 19), at=at("2026-03-05"))
    cases.append(_record("reasons_notice", letter, articles=["第三十五条"],
                         must_say=["36件", "2026年3月19日", "说明"]))

    request = _processing(organ, people)
    extension = request_ask_extension(request=request, acting_user=people.handler, days=10,
                                      reason="涉及多个年度的档案，需要调阅和整理",
                                      at=at("2026-03-05"))
    letter = acts.grant_extension_with_notice(request=request, acting_user=people.ogi_head,
                                              extension=extension, at=at("2026-03-06"))
    extension.refresh_from_db()
    cases.append(_record("extension_notice", letter, articles=["第三十三条"],
                         must_say=["10个工作日", cn_date(extension.new_due_on),
                                   cn_date(m.DUE_ON), "负责人"]))

    request = _processing(organ, people)
    letter = acts.open_consultation_with_letter(
        request=request, acting_user=people.handler, party_kind=ConsultedParty.THIRD_PARTY,
        party_name=m.THIRD_PARTY, subject=m.CONSULTATION_SUBJECT,
        party_contact="0594-2699001", at=at(m.PAUSED_ON))
    consultation = letter.consultation
    cases.append(_record("third_party_consultation", letter, articles=["第三十二条"],
                         must_say=["请贵方自收到本意见书之日起15个工作日内，以书面形式",
                                   "请自收到本意见书之日起15个工作日内将本回执送达或寄回",
                                   m.CONSULTATION_SUBJECT, "征求意见回执"]))
    request_close_consultation(request=request, acting_user=people.handler,
                               consultation=consultation,
                               result=ConsultationResult.OBJECTION,
                               opinion="涉及商业秘密", at=at("2026-03-10"))
    letter = acts.send_third_party_notice(request=request, acting_user=people.handler,
                                          consultation=consultation, at=at("2026-03-11"))
    cases.append(_record("third_party_notice", letter, articles=["第三十二条"],
                         must_say=[m.CONSULTATION_SUBJECT, "公共利益", "予以公开"]))

    request = _processing(organ, people)
    letter = acts.open_consultation_with_letter(
        request=request, acting_user=people.handler, party_kind=ConsultedParty.CO_ORGAN,
        party_name=m.CO_ORGAN, subject=m.CONSULTATION_SUBJECT, at=at(m.PAUSED_ON))
    cases.append(_record("organ_consultation", letter, articles=["第三十四条"],
                         must_say=["视为同意公开", "请贵机关自收到本函之日起15个工作日内，以书面形式"]))

    request = _processing(organ, people)
    letter = acts.issue_fee_notice_with_letter(
        request=request, acting_user=people.handler, standard="per_page", quantity=150,
        at=at(m.PAUSED_ON))
    cases.append(_record("fee_notice", letter, articles=["第四十二条"],
                         must_say=["按量计收", "700.00元", "1,700.00元", "壹仟柒佰元整",
                                   "请您自收到本通知书次日起20个工作日内缴纳上述费用",
                                   "201页以上", "视为放弃申请"]))

    request = m.build(Status.AWAITING_CORRECTION, organ, people)
    letter = acts.abandon_with_termination_notice(
        request=request, acting_user=people.registrar, reason=AbandonReason.CORRECTION_LAPSED,
        at=at(m.ABANDONED_ON))
    cases.append(_record("termination_notice", letter, articles=["第三十条"],
                         must_say=[cn_date(m.CORRECTION_LAST_DAY), "不再处理"]))

    request = submit(organ, on=m.SUBMITTED_ON, channel=Channel.IN_PERSON,
                     entered_by=people.registrar)
    request_register(request=request, acting_user=people.registrar, at=at(m.SUBMITTED_ON, 10))
    request_draft_reply(request=request, acting_user=people.registrar,
                        decisions=[ItemDecision(1, Outcome.PROVIDED, "当场提供复印件。")],
                        at=at(m.SUBMITTED_ON, 11))
    letter = acts.reply_on_the_spot_with_letter(request=request, acting_user=people.registrar,
                                                at=at(m.SUBMITTED_ON, 11))
    cases.append(_record("reply-on-the-spot", letter, articles=["第三十六条第（二）项"],
                         must_say=["当场向您提供"]))

    for outcome in REPLY_OUTCOMES:
        letter = _reply(organ, people, outcome)
        article = OUTCOME_RULES[outcome].article
        text = DECISION_TEXTS[outcome]
        must_say = [text] if text else []
        if outcome == Outcome.NOT_THIS_ORGAN:
            must_say += [RESPONSIBLE_ORGAN[k] for k in ("name", "address", "phone", "website",
                                                        "email")]
        cases.append(_record(
            f"reply-{outcome}", letter, articles=article.split("、"), must_say=must_say,
        ))
    return cases

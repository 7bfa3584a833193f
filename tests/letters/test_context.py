"""The words and HTML of the letters, without WeasyPrint (rendering steps 1 and 2)."""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import get_template

from letters.context import build_letter
from letters.context.common import title_lines
from letters.context.notices import rmb_upper, split_points
from letters.context.reply import cn_ordinal
from letters.errors import LetterError
from letters.html import letter_html
from letters.kinds import FAMILY_OF_KIND, TITLES, LetterKind, document_number
from letters.remedies import remedy_notice
from requests.choices import ConsultedParty, Status
from requests.errors import RequestActError
from requests.models import Organ
from requests.outcomes import REPLY_OUTCOMES, Outcome
from requests.services import (
    request_draft_reply,
    request_pass_confidentiality_review,
    request_sign_off,
    request_submit_for_review,
)
from requests.services.reply import ItemDecision
from tests.factories import OrganFactory, OtherOrganFactory, at, submit
from tests.requests import machine as m

ON = datetime.date(2026, 3, 10)


def letter(request, kind, **kwargs):
    return build_letter(request=request, kind=kind, number="莆环信公开〔2026〕7号", issued_on=ON,
                        **kwargs)


# ---- kinds and numbers -------------------------------------------------------------------

def test_document_numbers_follow_the_organs_prefix_per_family():
    def number(kind):
        return document_number(prefix="莆环信公开", kind=kind, year=2026, serial=12)

    assert number(LetterKind.REPLY) == "莆环信公开〔2026〕12号"
    assert number(LetterKind.CORRECTION_NOTICE) == "莆环信公开告〔2026〕12号"
    assert number(LetterKind.ORGAN_CONSULTATION) == "莆环信公开函〔2026〕12号"
    assert number(LetterKind.RECEIPT) == "莆环信公开登〔2026〕12号"
    assert {f.series for f in FAMILY_OF_KIND.values()} == {
        "letter:reply", "letter:notice", "letter:letter", "letter:receipt"}


@pytest.mark.parametrize("kind", LetterKind.values)
def test_every_kind_has_a_title_a_family_and_its_own_template(kind):
    assert TITLES[kind] and FAMILY_OF_KIND[kind]
    template = get_template(f"letters/kinds/{kind}.html")
    assert "letters/letter.html" in template.template.source  # the one frame


def test_a_long_title_breaks_after_the_organs_name():
    organ = Organ(name="莆田市生态环境局")
    assert title_lines(organ, LetterKind.REPLY) == ["莆田市生态环境局政府信息公开申请答复书"]
    assert title_lines(organ, LetterKind.FEE_NOTICE) == [
        "莆田市生态环境局", "政府信息公开信息处理费收费通知书"]


# ---- remedy notices ----------------------------------------------------------------------

def test_remedy_notice_adapts_to_the_decision():
    organ = Organ(reconsideration_body="莆田市人民政府", court="莆田市城厢区人民法院")

    def reply(*outcomes):
        return remedy_notice(organ=organ, kind=LetterKind.REPLY,
                             decisions=[([n], o) for n, o in enumerate(outcomes, start=1)])

    assert remedy_notice(organ=organ, kind=LetterKind.RECEIPT) == ""
    assert remedy_notice(organ=organ, kind=LetterKind.CORRECTION_NOTICE) == ""
    provided = reply(Outcome.PROVIDED)
    assert "60日内向莆田市人民政府申请行政复议" in provided
    assert "6个月内向莆田市城厢区人民法院提起行政诉讼" in provided
    assert "应当先" not in provided
    refused = reply(Outcome.REFUSED_STATE_SECRET)
    assert "应当先自收到本答复书之日起60日内向莆田市人民政府申请行政复议" in refused
    assert "第二十三条第一款第（四）项" in refused and "提起行政诉讼。" in refused
    assert "6个月内" not in refused
    mixed = reply(Outcome.PROVIDED, Outcome.REFUSED_PROCESS_INFORMATION)
    assert mixed.startswith("对本答复第2项的决定不服的，依据《中华人民共和国行政复议法》")
    assert "对本答复第1项的决定不服的，可以" in mixed and "6个月内" in mixed
    assert "应当先" not in reply(Outcome.NOT_HELD)
    for kind in (LetterKind.TERMINATION_NOTICE, LetterKind.THIRD_PARTY_NOTICE):
        assert "申请行政复议" in remedy_notice(organ=organ, kind=kind)


def test_fee_notice_carries_no_remedy_a_fee_cannot_be_challenged_on_its_own():
    organ = Organ(reconsideration_body="莆田市人民政府", court="莆田市城厢区人民法院")
    assert remedy_notice(organ=organ, kind=LetterKind.FEE_NOTICE) == ""


@pytest.mark.parametrize("outcome", [Outcome.NOT_OGI_PUBLICATION, Outcome.NEEDS_CREATION,
                                     Outcome.NOT_OGI_REISSUE])
def test_no_litigation_where_the_courts_do_not_accept_the_case(outcome):
    """SPC 2011 provisions on OGI cases, Art. 2(二)(三): refusing publications or to create
    or compile information is no case for the courts; reconsideration remains."""
    organ = Organ(reconsideration_body="莆田市人民政府", court="莆田市城厢区人民法院")
    text = remedy_notice(organ=organ, kind=LetterKind.REPLY, decisions=[([1], outcome)])
    assert text == "如对本答复不服，可以自收到本答复书之日起60日内向莆田市人民政府申请行政复议。"


def test_an_administrative_query_is_no_refusal_to_disclose():
    organ = Organ(reconsideration_body="莆田市人民政府", court="莆田市城厢区人民法院")
    text = remedy_notice(organ=organ, kind=LetterKind.REPLY,
                         decisions=[([1], Outcome.REFUSED_ADMINISTRATIVE_QUERY)])
    assert "应当先" not in text and "第二十三条" not in text
    assert "6个月内向莆田市城厢区人民法院提起行政诉讼" in text


def test_remedy_notice_without_configured_bodies_names_no_wrong_body():
    text = remedy_notice(organ=Organ(), kind=LetterKind.REPLY,
                         decisions=[([1], Outcome.PROVIDED)])
    assert "有管辖权的行政复议机关" in text and "有管辖权的人民法院" in text


# ---- small pure helpers ------------------------------------------------------------------

@pytest.mark.parametrize(("points", "expected"), [
    ("请写明项目名称。", ["1.请写明项目名称。"]),
    ("1.请写明工厂名称；2.请写明文件名称。", ["1.请写明工厂名称。", "2.请写明文件名称。"]),
    ("请写明工厂名称\n请写明时间范围", ["1.请写明工厂名称。", "2.请写明时间范围。"]),
])
def test_correction_points_are_listed_one_by_one(points, expected):
    assert split_points(points) == expected


@pytest.mark.parametrize(("amount", "upper"), [
    ("300", "叁佰元整"), ("1700", "壹仟柒佰元整"), ("1005", "壹仟零伍元整"),
    ("100001", "壹拾万零壹元整"), ("12.30", "壹拾贰元叁角"), ("0", "零元整"),
])
def test_amounts_in_capital_numerals(amount, upper):
    assert rmb_upper(Decimal(amount)) == upper


def test_chinese_ordinals():
    assert [cn_ordinal(n) for n in (1, 9, 10, 12, 20, 35)] == ["一", "九", "十", "十二", "二十",
                                                              "三十五"]


# ---- letters built from requests ---------------------------------------------------------

def test_receipt_states_receipt_date_due_date_and_no_remedy(organ, people):
    request = m.build(Status.REGISTERED, organ, people)
    built = letter(request, LetterKind.RECEIPT)
    text = built.text()
    assert built.addressee == "林志强" and built.remedy == ""
    assert "2026年3月3日" in text and "2026年3月31日" in text
    assert request.registration_number in text and "通过网上申请平台" in text
    assert "《中华人民共和国政府信息公开条例》（以下简称《条例》）第三十一条" in text


def test_letter_html_is_the_frame_with_escaped_words(organ, people):
    request = submit(organ, on=m.SUBMITTED_ON, items=["<script>alert(1)</script>排污口名录"])
    m.register(request, people)
    html = letter_html(letter(request, LetterKind.RECEIPT))
    assert '<html lang="zh-CN">' in html
    assert 'class="organ-mark"' in html and "莆环信公开〔2026〕7号" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "preview" not in html.split("<body", 1)[1].split(">", 1)[0]


def test_a_letter_the_record_does_not_support_is_refused(organ, people):
    request = m.build(Status.PROCESSING, organ, people)
    with pytest.raises(LetterError, match="没有补正告知"):
        letter(request, LetterKind.CORRECTION_NOTICE)
    with pytest.raises(LetterError, match="答复尚未拟定"):
        letter(request, LetterKind.REPLY)
    with pytest.raises(LetterError, match="没有可以发出"):
        letter(request, LetterKind.FEE_NOTICE)
    consultation = m.open_consultation(request, people, kind=ConsultedParty.CO_ORGAN,
                                       name=m.CO_ORGAN)
    with pytest.raises(LetterError, match="不是第三方"):
        letter(request, LetterKind.THIRD_PARTY_CONSULTATION, subject=consultation)
    other = m.build(Status.PROCESSING, organ, people)
    with pytest.raises(LetterError, match="不属于该申请"):
        letter(other, LetterKind.ORGAN_CONSULTATION, subject=consultation)
    unregistered = submit(organ)
    with pytest.raises(LetterError, match="尚未登记"):
        letter(unregistered, LetterKind.RECEIPT)


def test_a_reply_is_refused_before_sign_off(organ, people):
    request = m.build(Status.CONFIDENTIALITY_REVIEW, organ, people)
    with pytest.raises(LetterError, match="审签"):
        letter(request, LetterKind.REPLY)


def _decide(request, people, decisions, text=""):
    request_draft_reply(request=request, acting_user=people.handler, decisions=decisions,
                        decision_text=text, at=at(m.DRAFTED_ON))
    request_submit_for_review(request=request, acting_user=people.handler, at=at(m.DRAFTED_ON))
    request_pass_confidentiality_review(request=request, acting_user=people.reviewer,
                                        at=at(m.REVIEWED_ON))
    request_sign_off(request=request, acting_user=people.leader, at=at(m.REPLIED_ON))


def _request_with_items(organ, people, n):
    request = submit(organ, on=m.SUBMITTED_ON,
                     items=[f"2025年第{i}季度木兰溪水质监测数据" for i in range(1, n + 1)])
    m.register(request, people)
    m.triage(request, people)
    return request


def test_reply_decides_each_item_in_its_own_paragraph(organ, people):
    request = _request_with_items(organ, people, 3)
    _decide(request, people, [
        ItemDecision(1, Outcome.PROVIDED, "提供监测数据表。"),
        ItemDecision(2, Outcome.NOT_HELD, "已检索监测站数据库。"),
        ItemDecision(3, Outcome.REFUSED_PROCESS_INFORMATION, "该季度数据尚在审核中。"),
    ])
    built = letter(request, LetterKind.REPLY)
    paragraphs = [d["text"] for d in built.extra["decisions"]]
    assert [p[:2] for p in paragraphs] == ["一、", "二、", "三、"]
    assert "第三十六条第（二）项" in paragraphs[0] and "电子邮箱（lin.zhiqiang@example.com）" in (
        paragraphs[0])
    assert "第三十六条第（四）项" in paragraphs[1] and "已检索监测站数据库。" in paragraphs[1]
    assert "第十六条第二款、第三十六条第（三）项" in paragraphs[2]
    assert built.remedy.startswith("对本答复第3项的决定不服的，依据《中华人民共和国行政复议法》")
    assert "对本答复第1项、第2项的决定不服的，可以" in built.remedy


def test_items_decided_alike_share_one_paragraph(organ, people):
    request = _request_with_items(organ, people, 2)
    _decide(request, people, [ItemDecision(n, Outcome.NOT_HELD, "未制作。") for n in (1, 2)])
    built = letter(request, LetterKind.REPLY)
    assert len(built.extra["decisions"]) == 1
    assert built.extra["decisions"][0]["text"].startswith("对您申请的2项政府信息：")


def test_a_decision_is_stated_once_staff_write_the_particulars_only(organ, people):
    request = _request_with_items(organ, people, 1)
    own = "该数据属于过程稿，依据《条例》第十六条第二款，不予公开。"
    with pytest.raises(RequestActError, match="第1项的说明中引用了《条例》条款") as refused:
        request_draft_reply(request=request, acting_user=people.handler,
                            decisions=[ItemDecision(1, Outcome.REFUSED_PROCESS_INFORMATION, own)],
                            at=at(m.DRAFTED_ON))
    assert refused.value.code == "particulars"
    request.refresh_from_db()
    assert request.status == Status.PROCESSING and request.drafted_by is None
    assert request.items.get().decision_text == ""
    _decide(request, people, [ItemDecision(1, Outcome.REFUSED_PROCESS_INFORMATION,
                                           "该季度数据尚在审核中。")])
    text = letter(request, LetterKind.REPLY).extra["decisions"][0]["text"]
    assert text.count("依据《条例》") == 1 and text.count("不予公开") == 1
    assert text.endswith("本机关决定不予公开。该季度数据尚在审核中。")


def test_not_this_organs_reply_gives_the_responsible_organs_name_and_contact(organ, people):
    """Art. 36(5): the entry of the organ's directory chosen for the item, as present."""
    water = OtherOrganFactory(organ=organ, name="莆田市水利局", email="",
                              address="福建省莆田市荔城区镇海街道梅园东路716号",
                              phone="0594-2692216", website="http://slj.putian.gov.cn/")
    request = _request_with_items(organ, people, 1)
    _decide(request, people, [ItemDecision(1, Outcome.NOT_THIS_ORGAN,
                                           "木兰溪防洪工程资料由水利部门制作。",
                                           responsible_organ=water)])
    text = letter(request, LetterKind.REPLY).text()
    assert "第三十六条第（五）项" in text
    assert ("负责公开该信息的行政机关为莆田市水利局，联系方式：地址：福建省莆田市荔城区镇海街道"
            "梅园东路716号；电话：0594-2692216；网站：http://slj.putian.gov.cn/。") in text
    assert "电子邮箱：" not in text.split("莆田市水利局")[1].split("。")[0]


def test_not_this_organs_reply_names_no_organ_merely_mentioned_in_the_text(organ, people):
    """No guessing from the staff's words: an organ of the deployment named in the text is
    not printed unless it is the entry chosen."""
    OrganFactory(name="莆田市自然资源局", short_name="莆田市自然资源局", code="PTZR",
                 letter_number_prefix="莆自然资信公开", phone="0594-2695123")
    water = OtherOrganFactory(organ=organ, name="莆田市水利局", phone="0594-2692216")
    request = _request_with_items(organ, people, 1)
    _decide(request, people, [ItemDecision(1, Outcome.NOT_THIS_ORGAN,
                                           "该信息不由莆田市自然资源局制作。",
                                           responsible_organ=water)])
    text = letter(request, LetterKind.REPLY).text()
    assert "0594-2695123" not in text and "0594-2692216" in text


def test_items_sent_to_different_organs_are_never_merged_into_one_paragraph(organ, people):
    water = OtherOrganFactory(organ=organ, name="莆田市水利局", phone="0594-2692216")
    land = OtherOrganFactory(organ=organ, name="莆田市自然资源局", phone="0594-2695001")
    request = _request_with_items(organ, people, 2)
    _decide(request, people, [
        ItemDecision(1, Outcome.NOT_THIS_ORGAN, "该信息不由本机关制作。", responsible_organ=water),
        ItemDecision(2, Outcome.NOT_THIS_ORGAN, "该信息不由本机关制作。", responsible_organ=land),
    ])
    paragraphs = [d["text"] for d in letter(request, LetterKind.REPLY).extra["decisions"]]
    assert len(paragraphs) == 2
    assert "莆田市水利局" in paragraphs[0] and "莆田市自然资源局" in paragraphs[1]


def test_repeat_reply_names_the_earlier_reply(organ, people):
    first = m.build(Status.REPLIED, organ, people)
    again = m.build(Status.PROCESSING, organ, people)
    _decide(again, people, [ItemDecision(1, Outcome.NOT_OGI_REPEAT, "")])
    text = letter(again, LetterKind.REPLY).text()
    assert f"登记编号：{first.registration_number}" in text
    assert "本机关已于2026年3月10日作出答复" in text and "第三十六条第（六）项" in text


def test_every_reply_outcome_has_wording():
    from letters.context.reply import DECISIONS

    assert set(DECISIONS) == set(REPLY_OUTCOMES)

"""A partial disclosure's reply says, for each withheld part, what it is, where, which
ground and which article (Art. 37; LETTERS.md), derived from the records' redaction log:
the handler's notes say what a part is, else the kind of what was matched."""

import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone

from letters.kinds import LetterKind
from records.grounds import Ground
from records.models import Disclosure, MatchedKind, Record, RecordState, Redaction, RedactionSource
from requests.outcomes import Outcome
from requests.services.reply import ItemDecision
from tests.letters.test_context import _decide, _request_with_items, letter

PDF = b"%PDF-1.7\n% a stand-in: the wording reads the log, never the file\n"


def _record(request, position, title, disclosure=Disclosure.REDACTED):
    item = request.items.get(position=position)
    record = Record(
        organ=request.organ, request=request, item=item, title=title,
        original_name=f"{title}.pdf", original_type="application/pdf", original_size=len(PDF),
        original_sha256=hashlib.sha256(PDF).hexdigest(), page_count=6, state=RecordState.READY,
        disclosure=disclosure, uploaded_at=timezone.now(),
    )
    record.original.save("original", ContentFile(PDF), save=False)
    record.save()
    return record


def _redact(record, page, ground, *, kind="", note="", state="accepted"):
    return Redaction.objects.create(
        record=record, page=page, x0=72, y0=300, x1=260, y1=316, ground=ground, note=note,
        source=RedactionSource.SUGGESTION if kind else RedactionSource.BOX, matched_kind=kind,
        state=state, created_at=timezone.now(),
    )


def test_the_reply_says_what_was_withheld_where_why_and_on_which_article(organ, people):
    request = _request_with_items(organ, people, 1)
    report = _record(request, 1, "涵江区永兴电镀有限公司现场检查笔录")
    decision = _record(request, 1, "行政处罚决定书（莆环罚〔2025〕12号）")
    for page in (2, 5):
        _redact(report, page, Ground.THIRD_PARTY, kind=MatchedKind.ID_NUMBER)
    _redact(report, 5, Ground.THIRD_PARTY, kind=MatchedKind.MOBILE)
    _redact(decision, 1, Ground.THIRD_PARTY, kind=MatchedKind.ID_NUMBER)
    discussion = _redact(report, 3, Ground.PROCESS_INFORMATION, note="案件集体讨论记录")
    # The same mark's second line: still one place.
    Redaction.objects.create(
        record=report, group=discussion.group, page=3, x0=72, y0=318, x1=140, y1=334,
        ground=Ground.PROCESS_INFORMATION, note="案件集体讨论记录", source=RedactionSource.TEXT,
        state="accepted", created_at=timezone.now(),
    )
    _redact(report, 4, Ground.THIRD_PARTY, kind=MatchedKind.EMAIL, state="rejected")
    _decide(request, people, [ItemDecision(1, Outcome.PARTIAL, "提供检查笔录和处罚决定书。")])

    text = letter(request, LetterKind.REPLY).extra["decisions"][0]["text"]

    assert (
        "《涵江区永兴电镀有限公司现场检查笔录》第2、5页、《行政处罚决定书（莆环罚〔2025〕12号）》第1页"
        "中的居民身份证号码、手机号码共4处，涉及个人隐私、商业秘密，公开会对第三方合法权益造成损害，"
        "依据《条例》第十五条的规定不予公开"
    ) in text
    assert (
        "《涵江区永兴电镀有限公司现场检查笔录》第3页中的案件集体讨论记录共1处，属于行政机关在履行"
        "行政管理职能过程中形成的过程性信息，依据《条例》第十六条第二款的规定不予公开"
    ) in text
    assert "电子邮箱" not in text.split("依据《条例》第三十七条")[0]  # the rejected one
    assert "本机关决定对可以公开的部分予以公开，对上述不应当公开的部分不予公开" in text
    assert text.index("第十五条") < text.index("第十六条第二款") < text.index("第三十七条")


def test_without_a_log_the_reply_keeps_the_general_wording(organ, people):
    request = _request_with_items(organ, people, 1)
    _record(request, 1, "2025年第三季度木兰溪水质监测数据", disclosure=Disclosure.AS_IS)
    _decide(request, people, [ItemDecision(1, Outcome.PARTIAL, "第2页涉及个人信息的内容已作去标识化处理。")])
    text = letter(request, LetterKind.REPLY).extra["decisions"][0]["text"]
    assert "对不应当公开的部分不予公开" in text and "共" not in text.split("第三十七条")[0]


def test_two_partial_items_with_their_own_logs_get_their_own_paragraphs(organ, people):
    request = _request_with_items(organ, people, 2)
    _redact(_record(request, 1, "第一季度监测报告"), 1, Ground.THIRD_PARTY, kind=MatchedKind.MOBILE)
    _redact(_record(request, 2, "第二季度监测报告"), 2, Ground.STATE_SECRET, note="监测点位坐标")
    _decide(request, people, [ItemDecision(n, Outcome.PARTIAL, "见附件。") for n in (1, 2)])
    first, second = (d["text"] for d in letter(request, LetterKind.REPLY).extra["decisions"])
    assert "《第一季度监测报告》第1页中的手机号码共1处" in first and "国家秘密" not in first
    assert "《第二季度监测报告》第2页中的监测点位坐标共1处，属于依法确定的国家秘密" in second

"""Art. 35: the later reply date set by the head of the OGI office goes out with the
延期答复告知书 worded for Art. 35, in one transaction with the act; the audit trail replays
the date it set.

Received Thu 2026-09-10, due Wed 2026-10-14 (counted in tests/requests/test_clock.py).
"""

import datetime
import hashlib

import pytest

from letters import acts, rendering, services
from letters.audit_trail import audit_trail
from letters.context import build_letter
from letters.errors import LetterRenderError
from letters.kinds import LetterKind
from letters.models import IssuedLetter
from letters.rendering import RenderedPdf
from requests.models import AuditEvent
from requests.models.extension import ExtensionArticle
from tests.factories import at, submit
from tests.requests.machine import snapshot

D = datetime.date
REASONS = "申请人一次提出46项申请，涉及2015年以来全部建设项目环评审批文件，需逐件检索、核对"
BROKEN = '<html lang="zh-CN"><body><p>告知书</p><img src="http://example.com/seal.png"></body></html>'


def quick_render(html, **kwargs):
    return RenderedPdf(data=b"%PDF-1.7 " + hashlib.sha256(html.encode()).digest(), page_count=1)


@pytest.fixture
def asked(organ, people, monkeypatch):
    """Registered with its receipt on 09-10; reasons asked with the notice on 09-11."""
    monkeypatch.setattr(services, "render", quick_render)
    request = submit(organ, on="2026-09-10")
    acts.register_and_send_receipt(request=request, acting_user=people.registrar,
                                   at=at("2026-09-10"))
    acts.ask_reasons_with_notice(
        request=request, acting_user=people.ogi_head, applications_count=46,
        period="2026年1月至9月", respond_by=D(2026, 9, 25), at=at("2026-09-11"),
    )
    return request


def set_later(request, people):
    return acts.set_later_reply_date_with_notice(
        request=request, acting_user=people.ogi_head, reply_by=D(2026, 11, 30),
        reasons=REASONS, at=at("2026-09-30"),
    )


def test_the_later_reply_date_goes_out_with_the_extension_notice_for_article_35(asked, people):
    letter = set_later(asked, people)
    assert letter.kind == LetterKind.EXTENSION_NOTICE
    assert letter.extension.article == ExtensionArticle.LATER_REPLY_DATE
    assert letter.number.startswith(asked.organ.letter_number_prefix + "告")
    event = asked.audit_events.order_by("-sequence").first()
    assert event.act == "set_later_reply_date" and letter.issued_at == event.at
    asked.refresh_from_db()
    assert asked.due_on == D(2026, 11, 30)


def test_the_notice_says_reasonable_but_too_many_why_the_date_and_who_set_it(asked, people):
    letter = set_later(asked, people)
    reasons_letter = asked.letters.get(kind=LetterKind.REASONS_NOTICE)
    words = build_letter(request=asked, kind=LetterKind.EXTENSION_NOTICE, number=letter.number,
                         issued_on=D(2026, 9, 30), subject=letter.extension)
    assert words.body == [
        f"本机关于2026年9月11日向您发出说明理由告知书（{reasons_letter.number}），请您说明申请的"
        "理由。经审查，本机关认为您的申请理由合理，但申请的数量、频次明显超过合理范围，本机关无法在"
        "《中华人民共和国政府信息公开条例》（以下简称《条例》）第三十三条第二款规定的期限内答复。"
        "本机关原应于2026年10月14日前作出答复。",
        f"延迟答复的理由：{REASONS}。",
        "依据《条例》第三十五条的规定，经本机关政府信息公开工作机构负责人于2026年9月30日确定，"
        "延迟答复的期限为2026年11月30日，本机关将于2026年11月30日前作出答复。征求第三方和其他"
        "机关意见所需时间不计算在答复期限内。",
    ]
    assert not any("延长" in paragraph for paragraph in words.body)


def test_a_notice_that_cannot_be_rendered_rolls_the_later_date_back(asked, people, monkeypatch):
    before = snapshot(asked)
    events = AuditEvent.objects.count()
    monkeypatch.setattr(services, "render", rendering.render)  # the real check of resources
    monkeypatch.setattr(services, "letter_html", lambda letter: BROKEN)
    with pytest.raises(LetterRenderError, match="外部资源"):
        set_later(asked, people)
    assert snapshot(asked) == before
    assert AuditEvent.objects.count() == events
    assert not IssuedLetter.objects.filter(kind=LetterKind.EXTENSION_NOTICE).exists()


def test_the_audit_trail_replays_the_later_reply_date(asked, people):
    letter = set_later(asked, people)
    row = next(r for r in audit_trail(asked).rows if r.act == "确定延迟答复期限（第三十五条）")
    assert row.clock.startswith("2026年10月14日 → 2026年11月30日")
    assert "《条例》第三十五条" in row.clock
    assert row.letters[0].number == letter.number
    assert row.comment == REASONS

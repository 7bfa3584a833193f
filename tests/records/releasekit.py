"""Records as the handler leaves them before dispatch: a real PDF (rendered with PyMuPDF, in
Chinese) as the working copy, state READY, and for one released after redaction a second
PDF with the withheld parts removed and labelled."""

from __future__ import annotations

import datetime
import hashlib

import pymupdf
from django.core.files.base import ContentFile
from django.utils import timezone

from records.models import Disclosure, Record, RecordState, ReleasedFile, TextLayer
from requests.models import DisclosureRequest
from tests.factories import at

#: What a monitoring report of the organ says, page by page.
REPORT_LINES = (
    "一、监测概况：本季度对木兰溪干流及支流共12个断面开展了水质监测。",
    "二、监测结果：溶解氧、高锰酸盐指数、氨氮、总磷均达到地表水Ⅲ类标准。",
    "三、超标情况：城厢区华亭镇断面总磷浓度0.21毫克/升，超标0.05倍。",
    "四、企业排放：莆田市兴荔新材料科技有限公司废水排放口在线监测数据正常。",
)
REPORT_TITLE = "2025年第四季度木兰溪水质自动监测站监测数据报告"
#: Words a redacted copy no longer holds (a natural person's name and mobile number).
PERSONAL = "联系人：陈雅琴，手机13905940001"


def render_pdf(title: str, *, pages: int = 2, redacted: bool = False) -> bytes:
    """A text PDF: the title on each page, the report's lines, and a contact line that the
    redacted version replaces by a labelled box."""
    document = pymupdf.open()
    for number in range(1, pages + 1):
        page = document.new_page(width=595, height=842)
        page.insert_text((72, 80), title, fontname="china-s", fontsize=16)
        for n, line in enumerate(REPORT_LINES):
            page.insert_text((72, 130 + 28 * n), line, fontname="china-s", fontsize=11)
        if redacted:
            page.draw_rect(pymupdf.Rect(72, 272, 330, 290), color=(0, 0, 0), fill=(0, 0, 0))
            page.insert_text((76, 285), "[个人隐私]", fontname="china-s", fontsize=9,
                             color=(1, 1, 1))
        else:
            page.insert_text((72, 285), PERSONAL, fontname="china-s", fontsize=11)
        page.insert_text((280, 800), f"第 {number} 页 共 {pages} 页", fontname="china-s",
                         fontsize=9)
    data = document.tobytes(garbage=3, deflate=True)
    document.close()
    return data


def add_record(
    request: DisclosureRequest, position: int, title: str, *,
    disclosure: str = Disclosure.AS_IS, pages: int = 2, with_redacted: bool | None = None,
    state: str = RecordState.READY, uploaded_at: datetime.datetime | None = None,
) -> Record:
    """A record of item ``position`` of ``request`` as the intake and the redaction screen
    leave it. ``with_redacted`` defaults to ``disclosure == REDACTED``."""
    if with_redacted is None:
        with_redacted = disclosure == Disclosure.REDACTED
    item = request.items.get(position=position)
    working = render_pdf(title, pages=pages)
    record = Record(
        organ_id=request.organ_id, request=request, item=item, title=title,
        original_name=f"{title}.pdf", original_type="application/pdf",
        original_size=len(working), original_sha256=hashlib.sha256(working).hexdigest(),
        working_sha256=hashlib.sha256(working).hexdigest(), page_count=pages, state=state,
        text_layer=TextLayer.NATIVE, disclosure=disclosure,
        uploaded_at=uploaded_at or at("2026-03-05", 15),
    )
    record.original.save("original", ContentFile(working), save=False)
    if state == RecordState.READY:
        record.working.save("working.pdf", ContentFile(working), save=False)
    if with_redacted:
        redacted = render_pdf(title, pages=pages, redacted=True)
        record.redacted.save("redacted.pdf", ContentFile(redacted), save=False)
        record.redacted_sha256 = hashlib.sha256(redacted).hexdigest()
        record.redacted_at = timezone.now()
    record.save()
    return record


def released_file(request: DisclosureRequest, title: str = REPORT_TITLE) -> ReleasedFile:
    """A file released to the applicant of ``request`` as the dispatch freezes one (for
    tests of who may reach it, where the way to a reply does not matter)."""
    data = render_pdf(title, pages=1)
    released = ReleasedFile(
        organ_id=request.organ_id, request=request, position=1, name=title, page_count=1,
        size=len(data), sha256=hashlib.sha256(data).hexdigest(), frozen_at=timezone.now(),
        available_until=timezone.localdate() + datetime.timedelta(days=30),
    )
    released.file.save("released.pdf", ContentFile(data), save=False)
    released.save()
    return released


def stored_bytes(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def replied_with_package(organ, people, account, *, files=(), outcome=None, items=None,
                         dispatched_at: datetime.datetime | None = None) -> DisclosureRequest:
    """An online request of ``account`` (electronic files, downloaded from the portal) taken
    through the flow: handled with ``files`` as its records — (title, pages, disclosure) of
    item 1 —, reviewed, signed off and dispatched (now, unless ``dispatched_at``)."""
    from requests.outcomes import Outcome
    from requests.services.reply import ItemDecision
    from tests.portal.kit import ITEM, in_processing
    from tests.workflow.flowkit import do
    from workflow import steps

    request = in_processing(organ, people, account, items=items or (ITEM,))
    for title, pages, disclosure in files:
        add_record(request, 1, title, pages=pages, disclosure=disclosure)
    outcome = outcome or (Outcome.PARTIAL if any(
        d != Disclosure.AS_IS for _t, _p, d in files) else Outcome.PROVIDED)
    reason = "报告书附件中的联系人姓名和手机号码属于个人隐私，已作遮盖处理。"
    process = request.process
    do(process, "handle", people.handler, step=steps.submit_reply,
       decisions=[ItemDecision(n, outcome, reason) for n in range(1, request.items.count() + 1)],
       at=at("2026-03-10"))
    do(process, "review", people.reviewer, passed=True, comment="不涉及国家秘密",
       at=at("2026-03-11"))
    do(process, "sign", people.leader, approved=True, comment="同意签发", at=at("2026-03-12"))
    do(process, "dispatch", people.registrar, delivery_method="electronic_delivery",
       at=dispatched_at)
    request.refresh_from_db()
    return request

"""区分处理 through its acts: the handler marks what a record withholds (suggestions accepted
or rejected one by one, a drawn box, a selected text), the redacted copy is made from the
accepted marks only, any later change makes it stale, and nothing changes for anyone but the
case's handler or once the record is released."""

from pathlib import Path

import pymupdf
import pytest
from django.core.exceptions import ValidationError

from records import redacting
from records.grounds import Ground
from records.models import Disclosure, MatchedKind, RecordState, Redaction, RedactionState
from records.redaction import page_layer
from records.services import record_attach
from requests.choices import Role
from requests.models import AuditEvent
from requests.models.audit import Act
from tests.factories import staff

from .cases import upload
from .documents import EMAIL, ID_LI, ID_ZHANG, letter_pdf


@pytest.fixture
def record(handling, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = record_attach(
            request=handling.request, item=handling.first, title="信访件办理情况报告",
            upload=upload("信访件办理情况报告.pdf", letter_pdf()), acting_user=people.handler,
        )
    record.refresh_from_db()
    assert record.state == RecordState.READY
    return record


def _text(path) -> str:
    with pymupdf.open(path) as document:
        return "".join("".join(page.get_text().split()) for page in document)


def _acts(request) -> list[str]:
    return list(AuditEvent.objects.filter(request=request).order_by("sequence")
                .values_list("act", flat=True))


def test_suggestions_are_decided_one_by_one_and_only_the_accepted_are_removed(record, people):
    proposed = redacting.redaction_suggest(record=record, names=["张伟", "李娜"],
                                           acting_user=people.handler)
    marks = Redaction.objects.filter(record=record)
    assert proposed == len({m.group for m in marks}) > 5
    assert set(marks.values_list("state", flat=True)) == {RedactionState.PROPOSED}
    kinds = set(marks.values_list("matched_kind", flat=True))
    assert {MatchedKind.ID_NUMBER, MatchedKind.MOBILE, MatchedKind.EMAIL,
            MatchedKind.PERSON_NAME} <= kinds
    with pytest.raises(ValidationError, match="还有系统建议未确认"):
        redacting.record_apply_redactions(record=record, acting_user=people.handler)

    email = marks.filter(matched_kind=MatchedKind.EMAIL).first()
    redacting.redaction_decide(record=record, group=email.group, accepted=False,
                               acting_user=people.handler)
    accepted = redacting.redaction_decide_all(record=record, accepted=True,
                                              acting_user=people.handler)
    assert accepted == proposed - 1
    # A second run proposes nothing already marked.
    assert redacting.redaction_suggest(record=record, names=["张伟", "李娜"],
                                       acting_user=people.handler) == 0

    record = redacting.record_apply_redactions(record=record, acting_user=people.handler)
    text = _text(record.redacted.path)
    assert ID_ZHANG not in text and ID_LI not in text and "张伟" not in text
    assert EMAIL in text  # rejected: still there
    assert "荔城区某企业夜间排放废气" in text
    assert record.disclosure == Disclosure.REDACTED and len(record.redacted_sha256) == 64
    assert _text(record.working.path).count(ID_ZHANG) == 1  # the working copy is untouched
    assert _acts(record.request)[-1] == Act.APPLY_REDACTIONS
    assert Act.MARK_REDACTION in _acts(record.request)


def test_a_selected_text_running_over_two_lines_is_one_mark_of_two_boxes(
    record, people, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    with record.working.open("rb") as handle:
        layer = page_layer(handle.read(), 1)
    start = layer.text.text.index("荔城区某企业")
    end = layer.text.text.index("联系电话")
    group = redacting.redaction_add_text(
        record=record, page=1, start=start, end=end, ground=Ground.PROCESS_INFORMATION,
        note="尚在调查的企业名称", acting_user=people.handler,
    )
    boxes = Redaction.objects.filter(group=group)
    assert boxes.count() >= 2 and {b.state for b in boxes} == {RedactionState.ACCEPTED}
    record = redacting.record_apply_redactions(record=record, acting_user=people.handler)
    assert "荔城区某企业" not in _text(record.redacted.path)

    # A later change makes the redacted copy stale: it is deleted and must be made again.
    path = Path(record.redacted.path)
    with capture(execute=True):
        redacting.redaction_remove(record=record, group=group, acting_user=people.handler)
        assert path.exists()  # the file goes once the act commits, not before
    record.refresh_from_db()
    assert not record.redacted and record.redacted_sha256 == ""
    assert not Redaction.objects.filter(group=group).exists()
    assert not path.exists()


def test_a_drawn_box_off_the_page_or_without_area_is_refused_and_nothing_is_stored(record, people):
    version = record.request.version
    for box in [(10, 10, 900, 40), (100, 100, 100, 140), (50, 50, 20, 20)]:
        with pytest.raises(ValidationError):
            redacting.redaction_add_box(record=record, page=1, box=box,
                                        ground=Ground.THIRD_PARTY, acting_user=people.handler)
    with pytest.raises(ValidationError, match="理由"):
        redacting.redaction_add_box(record=record, page=1, box=(72, 72, 200, 90), ground="",
                                    acting_user=people.handler)
    with pytest.raises(ValidationError, match="页"):
        redacting.redaction_add_box(record=record, page=9, box=(72, 72, 200, 90),
                                    ground=Ground.THIRD_PARTY, acting_user=people.handler)
    assert not Redaction.objects.filter(record=record).exists()
    record.request.refresh_from_db()
    assert record.request.version == version


def test_nothing_to_apply_and_nobody_else_may_mark(record, people, organ):
    with pytest.raises(ValidationError, match="没有采纳的区分处理标注"):
        redacting.record_apply_redactions(record=record, acting_user=people.handler)
    stranger = staff(organ, Role.HANDLER, "other-handler", people.other_dept)
    with pytest.raises(ValidationError):
        redacting.redaction_add_box(record=record, page=1, box=(72, 72, 200, 90),
                                    ground=Ground.THIRD_PARTY, acting_user=stranger)
    with pytest.raises(ValidationError):
        redacting.redaction_suggest(record=record, acting_user=people.reviewer)
    assert not Redaction.objects.filter(record=record).exists()


def test_a_released_record_no_longer_changes(record, people):
    redacting.redaction_add_box(record=record, page=1, box=(72, 72, 200, 90),
                                ground=Ground.THIRD_PARTY, acting_user=people.handler)
    type(record).objects.filter(pk=record.pk).update(frozen_at=record.uploaded_at)
    with pytest.raises(ValidationError, match="已随答复公开"):
        redacting.record_apply_redactions(record=record, acting_user=people.handler)
    with pytest.raises(ValidationError, match="已随答复公开"):
        redacting.record_set_disclosure(record=record, disclosure=Disclosure.WITHHELD,
                                        acting_user=people.handler)


def test_the_redaction_log_goes_into_the_audit_trail(record, people):
    from io import BytesIO

    from pypdf import PdfReader

    from letters.audit_trail import audit_trail, audit_trail_pdf

    redacting.redaction_add_box(record=record, page=1, box=(72, 72, 300, 100),
                                ground=Ground.PROCESS_INFORMATION, note="内部讨论意见",
                                acting_user=people.handler)
    redacting.redaction_suggest(record=record, names=["张伟"], acting_user=people.handler)
    trail = audit_trail(record.request)
    assert [(m.page, m.ground, m.note) for m in trail.redactions] == [
        (1, "过程性信息", "内部讨论意见")]  # the suggestions are not accepted yet
    text = "".join(page.extract_text() for page in
                   PdfReader(BytesIO(audit_trail_pdf(record.request))).pages).replace("\n", "")
    assert "区分处理记录" in text and "内部讨论意见" in text and "标注区分处理内容" in text

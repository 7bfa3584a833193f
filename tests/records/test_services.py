"""Attaching a record to an item and removing it: checked by content, kept untouched and
private with its SHA-256, one audited act each; refusals change nothing."""

import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from records.models import Record, RecordState
from records.services import record_attach, record_remove
from requests.choices import Status
from requests.models import AuditEvent
from requests.models.attachment import AttachmentKind
from requests.models.audit import Act
from requests.outcomes import Outcome
from requests.services import attachment_store
from requests.services.reply import ItemDecision
from tests.factories import submit
from tests.uploads import real_png
from workflow import steps

from .cases import upload
from .intake_files import REPORT_TITLE

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def stored_files(settings) -> set[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT) / "records"
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def attach(handling, people, name, content, *, item=None, title="", user=None):
    return record_attach(
        request=handling.request, item=item or handling.first, upload=upload(name, content),
        title=title, acting_user=user or people.handler,
    )


def test_a_record_is_kept_untouched_and_private_with_its_hash_and_an_audit_event(
    handling, people, documents, settings
):
    content = documents["pdf"]
    version = handling.request.version
    record = attach(handling, people, "水质监测情况通报.pdf", content, title="水质监测情况通报")
    record.refresh_from_db()
    assert record.state == RecordState.PENDING  # the working copy follows in the worker
    assert record.original_type == "application/pdf"
    assert record.original_size == len(content)
    assert record.original_sha256 == hashlib.sha256(content).hexdigest()
    with record.original.open("rb") as stored:
        assert stored.read() == content
    path = record.original.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT)) and "水质" not in path
    assert record.original_name == "水质监测情况通报.pdf"
    assert (record.organ, record.request, record.item) == (
        handling.request.organ, handling.request, handling.first)
    event = AuditEvent.objects.filter(request=handling.request).order_by("-sequence").first()
    assert event.act == Act.ATTACH_RECORD and event.actor == people.handler
    assert event.comment == "水质监测情况通报"
    assert event.data["sha256"] == record.original_sha256 and event.data["item"] == 1
    assert event.status_before == event.status_after == Status.PROCESSING
    handling.request.refresh_from_db()
    assert handling.request.version == version + 1


@pytest.mark.parametrize(
    ("name", "key", "content_type"),
    [
        ("监测情况通报.docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("监测数据.xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("监测情况通报.doc", "doc", "application/msword"),
        ("监测情况通报.wps", "doc", "application/msword"),  # WPS Office's Word binary
        ("监测数据.xls", "xls", "application/vnd.ms-excel"),
        ("监测数据.et", "xls", "application/vnd.ms-excel"),  # WPS Office's Excel binary
        ("监测情况通报.odt", "odt", "application/vnd.oasis.opendocument.text"),
        ("监测数据.ods", "ods", "application/vnd.oasis.opendocument.spreadsheet"),
        ("监测报告扫描件.png", "png", "image/png"),
        ("监测报告照片.jpg", "jpeg", "image/jpeg"),
        ("监测报告扫描件.tif", "tiff", "image/tiff"),
    ],
)
def test_each_kind_of_record_is_recognised_by_its_content(
    handling, people, documents, name, key, content_type
):
    record = attach(handling, people, name, documents[key])
    assert record.original_type == content_type
    assert record.title == name.rsplit(".", 1)[0]


@pytest.mark.parametrize(
    ("name", "key", "code", "words"),
    [
        ("空白.pdf", b"", "empty", "文件为空"),
        ("加密文件.pdf", "encrypted_pdf", "encrypted_pdf", "PDF文件已加密"),
        ("损坏.pdf", "broken_pdf", "bad_pdf", "无法解析"),
        ("损坏.docx", "broken_docx", "bad_office", "文档结构不正确"),
        ("设有密码.doc", "encrypted_doc", "encrypted_document", "打开密码"),
        ("设有密码.xls", "encrypted_xls", "encrypted_document", "打开密码"),
        ("设有密码.odt", "encrypted_odt", "encrypted_document", "打开密码"),
        ("含宏.odt", "macro_odt", "bad_office", "宏"),
        ("通报.docx", "doc", "disguised", "扩展名与文件内容不符"),  # a DOC renamed
        ("通报.pdf", EXE, "file_type", "不支持的文件类型"),
        ("通报.txt", "纯文本的监测情况".encode(), "file_type", "WPS"),
    ],
)
def test_bad_files_are_refused_with_a_message_and_nothing_is_stored(
    handling, people, documents, settings, name, key, code, words
):
    before = (stored_files(settings), AuditEvent.objects.count(), handling.request.version)
    content = documents[key] if isinstance(key, str) else key
    with pytest.raises(ValidationError) as refusal:
        attach(handling, people, name, content)
    assert refusal.value.code == code
    assert words in refusal.value.messages[0]
    handling.request.refresh_from_db()
    assert (stored_files(settings), AuditEvent.objects.count(), handling.request.version) == before
    assert not Record.objects.exists()


def test_a_record_over_the_size_limit_is_refused(handling, people, documents, settings):
    settings.RECORD_MAX_BYTES = 20 * 1024
    attach(handling, people, "通报.pdf", documents["pdf"])  # under the limit: kept
    with pytest.raises(ValidationError) as refusal:
        attach(handling, people, "通报.pdf", documents["pdf"] + b"\n" * 20 * 1024)
    assert refusal.value.code == "too_large"
    assert "20.0\xa0KB" in refusal.value.messages[0]
    assert Record.objects.count() == 1


def test_applicants_still_may_not_upload_the_legacy_and_other_office_formats(
    organ, documents
):
    request = submit(organ)
    for name, key in (("身份证明.doc", "doc"), ("身份证明.xls", "xls"), ("身份证明.odt", "odt")):
        with pytest.raises(ValidationError):
            attachment_store(organ=organ, upload=upload(name, documents[key]),
                             kind=AttachmentKind.SUPPORTING, uploaded_by=None, request=request)


def test_only_a_handler_of_the_responsible_department_attaches(handling, people, documents):
    for user in (people.other_handler, people.registrar, people.reviewer):
        with pytest.raises(ValidationError) as refusal:
            attach(handling, people, "通报.pdf", documents["pdf"], user=user)
        assert refusal.value.code == "role"
    assert not Record.objects.exists()


def test_an_item_of_another_request_is_refused(organ, handling, people, documents):
    other = submit(organ).items.get()
    with pytest.raises(ValidationError) as refusal:
        attach(handling, people, "通报.pdf", documents["pdf"], item=other)
    assert refusal.value.code == "item"
    assert not Record.objects.exists()


def test_no_record_changes_once_the_reply_is_submitted_for_review(handling, people, documents):
    record = attach(handling, people, "通报.pdf", documents["pdf"])
    steps.submit_reply(task=handling.task, user=people.handler, decisions=[
        ItemDecision(1, Outcome.PROVIDED, "提供监测报告"),
        ItemDecision(2, Outcome.PROVIDED, "提供排污许可证"),
    ])
    handling.request.refresh_from_db()
    assert handling.request.status == Status.CONFIDENTIALITY_REVIEW
    with pytest.raises(ValidationError) as refusal:
        attach(handling, people, "监测数据.xlsx", documents["xlsx"])
    assert "保密审查" in refusal.value.messages[0]
    with pytest.raises(ValidationError):
        record_remove(record=record, acting_user=people.handler)
    assert Record.objects.count() == 1


def test_a_long_title_is_refused_and_an_empty_one_is_the_file_name(handling, people, documents):
    with pytest.raises(ValidationError) as refusal:
        attach(handling, people, "通报.pdf", documents["pdf"], title="水" * 201)
    assert refusal.value.code == "title_too_long"
    record = attach(handling, people, f"{REPORT_TITLE}.pdf", documents["pdf"], title="  ")
    assert record.title == REPORT_TITLE


def test_removing_a_record_deletes_its_files_once_committed_and_is_audited(
    handling, people, documents, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record = attach(handling, people, "通报.pdf", documents["pdf"])
    record.refresh_from_db()
    assert record.state == RecordState.READY
    files = [Path(record.original.path), Path(record.working.path)]
    assert all(f.is_file() for f in files)
    handling.request.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        record_remove(record=record, acting_user=people.handler)
    assert not Record.objects.exists()
    assert not any(f.exists() for f in files)
    event = AuditEvent.objects.filter(request=handling.request).order_by("-sequence").first()
    assert event.act == Act.REMOVE_RECORD
    assert event.data["sha256"] == record.original_sha256 and event.data["name"] == "通报.pdf"


def test_a_frozen_record_cannot_be_removed(handling, people, documents):
    record = attach(handling, people, "通报.png", real_png())
    Record.objects.filter(pk=record.pk).update(frozen_at=record.uploaded_at)
    handling.request.refresh_from_db()
    with pytest.raises(ValidationError) as refusal:
        record_remove(record=record, acting_user=people.handler)
    assert refusal.value.code == "frozen"
    assert Record.objects.filter(pk=record.pk).exists()

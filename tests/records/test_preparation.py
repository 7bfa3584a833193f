"""The working copy made in the tasks worker: office files through LibreOffice, images
through img2pdf, scans OCR'd so their Chinese text is found; page count, text layer and
SHA-256 recorded; the original never touched; a conversion past its timeout killed.

Each kind is attached and prepared once (one test each): the conversions and OCR runs are
the slow part of the suite.
"""

import hashlib
import os
import stat
from pathlib import Path

import pymupdf
import pytest

from records.models import FailureReason, Record, RecordState, TextLayer
from records.preparation import record_prepare
from records.services import record_attach

from .cases import upload
from .intake_files import text_pdf


def prepared(handling, people, name, content, capture):
    with capture(execute=True):
        record = record_attach(request=handling.request, item=handling.first,
                               upload=upload(name, content), acting_user=people.handler)
    record.refresh_from_db()
    return record


def page_texts(record) -> list[str]:
    with pymupdf.open(record.working.path) as document:
        return ["".join(page.get_text().split()) for page in document]


@pytest.mark.parametrize(
    ("name", "key", "pages", "layer", "phrase"),
    [
        ("水质监测情况通报.pdf", "pdf", 2, TextLayer.NATIVE, "木兰溪水质监测情况的通报"),
        ("水质监测情况通报.docx", "docx", 1, TextLayer.NATIVE, "木兰溪水质监测情况的通报"),
        ("水质监测情况通报.wps", "doc", 1, TextLayer.NATIVE, "南门桥"),
        ("监测数据.xlsx", "xlsx", 1, TextLayer.NATIVE, "化学需氧量"),
        ("监测数据.et", "xls", 1, TextLayer.NATIVE, "化学需氧量"),
        ("水质监测情况通报.odt", "odt", 1, TextLayer.NATIVE, "濑溪"),
        ("监测数据.ods", "ods", 1, TextLayer.NATIVE, "水质类别"),
        ("监测报告扫描件.png", "png", 1, TextLayer.OCR, "水质监测"),
        ("监测报告照片.jpg", "jpeg", 1, TextLayer.OCR, "水质监测"),
        ("监测报告扫描件.tif", "tiff", 2, TextLayer.OCR, "南门桥断面"),
    ],
)
def test_each_kind_becomes_a_searchable_working_copy(
    handling, people, documents, django_capture_on_commit_callbacks,
    name, key, pages, layer, phrase,
):
    content = documents[key]
    record = prepared(handling, people, name, content, django_capture_on_commit_callbacks)
    assert record.state == RecordState.READY, record.get_failure_display()
    assert (record.page_count, record.text_layer, record.textless_pages) == (pages, layer, [])
    assert record.prepared_at is not None and record.failure == ""
    working = Path(record.working.path).read_bytes()
    assert record.working_sha256 == hashlib.sha256(working).hexdigest()
    assert working.startswith(b"%PDF-")
    assert phrase in "".join(page_texts(record))
    # The original is kept as it came.
    assert Path(record.original.path).read_bytes() == content
    assert record.original_sha256 == hashlib.sha256(content).hexdigest()


def test_a_scan_after_a_typed_page_is_ocrd_and_the_typed_page_left_as_it_was(
    handling, people, documents, django_capture_on_commit_callbacks
):
    content = documents["mixed_pdf"]
    record = prepared(handling, people, "附件扫描件.pdf", content, django_capture_on_commit_callbacks)
    assert (record.state, record.page_count, record.text_layer) == (
        RecordState.READY, 2, TextLayer.OCR)
    typed, scanned = page_texts(record)
    assert typed == "附件：监测报告扫描件共一页"
    assert "水质监测" in scanned and "南门桥断面" in scanned
    with pymupdf.open("pdf", content) as source, pymupdf.open(record.working.path) as copy:
        # The typed page is not rasterised: still its font, no picture of it.
        fonts = [[font[1:] for font in d[0].get_fonts()] for d in (source, copy)]
        assert copy[0].get_images() == [] and fonts[0] == fonts[1]
        # The scan keeps its picture, under the recognised text.
        assert len(copy[1].get_images()) == 1


def test_a_page_with_no_text_to_find_leaves_the_text_layer_partial(
    handling, people, django_capture_on_commit_callbacks
):
    document = pymupdf.open("pdf", text_pdf([["一、排污口位置示意图见下页"]]))
    drawing = document.new_page(width=595, height=842)
    drawing.draw_rect(pymupdf.Rect(100, 100, 495, 500), color=(0, 0, 0), width=2)
    drawing.draw_line((100, 300), (495, 300))
    document.new_page(width=595, height=842)  # a blank sheet: nothing to find, not counted
    record = prepared(handling, people, "排污口示意图.pdf", document.tobytes(),
                      django_capture_on_commit_callbacks)
    assert (record.state, record.page_count, record.text_layer, record.textless_pages) == (
        RecordState.READY, 3, TextLayer.PARTIAL, [2])


def _stub_soffice(folder: Path, body: str) -> None:
    """A program named ``soffice`` first on PATH."""
    program = folder / "soffice"
    program.write_text("#!/bin/sh\n" + body)
    program.chmod(program.stat().st_mode | stat.S_IEXEC)


def test_a_conversion_past_its_timeout_is_killed_and_the_record_failed(
    handling, people, documents, django_capture_on_commit_callbacks, settings, tmp_path,
    monkeypatch,
):
    pid_file = tmp_path / "pid"
    _stub_soffice(tmp_path, f"echo $$ > {pid_file}\nexec sleep 60\n")
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    settings.RECORD_CONVERT_TIMEOUT = 1
    record = prepared(handling, people, "通报.docx", documents["docx"],
                      django_capture_on_commit_callbacks)
    assert (record.state, record.failure) == (RecordState.FAILED, FailureReason.CONVERT_TIMEOUT)
    assert "超时" in record.get_failure_display()
    assert not record.working and record.page_count is None
    pid = int(pid_file.read_text())
    assert not Path(f"/proc/{pid}").exists()  # killed, and reaped
    assert Path(record.original.path).read_bytes() == documents["docx"]


def test_a_document_libreoffice_cannot_open_fails_with_the_reason(
    handling, people, documents, django_capture_on_commit_callbacks, tmp_path, monkeypatch
):
    _stub_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2\nexit 1\n")
    monkeypatch.setenv("PATH", f"{tmp_path}:{os.environ['PATH']}")
    record = prepared(handling, people, "监测数据.ods", documents["ods"],
                      django_capture_on_commit_callbacks)
    assert (record.state, record.failure) == (RecordState.FAILED, FailureReason.UNREADABLE)
    assert "文档无法打开" in record.get_failure_display()


def test_preparing_again_or_a_removed_record_does_nothing(
    handling, people, documents, django_capture_on_commit_callbacks
):
    record = prepared(handling, people, "通报.pdf", documents["pdf"],
                      django_capture_on_commit_callbacks)
    sha = record.working_sha256
    assert record_prepare(record_id=record.pk) is None
    record.refresh_from_db()
    assert record.working_sha256 == sha and record.state == RecordState.READY
    assert record_prepare(record_id=Record.objects.order_by("-pk").first().pk + 1) is None

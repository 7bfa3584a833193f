"""Making a record's working copy, in the tasks worker (``records.tasks.prepare_record``).

The original is made into a PDF (``records.conversion``); the pages without text are OCR'd
(``records.ocr``); the working copy is stored with its SHA-256, its page count and what its
text layer is, and the record is READY — or FAILED with the reason, its original kept.

The slow part runs outside any transaction: the record is marked PROCESSING first (so the
page says so), and the result is written only if the record is still there and still
being prepared (removed meanwhile: the result is dropped). The original is only ever read.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from requests.services.stored_files import keep_only_if_committed

from .conversion import ConversionError, to_pdf
from .models import FailureReason, Record, RecordState, TextLayer
from .ocr import PageText, page_text, recognise_text

logger = logging.getLogger(__name__)


def record_prepare(*, record_id: int) -> str | None:
    """Make the working copy of the record ``record_id``; the state it reached, or None
    when there was nothing to do (no such record, or already prepared)."""
    with transaction.atomic():
        record = Record.objects.select_for_update().filter(pk=record_id).first()
        if record is None or record.state not in (RecordState.PENDING, RecordState.PROCESSING):
            return None
        Record.objects.filter(pk=record_id).update(state=RecordState.PROCESSING)
    with tempfile.TemporaryDirectory(prefix="ogi-record-") as work:
        folder = Path(work)
        converted = folder / "converted.pdf"
        try:
            to_pdf(
                Path(record.original.path), record.original_type, converted,
                timeout=settings.RECORD_CONVERT_TIMEOUT,
            )
            before = page_text(converted)
            working, after = converted, before
            if before.textless:
                working = folder / "recognised.pdf"
                recognise_text(converted, working, timeout=settings.RECORD_OCR_TIMEOUT)
                after = page_text(working)
        except ConversionError as error:
            logger.warning("Record %s (%s) not prepared: %s", record_id, record.original_type, error)
            return _finish(record_id, failure=FailureReason(error.reason))
        return _finish(record_id, working=working, before=before, after=after)


def text_layer(before: PageText, after: PageText) -> str:
    """What the working copy's text layer is, from the pages without text before and after
    OCR."""
    if not after.textless:
        return TextLayer.OCR if before.textless else TextLayer.NATIVE
    if after.text_pages:
        return TextLayer.PARTIAL
    return TextLayer.NONE


def _finish(
    record_id: int,
    *,
    working: Path | None = None,
    before: PageText | None = None,
    after: PageText | None = None,
    failure: str = "",
) -> str | None:
    with transaction.atomic():
        record = Record.objects.select_for_update().filter(pk=record_id).first()
        if record is None or record.state != RecordState.PROCESSING:
            return None  # removed, or prepared by another run, meanwhile
        record.prepared_at = timezone.now()
        if failure:
            record.state, record.failure = RecordState.FAILED, failure
            record.save(update_fields=["state", "failure", "prepared_at"])
            return record.state
        if record.working:
            record.working.delete(save=False)  # an earlier, interrupted run's
        digest = hashlib.sha256()
        with working.open("rb") as data:
            for chunk in iter(lambda: data.read(1024 * 1024), b""):
                digest.update(chunk)
            data.seek(0)
            record.working.save("working.pdf", File(data), save=False)
        keep_only_if_committed(record.working.storage, record.working.name)
        record.working_sha256 = digest.hexdigest()
        record.page_count = after.page_count
        record.text_layer = text_layer(before, after)
        record.textless_pages = list(after.textless)
        record.state, record.failure = RecordState.READY, ""
        record.save(update_fields=[
            "working", "working_sha256", "page_count", "text_layer", "textless_pages",
            "state", "failure", "prepared_at",
        ])
        return record.state

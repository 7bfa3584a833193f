"""The release package (公开的文件): frozen on dispatch of the reply, then only downloaded.

``release_plan`` says which file of each record the applicant gets — for every record of an
item whose outcome releases information (``RELEASING_OUTCOMES``) and that is not withheld:
the redacted PDF when the record is released after redaction (区分处理, Art. 37), else the
working copy. ``release_freeze``, called inside the reply act's transaction before the
letter is rendered, copies each of those files into a ``ReleasedFile`` with its SHA-256,
page count and size, and marks every record of the request frozen: from then on the bytes
the letter and the audit chain name are the bytes the applicant downloads, and no record of
the request changes. ``release_record_download`` writes who downloaded which file when.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

import pymupdf
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from requests.errors import RequestActError
from requests.models import DisclosureRequest
from requests.outcomes import RELEASING_OUTCOMES
from requests.services.locks import act_locks
from requests.services.stored_files import keep_only_if_committed

from .models import Disclosure, Download, Record, RecordState, ReleasedFile

#: Calendar days the released files stay available for download after the reply (the
#: period the reply letter states).
DOWNLOAD_DAYS = 30
#: Files attached to an e-mail reply up to this many bytes in all; beyond it the e-mail
#: carries the letter and the applicant downloads the files from the portal.
DEFAULT_EMAIL_MAX_BYTES = 10 * 1024 * 1024


def email_max_bytes() -> int:
    return int(getattr(settings, "RELEASE_EMAIL_MAX_BYTES", DEFAULT_EMAIL_MAX_BYTES))


def available_until(issued_on: datetime.date) -> datetime.date:
    """The last day of the download period that starts with the reply issued on ``issued_on``."""
    return issued_on + datetime.timedelta(days=DOWNLOAD_DAYS)


@dataclass(frozen=True)
class PlannedFile:
    """One file of the package as it would be frozen now."""

    position: int
    record: Record
    name: str
    is_redacted: bool
    page_count: int | None
    size: int | None
    sha256: str

    @property
    def source(self):
        return self.record.redacted if self.is_redacted else self.record.working


def _releasing_records(request: DisclosureRequest) -> list[Record]:
    records = Record.objects.filter(request=request).select_related("item")
    return [
        record for record in records
        if (record.item.outcome or request.outcome) in RELEASING_OUTCOMES
        and record.disclosure != Disclosure.WITHHELD
    ]


def _problem(record: Record) -> str:
    """Why ``record`` cannot be released as it stands ("" when it can)."""
    if record.disclosure == Disclosure.REDACTED:
        if not record.redacted:
            return _("「%(title)s」标记为区分处理后公开，但尚未生成区分处理后的文件。") % {
                "title": record.title}
        return ""
    if record.state != RecordState.READY or not record.working:
        return _("「%(title)s」尚未转换完成，不能公开。") % {"title": record.title}
    return ""


def release_plan(request: DisclosureRequest) -> tuple[list[PlannedFile], list[str]]:
    """The files the applicant would get, in order (by item, then as the records are
    listed), and what stands in the way of releasing the others. Reads only."""
    planned: list[PlannedFile] = []
    problems: list[str] = []
    for record in _releasing_records(request):
        problem = _problem(record)
        if problem:
            problems.append(problem)
            continue
        redacted = record.disclosure == Disclosure.REDACTED
        planned.append(PlannedFile(
            position=len(planned) + 1, record=record, name=record.title, is_redacted=redacted,
            page_count=record.page_count,
            size=(record.redacted if redacted else record.working).size,
            sha256=record.redacted_sha256 if redacted else record.working_sha256,
        ))
    return planned, problems


def _page_count(data: bytes) -> int:
    with pymupdf.open(stream=data, filetype="pdf") as document:
        return document.page_count


def release_freeze(
    *, request: DisclosureRequest, acting_user: AbstractBaseUser | None,
    at: datetime.datetime,
) -> list[ReleasedFile]:
    """冻结公开文件: freeze the package; call inside the reply act's transaction, before the
    letter is rendered (the letter lists the files, the act's audit event their hashes).

    Refuses (``RequestActError``, nothing written) a package already frozen and a record
    that cannot be released as it stands (marked redacted with no redacted file, not yet
    converted). The hash, pages and size are taken from the bytes copied, not from what
    the record says of them.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("release_freeze() runs inside the transaction of the reply act")
    act_locks(organ=request.organ_id, request=request.pk)
    records = Record.objects.select_for_update().filter(request=request)
    if records.filter(frozen_at__isnull=False).exists() or ReleasedFile.objects.filter(
        request=request
    ).exists():
        raise RequestActError(_("该申请的公开文件已经冻结，不能再次冻结。"), code="frozen")
    planned, problems = release_plan(request)
    if problems:
        raise RequestActError(" ".join(problems), code="release")
    until = available_until(timezone.localdate(at))
    released = []
    for entry in planned:
        with entry.source.open("rb") as handle:
            data = handle.read()
        try:
            pages = _page_count(data)
        except (pymupdf.FileDataError, RuntimeError, ValueError):
            raise RequestActError(
                _("「%(title)s」的文件无法读取，不能公开。") % {"title": entry.name},
                code="release",
            ) from None
        file = ReleasedFile(
            organ_id=request.organ_id, request=request, record=entry.record,
            position=entry.position, name=entry.name, page_count=pages, size=len(data),
            sha256=hashlib.sha256(data).hexdigest(), is_redacted=entry.is_redacted,
            frozen_at=at, available_until=until,
        )
        file.file.save(f"{file.public_id}.pdf", ContentFile(data), save=False)
        keep_only_if_committed(file.file.storage, file.file.name)
        file.save(force_insert=True)
        released.append(file)
    records.update(frozen_at=at)
    return released


def released_summary(files: list[ReleasedFile]) -> list[dict]:
    """What the reply's audit event records of each released file, so that the chain proves
    what went out."""
    return [
        {"position": f.position, "name": f.name, "sha256": f.sha256, "pages": f.page_count,
         "size": f.size, "redacted": f.is_redacted}
        for f in files
    ]


def release_record_download(
    *, released_file: ReleasedFile, user: AbstractBaseUser, at: datetime.datetime | None = None
) -> Download:
    """One download of a released file: who and when (the staff history shows it)."""
    return Download.objects.create(released_file=released_file, user=user, at=at or timezone.now())

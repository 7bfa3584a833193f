"""Writes of the records found for a request: attaching one to an item, removing it.

Each is one legal act (``requests.services.common.legal_act``) in one durable transaction
with its audit event, taken by the handler of the responsible department while the request
is being handled. Who holds the handling task is checked by the caller (``workflow``);
these check the person's post, the request's status and the record's own state.

A record is checked by its content before anything is written (``RECORD_TYPES``: PDF,
images, Word, Excel, WPS, OpenDocument), stored untouched under a name that never carries
the uploader's, with its SHA-256; its working copy is made by the tasks worker once the
act has committed (``records.tasks.prepare_record``).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from requests.choices import Status
from requests.errors import RequestActError
from requests.file_content import RECORD_TYPES, checked_content_type
from requests.models import DisclosureRequest, RequestItem
from requests.models.audit import Act
from requests.services.attachments import stored_file_name
from requests.services.common import legal_act, require_case_handler
from requests.services.stored_files import keep_only_if_committed

from .models import Record
from .tasks import prepare_record
from .thumbnails import forget_pictures

#: The statuses in which the handler holds the request and its records may change: being
#: handled, waiting on a third party or on the fee.
RECORD_STATUSES = (Status.PROCESSING, Status.THIRD_PARTY_CONSULTATION, Status.AWAITING_FEE)

TITLE_LENGTH = Record._meta.get_field("title").max_length


def _checked_upload(upload: UploadedFile) -> tuple[str, str, str]:
    """The content type, the kept file name and the SHA-256 of an upload a record may be;
    ``ValidationError`` otherwise (nothing is written)."""
    if not upload.size:
        raise ValidationError(_("文件为空。"), code="empty")
    limit = settings.RECORD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("文件过大：不能超过%(limit)s。") % {"limit": filesizeformat(limit)},
            code="too_large",
        )
    content_type = checked_content_type(upload, RECORD_TYPES)
    name = stored_file_name(upload.name)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in RECORD_TYPES[content_type]:
        raise ValidationError(
            _("文件扩展名与文件内容不符，请上传原始文件。"), code="disguised"
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return content_type, name, digest.hexdigest()


def _title(title: str, name: str) -> str:
    title = " ".join((title or "").split())
    if len(title) > TITLE_LENGTH:
        raise ValidationError(
            _("文件名称不能超过%(n)s个字。") % {"n": TITLE_LENGTH}, code="title_too_long"
        )
    if title:
        return title
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return stem[:TITLE_LENGTH] or name


def record_attach(
    *,
    request: DisclosureRequest,
    item: RequestItem,
    upload: UploadedFile,
    title: str = "",
    acting_user: AbstractBaseUser,
) -> Record:
    """添加检索到的文件: attach a record found for ``item`` of ``request``.

    Refused, with nothing stored, for a file that is empty, too large
    (``RECORD_MAX_BYTES``), of a type not accepted, damaged, encrypted or disguised; for
    someone who is not a handler of the responsible department; for a request not being
    handled; for an item of another request. The working copy follows in the tasks worker.
    """
    content_type, name, sha256 = _checked_upload(upload)
    title = _title(title, name)
    with transaction.atomic(durable=True):
        with legal_act(request, Act.ATTACH_RECORD, actor=acting_user, comment=title) as act:
            require_case_handler(acting_user, request)
            act.require_status(*RECORD_STATUSES)
            if item.request_id != request.pk:
                raise RequestActError(_("该事项不属于此申请。"), code="item")
            record = Record(
                organ_id=request.organ_id, request=request, item=item, title=title,
                original_name=name, original_type=content_type, original_size=upload.size,
                original_sha256=sha256, uploaded_by=acting_user, uploaded_at=act.at,
            )
            record.original.save("original", upload, save=False)
            keep_only_if_committed(record.original.storage, record.original.name)
            record.save()
            act.data = _described(record)
        transaction.on_commit(lambda: prepare_record.enqueue(record.pk))
    return record


def record_remove(*, record: Record, acting_user: AbstractBaseUser) -> None:
    """移除检索到的文件: take a record off its item, before the reply is dispatched; its
    files (original, working copy, pictures) are deleted once the act has committed. The
    audit event keeps what it was (title, file name, SHA-256)."""
    request = DisclosureRequest.objects.get(pk=record.request_id)
    with transaction.atomic(durable=True):
        with legal_act(request, Act.REMOVE_RECORD, actor=acting_user, comment=record.title) as act:
            require_case_handler(acting_user, request)
            act.require_status(*RECORD_STATUSES)
            current = Record.objects.select_for_update().filter(pk=record.pk).first()
            if current is None:
                raise RequestActError(_("该文件已被移除。"), code="missing")
            if current.frozen_at is not None:
                raise RequestActError(
                    _("该文件已随答复公开，不能再移除。"), code="frozen"
                )
            act.data = _described(current)
            files = [f.name for f in (current.original, current.working, current.redacted) if f]
            sha = current.working_sha256
            current.delete()
            transaction.on_commit(lambda: _delete_files(files, sha))


def _described(record: Record) -> dict:
    """What the audit event keeps of a record."""
    return {
        "record": str(record.public_id), "item": record.item.position, "title": record.title,
        "name": record.original_name, "type": record.original_type,
        "size": record.original_size, "sha256": record.original_sha256,
    }


def _delete_files(names: list[str], working_sha256: str) -> None:
    storage = Record._meta.get_field("original").storage
    for name in names:
        storage.delete(name)
    if working_sha256 and not Record.objects.filter(working_sha256=working_sha256).exists():
        forget_pictures(working_sha256)

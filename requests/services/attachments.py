"""Storing uploaded files: type checked by content, size limited, kept private."""

from __future__ import annotations

import hashlib
import os

import filetype
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Applicant, Attachment, DisclosureRequest, Organ
from ..models.attachment import AttachmentKind
from .stored_files import keep_only_if_committed

#: Accepted content types and the file-name extensions that may carry them.
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": ("pdf",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/png": ("png",),
    "image/tiff": ("tif", "tiff"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
}


def detect_content_type(head: bytes) -> str | None:
    kind = filetype.guess(head)
    return kind.mime if kind else None


@transaction.atomic
def attachment_store(
    *,
    organ: Organ,
    upload: UploadedFile,
    kind: str,
    uploaded_by: AbstractBaseUser | None,
    request: DisclosureRequest | None = None,
    applicant: Applicant | None = None,
) -> Attachment:
    """Check and store one uploaded file. Refusals raise ``ValidationError``; nothing is kept.

    The type is decided by the file's content, not its name; a name whose extension does
    not match the content (a disguised file) is refused too.
    """
    if kind not in AttachmentKind.values:
        raise ValidationError(_("附件类别不正确。"), code="kind")
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("文件为空。"), code="empty")
    if upload.size > limit:
        raise ValidationError(
            _("文件过大：不能超过%(limit)s。") % {"limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8192)
    content_type = detect_content_type(head)
    if content_type not in ALLOWED_TYPES:
        raise ValidationError(
            _("不支持的文件类型：只接受PDF、JPEG、PNG、TIFF、DOCX或XLSX文件（按文件内容判断）。"),
            code="file_type",
        )
    name = os.path.basename(upload.name or "")[:200] or "upload"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_TYPES[content_type]:
        raise ValidationError(
            _("文件扩展名与文件内容不符，请上传原始文件。"), code="disguised"
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        organ=organ,
        request=request,
        applicant=applicant,
        kind=kind,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=uploaded_by,
        uploaded_at=timezone.now(),
    )
    attachment.file.save(name, upload, save=False)
    stored_name = attachment.file.name
    keep_only_if_committed(attachment.file.storage, stored_name)
    try:
        attachment.save()
    except Exception:
        attachment.file.storage.delete(stored_name)
        raise
    return attachment

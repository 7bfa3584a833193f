"""Storing uploaded files: type checked by content, size limited, kept private."""

from __future__ import annotations

import hashlib
import os
import unicodedata

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from ..file_content import ALLOWED_TYPES, checked_content_type, detect_content_type
from ..models import Applicant, Attachment, DisclosureRequest, Organ
from ..models.attachment import AttachmentKind
from .stored_files import keep_only_if_committed

__all__ = ["ALLOWED_TYPES", "attachment_store", "detect_content_type", "stored_file_name"]


def stored_file_name(raw: str | None) -> str:
    """The uploader's file name as kept (``original_name``): without its folders and control
    characters, shortened to fit the field, keeping its extension and whole characters
    (Chinese included) — a long name is shortened, never refused."""
    limit = Attachment._meta.get_field("original_name").max_length
    name = os.path.basename((raw or "").replace("\\", "/"))
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cf", "Cs")).strip()
    if not name.strip("."):
        return "upload"
    if len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10 or not stem:
        return name[:limit]
    return stem[: limit - len(extension) - 1].rstrip() + "." + extension


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
    content_type = checked_content_type(upload)
    name = stored_file_name(upload.name)
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

"""Files attached to an applicant or a request: stored privately, served only by a view."""

import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _


class AttachmentKind(models.TextChoices):
    PROOF_OF_IDENTITY = "proof_of_identity", _("身份证明")
    SUPPORTING = "supporting", _("申请材料")
    SCAN = "scan", _("纸质申请扫描件")
    CORRECTION = "correction", _("补正材料")
    RELEASE = "release", _("公开的信息")


def private_storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name never contains the uploader's file name.
    return f"attachments/{instance.organ_id}/{instance.uploaded_at:%Y/%m}/{instance.public_id}"


class Attachment(models.Model):
    organ = models.ForeignKey("requests.Organ", on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(
        "requests.DisclosureRequest", on_delete=models.PROTECT, null=True, blank=True,
        related_name="attachments",
    )
    applicant = models.ForeignKey(
        "requests.Applicant", on_delete=models.PROTECT, null=True, blank=True,
        related_name="attachments",
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("类别"), max_length=30, choices=AttachmentKind.choices)
    file = models.FileField(storage=private_storage, upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

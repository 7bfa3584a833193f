"""The information itself: the records found for each item of a request, the parts withheld
from them (区分处理), and the files released to the applicant.

A ``Record`` keeps the file as it was uploaded (never changed) beside its working copy, a PDF
with a text layer (converted from Word/Excel/WPS or images, OCR'd when it is a scan). Each
``Redaction`` is one box on one page of the working copy, with its ground; applying them
makes the record's redacted PDF. On dispatch the package is frozen: each file the applicant
gets becomes a ``ReleasedFile`` with its SHA-256, and every ``Download`` of it is recorded.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from requests.models.attachment import private_storage

from .grounds import Ground


def original_path(instance: Record, filename: str) -> str:
    # Stored names never contain the uploader's file name.
    return f"records/{instance.organ_id}/{instance.uploaded_at:%Y/%m}/{instance.public_id}/original"


def working_path(instance: Record, filename: str) -> str:
    return f"records/{instance.organ_id}/{instance.uploaded_at:%Y/%m}/{instance.public_id}/working.pdf"


def redacted_path(instance: Record, filename: str) -> str:
    return f"records/{instance.organ_id}/{instance.uploaded_at:%Y/%m}/{instance.public_id}/redacted.pdf"


def released_path(instance: ReleasedFile, filename: str) -> str:
    return f"released/{instance.organ_id}/{instance.frozen_at:%Y/%m}/{instance.public_id}.pdf"


class RecordState(models.TextChoices):
    """Where the working copy stands: conversion and OCR run in the tasks worker."""

    PENDING = "pending", _("等待转换")
    PROCESSING = "processing", _("正在转换")
    READY = "ready", _("可用")
    FAILED = "failed", _("转换失败")


class FailureReason(models.TextChoices):
    """Why a record has no working copy (state FAILED); the handler removes it and uploads
    it again, mended or split."""

    UNREADABLE = "unreadable", _("文档无法打开（文件可能已损坏），未能转换为PDF。")
    CONVERT_TIMEOUT = "convert_timeout", _(
        "转换为PDF超时，已终止。文档可能过大或过于复杂，请拆分后重新上传。"
    )
    IMAGE_UNREADABLE = "image_unreadable", _("图片无法转换为PDF（文件可能已损坏）。")
    PDF_UNREADABLE = "pdf_unreadable", _("PDF文件无法打开或没有页面（文件可能已损坏）。")
    OCR_FAILED = "ocr_failed", _("文字识别（OCR）失败，未能生成可检索的工作副本。")
    OCR_TIMEOUT = "ocr_timeout", _("文字识别（OCR）超时，已终止。请拆分后重新上传。")


class TextLayer(models.TextChoices):
    """Whether the working copy's text can be searched and redacted."""

    UNKNOWN = "unknown", _("尚未检查")
    NATIVE = "native", _("有文字层")
    OCR = "ocr", _("已识别文字（OCR）")
    PARTIAL = "partial", _("部分页面无文字层")
    NONE = "none", _("无文字层")


class Disclosure(models.TextChoices):
    """What the applicant gets of a record."""

    AS_IS = "as_is", _("全部公开")
    REDACTED = "redacted", _("区分处理后公开")
    WITHHELD = "withheld", _("不予提供")


class Record(models.Model):
    """A record found for one item of a request (检索到的政府信息), as uploaded by the
    handler, with its working PDF."""

    organ = models.ForeignKey("requests.Organ", on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(
        "requests.DisclosureRequest", on_delete=models.PROTECT, related_name="records"
    )
    item = models.ForeignKey("requests.RequestItem", on_delete=models.PROTECT, related_name="records")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("文件名称"), max_length=200)
    original = models.FileField(storage=private_storage, upload_to=original_path, max_length=200)
    original_name = models.CharField(_("上传的文件名"), max_length=200)
    original_type = models.CharField(_("文件类型"), max_length=100)
    original_size = models.PositiveBigIntegerField(_("大小（字节）"))
    original_sha256 = models.CharField(max_length=64)
    working = models.FileField(
        storage=private_storage, upload_to=working_path, max_length=200, blank=True
    )
    working_sha256 = models.CharField(max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=RecordState.choices, default=RecordState.PENDING
    )
    failure = models.TextField(
        _("转换失败的原因"), blank=True, choices=FailureReason.choices
    )
    text_layer = models.CharField(
        _("文字层"), max_length=20, choices=TextLayer.choices, default=TextLayer.UNKNOWN
    )
    #: Pages of the working copy (1 for the first) that have content but still no text once
    #: OCR has run: the parts that can only be redacted by drawing boxes.
    textless_pages = models.JSONField(default=list, blank=True)
    #: When the working copy was made (or the preparation failed).
    prepared_at = models.DateTimeField(null=True, blank=True)
    disclosure = models.CharField(
        _("公开方式"), max_length=20, choices=Disclosure.choices, default=Disclosure.AS_IS
    )
    redacted = models.FileField(
        storage=private_storage, upload_to=redacted_path, max_length=200, blank=True
    )
    redacted_sha256 = models.CharField(max_length=64, blank=True)
    redacted_at = models.DateTimeField(null=True, blank=True)
    redacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField()
    #: Set when the package is frozen at dispatch: nothing of the record changes after.
    frozen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("检索到的文件")
        verbose_name_plural = _("检索到的文件")
        ordering = ["item__position", "uploaded_at", "pk"]
        indexes = [models.Index(fields=["request", "item"], name="record_request_item")]

    def __str__(self) -> str:
        return self.title


class RedactionSource(models.TextChoices):
    BOX = "box", _("画框")
    TEXT = "text", _("选取文字")
    SUGGESTION = "suggestion", _("系统建议")


class MatchedKind(models.TextChoices):
    """What a suggested redaction matched (none for one the handler made)."""

    NONE = "", _("—")
    ID_NUMBER = "id_number", _("居民身份证号码")
    MOBILE = "mobile", _("手机号码")
    LANDLINE = "landline", _("固定电话号码")
    BANK_CARD = "bank_card", _("银行卡号")
    EMAIL = "email", _("电子邮箱")
    PERSON_NAME = "person_name", _("自然人姓名")


class RedactionState(models.TextChoices):
    PROPOSED = "proposed", _("待确认")
    ACCEPTED = "accepted", _("采纳")
    REJECTED = "rejected", _("不采纳")


class Redaction(models.Model):
    """One box withheld on one page of a record's working copy, with its ground: a line of
    the record's redaction log (page, box, ground, who, when)."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="redactions")
    #: The boxes of one mark share it: a text running over two lines is one mark of two
    #: boxes, accepted, rejected or removed together.
    group = models.UUIDField(default=uuid.uuid4, db_index=True)
    #: 1 for the first page.
    page = models.PositiveIntegerField(_("页码"))
    #: The box in PDF points, origin at the page's top left (PyMuPDF's coordinates).
    x0 = models.FloatField()
    y0 = models.FloatField()
    x1 = models.FloatField()
    y1 = models.FloatField()
    ground = models.CharField(_("不予公开的理由"), max_length=30, choices=Ground.choices)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    source = models.CharField(_("来源"), max_length=20, choices=RedactionSource.choices)
    matched_kind = models.CharField(
        _("匹配类型"), max_length=20, choices=MatchedKind.choices, blank=True, default=""
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=RedactionState.choices, default=RedactionState.ACCEPTED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("区分处理记录")
        verbose_name_plural = _("区分处理记录")
        ordering = ["record", "page", "y0", "x0", "pk"]

    def __str__(self) -> str:
        return f"{self.record} p{self.page} {self.get_ground_display()}"


class ImmutableReleasedFileError(Exception):
    """A released file is never changed or deleted once frozen."""


class ReleasedFileQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableReleasedFileError("released files are never updated")

    def delete(self):
        raise ImmutableReleasedFileError("released files are never deleted")


class ReleasedFile(models.Model):
    """A file the applicant receives, frozen on dispatch of the reply: its bytes never change,
    and its SHA-256 is in the dispatch audit event and the reply letter's 附件 note.

    Written once (``records.release.release_freeze``); saving it again, deleting it, or
    updating or deleting it through a queryset raises ``ImmutableReleasedFileError``.
    """

    organ = models.ForeignKey("requests.Organ", on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(
        "requests.DisclosureRequest", on_delete=models.PROTECT, related_name="released_files"
    )
    record = models.OneToOneField(
        Record, on_delete=models.PROTECT, related_name="released", null=True, blank=True
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("文件名称"), max_length=200)
    file = models.FileField(storage=private_storage, upload_to=released_path, max_length=200)
    page_count = models.PositiveIntegerField(_("页数"))
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    is_redacted = models.BooleanField(_("经区分处理"), default=False)
    frozen_at = models.DateTimeField()
    #: The last day the portal offers it for download (the period the letter states).
    available_until = models.DateField(_("下载期限"), null=True, blank=True)

    objects = ReleasedFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("公开的文件")
        verbose_name_plural = _("公开的文件")
        ordering = ["request", "position"]
        constraints = [
            models.UniqueConstraint(fields=["request", "position"], name="released_unique_position"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableReleasedFileError("released files are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableReleasedFileError("released files are never deleted")

    def is_available(self, on: datetime.date) -> bool:
        """Whether the portal still offers it for download on ``on``."""
        return self.available_until is None or on <= self.available_until


class Download(models.Model):
    """One download of a released file: who and when (shown in the staff history only)."""

    released_file = models.ForeignKey(ReleasedFile, on_delete=models.PROTECT, related_name="downloads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("下载记录")
        verbose_name_plural = _("下载记录")
        ordering = ["released_file", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.released_file} {self.at:%Y-%m-%d %H:%M}"

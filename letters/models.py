"""The issued letter (已发文书): an immutable record of what the organ sent.

A letter is written once, with its PDF, the PDF's SHA-256 and its document number, and is
never changed or regenerated afterwards. The only later fact is its delivery (送达), which
is recorded once. A correction is a new letter that names the one it replaces.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from requests.errors import RequestActError
from requests.models.attachment import private_storage

from .kinds import LetterKind


class DeliveryMethod(models.TextChoices):
    """How a letter reached its addressee (GLOSSARY.md, 送达)."""

    IN_PERSON_DELIVERY = "in_person_delivery", _("直接送达")
    POSTAL_DELIVERY = "postal_delivery", _("邮寄送达")
    ELECTRONIC_DELIVERY = "electronic_delivery", _("电子送达")


def letter_path(instance: IssuedLetter, filename: str) -> str:
    return f"letters/{instance.organ_id}/{instance.year}/{instance.public_id}.pdf"


def delivery_proof_path(instance: IssuedLetter, filename: str) -> str:
    return f"letters/{instance.organ_id}/{instance.year}/{instance.public_id}-delivery"


#: The fields written once, when the delivery is recorded; everything else never changes.
DELIVERY_FIELDS = (
    "delivery_method",
    "delivered_on",
    "delivery_proof",
    "delivery_proof_sha256",
    "delivery_reference",
    "delivery_recorded_by",
    "delivery_recorded_at",
)


class IssuedLetterQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise RequestActError(_("已发出的文书不能修改。"))

    def delete(self):
        raise RequestActError(_("已发出的文书不能删除。"))


class IssuedLetter(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organ = models.ForeignKey(
        "requests.Organ", on_delete=models.PROTECT, related_name="issued_letters"
    )
    request = models.ForeignKey(
        "requests.DisclosureRequest", on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField(_("文书种类"), max_length=40, choices=LetterKind.choices)
    family = models.CharField(_("编号序列"), max_length=20)
    year = models.PositiveSmallIntegerField(_("年份"))
    serial = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("文号"), max_length=80)
    title = models.CharField(_("标题"), max_length=200)
    addressee = models.CharField(_("主送"), max_length=200)
    outcome = models.CharField(_("答复结果"), max_length=40, blank=True)

    consultation = models.ForeignKey(
        "requests.Consultation", on_delete=models.PROTECT, null=True, blank=True,
        related_name="letters",
    )
    fee_notice = models.ForeignKey(
        "requests.FeeNotice", on_delete=models.PROTECT, null=True, blank=True,
        related_name="letters",
    )
    extension = models.ForeignKey(
        "requests.Extension", on_delete=models.PROTECT, null=True, blank=True,
        related_name="letters",
    )
    subject_key = models.CharField(
        max_length=40, blank=True,
        help_text=_("文书所涉记录的标识；同一申请、同一种类、同一记录只发出一份原始文书。"),
    )
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by",
        verbose_name=_("所替代的文书"),
    )

    file = models.FileField(storage=private_storage, upload_to=letter_path, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("大小（字节）"))
    page_count = models.PositiveSmallIntegerField(_("页数"))

    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    issued_by_name = models.CharField(_("发文人"), max_length=150)
    issued_at = models.DateTimeField(_("发文时间"))
    issued_on = models.DateField(_("成文日期"))

    delivery_method = models.CharField(
        _("送达方式"), max_length=30, choices=DeliveryMethod.choices, blank=True
    )
    delivered_on = models.DateField(_("送达日期"), null=True, blank=True)
    delivery_proof = models.FileField(
        _("送达凭证"), storage=private_storage, upload_to=delivery_proof_path, max_length=200,
        blank=True,
    )
    delivery_proof_sha256 = models.CharField(max_length=64, blank=True)
    delivery_reference = models.CharField(
        _("送达凭证编号"), max_length=200, blank=True,
        help_text=_("送达回证编号、邮件号或系统送达记录。"),
    )
    delivery_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    delivery_recorded_at = models.DateTimeField(null=True, blank=True)

    objects = IssuedLetterQuerySet.as_manager()

    class Meta:
        verbose_name = _("已发文书")
        verbose_name_plural = _("已发文书")
        ordering = ["issued_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organ", "family", "year", "serial"], name="letter_unique_serial"
            ),
            models.UniqueConstraint(
                fields=["request", "kind", "subject_key"],
                condition=models.Q(replaces__isnull=True),
                name="letter_issued_once",
            ),
            models.CheckConstraint(condition=models.Q(serial__gte=1), name="letter_serial_positive"),
        ]
        indexes = [models.Index(fields=["request", "issued_at"])]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"

    def save(self, *args, **kwargs) -> None:
        """Insert once; afterwards only the delivery may be added, and only once."""
        if not self._state.adding:
            stored = type(self).objects.filter(pk=self.pk).values("delivery_method").get()
            if stored["delivery_method"] or set(kwargs.get("update_fields") or ()) - set(
                DELIVERY_FIELDS
            ):
                raise RequestActError(_("已发出的文书不能修改。"))
            kwargs["update_fields"] = DELIVERY_FIELDS
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RequestActError(_("已发出的文书不能删除。"))

    @property
    def is_delivered(self) -> bool:
        return bool(self.delivery_method)

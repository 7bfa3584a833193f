"""Applicants (申请人) as known to an organ."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import ApplicantKind, IdDocumentType
from .organ import Organ


class Applicant(models.Model):
    """A citizen, legal person or other organisation applying to one organ (Art. 29)."""

    organ = models.ForeignKey(Organ, on_delete=models.PROTECT, related_name="applicants")
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applicant_records",
        help_text=_("申请人在网上申请平台的账户（纸质申请可为空）。"),
    )
    kind = models.CharField(_("申请人类型"), max_length=30, choices=ApplicantKind.choices)
    name = models.CharField(_("姓名或名称"), max_length=200)
    document_type = models.CharField(
        _("证件类型"), max_length=40, choices=IdDocumentType.choices
    )
    document_number = models.CharField(_("证件号码"), max_length=40)
    contact_person = models.CharField(
        _("联系人"), max_length=100, blank=True, help_text=_("法人或其他组织的联系人。")
    )
    legal_representative = models.CharField(_("法定代表人"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    postal_address = models.CharField(_("通讯地址"), max_length=300, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=10, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("申请人")
        verbose_name_plural = _("申请人")
        indexes = [models.Index(fields=["organ", "document_type", "document_number"])]

    def __str__(self) -> str:
        return self.name

"""The directory of other organs (其他行政机关名录) each organ keeps.

A reply that the information is not this organ's to disclose (Art. 36(5)) names the organ
responsible and tells how to reach it; the handler picks that organ from this directory,
so the letter prints a name and contact details somebody checked, not a guess from text.
Each organ keeps its own directory: its staff see only its entries.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .organ import Organ

#: The contact fields; an entry needs at least one of them.
CONTACT_FIELDS = ("address", "phone", "website", "email")


class OtherOrgan(models.Model):
    """One other administrative organ (其他行政机关) in an organ's directory."""

    organ = models.ForeignKey(
        Organ, on_delete=models.PROTECT, related_name="directory", verbose_name=_("所属机关")
    )
    name = models.CharField(_("机关名称"), max_length=100)
    address = models.CharField(_("通讯地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    website = models.URLField(_("网站"), blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    note = models.CharField(
        _("备注"), max_length=200, blank=True,
        help_text=_("仅供本机关工作人员参考，不写入答复书。"),
    )

    class Meta:
        verbose_name = _("其他行政机关")
        verbose_name_plural = _("其他行政机关名录")
        ordering = ["organ", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organ", "name"], name="other_organ_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        self.name = self.name.strip()
        if not any(getattr(self, name).strip() for name in CONTACT_FIELDS):
            raise ValidationError(
                _("请至少填写一种联系方式（通讯地址、联系电话、网站或电子邮箱）。"),
                code="contact",
            )

    def contact_lines(self) -> list[tuple[str, str]]:
        """The contact details present, labelled, in the order a letter gives them."""
        labels = {
            "address": _("地址"), "phone": _("电话"), "website": _("网站"), "email": _("电子邮箱")
        }
        return [
            (str(labels[name]), getattr(self, name).strip())
            for name in CONTACT_FIELDS
            if getattr(self, name).strip()
        ]

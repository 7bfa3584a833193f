"""Fee notices (Art. 42)."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import FeeStandard


class FeeNotice(models.Model):
    request = models.ForeignKey(
        "requests.DisclosureRequest", on_delete=models.CASCADE, related_name="fee_notices"
    )
    standard = models.CharField(_("计收标准"), max_length=20, choices=FeeStandard.choices)
    quantity = models.PositiveIntegerField(_("件数或页数"))
    prior_items_this_month = models.PositiveIntegerField(
        _("本月此前已申请件数"), default=0
    )
    amount = models.DecimalField(_("金额（元）"), max_digits=10, decimal_places=2)
    issued_on = models.DateField(_("通知日期"))
    pay_by = models.DateField(_("缴费期限"))
    paid_on = models.DateField(_("缴费日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("收费通知")
        verbose_name_plural = _("收费通知")
        ordering = ["issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.request} ¥{self.amount or Decimal(0)}"

    @property
    def pause_key(self) -> str:
        return f"fee:{self.pk}"

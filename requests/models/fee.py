"""Fee notices (Art. 42)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import FeeStandard


class FeeNoticeQuerySet(models.QuerySet):
    def lapsed(self, today: datetime.date) -> FeeNoticeQuerySet:
        """Unpaid notices whose payment period is over on ``today``. The period runs from the
        day after the applicant received the notice: one whose receipt is not recorded
        (``pay_by`` NULL) has not lapsed."""
        return self.filter(paid_on__isnull=True, pay_by__isnull=False, pay_by__lt=today)


class FeeNotice(models.Model):
    """收费通知 (Art. 42). ``pay_by`` is unknown (NULL) until the applicant's receipt of
    the notice (``received_on``) is recorded with the letter's delivery."""

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
    received_on = models.DateField(_("申请人收到日期"), null=True, blank=True)
    pay_by = models.DateField(_("缴费期限"), null=True, blank=True)
    paid_on = models.DateField(_("缴费日期"), null=True, blank=True)

    objects = FeeNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("收费通知")
        verbose_name_plural = _("收费通知")
        ordering = ["issued_on", "id"]

    def __str__(self) -> str:
        return f"{self.request} ¥{self.amount or Decimal(0)}"

    @property
    def pause_key(self) -> str:
        return f"fee:{self.pk}"

    def has_lapsed(self, today: datetime.date) -> bool:
        """Unpaid, and its payment period (known only once receipt is recorded) is over."""
        return self.paid_on is None and self.pay_by is not None and today > self.pay_by

"""Extension of the reply period (Art. 33)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Extension(models.Model):
    """A request for more time, and its approval by the head of the OGI office."""

    request = models.ForeignKey(
        "requests.DisclosureRequest", on_delete=models.CASCADE, related_name="extensions"
    )
    days = models.PositiveSmallIntegerField(_("延长工作日数"))
    reason = models.TextField(_("延期理由"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    approved_on = models.DateField(null=True, blank=True)
    refused = models.BooleanField(default=False)
    new_due_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("延期答复")
        verbose_name_plural = _("延期答复")
        ordering = ["requested_at"]

    def __str__(self) -> str:
        return f"{self.request} +{self.days}"

"""Extension of the reply period (Art. 33), and the later reply date of a bulk
application whose reasons are reasonable (Art. 35)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExtensionArticle(models.IntegerChoices):
    """The article the reply period is extended under; both are told by a 延期答复告知书."""

    EXTENSION = 33, _("《条例》第三十三条：延长答复期限")
    LATER_REPLY_DATE = 35, _("《条例》第三十五条：确定延迟答复的合理期限")


class Extension(models.Model):
    """A request for more time, and its approval by the head of the OGI office.

    Under Art. 35 the head of the OGI office sets the later reply date (``new_due_on``)
    on finding the reasons of a bulk application reasonable: the record is made approved,
    by the head, and ``days`` are the working days it adds to the due date then in force.
    """

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
    article = models.PositiveSmallIntegerField(
        _("依据"), choices=ExtensionArticle.choices, default=ExtensionArticle.EXTENSION
    )

    class Meta:
        verbose_name = _("延期答复")
        verbose_name_plural = _("延期答复")
        ordering = ["requested_at"]

    def __str__(self) -> str:
        return f"{self.request} +{self.days}"

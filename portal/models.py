"""What the portal itself keeps: a log of the actions it limits in rate (``throttle``), and
the key of each application form that was sent (a form sent twice makes one request)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ThrottledAction(models.TextChoices):
    SUBMIT = "submit", _("提交申请")
    SIGNUP = "signup", _("注册账户")
    MAIL = "mail", _("发送邮件")


class ThrottleEvent(models.Model):
    """One limited action: by which account (if any), from which client address, when."""

    action = models.CharField(max_length=20, choices=ThrottledAction.choices)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="+",
    )
    address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("限流记录")
        verbose_name_plural = _("限流记录")
        indexes = [
            models.Index(fields=["action", "account", "at"]),
            models.Index(fields=["action", "address", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.account_id or self.address} {self.at:%Y-%m-%d %H:%M}"


class FormSubmission(models.Model):
    """The one-time key of an application form as it was shown to the applicant, and the
    request its first sending made: the same form sent again (a double click, a page sent
    again after a slow answer) finds that request instead of making a second one."""

    key = models.UUIDField(unique=True)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    request = models.ForeignKey(
        "requests.DisclosureRequest", on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("已提交的申请表")
        verbose_name_plural = _("已提交的申请表")

    def __str__(self) -> str:
        return f"{self.key} {self.at:%Y-%m-%d %H:%M}"

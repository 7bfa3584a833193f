"""What the portal itself keeps: a log of the actions it limits in rate (``throttle``)."""

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

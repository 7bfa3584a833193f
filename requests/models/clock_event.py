"""Clock events: the facts the statutory clock is computed from (DESIGN.md §3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClockEventKind(models.TextChoices):
    RECEIVED = "received", _("收到申请")
    CORRECTION_REQUESTED = "correction_requested", _("补正告知（停止计算）")
    CORRECTION_RECEIVED = "correction_received", _("收到补正（重新计算）")
    PAUSE_STARTED = "pause_started", _("暂停计算")
    PAUSE_ENDED = "pause_ended", _("恢复计算")
    EXTENDED = "extended", _("延期答复")
    REPLY_DATE_SET = "reply_date_set", _("确定延迟答复期限（第三十五条）")
    STOPPED = "stopped", _("办结")


class ClockEvent(models.Model):
    request = models.ForeignKey(
        "requests.DisclosureRequest", on_delete=models.CASCADE, related_name="clock_events"
    )
    kind = models.CharField(max_length=30, choices=ClockEventKind.choices)
    on = models.DateField()
    days = models.PositiveSmallIntegerField(
        default=0,
        help_text=_("延期的工作日数；确定延迟答复期限（第三十五条）的，为自确定之日至答复期限的日数。"),
    )
    pause_key = models.CharField(
        max_length=40, blank=True, help_text=_("成对的暂停与恢复事件的标识。")
    )
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"

"""The process of one request through the flow, and the log of who held which task."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process, Task


class TriageDecision(models.TextChoices):
    CLEAR = "clear", _("申请内容明确，分办承办科室")
    CORRECTION = "correction", _("申请内容不明确，一次性告知补正")
    NOT_PROCESSED = "not_processed", _("不属于政府信息公开申请或重复申请，拟不予处理")
    BULK = "bulk", _("数量、频次明显超过合理范围，要求说明理由")
    ON_THE_SPOT = "on_the_spot", _("当场答复")


class RequestProcess(Process):
    """One request's run through ``DisclosureFlow``: the triage decision, which the
    request's own state does not tell apart (a clear case and one not to be processed are
    both processing). Every other condition of the flow reads the request."""

    request = models.OneToOneField(
        "requests.DisclosureRequest", on_delete=models.PROTECT, related_name="process"
    )
    triage_decision = models.CharField(
        _("初审结论"), max_length=20, choices=TriageDecision.choices, blank=True
    )

    class Meta:
        verbose_name = _("办理流程")
        verbose_name_plural = _("办理流程")


class TaskAction(models.TextChoices):
    OFFERED = "offered", _("待领取")
    CLAIMED = "claimed", _("领取")
    RELEASED = "released", _("退回队列")
    REASSIGNED = "reassigned", _("改派")
    FINISHED = "finished", _("办结")
    CANCELED = "canceled", _("取消")


class TaskLog(models.Model):
    """Who took, gave back, was given or finished a task, and when (queue time vs work)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="log")
    action = models.CharField(max_length=20, choices=TaskAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    comment = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("任务记录")
        verbose_name_plural = _("任务记录")

    def __str__(self) -> str:
        return f"{self.task_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class NotificationKind(models.TextChoices):
    DUE_IN_5 = "due_in_5", _("答复期限还剩5个工作日")
    DUE_IN_2 = "due_in_2", _("答复期限还剩2个工作日")
    OVERDUE = "overdue", _("已超过答复期限")
    LATE_CORRECTION = "late_correction", _("补正告知超过7个工作日")
    ABANDONED = "abandoned", _("申请视为放弃")
    LAPSE_TO_CONFIRM = "lapse_to_confirm", _("逾期待确认视为放弃")
    CONSULTATION_LAPSED = "consultation_lapsed", _("征求意见期限届满")
    LATE_CONFIRMATION = "late_confirmation", _("确认接收超过1个工作日")
    DELIVERY_UNRECORDED = "delivery_unrecorded", _("征求意见文书未登记送达")
    CONSULTATION_AFTER_DUE = "consultation_after_due", _("超过答复期限后开始征求意见")


class Notification(models.Model):
    """A message for one person about one request, listed on the workbench and e-mailed.

    ``key`` makes each reminder happen once: the same person is not told twice about the
    same thing (for a due date reminder, the key carries the due date, so an extension
    that moves it brings a fresh reminder).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    request = models.ForeignKey(
        "requests.DisclosureRequest", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    key = models.CharField(max_length=60)
    message = models.TextField()
    created_at = models.DateTimeField()
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "request", "kind", "key"], name="notification_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.request_id}"


class TaskTiming(models.Model):
    """环节用时: how long one finished human task waited in its queue and was worked on.

    Written when the task is finished (``lifecycle.task_record_timing``), in whole minutes:
    waiting runs from the offer to the claim (to the finish for a task finished without a
    claim), work from the claim to the finish. Supervision reads these rows instead of the
    tasks so that a year of tasks is one narrow index to count, not four joined tables.
    """

    task = models.OneToOneField(
        Task, on_delete=models.CASCADE, primary_key=True, related_name="timing"
    )
    organ = models.ForeignKey("requests.Organ", on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(
        "requests.DisclosureRequest", on_delete=models.CASCADE, related_name="task_timings"
    )
    step = models.CharField(_("环节"), max_length=50)  # the flow node's name, e.g. "triage"
    offered_at = models.DateTimeField(_("进入队列时间"))
    waited_minutes = models.PositiveIntegerField(_("排队等待（分钟）"))
    worked_minutes = models.PositiveIntegerField(_("办理（分钟）"), null=True)

    class Meta:
        verbose_name = _("环节用时")
        verbose_name_plural = _("环节用时")
        indexes = [
            models.Index(
                fields=["organ", "offered_at"], name="task_timing_offered",
                include=["step", "waited_minutes", "worked_minutes", "request"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.step} {self.waited_minutes}+{self.worked_minutes}"


class TaskDraft(models.Model):
    """草稿: what someone typed into a step's form and kept without submitting it.

    The form's fields exactly as posted (``{name: [values]}``, the form's prefix included),
    not validated: a draft may be incomplete. One per task and form; it stays with the task
    when the task is released or reassigned, so the next holder sees it, and goes when the
    task is finished (``workflow.drafts``). Files are never kept in a draft.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="drafts")
    form_key = models.CharField(max_length=30)
    data = models.JSONField(default=dict)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("保存人"),
    )
    saved_at = models.DateTimeField(_("保存时间"))

    class Meta:
        verbose_name = _("草稿")
        verbose_name_plural = _("草稿")
        constraints = [
            models.UniqueConstraint(fields=["task", "form_key"], name="one_draft_per_form"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.form_key} {self.saved_at:%Y-%m-%d %H:%M}"

"""The audit log: append-only, hash-chained per organ."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import Status
from ..errors import RequestActError


class Act(models.TextChoices):
    """Every audited act; the names of GLOSSARY.md."""

    SUBMIT = "submit", _("提交申请")
    REGISTER = "register", _("确认接收并登记")
    TRIAGE = "triage", _("初审分办")
    REQUEST_CORRECTION = "request_correction", _("补正告知")
    RECEIVE_CORRECTION = "receive_correction", _("收到补正")
    REQUEST_REASONS = "request_reasons", _("要求说明理由")
    OPEN_CONSULTATION = "open_consultation", _("征求意见")
    CLOSE_CONSULTATION = "close_consultation", _("征求意见结束")
    ASK_EXTENSION = "ask_extension", _("申请延期")
    GRANT_EXTENSION = "grant_extension", _("延期答复")
    SET_LATER_REPLY_DATE = "set_later_reply_date", _("确定延迟答复期限（第三十五条）")
    REFUSE_EXTENSION = "refuse_extension", _("不同意延期")
    ISSUE_FEE_NOTICE = "issue_fee_notice", _("收费通知")
    RECORD_PAYMENT = "record_payment", _("缴费")
    FLAG_SENSITIVE = "flag_sensitive", _("标记为敏感申请")
    RECORD_OPINION = "record_opinion", _("会商意见")
    HOLD_COORDINATION_MEETING = "hold_coordination_meeting", _("协调会商")
    DRAFT_REPLY = "draft_reply", _("拟写答复")
    SUBMIT_FOR_REVIEW = "submit_for_review", _("提交保密审查")
    PASS_CONFIDENTIALITY_REVIEW = "pass_confidentiality_review", _("保密审查通过")
    RETURN_FROM_REVIEW = "return_from_review", _("保密审查退回")
    SIGN_OFF = "sign_off", _("审签")
    RETURN_FROM_SIGN_OFF = "return_from_sign_off", _("审签退回")
    REPLY = "reply", _("答复")
    REPLY_ON_THE_SPOT = "reply_on_the_spot", _("当场答复")
    DISPATCH = "dispatch", _("送达")
    ABANDON = "abandon", _("视为放弃")
    GRANT_NEW_PERIOD = "grant_new_period", _("认定正当理由，重新确定期限")
    WITHDRAW = "withdraw", _("撤回")
    ATTACH_RECORD = "attach_record", _("添加检索到的文件")
    REMOVE_RECORD = "remove_record", _("移除检索到的文件")
    MARK_REDACTION = "mark_redaction", _("标注区分处理内容")
    APPLY_REDACTIONS = "apply_redactions", _("生成区分处理后的文件")
    SET_RECORD_DISCLOSURE = "set_record_disclosure", _("确定文件公开方式")
    ARCHIVE = "archive", _("归档")
    DEADLINE_RECOMPUTED = "deadline_recomputed", _("答复期限重新计算")
    CALENDAR_CONFIRMED = "calendar_confirmed", _("确认工作日历")
    CORRECT_APPLICANT_NAME = "correct_applicant_name", _("更正申请人姓名")
    VIEW_IDENTITY = "view_identity", _("查看完整证件号码")
    RESET_SECOND_FACTOR = "reset_second_factor", _("重置双因素认证")


#: Acts that record a look at the record, not a step of its handling: they stay out of the
#: procedure's history (the request page's 办理过程 and the 办理过程记录).
ACCESS_ACTS = frozenset({Act.VIEW_IDENTITY})


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise RequestActError(_("审计记录只能追加，不能修改。"))

    def delete(self):
        raise RequestActError(_("审计记录只能追加，不能删除。"))


class AuditEvent(models.Model):
    """One audited act. ``hash`` is an HMAC (``algorithm``, under the key ``key_id`` held
    outside the database) over the fields and the previous event's hash of the same organ,
    so any later change or removal breaks the chain (``verify_audit``), even one made by a
    person who can write to the database and recomputes every later link.

    Events written before the chain was keyed carry ``algorithm = "sha256"`` and no key id.
    On PostgreSQL a trigger refuses UPDATE and DELETE on the table (migration 0014)."""

    organ = models.ForeignKey("requests.Organ", on_delete=models.PROTECT, related_name="+")
    sequence = models.PositiveBigIntegerField()
    request = models.ForeignKey(
        "requests.DisclosureRequest", on_delete=models.PROTECT, null=True, blank=True,
        related_name="audit_events",
    )
    act = models.CharField(max_length=40, choices=Act.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150)
    status_before = models.CharField(max_length=30, blank=True)
    status_after = models.CharField(max_length=30, blank=True)
    comment = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField()
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    #: How ``hash`` was made: ``hmac-sm3``, ``hmac-sha256``, or ``sha256`` (before keys).
    algorithm = models.CharField(max_length=16, default="sha256")
    #: The id of the key under which ``hash`` was made (empty before keys).
    key_id = models.CharField(max_length=32, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["organ", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["organ", "sequence"], name="audit_unique_sequence"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.get_act_display()}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise RequestActError(_("审计记录只能追加，不能修改。"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RequestActError(_("审计记录只能追加，不能删除。"))

    @property
    def status_after_label(self) -> str:
        return Status(self.status_after).label if self.status_after else ""


class AuditHead(models.Model):
    """The newest link of an organ's chain, kept apart from the events, so that removing
    the newest events (which no later link would betray) is detected too."""

    organ = models.OneToOneField(
        "requests.Organ", on_delete=models.PROTECT, primary_key=True, related_name="+"
    )
    sequence = models.PositiveBigIntegerField()
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("审计链末端")
        verbose_name_plural = _("审计链末端")

    def __str__(self) -> str:
        return f"{self.organ_id} #{self.sequence}"

"""The disclosure request (政府信息公开申请) and its legal status machine (DESIGN.md §2).

The status field is protected: only the transition methods below change it, and only the
services in ``requests.services`` call them, inside one transaction with the clock events
and the audit event. The guards here are the ones that depend on the record alone; guards
that depend on the acting person or on arguments (four-eyes, extension length) sit in the
services.
"""

import threading
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from ..choices import (
    OPEN_STATUSES,
    AbandonReason,
    Channel,
    InformationForm,
    ObtainMethod,
    Status,
)
from ..errors import RequestActError
from ..outcomes import Outcome
from .applicant import Applicant
from .directory import OtherOrgan
from .organ import Department, Organ

S = Status


#: django-fsm's ``FSMModelMixin.refresh_from_db`` switches ``protected`` off on the status
#: field, which all threads share, and on again afterwards: two threads refreshing at once
#: (a stale act reloads the request) fail with "Direct status modification is not allowed".
#: Refreshes take turns.
_REFRESH_LOCK = threading.RLock()


def no_correction_yet(request: "DisclosureRequest") -> bool:
    """Art. 30: the correction notice is one-time."""
    return request.correction_requested_on is None


def is_in_person(request: "DisclosureRequest") -> bool:
    """Art. 33: an on-the-spot reply is for an application made in person (or orally)."""
    return request.channel in (Channel.IN_PERSON, Channel.ORAL)


def has_signed_off_draft(request: "DisclosureRequest") -> bool:
    return bool(request.outcome) and request.signed_off_by_id is not None


def has_draft(request: "DisclosureRequest") -> bool:
    return bool(request.outcome) and request.drafted_by_id is not None


def coordination_done_if_sensitive(request: "DisclosureRequest") -> bool:
    """A sensitive case goes to confidentiality review only after the consultation."""
    return not request.needs_coordination


def no_open_consultation(request: "DisclosureRequest") -> bool:
    return not request.consultations.filter(closed_on__isnull=True).exists()


#: Columns the supervision figures are broken down by.
_GROUPED = ["department", "channel", "outcome", "applicant"]


class DisclosureRequest(ConcurrentTransitionMixin, models.Model):
    organ = models.ForeignKey(Organ, on_delete=models.PROTECT, related_name="requests")
    applicant = models.ForeignKey(Applicant, on_delete=models.PROTECT, related_name="requests")
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    registration_number = models.CharField(
        _("登记编号"), max_length=30, unique=True, null=True, blank=True, editable=False
    )
    status = FSMField(
        _("状态"), max_length=30, choices=Status.choices, default=S.RECEIVED, protected=True
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    channel = models.CharField(_("申请方式"), max_length=30, choices=Channel.choices)
    submitted_at = models.DateTimeField(_("提交时间"))
    post_signed_on = models.DateField(_("签收日期"), null=True, blank=True)
    receipt_confirmed_on = models.DateField(_("确认接收日期"), null=True, blank=True)
    received_on = models.DateField(
        _("收到申请之日"), null=True, blank=True, editable=False,
        help_text=_("依《条例》第三十一条按申请方式确定。"),
    )
    form_wanted = models.CharField(
        _("获取信息的载体形式"), max_length=30, choices=InformationForm.choices
    )
    obtain_method = models.CharField(
        _("获取信息的方式"), max_length=30, choices=ObtainMethod.choices
    )
    purpose = models.TextField(_("申请用途"), blank=True)
    special_needs = models.TextField(_("特殊需求"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("录入人"),
    )

    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True,
        related_name="requests", verbose_name=_("承办科室"),
    )
    is_sensitive = models.BooleanField(_("敏感申请"), default=False)
    sensitive_reason = models.TextField(_("敏感原因"), blank=True)

    correction_requested_on = models.DateField(_("补正告知日期"), null=True, blank=True)
    correction_points = models.TextField(_("需补正事项"), blank=True)
    correction_received_on = models.DateField(_("收到补正日期"), null=True, blank=True)
    #: Set when a registrar finds a good reason for a lapsed correction and sets a new last
    #: day (``request_grant_new_period``); otherwise the last day follows from the notice.
    correction_new_last_day = models.DateField(
        _("重新确定的补正期限"), null=True, blank=True, editable=False
    )

    outcome = models.CharField(_("答复结果"), max_length=40, choices=Outcome.choices, blank=True)
    decision_text = models.TextField(_("答复意见"), blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("拟稿人"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("保密审查人"),
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("签发人"),
    )
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    abandon_reason = models.CharField(
        _("不再处理原因"), max_length=30, choices=AbandonReason.choices, blank=True
    )

    # Cache of the statutory clock; ``services.clock.request_refresh_clock`` rebuilds it.
    due_on = models.DateField(_("答复期限"), null=True, blank=True, editable=False)
    due_is_provisional = models.BooleanField(_("期限为暂定"), default=False, editable=False)
    #: Net working days the request took, once concluded (statutory pauses excluded).
    working_days_used = models.PositiveSmallIntegerField(
        _("办理用时（工作日）"), null=True, blank=True, editable=False
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["organ", "status"]),
            models.Index(fields=["organ", "due_on"]),
            # Supervision reads requests by receipt or conclusion date with the columns it
            # groups by; PostgreSQL answers those from the index alone (SQLite ignores
            # ``include`` and uses the leading columns).
            models.Index(
                fields=["organ", "received_on"], name="request_received_cover",
                include=["concluded_on", "due_on", *_GROUPED],
            ),
            models.Index(
                fields=["organ", "concluded_on"], name="request_concluded_cover",
                include=["received_on", "due_on", "working_days_used", *_GROUPED],
            ),
        ]

    def __str__(self) -> str:
        return self.registration_number or _("待登记申请 %(id)s") % {"id": self.pk}

    def save(self, *args, **kwargs) -> None:
        if self.pk and not kwargs.get("force_insert"):
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == S.ARCHIVED:
                raise RequestActError(_("已归档的申请不能再作任何变更。"))
        super().save(*args, **kwargs)

    def refresh_from_db(self, *args, **kwargs) -> None:
        with _REFRESH_LOCK:
            super().refresh_from_db(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def needs_coordination(self) -> bool:
        """A sensitive case needs a concluded coordination consultation (协调会商) before
        its reply goes to confidentiality review (DESIGN.md §6): true while none has
        concluded, or one opened since (flagged again) is still open. The one home of the
        rule: the flow routes by it, the transition and the act refuse by it."""
        if not self.is_sensitive:
            return False
        concluded_at = list(self.coordination_meetings.values_list("concluded_at", flat=True))
        return not concluded_at or None in concluded_at

    # ---- transitions (one per legal act; called only by the services) ----

    @transition(field=status, source=S.RECEIVED, target=S.REGISTERED)
    def register(self) -> None:
        """确认接收并登记."""

    @transition(
        field=status, source=[S.REGISTERED, S.PROCESSING], target=S.AWAITING_CORRECTION,
        conditions=[no_correction_yet],
    )
    def request_correction(self) -> None:
        """补正告知 (Art. 30), once only."""

    @transition(field=status, source=S.AWAITING_CORRECTION, target=S.REGISTERED)
    def receive_correction(self) -> None:
        """收到补正: back to triage; the clock runs afresh."""

    @transition(field=status, source=S.REGISTERED, target=S.PROCESSING)
    def triage(self) -> None:
        """初审分办: routed to the responsible department."""

    @transition(
        field=status, source=[S.PROCESSING, S.THIRD_PARTY_CONSULTATION],
        target=S.THIRD_PARTY_CONSULTATION,
    )
    def open_consultation(self) -> None:
        """征求意见 (Art. 32, 34): the clock pauses."""

    @transition(
        field=status, source=S.THIRD_PARTY_CONSULTATION, target=S.PROCESSING,
        conditions=[no_open_consultation],
    )
    def close_consultation(self) -> None:
        """征求意见结束: the last open consultation closed."""

    @transition(field=status, source=S.PROCESSING, target=S.AWAITING_FEE)
    def issue_fee_notice(self) -> None:
        """收费通知 (Art. 42)."""

    @transition(field=status, source=S.AWAITING_FEE, target=S.PROCESSING)
    def record_payment(self) -> None:
        """缴费."""

    @transition(field=status, source=S.PROCESSING, target=S.CONSULTATION)
    def flag_sensitive(self) -> None:
        """标记为敏感申请: the case goes to coordination consultation."""

    @transition(field=status, source=S.CONSULTATION, target=S.PROCESSING)
    def hold_coordination_meeting(self) -> None:
        """协调会商: the conclusion is recorded and the handler finishes the reply."""

    @transition(
        field=status, source=S.PROCESSING, target=S.CONFIDENTIALITY_REVIEW,
        conditions=[has_draft, coordination_done_if_sensitive],
    )
    def submit_for_review(self) -> None:
        """提交保密审查 (Art. 17)."""

    @transition(field=status, source=S.CONFIDENTIALITY_REVIEW, target=S.SIGN_OFF)
    def pass_confidentiality_review(self) -> None:
        """保密审查通过."""

    @transition(field=status, source=S.CONFIDENTIALITY_REVIEW, target=S.PROCESSING)
    def return_from_review(self) -> None:
        """保密审查退回."""

    @transition(field=status, source=S.SIGN_OFF, target=None)
    def sign_off(self) -> None:
        """审签: the leader approves; the status waits for the reply to go out."""

    @transition(field=status, source=S.SIGN_OFF, target=S.PROCESSING)
    def return_from_sign_off(self) -> None:
        """审签退回."""

    @transition(
        field=status, source=S.SIGN_OFF, target=S.REPLIED, conditions=[has_signed_off_draft]
    )
    def reply(self) -> None:
        """答复: only from sign-off, so an unreviewed reply is never sent."""

    @transition(
        field=status, source=S.REGISTERED, target=S.REPLIED, conditions=[is_in_person, has_draft]
    )
    def reply_on_the_spot(self) -> None:
        """当场答复 (Art. 33)."""

    @transition(field=status, source=[S.AWAITING_CORRECTION, S.AWAITING_FEE], target=S.ABANDONED)
    def abandon(self) -> None:
        """视为放弃（不再处理）."""

    @transition(field=status, source=list(OPEN_STATUSES), target=S.WITHDRAWN)
    def withdraw(self) -> None:
        """撤回: before the reply only."""

    @transition(field=status, source=[S.REPLIED, S.WITHDRAWN, S.ABANDONED], target=S.ARCHIVED)
    def archive(self) -> None:
        """归档 (Art. 45): nothing changes any more."""


class RequestItem(models.Model):
    """One item of information sought, with its own decision in the reply."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    description = models.TextField(_("所需信息内容描述"), max_length=2000)
    document_reference = models.CharField(_("文件名称或文号"), max_length=200, blank=True)
    outcome = models.CharField(_("答复结果"), max_length=40, choices=Outcome.choices, blank=True)
    decision_text = models.TextField(_("答复意见"), blank=True)
    #: Art. 36(5): the organ responsible for an item that is not this organ's to disclose.
    responsible_organ = models.ForeignKey(
        OtherOrgan, on_delete=models.PROTECT, null=True, blank=True, related_name="items",
        verbose_name=_("负责公开的行政机关"),
    )

    class Meta:
        verbose_name = _("申请事项")
        verbose_name_plural = _("申请事项")
        ordering = ["request", "position"]
        constraints = [
            models.UniqueConstraint(fields=["request", "position"], name="item_unique_position"),
        ]

    def __str__(self) -> str:
        return self.description[:40]

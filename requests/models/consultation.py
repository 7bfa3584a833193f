"""Consultations of third parties and other organs, and coordination meetings."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import ConsultationResult, ConsultedParty


class ConsultationQuerySet(models.QuerySet):
    def lapsed(self, today: datetime.date) -> ConsultationQuerySet:
        """Open consultations whose 15 working days from the party's receipt of the letter
        are over on ``today``; one whose receipt is not recorded has not lapsed."""
        return self.filter(closed_on__isnull=True, respond_by__isnull=False, respond_by__lt=today)


class Consultation(models.Model):
    """One letter seeking one party's opinion (Art. 32, 34), with its own 15-day window.

    The clock pauses from ``sent_on``; the party's 15 working days run from
    ``received_on``, the day it received the letter (recorded with the letter's delivery),
    so ``respond_by`` is unknown (NULL) until then.
    """

    request = models.ForeignKey(
        "requests.DisclosureRequest", on_delete=models.CASCADE, related_name="consultations"
    )
    party_kind = models.CharField(_("被征求意见方"), max_length=20, choices=ConsultedParty.choices)
    party_name = models.CharField(_("名称或姓名"), max_length=200)
    party_contact = models.CharField(_("联系方式"), max_length=300, blank=True)
    subject = models.TextField(_("涉及的信息"))
    sent_on = models.DateField(_("发出日期"))
    received_on = models.DateField(_("对方收到日期"), null=True, blank=True)
    respond_by = models.DateField(_("答复期限"), null=True, blank=True)
    closed_on = models.DateField(_("结束日期"), null=True, blank=True)
    result = models.CharField(
        _("意见"), max_length=30, choices=ConsultationResult.choices, blank=True
    )
    opinion = models.TextField(_("意见内容"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.party_name} ({self.sent_on})"

    @property
    def pause_key(self) -> str:
        return f"consultation:{self.pk}"

    def has_lapsed(self, today: datetime.date) -> bool:
        """Still open, and its window (known only once receipt is recorded) is over."""
        return self.closed_on is None and self.respond_by is not None and today > self.respond_by


class CoordinationMeeting(models.Model):
    """协调会商 of a sensitive case: invited departments' opinions and the conclusion."""

    request = models.ForeignKey(
        "requests.DisclosureRequest", on_delete=models.CASCADE,
        related_name="coordination_meetings",
    )
    reason = models.TextField(_("敏感原因"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField()
    conclusion = models.TextField(_("会商结论"), blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    concluded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("协调会商")
        verbose_name_plural = _("协调会商")
        ordering = ["opened_at"]

    def __str__(self) -> str:
        return f"{self.request} {self.opened_at:%Y-%m-%d}"


class OpinionSource(models.TextChoices):
    """Who is invited to give an opinion in a coordination consultation (DESIGN.md §6)."""

    LEGAL = "legal", _("法规")
    SECRECY = "secrecy", _("保密")
    PUBLICITY = "publicity", _("宣传")
    DEPARTMENT = "department", _("承办科室")


class CoordinationOpinion(models.Model):
    """One invited department's opinion in a coordination consultation."""

    meeting = models.ForeignKey(
        CoordinationMeeting, on_delete=models.CASCADE, related_name="opinions"
    )
    source = models.CharField(_("意见方"), max_length=20, choices=OpinionSource.choices)
    opinion = models.TextField(_("意见"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField()

    class Meta:
        verbose_name = _("会商意见")
        verbose_name_plural = _("会商意见")
        ordering = ["given_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "source"], name="one_opinion_per_source"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.source}"

"""Reconsideration and litigation cases (行政复议、行政诉讼) brought over disclosure requests.

They feed table 四 of the statutory annual report (政府信息公开行政复议、行政诉讼情况). Staff
enter them (in the admin, or through ``reports.services``) as the organ learns of them: the
organ is the respondent (被申请人 / 被告), so it receives the papers.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests.models import DisclosureRequest, Organ


class RemedyType(models.TextChoices):
    """The three columns of table 四 (GLOSSARY.md, Remedies)."""

    RECONSIDERATION = "reconsideration", _("行政复议")
    LITIGATION_DIRECT = "litigation_direct", _("行政诉讼（未经复议直接起诉）")
    LITIGATION_AFTER_RECONSIDERATION = (
        "litigation_after_reconsideration",
        _("行政诉讼（复议后起诉）"),
    )


class RemedyResult(models.TextChoices):
    """The result columns of table 四: 结果维持 / 结果纠正 / 其他结果 / 尚未审结."""

    UPHELD = "upheld", _("结果维持")
    CORRECTED = "corrected", _("结果纠正")
    OTHER_RESULT = "other_result", _("其他结果")
    PENDING = "pending", _("尚未审结")


class RemedyCase(models.Model):
    """One reconsideration or lawsuit against the organ's handling of one request.

    Invariants (checked by ``clean`` and, where the database can, by constraints): the
    request belongs to the same organ; the result is ``pending`` exactly when the case has
    no conclusion date; the case is filed no earlier than the application was submitted
    and not in the future; it concludes no earlier than it was filed and not in the future.
    """

    organ = models.ForeignKey(
        Organ, on_delete=models.PROTECT, related_name="remedy_cases", verbose_name=_("行政机关")
    )
    request = models.ForeignKey(
        DisclosureRequest,
        on_delete=models.PROTECT,
        related_name="remedy_cases",
        verbose_name=_("政府信息公开申请"),
    )
    case_type = models.CharField(_("案件类型"), max_length=40, choices=RemedyType.choices)
    case_number = models.CharField(
        _("案号"), max_length=100, blank=True,
        help_text=_("例如：莆政复〔2026〕12号，或（2026）闽0302行初45号。"),
    )
    body = models.CharField(
        _("复议机关或人民法院"), max_length=100, blank=True,
        help_text=_("留空时取本机关设置的行政复议机关或管辖人民法院。"),
    )
    filed_on = models.DateField(_("申请或起诉日期"))
    result = models.CharField(
        _("结果"), max_length=20, choices=RemedyResult.choices, default=RemedyResult.PENDING
    )
    concluded_on = models.DateField(_("审结日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("录入人"), editable=False,
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("行政复议、行政诉讼案件")
        verbose_name_plural = _("行政复议、行政诉讼案件")
        ordering = ["-filed_on", "-pk"]
        indexes = [models.Index(fields=["organ", "filed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(result=RemedyResult.PENDING, concluded_on__isnull=True)
                    | (~Q(result=RemedyResult.PENDING) & Q(concluded_on__isnull=False))
                ),
                name="remedy_case_pending_iff_not_concluded",
            ),
            models.CheckConstraint(
                condition=Q(concluded_on__isnull=True) | Q(concluded_on__gte=F("filed_on")),
                name="remedy_case_concluded_after_filed",
            ),
        ]

    def __str__(self) -> str:
        number = self.case_number or _("（无案号）")
        return f"{self.get_case_type_display()} {number}"

    def clean(self) -> None:
        self.case_number = self.case_number.strip()
        self.body = self.body.strip()
        if not self.body and self.organ_id is not None:
            organ = self.organ
            self.body = (
                organ.reconsideration_body
                if self.case_type == RemedyType.RECONSIDERATION
                else organ.court
            )
        errors: dict[str, list] = {}
        today = timezone.localdate()
        if self.request_id is not None and self.organ_id is not None:
            if self.request.organ_id != self.organ_id:
                errors.setdefault("request", []).append(
                    _("只能登记本机关办理的政府信息公开申请的复议、诉讼案件。")
                )
        if self.filed_on is not None:
            if self.filed_on > today:
                errors.setdefault("filed_on", []).append(_("申请或起诉日期不能晚于今天。"))
            elif self.request_id is not None:
                submitted_on = timezone.localdate(self.request.submitted_at)
                if self.filed_on < submitted_on:
                    errors.setdefault("filed_on", []).append(
                        _("申请或起诉日期不能早于政府信息公开申请的提交日期（%(date)s）。")
                        % {"date": submitted_on.isoformat()}
                    )
        pending = self.result == RemedyResult.PENDING
        if pending and self.concluded_on is not None:
            errors.setdefault("result", []).append(
                _("已填写审结日期的，请选择审结结果（结果维持、结果纠正或其他结果）。")
            )
        if not pending and self.concluded_on is None:
            errors.setdefault("concluded_on", []).append(
                _("已有审结结果的，请填写审结日期；尚未审结的，结果请选择“尚未审结”。")
            )
        if self.concluded_on is not None:
            if self.concluded_on > today:
                errors.setdefault("concluded_on", []).append(_("审结日期不能晚于今天。"))
            elif self.filed_on is not None and self.concluded_on < self.filed_on:
                errors.setdefault("concluded_on", []).append(
                    _("审结日期不能早于申请或起诉日期。")
                )
        if errors:
            raise ValidationError(errors)

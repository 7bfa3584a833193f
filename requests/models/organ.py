"""Organs (行政机关), their departments and who holds which role there."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import Role


class Organ(models.Model):
    """An administrative organ that must answer applications; every record belongs to one.

    The configurable values of DESIGN.md live here so each organ sets them in the admin.
    """

    name = models.CharField(_("机关名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=30, unique=True)
    code = models.CharField(
        _("机关代码"),
        max_length=10,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2,10}$", _("机关代码为2至10位大写字母。"))],
        help_text=_("用于登记编号，例如 PTHB。"),
    )
    letter_number_prefix = models.CharField(
        _("文号前缀"), max_length=30, help_text=_("例如：莆环信公开")
    )
    ogi_office_name = models.CharField(
        _("政府信息公开工作机构"), max_length=100, default="办公室"
    )
    address = models.CharField(_("通讯地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=10, blank=True)
    phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    correction_period_days = models.PositiveSmallIntegerField(
        _("补正期限（工作日）"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    fee_pauses_clock = models.BooleanField(
        _("收费期间暂停计算答复期限"), default=True
    )
    fee_payment_days = models.PositiveSmallIntegerField(
        _("缴费期限（工作日）"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    reconsideration_body = models.CharField(
        _("行政复议机关"), max_length=100, blank=True, help_text=_("例如：莆田市人民政府")
    )
    court = models.CharField(
        _("管辖人民法院"), max_length=100, blank=True, help_text=_("例如：莆田市城厢区人民法院")
    )
    reply_copy_to = models.TextField(
        _("答复书抄送机关"), blank=True,
        help_text=_("每行一个机关，印在答复书版记的抄送栏，例如：莆田市人民政府办公室。不填则不抄送。"),
    )

    class Meta:
        verbose_name = _("行政机关")
        verbose_name_plural = _("行政机关")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def reply_copy_organs(self) -> list[str]:
        return [line.strip() for line in self.reply_copy_to.splitlines() if line.strip()]


class Department(models.Model):
    """A department (内设机构 / 直属单位) of an organ."""

    organ = models.ForeignKey(Organ, on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("名称"), max_length=100)
    is_ogi_office = models.BooleanField(_("政府信息公开工作机构"), default=False)
    #: Its heads give the publicity opinion (宣传意见) of a coordination consultation.
    is_publicity = models.BooleanField(_("宣传工作机构（会商时出具宣传意见）"), default=False)

    class Meta:
        verbose_name = _("科室")
        verbose_name_plural = _("科室")
        ordering = ["organ", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organ", "name"], name="department_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class StaffMembership(models.Model):
    """One role a staff member holds in an organ (in a department where it applies)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organ = models.ForeignKey(Organ, on_delete=models.PROTECT, related_name="memberships")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organ", "department", "role"], name="membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

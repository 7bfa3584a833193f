"""The second factor of staff logins: a TOTP authenticator (RFC 6238, django-otp) with
single-use backup codes, set up by the person right after the password, and reset by an
administrator (audited, ``Act.RESET_SECOND_FACTOR``).

The QR code of the set-up page is drawn here as inline SVG (segno); the secret never
leaves the server otherwise.
"""

from __future__ import annotations

import base64
import datetime
import re
from urllib.parse import urlencode

import segno
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user, user_has_device
from django_otp import verify_token as otp_verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from requests.choices import Role
from requests.models import Organ, StaffMembership
from requests.models.audit import Act
from requests.services.audit import audit_record, person_name

BACKUP_CODE_COUNT = 10
TOTP_NAME = "authenticator"
BACKUP_NAME = "backup"
_TOTP_SHAPE = re.compile(r"^\d{6}$")


def has_second_factor(user: AbstractBaseUser) -> bool:
    """Whether ``user`` has a confirmed authenticator (or backup codes)."""
    return user_has_device(user, confirmed=True)


def redirect_to_second_factor(user: AbstractBaseUser, *, next_url: str = "") -> HttpResponseRedirect:
    """To the code step, or to setting up an authenticator if ``user`` has none."""
    name = "accounts:verify" if has_second_factor(user) else "accounts:setup"
    url = reverse(name)
    if next_url:
        url += "?" + urlencode({"next": next_url})
    return HttpResponseRedirect(url)


# --- setting up ------------------------------------------------------------------------


def authenticator_for_setup(user: AbstractBaseUser) -> TOTPDevice:
    """The unconfirmed authenticator ``user`` is setting up (made on first call).

    Refused once ``user`` has a confirmed one: a second device is added only after an
    administrator reset, never with the password alone.
    """
    if has_second_factor(user):
        raise PermissionDenied
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an authenticator."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The ``otpauth://`` link of ``device`` as an inline SVG QR code (no network)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=4, title=_("身份验证器二维码"), svgclass="qr", lineclass=None,
    )


@transaction.atomic
def authenticator_confirm(*, user: AbstractBaseUser, device: TOTPDevice, code: str) -> list[str]:
    """Confirm ``device`` with a code it shows; return fresh backup codes (shown once).

    A wrong or throttled code raises ``ValidationError`` and changes nothing else.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    _check_allowed(device)
    if not (_TOTP_SHAPE.match(normalise_code(code)) and device.verify_token(normalise_code(code))):
        raise ValidationError(_("验证码不正确，请输入身份验证器中当前显示的6位数字。"), code="invalid")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return backup_codes_issue(user=user)


def backup_codes_issue(*, user: AbstractBaseUser) -> list[str]:
    """Replace ``user``'s backup codes with ``BACKUP_CODE_COUNT`` new single-use ones."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
        codes = []
        while len(codes) < BACKUP_CODE_COUNT:
            code = StaticToken.random_token()
            if code not in codes:
                codes.append(code)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def backup_codes_left(user: AbstractBaseUser) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- the code step ---------------------------------------------------------------------


def normalise_code(code: str) -> str:
    """Spaces and dashes dropped, lower case (backup codes are base32, shown in lower case)."""
    return re.sub(r"[\s-]", "", code or "").lower()


def _check_allowed(device) -> None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return
    until = (data or {}).get("locked_until")
    seconds = 60
    if until is not None:
        seconds = max(1, int((until - timezone.now()).total_seconds()) + 1)
    raise ValidationError(
        _("验证码错误次数过多，请%(seconds)s秒后再试。") % {"seconds": seconds}, code="throttled"
    )


def second_factor_verify(*, user: AbstractBaseUser, code: str):
    """The device that accepts ``code`` (a 6-digit authenticator code, or a backup code,
    which is then used up); ``ValidationError`` otherwise. Each device throttles wrong
    codes with a growing delay (django-otp), and a code is accepted only once."""
    code = normalise_code(code)
    model = TOTPDevice if _TOTP_SHAPE.match(code) else StaticDevice
    devices = [d for d in devices_for_user(user, confirmed=True) if isinstance(d, model)]
    for device in devices:
        _check_allowed(device)
    for device in devices:
        verified = otp_verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    raise ValidationError(
        _("验证码不正确。请输入身份验证器中当前显示的6位数字，或一个未用过的备用验证码。"),
        code="invalid",
    )


# --- reset by an administrator ---------------------------------------------------------


def administered_organs(user: AbstractBaseUser) -> QuerySet:
    """Organs where ``user`` is a system administrator (系统管理员)."""
    return Organ.objects.filter(
        memberships__user=user, memberships__role=Role.ADMINISTRATOR
    ).distinct()


def may_manage_second_factors(user: AbstractBaseUser) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or administered_organs(user).exists()))


def staff_managed_by(user: AbstractBaseUser) -> QuerySet:
    """Staff accounts whose second factor ``user`` may reset, with ``has_second_factor``."""
    users = get_user_model().objects.all()
    if user.is_superuser:
        users = users.filter(
            Exists(StaffMembership.objects.filter(user=OuterRef("pk")))
            | Q(is_staff=True)
            | Q(is_superuser=True)
        )
    else:
        users = users.filter(
            Exists(StaffMembership.objects.filter(
                user=OuterRef("pk"), organ__in=administered_organs(user)
            )),
            is_superuser=False,
        )
    return users.annotate(
        has_second_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
        | Exists(StaticDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
    ).order_by("last_name", "first_name", "username")


def _may_reset(acting_user: AbstractBaseUser, user: AbstractBaseUser) -> bool:
    if not acting_user.is_authenticated:
        return False
    if acting_user.is_superuser:
        return True
    if user.is_superuser:
        return False
    return StaffMembership.objects.filter(
        user=user, organ__in=administered_organs(acting_user)
    ).exists()


@transaction.atomic
def second_factor_reset(
    *, user: AbstractBaseUser, acting_user: AbstractBaseUser, at: datetime.datetime | None = None
) -> int:
    """Remove ``user``'s authenticator and backup codes (重置双因素认证), so that the next
    login sets up a new one; sessions that gave the old factor lose it at once. One audit
    event in each organ where ``user`` holds a role (else in the acting administrator's).
    Only superusers and the system administrators of one of ``user``'s organs may.
    Returns the number of devices removed.
    """
    if not _may_reset(acting_user, user):
        raise PermissionDenied(_("您无权重置该工作人员的双因素认证。"))
    organs = list(Organ.objects.filter(memberships__user=user).distinct().order_by("pk"))
    if not organs:
        organs = list(Organ.objects.filter(memberships__user=acting_user).distinct().order_by("pk"))
    if not organs:
        raise ValidationError(
            _("该账户与您都不属于任何机关，重置无法记入审计日志。请先在“岗位”中为其设置岗位。"),
            code="no_organ",
        )
    removed = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        removed += 1
    for organ in organs:
        audit_record(
            organ=organ, act=Act.RESET_SECOND_FACTOR, actor=acting_user, at=at,
            data={"user": user.get_username(), "name": person_name(user), "devices": removed},
        )
    return removed

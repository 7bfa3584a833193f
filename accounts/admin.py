"""The admin's side of second factors: an action on users resets them (audited), and the
devices themselves are not listed, so no one reads a person's secret or removes it
without an audit event."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .second_factor import second_factor_reset

User = get_user_model()

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.action(description=_("重置双因素认证"))
def reset_second_factor(modeladmin, request, queryset):
    done = 0
    for user in queryset:
        try:
            second_factor_reset(user=user, acting_user=request.user)
        except (PermissionDenied, ValidationError) as error:
            text = " ".join(getattr(error, "messages", None) or [str(error)])
            modeladmin.message_user(request, f"{user.get_username()}：{text}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(
            request, _("已重置%(n)s个账户的双因素认证。") % {"n": done}, messages.SUCCESS
        )


if admin.site.is_registered(User):
    current = type(admin.site.get_model_admin(User))
    admin.site.unregister(User)
else:  # pragma: no cover - contrib.auth registers it first
    current = UserAdmin


@admin.register(User)
class StaffUserAdmin(current):
    actions = [*(current.actions or []), reset_second_factor]

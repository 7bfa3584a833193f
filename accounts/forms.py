"""Rules every login form applies, and the forms of the staff login and the code step.

``LoginGuardMixin`` (on an ``AuthenticationForm``): refuses, before the password is
checked, a login the throttle holds back (``throttle``); and refuses a staff login with
the demo's password outside DEBUG (the demo password is published in the README).
"""

from __future__ import annotations

import hmac

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from requests.demo import DEMO_PASSWORD

from .staff import is_staff_account
from .throttle import login_throttle_check


def client_address(request) -> str | None:
    """The address django-axes counts failures under (``REMOTE_ADDR``)."""
    if request is None:
        return None
    return getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR") or None


def is_demo_password(password: str) -> bool:
    return hmac.compare_digest((password or "").encode(), DEMO_PASSWORD.encode())


class LoginGuardMixin:
    def clean(self):
        username = self.cleaned_data.get("username")
        if username and self.cleaned_data.get("password"):
            login_throttle_check(username=username, address=client_address(self.request))
        return super().clean()

    def confirm_login_allowed(self, user) -> None:
        super().confirm_login_allowed(user)
        if (
            not settings.DEBUG
            and is_demo_password(self.cleaned_data.get("password"))
            and is_staff_account(user)
        ):
            raise ValidationError(
                _("该工作人员账户仍在使用演示密码，不能登录。请联系系统管理员重设密码。"),
                code="demo_password",
            )


class StaffLoginForm(LoginGuardMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("用户名或密码不正确。"),
        "inactive": _("该账户已停用。"),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")
        if self.is_bound:  # shown again after a refusal: the error summary takes the focus
            self.fields["username"].widget.attrs.pop("autofocus", None)

    def confirm_login_allowed(self, user) -> None:
        """An applicant's account (the password was right) is not logged in here: the page
        says where applicants log in (``applicant`` is the code the template looks for)."""
        super().confirm_login_allowed(user)
        if not is_staff_account(user):
            raise ValidationError(
                _("此处是工作人员登录入口。申请人请从申请人登录页面登录，查询和提交申请。"),
                code="applicant",
            )


class CodeForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:  # shown again after a refusal: the error summary takes the focus
            self.fields["code"].widget.attrs.pop("autofocus", None)

    code = forms.CharField(
        label=_("验证码"),
        max_length=32,
        error_messages={"required": _("请输入验证码。")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false",
                   "autocapitalize": "off", "class": "code"}
        ),
    )

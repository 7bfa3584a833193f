"""Forms of the applicant's account: sign-up, login, confirmation mail, password reset.

An applicant's account is a Django user whose username is the e-mail address (lower
case). Staff accounts are managed by the administrator: the portal's password reset
never sends a link for them.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from accounts.forms import LoginGuardMixin
from requests.models import StaffMembership

from .mail import mail_later

User = get_user_model()
EMAIL_MAX_LENGTH = 150  # the username's length


def normalise_email(value: str) -> str:
    return value.strip().lower()


class EmailField(forms.EmailField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("电子邮箱"))
        kwargs.setdefault("max_length", EMAIL_MAX_LENGTH)
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("请填写电子邮箱。"),
                "invalid": _("请填写有效的电子邮箱地址。"),
            },
        )
        super().__init__(**kwargs)
        self.widget.attrs.update(autocomplete="email", spellcheck="false")

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_email(value) if value else value


class SignupForm(forms.Form):
    email = EmailField(help_text=_("用于登录和接收办理通知，我们会发送一封确认邮件。"))
    password1 = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少10个字符，不能全是数字，不能与邮箱相近，不能是常用密码。"),
        error_messages={"required": _("请设置密码。")},
    )
    password2 = forms.CharField(
        label=_("再次输入密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("请再次输入密码。")},
    )

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("两次输入的密码不一致。"))
        elif first:
            candidate = User(username=data.get("email") or "", email=data.get("email") or "")
            try:
                password_validation.validate_password(first, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return data


class PortalLoginForm(LoginGuardMixin, AuthenticationForm):
    """Log in with the e-mail address; a locked-out address is refused by django-axes,
    guesses across addresses or usernames by ``accounts.throttle``."""

    error_messages = {
        "invalid_login": _(
            "电子邮箱或密码不正确。刚注册的，请先点击确认邮件中的链接。"
        ),
        "inactive": _("该账户尚未确认电子邮箱。"),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"] = EmailField(max_length=254)
        self.fields["username"].widget.attrs["autofocus"] = True
        self.fields["password"].label = _("密码")
        self.fields["password"].error_messages["required"] = _("请输入密码。")


class ResendConfirmationForm(forms.Form):
    email = EmailField()


def is_applicant_account(user) -> bool:
    return not StaffMembership.objects.filter(user=user).exists()


class PortalPasswordResetForm(PasswordResetForm):
    """Sends the reset link to applicants' accounts only, through the mail task."""

    email = EmailField()

    def get_users(self, email: str):
        users = User.objects.filter(username=normalise_email(email), is_active=True)
        return (u for u in users if u.has_usable_password() and is_applicant_account(u))

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email,
        html_email_template_name=None,
    ):
        mail_later(to=to_email, template="password_reset", context=context)


def confirmation_link(request, user) -> str:
    from .tokens import account_confirmation_token

    path = reverse(
        "portal:signup_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": account_confirmation_token.make_token(user),
        },
    )
    return request.build_absolute_uri(path)

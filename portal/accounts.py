"""The applicant's account: sign up, confirm the e-mail address, log in and out, reset the
password. Failed logins are counted by django-axes (settings ``AXES_*``); sign-ups and
mails sent on request are limited per client address (``portal.throttle``).

Whether an address already has an account is never revealed on screen: sign-up and the
mail forms show the same page either way, and the mail says what applies.
"""

from __future__ import annotations

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _

from .account_forms import (
    PortalLoginForm,
    PortalPasswordResetForm,
    ResendConfirmationForm,
    SignupForm,
    confirmation_link,
    is_applicant_account,
)
from .mail import mail_later
from .throttle import RateLimitError, client_address, throttle_check, throttle_record
from .tokens import account_confirmation_token

User = get_user_model()
BACKEND = "django.contrib.auth.backends.ModelBackend"


def _send_confirmation(request: HttpRequest, user) -> None:
    mail_later(
        to=user.email,
        template="confirm",
        context={"link": confirmation_link(request, user), "email": user.email},
    )


def _send_already_registered(request: HttpRequest, user) -> None:
    mail_later(
        to=user.email,
        template="already_registered",
        context={
            "login": request.build_absolute_uri(reverse("portal:login")),
            "reset": request.build_absolute_uri(reverse("portal:password_reset")),
        },
    )


def signup_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("portal:home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = client_address(request)
        try:
            throttle_check("signup", address=address)
        except RateLimitError as error:
            form.add_error(None, error)
        else:
            email = form.cleaned_data["email"]
            with transaction.atomic():
                existing = User.objects.filter(username=email).first()
                if existing is None:
                    user = User.objects.create_user(
                        username=email, email=email, password=form.cleaned_data["password1"],
                        is_active=False,
                    )
                    _send_confirmation(request, user)
                elif not existing.is_active:
                    _send_confirmation(request, existing)
                else:
                    _send_already_registered(request, existing)
                throttle_record("signup", address=address)
            request.session["portal_signup_email"] = email
            return redirect("portal:signup_done")
    return render(request, "portal/signup.html", {"form": form, "nav": "signup"})


def signup_done_view(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/signup_done.html", {"email": request.session.get("portal_signup_email")}
    )


def signup_confirm_view(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        user = None
    if user is not None and not user.is_active and account_confirmation_token.check_token(user, token):
        user.is_active = True
        user.save(update_fields=["is_active"])
        login(request, user, backend=BACKEND)
        messages.success(request, _("电子邮箱已确认，欢迎使用。"))
        return redirect("portal:home")
    if user is not None and user.is_active and request.user == user:
        return redirect("portal:home")
    return render(request, "portal/signup_invalid.html", status=400)


def resend_confirmation_view(request: HttpRequest) -> HttpResponse:
    form = ResendConfirmationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = client_address(request)
        try:
            throttle_check("mail", address=address)
        except RateLimitError as error:
            form.add_error(None, error)
        else:
            user = User.objects.filter(username=form.cleaned_data["email"]).first()
            if user is not None and not user.is_active and is_applicant_account(user):
                _send_confirmation(request, user)
            throttle_record("mail", address=address)
            request.session["portal_signup_email"] = form.cleaned_data["email"]
            return redirect("portal:signup_done")
    return render(request, "portal/resend_confirmation.html", {"form": form})


class PortalLoginView(auth_views.LoginView):
    template_name = "portal/login.html"
    form_class = PortalLoginForm
    redirect_authenticated_user = True
    extra_context = {"nav": "login"}

    def get_default_redirect_url(self):
        return reverse("portal:home")


class PortalLogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("portal:login")


class PortalPasswordResetView(auth_views.PasswordResetView):
    template_name = "portal/password_reset.html"
    form_class = PortalPasswordResetForm
    success_url = reverse_lazy("portal:password_reset_done")

    def form_valid(self, form):
        address = client_address(self.request)
        try:
            throttle_check("mail", address=address)
        except RateLimitError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        throttle_record("mail", address=address)
        return super().form_valid(form)


class PortalPasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "portal/password_reset_done.html"


class PortalPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "portal/password_reset_confirm.html"
    success_url = reverse_lazy("portal:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # A new password ends a lockout: the person proved they own the address.
        axes_reset(username=form.user.get_username())
        return response


class PortalPasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "portal/password_reset_complete.html"


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked-out login (``AXES_LOCKOUT_CALLABLE``)."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(
        request,
        "portal/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )

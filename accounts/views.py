"""The staff login in two steps (password, then a code), setting up an authenticator,
backup codes, and the administrators' page for resetting a person's second factor."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from requests.services.audit import person_name

from .forms import CodeForm, StaffLoginForm
from .middleware import STAFF
from .second_factor import (
    authenticator_confirm,
    authenticator_for_setup,
    backup_codes_issue,
    backup_codes_left,
    has_second_factor,
    may_manage_second_factors,
    qr_svg,
    redirect_to_second_factor,
    second_factor_reset,
    second_factor_verify,
    secret_text,
    staff_managed_by,
)
from .staff import is_staff_account, is_verified, landing_url, second_factor_required

NEW_BACKUP_CODES = "accounts.new_backup_codes"


def staff_account_required(view):
    """A signed-in staff account only: applicants have no second factor to give, set up
    or back up, so these pages do not exist for them."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_staff_account(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _done(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(_next_url(request) or landing_url(request.user))


def _verified(request: HttpRequest, device) -> None:
    """The session gave the second factor: keep it, under a new session key."""
    otp_login(request, device)
    request.session.cycle_key()
    request.session[STAFF] = True


class StaffLoginView(auth_views.LoginView):
    """The password step; staff who need a second factor go on to the code step."""

    form_class = StaffLoginForm

    def get_default_redirect_url(self) -> str:
        return landing_url(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["applicant_refused"] = form.is_bound and form.has_error(
            NON_FIELD_ERRORS, "applicant"
        )
        return context

    def form_valid(self, form):
        user = form.get_user()
        auth_login(self.request, user)
        if second_factor_required(user):
            return redirect_to_second_factor(user, next_url=self.get_redirect_url())
        return HttpResponseRedirect(self.get_success_url())


@staff_account_required
def verify_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if is_verified(user):
        return _done(request)
    if not has_second_factor(user):
        return redirect_to_second_factor(user, next_url=_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor_verify(user=user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            _verified(request, device)
            if isinstance(device, StaticDevice):
                left = backup_codes_left(user)
                messages.warning(
                    request,
                    _("您使用了一个备用验证码，还剩%(n)s个。用完之前请在“备用验证码”页面生成新的。")
                    % {"n": left},
                )
            return _done(request)
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


@staff_account_required
def setup_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if has_second_factor(user):
        if is_verified(user):
            return _done(request)
        return redirect_to_second_factor(user, next_url=_next_url(request))
    device = authenticator_for_setup(user)
    form = CodeForm(request.POST or None)
    form.fields["code"].widget.attrs.update(inputmode="numeric", autocomplete="off")
    if request.method == "POST" and form.is_valid():
        try:
            codes = authenticator_confirm(user=user, device=device, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            device.refresh_from_db()
            _verified(request, device)
            request.session[NEW_BACKUP_CODES] = codes
            url = reverse("accounts:backup_codes")
            if _next_url(request):
                url += "?" + urlencode({"next": _next_url(request)})
            return redirect(url)
    return render(
        request,
        "accounts/setup.html",
        {"form": form, "qr": qr_svg(device), "secret": secret_text(device),
         "username": user.get_username(), "issuer": settings.OTP_TOTP_ISSUER,
         "next": _next_url(request)},
    )


@staff_account_required
def backup_codes_view(request: HttpRequest) -> HttpResponse:
    """The new backup codes, shown once; a verified person may replace them."""
    user = request.user
    if not is_verified(user):
        if has_second_factor(user) or second_factor_required(user):
            return redirect_to_second_factor(user, next_url=request.get_full_path())
        return redirect("accounts:setup")
    if request.method == "POST":
        request.session[NEW_BACKUP_CODES] = backup_codes_issue(user=user)
        return redirect("accounts:backup_codes")
    codes = request.session.pop(NEW_BACKUP_CODES, None)
    return render(
        request,
        "accounts/backup_codes.html",
        {"codes": codes, "left": backup_codes_left(user), "next": _next_url(request),
         "nav": "second_factor"},
    )


def _manager_required(request: HttpRequest) -> None:
    if not may_manage_second_factors(request.user):
        raise PermissionDenied


@login_required
def staff_second_factors_view(request: HttpRequest) -> HttpResponse:
    _manager_required(request)
    people = list(staff_managed_by(request.user))
    return render(request, "accounts/staff_list.html", {"people": people, "nav": "second_factor"})


@require_POST
@login_required
def staff_second_factor_reset_view(request: HttpRequest, user_id: int) -> HttpResponse:
    _manager_required(request)
    person = get_object_or_404(staff_managed_by(request.user), pk=user_id)
    try:
        second_factor_reset(user=person, acting_user=request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            _("已重置%(name)s的双因素认证。其下次登录时需重新设置身份验证器。")
            % {"name": person_name(person)},
        )
    return redirect("accounts:staff")

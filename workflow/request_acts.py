"""Acts on the request page that belong to no task: the OGI office head deciding on an
extension, a registrar recording a withdrawal or a letter's delivery, and downloading the
letters and the audit trail."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from letters.acts import grant_extension_with_notice
from letters.models import DeliveryMethod, IssuedLetter
from letters.services import letter_record_delivery
from requests.services import request_refuse_extension, request_withdraw

from .access import staff_required
from .selectors import request_for_staff, staff_organ_ids
from .sweeps import end_flow

DATE = forms.DateInput(attrs={"type": "date"})


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("撤回申请的情况说明"), max_length=2000)


class DeliveryForm(forms.Form):
    method = forms.ChoiceField(label=gettext_lazy("送达方式"), choices=DeliveryMethod.choices)
    delivered_on = forms.DateField(label=gettext_lazy("送达日期"), widget=DATE)
    proof = forms.CharField(
        label=gettext_lazy("送达凭证（邮件号、回证编号等）"), max_length=200, required=False
    )


def _back(disclosure):
    return redirect("workflow:request", public_id=disclosure.public_id)


def _report(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
@staff_required
def extension_decision_view(request: HttpRequest, public_id, extension_id: int) -> HttpResponse:
    disclosure = request_for_staff(request.user, public_id)
    extension = get_object_or_404(disclosure.extensions, pk=extension_id)
    try:
        if request.POST.get("decision") == "grant":
            grant_extension_with_notice(request=disclosure, acting_user=request.user, extension=extension)
            messages.success(request, _("已同意延期，延期答复告知书已生成。"))
        else:
            request_refuse_extension(
                request=disclosure, acting_user=request.user, extension=extension,
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("已不同意延期。"))
    except ValidationError as error:
        _report(request, error)
    return _back(disclosure)


@require_POST
@staff_required
def withdraw_view(request: HttpRequest, public_id) -> HttpResponse:
    disclosure = request_for_staff(request.user, public_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请写明撤回申请的情况。"))
        return _back(disclosure)
    try:
        with transaction.atomic():
            request_withdraw(
                request=disclosure, acting_user=request.user, reason=form.cleaned_data["reason"]
            )
            end_flow(disclosure)
        messages.success(request, _("已登记撤回申请。"))
    except ValidationError as error:
        _report(request, error)
    return _back(disclosure)


@require_POST
@staff_required
def delivery_view(request: HttpRequest, public_id, letter_id) -> HttpResponse:
    disclosure = request_for_staff(request.user, public_id)
    letter = get_object_or_404(IssuedLetter, public_id=letter_id, request=disclosure)
    form = DeliveryForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写送达方式和送达日期。"))
        return _back(disclosure)
    try:
        letter_record_delivery(
            letter=letter, method=form.cleaned_data["method"],
            delivered_on=form.cleaned_data["delivered_on"], acting_user=request.user,
            proof=form.cleaned_data["proof"] or None,
        )
        messages.success(request, _("已登记送达。"))
    except ValidationError as error:
        _report(request, error)
    return _back(disclosure)


@staff_required
def letter_download_view(request: HttpRequest, letter_id) -> FileResponse:
    letter = get_object_or_404(
        IssuedLetter, public_id=letter_id, organ_id__in=staff_organ_ids(request.user)
    )
    response = FileResponse(
        letter.file.open("rb"), as_attachment=True, content_type="application/pdf",
        filename=f"{letter.number}{letter.get_kind_display()}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response

"""Acts the handler takes while holding the handling task, without finishing it:
consulting a third party or another organ, recording their answer, asking for more time,
issuing a fee notice and recording the payment."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from letters.acts import issue_fee_notice_with_letter
from requests.choice_fields import PlaceholderMixin
from requests.choices import ConsultationResult, ConsultedParty, FeeStandard, Status
from requests.clock import listed, month_in_language
from requests.date_fields import past_date
from requests.models import DisclosureRequest
from requests.selectors import items_earlier_this_month
from requests.services import (
    request_ask_extension,
    request_close_consultation,
    request_record_payment,
)

from . import acts
from .access import staff_required, task_for_staff
from .errors import field_error
from .steps import holds

TEXT = forms.Textarea(attrs={"rows": 2})


class ConsultForm(PlaceholderMixin, forms.Form):
    party_kind = forms.ChoiceField(label=gettext_lazy("被征求意见方"), choices=ConsultedParty.choices)
    party_name = forms.CharField(label=gettext_lazy("名称或姓名"), max_length=200)
    party_contact = forms.CharField(label=gettext_lazy("联系方式"), max_length=300, required=False)
    subject = forms.CharField(label=gettext_lazy("涉及的信息及征求意见的理由"), widget=TEXT, max_length=2000)

    def act(self, request, user):
        """征求意见 with its letter (``acts.open_consultation``)."""
        return acts.open_consultation(request=request, acting_user=user, **self.cleaned_data)


class CloseConsultationForm(PlaceholderMixin, forms.Form):
    consultation = forms.ModelChoiceField(label=gettext_lazy("征求意见"), queryset=None)
    result = forms.ChoiceField(
        label=gettext_lazy("意见"),
        choices=[(ConsultationResult.CONSENT.value, ConsultationResult.CONSENT.label),
                 (ConsultationResult.OBJECTION.value, ConsultationResult.OBJECTION.label)],
    )
    opinion = forms.CharField(label=gettext_lazy("意见内容"), widget=TEXT, max_length=2000)
    closed_on = past_date(label=gettext_lazy("收到意见的日期"))

    def __init__(self, *args, disclosure: DisclosureRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = disclosure.consultations.filter(closed_on__isnull=True)

    def act(self, request, user):
        return request_close_consultation(request=request, acting_user=user, **self.cleaned_data)


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label=gettext_lazy("延长工作日数"), min_value=1, max_value=20)
    reason = forms.CharField(label=gettext_lazy("延期理由"), widget=TEXT, max_length=2000)

    def act(self, request, user):
        return request_ask_extension(request=request, acting_user=user, **self.cleaned_data)


def earlier_items_explained(disclosure: DisclosureRequest) -> tuple[int, str]:
    """The month's earlier items of the same applicant, as the fee act counts them, and
    where the figure comes from (which requests)."""
    earlier = items_earlier_this_month(disclosure)
    if earlier.month is None:
        return 0, ""
    month = month_in_language(earlier.month.year, earlier.month.month)
    if not earlier.requests:
        return 0, _("按同一申请人（证件类型和号码相同）%(month)s向本机关提出、在本申请之前收到的申请"
                    "统计：没有。") % {"month": month}
    earlier_listed = listed(
        _("%(number)s（%(date)s收到，%(n)s件）") % {
            "number": r.registration_number, "date": r.received_on.isoformat(), "n": n}
        for r, n in earlier.requests
    )
    return earlier.count, _(
        "按同一申请人（证件类型和号码相同）%(month)s向本机关提出、在本申请之前收到的申请统计："
        "%(listed)s。"
    ) % {"month": month, "listed": earlier_listed}


class FeeForm(PlaceholderMixin, forms.Form):
    standard = forms.ChoiceField(label=gettext_lazy("计收标准"), choices=FeeStandard.choices)
    quantity = forms.IntegerField(label=gettext_lazy("件数或页数"), min_value=1, max_value=100000)
    #: Shown, never typed: the act counts the month's earlier items from the records.
    prior_items_this_month = forms.IntegerField(
        label=gettext_lazy("本月此前已申请件数（按件计收时计入，由系统统计）"), required=False,
        disabled=True, min_value=0, max_value=100000,
    )

    def __init__(self, *args, disclosure: DisclosureRequest, **kwargs):
        super().__init__(*args, **kwargs)
        count, explanation = earlier_items_explained(disclosure)
        field = self.fields["prior_items_this_month"]
        field.initial = count
        field.help_text = explanation

    def act(self, request, user):
        return issue_fee_notice_with_letter(
            request=request, acting_user=user, standard=self.cleaned_data["standard"],
            quantity=self.cleaned_data["quantity"],
        )


class PaymentForm(forms.Form):
    paid_on = past_date(label=gettext_lazy("缴费日期"))

    def act(self, request, user):
        return request_record_payment(request=request, acting_user=user, **self.cleaned_data)


SIDE_ACTS = {
    "consult": (ConsultForm, gettext_lazy("发出征求意见"), (Status.PROCESSING, Status.THIRD_PARTY_CONSULTATION)),
    "close_consultation": (CloseConsultationForm, gettext_lazy("登记意见"), (Status.THIRD_PARTY_CONSULTATION,)),
    "extension": (ExtensionForm, gettext_lazy("申请延期答复"), (Status.PROCESSING, Status.THIRD_PARTY_CONSULTATION)),
    "fee": (FeeForm, gettext_lazy("发出收费通知"), (Status.PROCESSING,)),
    "payment": (PaymentForm, gettext_lazy("登记缴费"), (Status.AWAITING_FEE,)),
}


def _form(key, disclosure, data=None):
    form_class = SIDE_ACTS[key][0]
    kwargs = {"disclosure": disclosure} if form_class in (CloseConsultationForm, FeeForm) else {}
    return form_class(data, prefix=key, **kwargs)


def forms_for(task, disclosure: DisclosureRequest) -> list[tuple[str, str, forms.Form]]:
    """The side acts open in the request's current status, as (key, label, form)."""
    return [
        (key, label, _form(key, disclosure))
        for key, (_cls, label, statuses) in SIDE_ACTS.items()
        if disclosure.status in statuses
    ]


@require_POST
@staff_required
def side_act_view(request: HttpRequest, task_id: int, key: str) -> HttpResponse:
    task = task_for_staff(request.user, task_id)
    if key not in SIDE_ACTS:
        return redirect("workflow:task", task_id=task.pk)
    try:
        disclosure, task = holds(task, request.user, "handle")
        form = _form(key, disclosure, request.POST)
        if not form.is_valid():
            errors = [field_error(form.fields[f].label, e) if f != "__all__" else e
                      for f, errs in form.errors.items() for e in errs]
            raise ValidationError(errors)
        form.act(disclosure, request.user)
        messages.success(request, _("已办理：%(act)s") % {"act": SIDE_ACTS[key][1]})
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("workflow:task", task_id=task.pk)

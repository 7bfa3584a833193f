"""The forms of the acts the handler takes while holding the handling task, without
finishing it: consulting a third party or another organ, recording their answer, asking for
more time, issuing a fee notice and recording the payment. Each form's ``act`` calls its
act in ``workflow.acts``; the task page (``workflow.task_views``) shows them."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from requests.choice_fields import PlaceholderMixin
from requests.choices import ConsultationResult, ConsultedParty, FeeStandard, Status
from requests.clock import listed, month_in_language
from requests.date_fields import past_date
from requests.models import DisclosureRequest
from requests.selectors import items_earlier_this_month

from . import acts

TEXT = forms.Textarea(attrs={"rows": 2})


class ConsultForm(PlaceholderMixin, forms.Form):
    party_kind = forms.ChoiceField(label=gettext_lazy("被征求意见方"), choices=ConsultedParty.choices)
    party_name = forms.CharField(label=gettext_lazy("名称或姓名"), max_length=200)
    party_contact = forms.CharField(label=gettext_lazy("联系方式"), max_length=300, required=False)
    subject = forms.CharField(label=gettext_lazy("涉及的信息及征求意见的理由"), widget=TEXT, max_length=2000)

    def act(self, task, user):
        return acts.open_consultation(task=task, acting_user=user, **self.cleaned_data)


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

    def act(self, task, user):
        return acts.close_consultation(task=task, acting_user=user, **self.cleaned_data)


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label=gettext_lazy("延长工作日数"), min_value=1, max_value=20)
    reason = forms.CharField(label=gettext_lazy("延期理由"), widget=TEXT, max_length=2000)

    def act(self, task, user):
        return acts.ask_extension(task=task, acting_user=user, **self.cleaned_data)


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

    def act(self, task, user):
        return acts.issue_fee_notice(
            task=task, acting_user=user, standard=self.cleaned_data["standard"],
            quantity=self.cleaned_data["quantity"],
        )


class PaymentForm(forms.Form):
    paid_on = past_date(label=gettext_lazy("缴费日期"))

    def act(self, task, user):
        return acts.record_payment(task=task, acting_user=user, **self.cleaned_data)


SIDE_ACTS = {
    "consult": (ConsultForm, gettext_lazy("发出征求意见"), (Status.PROCESSING, Status.THIRD_PARTY_CONSULTATION)),
    "close_consultation": (CloseConsultationForm, gettext_lazy("登记意见"), (Status.THIRD_PARTY_CONSULTATION,)),
    "extension": (ExtensionForm, gettext_lazy("申请延期答复"), (Status.PROCESSING, Status.THIRD_PARTY_CONSULTATION)),
    "fee": (FeeForm, gettext_lazy("发出收费通知"), (Status.PROCESSING,)),
    "payment": (PaymentForm, gettext_lazy("登记缴费"), (Status.AWAITING_FEE,)),
}


def side_form(key: str, disclosure: DisclosureRequest, data=None) -> forms.Form:
    """The form of the side act ``key``, bound to ``data`` when given."""
    form_class = SIDE_ACTS[key][0]
    kwargs = {"disclosure": disclosure} if form_class in (CloseConsultationForm, FeeForm) else {}
    return form_class(data, prefix=key, **kwargs)


def forms_for(
    disclosure: DisclosureRequest, submitted: tuple[str, forms.Form] | None = None
) -> list[tuple[str, str, forms.Form]]:
    """The side acts open in the request's current status, as (key, label, form); the
    ``submitted`` (key, form) in its place, or added when its act is not open any more."""
    key_submitted, form_submitted = submitted or (None, None)
    side = [
        (key, label, form_submitted if key == key_submitted else side_form(key, disclosure))
        for key, (_cls, label, statuses) in SIDE_ACTS.items()
        if disclosure.status in statuses
    ]
    if key_submitted and key_submitted not in {key for key, _label, _form in side}:
        side.append((key_submitted, SIDE_ACTS[key_submitted][1], form_submitted))
    return side

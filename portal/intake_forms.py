"""The registrar's form for an application received on paper, by fax, e-mail or orally.

The receipt date (Art. 31) follows from the channel and the dates given here: in person or
orally the day submitted; registered post the day the organ signed for it; an ordinary
letter, fax or e-mail the day receipt was confirmed with the applicant (today unless
another day is given).
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests.choice_fields import PlaceholderMixin
from requests.choices import ApplicantKind, Channel, IdDocumentType
from requests.date_fields import past_date
from requests.services.registration import CONFIRMED_CHANNELS
from requests.services.reply import ItemDecision
from workflow.step_forms import ItemDecisionsMixin

from .forms import ApplicationForm

PAPER_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.ONLINE]


class IntakeForm(ApplicationForm):
    channel = forms.ChoiceField(
        label=_("申请方式"), choices=PAPER_CHANNELS, widget=forms.RadioSelect,
        error_messages={"required": _("请选择申请方式。")},
    )
    submitted_on = past_date(
        label=_("提交或到达日期"),
        help_text=_("当面、口头申请为申请人提交之日；信函、传真、电子邮件为到达本机关之日。"),
        error_messages={"required": _("请填写提交或到达日期。")},
    )
    post_signed_on = past_date(label=_("签收日期（需签收的信函）"), required=False)
    confirmed_on = past_date(
        label=_("确认接收日期（平信、传真、电子邮件）"), required=False,
        help_text=_("以与申请人确认收到之日为收到申请之日；不填写的为今天。晚于到达之日1个工作日以上的，"
                    "将提示督查员。"),
        error_messages={"invalid": _("请填写有效的日期。")},
    )
    scan = forms.FileField(
        label=_("申请书扫描件"), required=False,
        help_text=_("纸质申请书、信函、传真或电子邮件的扫描件；口头申请可不上传。"),
    )
    register_now = forms.BooleanField(
        label=_("立即确认接收并登记，发出登记回执"), required=False, initial=True,
        help_text=_("尚未与申请人确认收到的平信、传真、电子邮件，请不要勾选：申请将留在登记队列中。"),
    )
    duplicates_acknowledged = forms.BooleanField(
        label=_("已查看该申请人此前的相同申请，仍然录入（初审时可依《条例》第三十六条第六项处理）"),
        required=False,
    )

    field_order = ["organ", "channel", "submitted_on", "post_signed_on", "confirmed_on"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submitted_on"].initial = timezone.localdate()
        self.fields["kind"].initial = ApplicantKind.NATURAL_PERSON
        self.fields["document_type"].initial = IdDocumentType.RESIDENT_ID

    def clean(self):
        data = super().clean()
        channel = data.get("channel")
        submitted = data.get("submitted_on")
        if channel == Channel.REGISTERED_POST:
            signed = data.get("post_signed_on")
            if signed is None and "post_signed_on" not in self.errors:
                self.add_error("post_signed_on", _("需签收的信函请填写签收日期。"))
            elif signed and submitted and signed < submitted:
                self.add_error("post_signed_on", _("签收日期不能早于到达日期。"))
        if channel in CONFIRMED_CHANNELS and data.get("register_now"):
            confirmed = data.get("confirmed_on")
            if confirmed and submitted and confirmed < submitted:
                self.add_error("confirmed_on", _("确认日期不能早于到达日期。"))
        if channel and channel != Channel.ORAL and not data.get("scan"):
            self.add_error("scan", _("请上传申请书扫描件（口头申请除外）。"))
        if not (data.get("phone") or data.get("email") or data.get("postal_address")):
            if not {"phone", "email", "postal_address"} & set(self.errors):
                self.add_error("phone", _("请至少填写一种联系方式（电话、电子邮箱或通讯地址）。"))
        return data

    def submitted_at(self) -> datetime.datetime:
        """When it was submitted: now if today, else noon of the day given."""
        day = self.cleaned_data["submitted_on"]
        if self.cleaned_data.get("channel") == Channel.REGISTERED_POST:
            day = self.cleaned_data.get("post_signed_on") or day
        return _on(day)

    def register_at(self) -> datetime.datetime:
        """When the registration is made: now (the day receipt was confirmed, which may be
        earlier, is ``confirmed_on``)."""
        return timezone.now()

    def receipt_confirmed_on(self) -> datetime.date | None:
        """Art. 31: for an ordinary letter, fax or e-mail, the day receipt was confirmed with
        the applicant (today unless given); None for the other channels."""
        if self.cleaned_data.get("channel") not in CONFIRMED_CHANNELS:
            return None
        return self.cleaned_data.get("confirmed_on") or timezone.localdate()


def _on(day: datetime.date) -> datetime.datetime:
    if day == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


class OnTheSpotForm(ItemDecisionsMixin, PlaceholderMixin, forms.Form):
    """当场答复 (Art. 33): a decision for every item, given at the counter."""

    def __init__(self, *args, request, **kwargs) -> None:
        self.request = request
        super().__init__(*args, **kwargs)
        self.add_item_fields(required=True)

    def decisions(self) -> list[ItemDecision]:
        return self.item_decisions()

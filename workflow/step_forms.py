"""One form per step of the flow; each turns its input into the step function's arguments."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from letters.models import DeliveryMethod
from requests.choice_fields import EMPTY_LABEL, PlaceholderMixin
from requests.choices import Channel, Status
from requests.clock import date_in_language
from requests.date_fields import day_ahead, past_date
from requests.models import Department, DisclosureRequest, OtherOrgan
from requests.models.consultation import OpinionSource
from requests.outcomes import OUTCOME_RULES, REPLY_OUTCOMES, Outcome
from requests.services.closing import default_new_last_day
from requests.services.registration import CONFIRMED_CHANNELS
from requests.services.reply import ItemDecision

from .models import TriageDecision

TEXT = forms.Textarea(attrs={"rows": 3})
NOT_PROCESSED_OUTCOMES = [o for o in REPLY_OUTCOMES if OUTCOME_RULES[o].report_row.startswith("5")]


class StepForm(PlaceholderMixin, forms.Form):
    """Base: knows the request; ``arguments()`` gives the step function's keyword arguments.

    ``shown_when`` names the fields needed only for some answers to another field
    (``{field: (controlling field, answers)}``). The page shows them only for those answers
    (``static/js/forms.js``); for any other answer their input and errors are dropped, so
    the form works the same without JavaScript. ``needed_when_shown`` are those of them the
    answers that show them require (``clean`` checks; the page marks them as required).
    """

    shown_when: dict[str, tuple[str, tuple[str, ...]]] = {}
    needed_when_shown: frozenset[str] = frozenset()

    def __init__(self, *args, request: DisclosureRequest, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        declared, self.shown_when = self.shown_when, {}
        for name, (controller, answers) in declared.items():
            self.show_only_when(controller, answers, name, required=name in self.needed_when_shown)

    def show_only_when(
        self, controller: str, answers: tuple[str, ...], *names: str, required: bool = False
    ) -> None:
        for name in names:
            self.shown_when[name] = (controller, answers)
            # Read by templates/forms/_field.html.
            self.fields[name].shown_when = {
                "name": self[controller].html_name, "values": " ".join(answers),
                "required": required,
            }

    def clean(self):
        data = super().clean()
        for name, (controller, answers) in self.shown_when.items():
            if name in self.fields and str(self[controller].data or "") not in answers:
                self.errors.pop(name, None)
                data[name] = self.fields[name].to_python("")
        return data

    def arguments(self) -> dict:
        return dict(self.cleaned_data)


class ItemDecisionsMixin:
    """An outcome and its reasons for every item asked for (Art. 36–39; LETTERS.md)."""

    outcome_choices = [(o.value, o.label) for o in REPLY_OUTCOMES]

    def add_item_fields(self, required: bool = True) -> None:
        for item in self.request.items.all():
            self.fields[f"outcome_{item.position}"] = forms.ChoiceField(
                label=_("第%(n)s项：%(text)s") % {"n": item.position, "text": item.description[:60]},
                choices=[("", EMPTY_LABEL), *self.outcome_choices],
                required=required,
                # A draft sent back by the review or the sign-off comes back as it was.
                initial=item.outcome or None,
            )
            self.fields[f"text_{item.position}"] = forms.CharField(
                label=_("第%(n)s项的具体情况（所提供的信息，检索范围，不予公开的内容及具体理由，"
                        "获取途径等）") % {"n": item.position},
                help_text=_("答复书会按所选答复结果写明结论和《条例》依据，这里只写本案的具体情况，"
                            "不要重复结论或引用《条例》条款。"),
                widget=TEXT,
                required=False,
                max_length=2000,
                initial=item.decision_text,
            )
            self.fields[f"organ_{item.position}"] = forms.ModelChoiceField(
                label=_("第%(n)s项负责公开的行政机关（不属于本机关负责公开的，必须选择）")
                % {"n": item.position},
                queryset=OtherOrgan.objects.filter(organ_id=self.request.organ_id),
                required=False,
                initial=item.responsible_organ_id,
                help_text=_("从本机关的其他行政机关名录中选择；答复书将写明其名称和联系方式。"),
            )

    def clean(self):
        """Art. 36(5): an item not this organ's names the organ responsible."""
        data = super().clean()
        for name, value in list(data.items()):
            if name.startswith("outcome_") and value == Outcome.NOT_THIS_ORGAN:
                position = name.split("_")[1]
                if not data.get(f"organ_{position}") and f"organ_{position}" not in self.errors:
                    self.add_error(
                        f"organ_{position}",
                        _("不属于本机关负责公开的，请选择负责公开该信息的行政机关；名录中没有的，"
                          "请先在其他行政机关名录中添加。"),
                    )
        return data

    def item_decisions(self) -> list[ItemDecision]:
        data = self.cleaned_data
        return [
            ItemDecision(
                int(name.split("_")[1]), value, data.get(f"text_{name.split('_')[1]}", ""),
                responsible_organ=data.get(f"organ_{name.split('_')[1]}"),
            )
            for name, value in data.items()
            if name.startswith("outcome_") and value
        ]


class RegisterForm(StepForm):
    """确认接收并登记 (Art. 31): for a registered letter the day the organ signed for it;
    online, by fax, e-mail or ordinary letter the day receipt was confirmed (default today)."""

    post_signed_on = past_date(label=_("签收日期（信函申请）"), required=False)
    confirmed_on = past_date(
        label=_("确认接收日期"), required=False,
        help_text=_("网上、传真、电子邮件申请以及平信，以双方确认之日为收到申请之日；默认为今天。"
                    "晚于到达之日1个工作日以上的，将提示督查员。"),
        error_messages={"invalid": _("请填写有效的日期。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request.channel in CONFIRMED_CHANNELS:
            self.fields["confirmed_on"].initial = timezone.localdate()
        else:
            del self.fields["confirmed_on"]
        if self.request.channel != Channel.REGISTERED_POST:
            del self.fields["post_signed_on"]

    def clean_post_signed_on(self):
        value = self.cleaned_data["post_signed_on"]
        if self.request.channel == Channel.REGISTERED_POST and value is None:
            raise ValidationError(_("信函申请需填写签收日期。"))
        return value

    def clean_confirmed_on(self):
        value = self.cleaned_data["confirmed_on"] or timezone.localdate()
        arrived_on = timezone.localdate(self.request.submitted_at)
        if value > timezone.localdate():
            raise ValidationError(_("确认接收的日期不能晚于今天。"))
        if value < arrived_on:
            raise ValidationError(
                _("确认接收的日期不能早于申请到达之日（%(date)s）。") % {"date": date_in_language(arrived_on)}
            )
        return value

    def arguments(self) -> dict:
        return {
            "post_signed_on": self.cleaned_data.get("post_signed_on"),
            "confirmed_on": self.cleaned_data.get("confirmed_on"),
        }


class TriageForm(ItemDecisionsMixin, StepForm):
    decision = forms.ChoiceField(
        label=_("初审结论"), choices=TriageDecision.choices, widget=forms.RadioSelect
    )
    department = forms.ModelChoiceField(
        label=_("承办科室"), queryset=Department.objects.none(), required=False
    )
    points = forms.CharField(
        label=_("需补正的事项（逐项写明，并给予指导）"), widget=TEXT, required=False, max_length=4000
    )

    shown_when = {
        "department": ("decision", (TriageDecision.CLEAR,)),
        "points": ("decision", (TriageDecision.CORRECTION,)),
    }
    needed_when_shown = frozenset({"department", "points"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(
            organ_id=self.request.organ_id, is_ogi_office=False
        )
        if self.request.channel not in (Channel.IN_PERSON, Channel.ORAL):
            self.fields["decision"].choices = [
                c for c in TriageDecision.choices if c[0] != TriageDecision.ON_THE_SPOT
            ]
        else:
            self.add_item_fields(required=False)
            items = [f for f in self.fields if f.split("_")[0] in ("outcome", "text", "organ")]
            self.show_only_when("decision", (TriageDecision.ON_THE_SPOT,), *items)

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision == TriageDecision.CLEAR and not data.get("department"):
            self.add_error("department", _("请选择承办科室。"))
        if decision == TriageDecision.CORRECTION and not data.get("points", "").strip():
            self.add_error("points", _("请逐项写明需要补正的事项。"))
        if decision == TriageDecision.ON_THE_SPOT and not self.item_decisions():
            self.add_error(None, _("当场答复须对每一项申请内容作出答复。"))
        return data

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "decision": data["decision"],
            "department": data.get("department"),
            "points": data.get("points", ""),
            "decisions": self.item_decisions(),
        }


class ReceiveCorrectionForm(StepForm):
    received_on = past_date(label=_("收到补正的日期"))
    note = forms.CharField(label=_("补正内容摘要"), widget=TEXT, required=False, max_length=2000)


class AskReasonsForm(StepForm):
    applications_count = forms.IntegerField(label=_("申请件数"), min_value=1, max_value=100000)
    period = forms.CharField(label=_("统计期间"), max_length=50, help_text=_("例如：2026年1月至3月"))
    respond_by = day_ahead(label=_("说明理由的期限"))


class DecideReasonsForm(StepForm):
    accepted = forms.TypedChoiceField(
        label=_("审查结论"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", _("理由合理，继续办理")), ("no", _("理由不合理，不予处理"))],
    )
    note = forms.CharField(label=_("审查意见"), widget=TEXT, max_length=2000)
    # Art. 35: reasonable, but too many to answer within the period of Art. 33.
    reply_by = day_ahead(
        label=_("延迟答复的期限（理由合理但数量、频次明显超过合理范围、无法按期答复的，可确定）"),
        required=False,
        help_text=_("《条例》第三十五条：由政府信息公开工作机构负责人确定，须晚于当前答复期限，"
                    "并向申请人发出延期答复告知书。"),
    )
    later_reasons = forms.CharField(
        label=_("确定延迟答复期限的理由"), widget=TEXT, max_length=2000, required=False
    )
    # Not reasonable: not processed, so no later reply date is set.
    shown_when = {"reply_by": ("accepted", ("yes",)), "later_reasons": ("accepted", ("yes",))}

    def clean(self):
        data = super().clean()
        if data.get("reply_by"):
            if not (data.get("later_reasons") or "").strip():
                self.add_error("later_reasons", _("请写明确定延迟答复期限的理由。"))
        return data


class DraftNotProcessedForm(StepForm):
    outcome = forms.ChoiceField(
        label=_("不予处理的情形"), choices=[(o.value, o.label) for o in NOT_PROCESSED_OUTCOMES]
    )
    text = forms.CharField(label=_("理由及告知事项（如应通过的其他渠道）"), widget=TEXT, max_length=2000)


class ReplyForm(ItemDecisionsMixin, StepForm):
    decision_text = forms.CharField(
        label=_("其他需要说明的事项"), widget=TEXT, required=False, max_length=4000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_item_fields()
        self.fields["decision_text"].initial = self.request.decision_text
        self.order_fields([f for f in self.fields if f != "decision_text"] + ["decision_text"])
        # The organ responsible is asked only of an item answered "not this organ's".
        for organ in [name for name in self.fields if name.startswith("organ_")]:
            position = organ.removeprefix("organ_")
            self.show_only_when(
                f"outcome_{position}", (Outcome.NOT_THIS_ORGAN,), organ, required=True
            )

    def arguments(self) -> dict:
        return {"decisions": self.item_decisions(), "decision_text": self.cleaned_data["decision_text"]}


class FlagSensitiveForm(StepForm):
    reason = forms.CharField(label=_("敏感原因"), widget=TEXT, max_length=2000)
    invited = forms.MultipleChoiceField(
        label=_("邀请提出会商意见"), choices=OpinionSource.choices,
        widget=forms.CheckboxSelectMultiple, initial=list(OpinionSource.values),
    )


class OpinionForm(StepForm):
    opinion = forms.CharField(label=_("会商意见"), widget=TEXT, max_length=4000)


class ConcludeForm(StepForm):
    conclusion = forms.CharField(label=_("会商结论"), widget=TEXT, max_length=4000)


class ReviewForm(StepForm):
    passed = forms.TypedChoiceField(
        label=_("保密审查结论"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", _("通过")), ("no", _("退回承办人"))],
    )
    comment = forms.CharField(
        label=_("意见"), widget=TEXT, required=False, max_length=2000,
        help_text=_("退回承办人的，须写明理由。"),
    )

    def clean(self):
        return _reason_to_return(super().clean(), self, "passed")


class SignForm(StepForm):
    approved = forms.TypedChoiceField(
        label=_("审签结论"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", _("同意签发")), ("no", _("退回承办人"))],
    )
    comment = forms.CharField(
        label=_("意见"), widget=TEXT, required=False, max_length=2000,
        help_text=_("退回承办人的，须写明理由。"),
    )

    def clean(self):
        return _reason_to_return(super().clean(), self, "approved")


def _reason_to_return(data: dict, form: forms.Form, verdict: str) -> dict:
    """A review or sign-off that sends the draft back says why (the handler reads it)."""
    if data.get(verdict) is False and not (data.get("comment") or "").strip():
        if "comment" not in form.errors:
            form.add_error("comment", _("退回时请写明理由。"))
    return data


class DispatchForm(StepForm):
    delivery_method = forms.ChoiceField(label=_("送达方式"), choices=DeliveryMethod.choices)
    delivered_on = past_date(label=_("送达日期（邮寄的可待回执后再登记）"), required=False)


class ArchiveForm(StepForm):
    pass


class ConfirmLapseForm(StepForm):
    """确认视为放弃: nothing to fill in; the termination notice says why and since when."""


class GoodReasonForm(StepForm):
    """认定正当理由: why the lapse is excused, and the new last day (by default as long a
    period as the organ's original one, from today)."""

    reason = forms.CharField(
        label=_("正当理由"), widget=TEXT, max_length=2000,
        help_text=_("例如：补正材料已在期限内交邮；申请人因病住院无法按期补正或缴费。"),
    )
    posted_on = past_date(label=_("补正材料的交邮日期（邮寄补正在途的）"), required=False)
    new_last_day = day_ahead(label=_("重新确定的期限（最后一日）"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_last_day"].initial = default_new_last_day(
            self.request, timezone.localdate()
        )
        if self.request.status != Status.AWAITING_CORRECTION:
            del self.fields["posted_on"]




"""The dashboard's filter form: period (month, quarter, year, from–to) and narrowing."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from requests.choice_fields import PlaceholderMixin
from requests.choices import ApplicantKind, Channel
from requests.date_fields import CALENDAR_START, day_ahead
from requests.models import Department, Organ
from requests.outcomes import Outcome

from .dashboard import Filters, Period, month_period, quarter_period, year_period

PERIOD_KINDS = [
    ("month", _("月度")),
    ("quarter", _("季度")),
    ("year", _("年度")),
    ("custom", _("自定义")),
]


class DashboardForm(PlaceholderMixin, forms.Form):
    organ = forms.ModelChoiceField(
        label=_("行政机关"), queryset=Organ.objects.none(), required=False, empty_label=None
    )
    period = forms.ChoiceField(label=_("统计周期"), choices=PERIOD_KINDS, required=False)
    year = forms.IntegerField(label=_("年份"), min_value=2004, max_value=2100, required=False)
    month = forms.IntegerField(label=_("月份"), min_value=1, max_value=12, required=False)
    quarter = forms.IntegerField(label=_("季度"), min_value=1, max_value=4, required=False)
    start = day_ahead(label=_("起始日期"), required=False, earliest=CALENDAR_START)
    end = day_ahead(label=_("截止日期"), required=False, earliest=CALENDAR_START)
    department = forms.TypedChoiceField(label=_("承办科室"), required=False, coerce=int, empty_value=None)
    channel = forms.ChoiceField(
        label=_("申请方式"), required=False, choices=[("", _("全部")), *Channel.choices]
    )
    applicant_kind = forms.ChoiceField(
        label=_("申请人类型"), required=False, choices=[("", _("全部")), *ApplicantKind.choices]
    )
    outcome = forms.ChoiceField(
        label=_("答复结果"), required=False,
        choices=[("", _("全部")), ("-", _("尚无答复结果")), *Outcome.choices],
    )

    def __init__(self, *args, organs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = organs
        departments = Department.objects.filter(organ__in=organs).values_list("pk", "name")
        self.fields["department"].choices = [
            ("", _("全部")), ("0", _("未分办")), *[(str(pk), name) for pk, name in departments]
        ]

    def clean(self):
        data = super().clean()
        if data.get("period") == "custom":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("自定义周期须填写起始日期和截止日期。"))
            if end < start:
                raise forms.ValidationError(_("截止日期不能早于起始日期。"))
            if (end - start).days > 366 * 5:
                raise forms.ValidationError(_("自定义周期最长为五年。"))
        return data

    def _value(self, name):
        return self.cleaned_data.get(name) if self.is_valid() else None

    def period_value(self, today: datetime.date | None = None) -> Period:
        today = today or timezone.localdate()
        kind = self._value("period") or "month"
        year = self._value("year") or today.year
        if kind == "custom":
            return Period(self.cleaned_data["start"], self.cleaned_data["end"])
        if kind == "year":
            return year_period(year)
        if kind == "quarter":
            return quarter_period(year, self._value("quarter") or (today.month - 1) // 3 + 1)
        return month_period(year, self._value("month") or today.month)

    def filters(self) -> Filters:
        return Filters(
            department=self._value("department"),
            channel=self._value("channel") or "",
            applicant_kind=self._value("applicant_kind") or "",
            outcome=self._value("outcome") or "",
        )

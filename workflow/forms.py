"""Forms of the workbench."""

from django import forms
from django.utils.translation import gettext_lazy as _

from requests.choice_fields import PlaceholderMixin
from requests.choices import Status
from requests.models import Department

from .selectors import RequestFilters
from .worklists import DEFAULT_SORT, SORTS

DUE_CHOICES = [
    ("", _("全部")),
    ("0", _("已超期或今日到期")),
    ("3", _("3个工作日内到期")),
    ("5", _("5个工作日内到期")),
    ("10", _("10个工作日内到期")),
]


class FilterForm(PlaceholderMixin, forms.Form):
    registration_number = forms.CharField(label=_("登记编号"), required=False, max_length=30)
    applicant = forms.CharField(label=_("申请人"), required=False, max_length=100)
    text = forms.CharField(label=_("申请内容"), required=False, max_length=100)
    department = forms.ModelChoiceField(
        label=_("承办科室"), queryset=Department.objects.none(), required=False,
        empty_label=_("全部"),
    )
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *Status.choices]
    )
    due_within = forms.ChoiceField(label=_("答复期限"), required=False, choices=DUE_CHOICES)

    def __init__(self, *args, organ_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(organ_id__in=organ_ids)

    def filters(self) -> RequestFilters:
        if not self.is_valid():
            return RequestFilters()
        data = self.cleaned_data
        return RequestFilters(
            registration_number=data["registration_number"].strip(),
            applicant=data["applicant"].strip(),
            text=data["text"].strip(),
            department=data["department"].pk if data["department"] else None,
            status=data["status"],
            due_within=int(data["due_within"]) if data["due_within"] else None,
        )


class QueueForm(FilterForm):
    """The workbench's filters, and how its lists are sorted (by urgency unless chosen)."""

    sort = forms.ChoiceField(label=_("排序"), required=False, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sort"].choices = [(key, sort.name) for key, sort in SORTS.items()]

    def chosen_sort(self) -> str:
        if not self.is_valid():
            return DEFAULT_SORT
        return self.cleaned_data["sort"] or DEFAULT_SORT

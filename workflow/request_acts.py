"""Acts on the request page that belong to no task: the OGI office head deciding on an
extension, a registrar recording a withdrawal or a letter's delivery or correcting the
applicant's name (each an act of ``workflow.acts``), and downloading the letters and the
audit trail."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from viewflow.workflow.models import Task

from letters.audit_trail import TrailEntry, audit_trail_pdf
from letters.models import DeliveryMethod, IssuedLetter
from letters.printable import validate_printable
from requests.choice_fields import PlaceholderMixin
from requests.date_fields import past_date
from requests.services.audit import person_name
from requests.services.particulars import NAME_MAX_LENGTH, REASON_MAX_LENGTH

from . import acts
from .access import staff_required
from .errors import field_error
from .lifecycle import REQUEST_PATH
from .models import TaskAction, TaskLog
from .selectors import request_for_staff, staff_organ_ids


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("撤回申请的情况说明"), max_length=2000)


class ExtensionDecisionForm(PlaceholderMixin, forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("延期审批结论"), choices=[("grant", "grant"), ("refuse", "refuse")],
        required=False,
    )
    reason = forms.CharField(
        label=gettext_lazy("不同意延期的理由"), max_length=2000, required=False
    )


class DeliveryForm(PlaceholderMixin, forms.Form):
    method = forms.ChoiceField(label=gettext_lazy("送达方式"), choices=DeliveryMethod.choices)
    delivered_on = past_date(label=gettext_lazy("送达日期"))
    proof = forms.CharField(
        label=gettext_lazy("送达凭证（邮件号、回证编号等）"), max_length=200, required=False
    )


class ApplicantNameForm(forms.Form):
    """更正申请人姓名: the name as the letters will print it, and why."""

    name = forms.CharField(
        label=gettext_lazy("更正后的姓名或名称"), max_length=NAME_MAX_LENGTH,
        validators=[validate_printable],
        error_messages={"required": gettext_lazy("请填写更正后的申请人姓名或名称。")},
    )
    reason = forms.CharField(
        label=gettext_lazy("更正理由和依据"), max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("如：经核对申请人身份证件，或经电话与申请人确认。"),
        error_messages={"required": gettext_lazy("请写明更正的理由和依据。")},
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
    form = ExtensionDecisionForm(request.POST)
    if not form.is_valid():
        for name, errors in form.errors.items():
            for error in errors:
                messages.error(request, field_error(form.fields[name].label, error))
        return _back(disclosure)
    grant = form.cleaned_data["decision"] == "grant"
    try:
        acts.decide_extension(
            request=disclosure, acting_user=request.user, extension=extension, grant=grant,
            reason=form.cleaned_data["reason"],
        )
        if grant:
            messages.success(request, _("已同意延期，延期答复告知书已生成。"))
        else:
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
        acts.withdraw(
            request=disclosure, acting_user=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("已登记撤回申请。"))
    except ValidationError as error:
        _report(request, error)
    return _back(disclosure)


@require_POST
@staff_required
def applicant_name_view(request: HttpRequest, public_id) -> HttpResponse:
    """The registrar corrects the applicant's name (``acts.correct_applicant_name``)."""
    disclosure = request_for_staff(request.user, public_id)
    form = ApplicantNameForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return _back(disclosure)
    try:
        acts.correct_applicant_name(
            request=disclosure, acting_user=request.user, name=form.cleaned_data["name"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("已更正申请人姓名。"))
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
        for name, errors in form.errors.items():
            for error in errors:
                messages.error(request, field_error(form.fields[name].label, error))
        return _back(disclosure)
    try:
        acts.record_delivery(
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


def _is_human(task: Task) -> bool:
    """A step people do (a ``flow.View`` node), not the flow's own start, gates and joins."""
    node = task.flow_task
    return node is not None and getattr(node, "task_type", "") == "HUMAN"


def task_entries(disclosure) -> list[TrailEntry]:
    """One row of the audit trail per human task of the request, under the step's Chinese
    title, at the moment it was offered: who finished it (or holds it), and its queue
    history (claimed, released, reassigned, finished, with time and person) as the comment.
    The applicant finishing a task online (a correction) shows by name, as the applicant."""
    applicant = disclosure.applicant
    tasks = [
        task
        for task in Task.objects.filter(**{REQUEST_PATH: disclosure})
        .select_related("owner").order_by("created", "pk")
        if _is_human(task)
    ]
    logs: dict[int, list[TaskLog]] = {}
    for log in TaskLog.objects.filter(task__in=tasks).select_related("actor", "owner"):
        logs.setdefault(log.task_id, []).append(log)

    def who(user) -> tuple[str, str]:
        if user is None:
            return _("系统"), ""
        if applicant.account_id and user.pk == applicant.account_id:
            return applicant.name, _("申请人")
        return person_name(user), ""

    entries = []
    for task in tasks:
        history, notes, done_by = [], [], None
        for log in logs.get(task.pk, []):
            if log.action == TaskAction.OFFERED:
                continue
            line = f"{timezone.localtime(log.at):%m-%d %H:%M} {who(log.actor)[0]}" + (
                log.get_action_display())
            if log.action == TaskAction.REASSIGNED and log.owner:
                line += _("（改派给%(who)s）") % {"who": person_name(log.owner)}
            history.append(line)
            if log.comment:
                notes.append(log.comment)
            if log.action == TaskAction.FINISHED:
                done_by = log.actor
        holder = done_by or task.owner
        actor, role = who(holder) if holder else (_("待领取"), "")
        entries.append(TrailEntry(
            at=task.created, actor=actor, role=role,
            act=_("任务：%(t)s") % {"t": str(task.flow_task.task_title)},
            comment="；".join(history + notes),
        ))
    return entries


@staff_required
def audit_trail_view(request: HttpRequest, public_id) -> HttpResponse:
    """办理过程记录 of one request as PDF: every act, task, letter and deadline change."""
    disclosure = request_for_staff(request.user, public_id)
    pdf = audit_trail_pdf(
        disclosure, extra_entries=task_entries(disclosure), generated_by=person_name(request.user)
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{disclosure.registration_number or disclosure.public_id}-办理过程记录.pdf"
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    return response

"""The page of one task: the request at a glance and the form(s) of the step.

Each step has one or more forms (``STEP_FORMS``); a form's submit button names it. The
view validates, calls the step function (``workflow.steps``) and shows any refusal next to
the form, with nothing changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.workflow.status import STATUS

from requests.services import request_clock

from . import drafts, queue_views, side_acts, step_forms, steps
from .access import staff_required, task_for_staff
from .lapses import lapse_facts


@dataclass(frozen=True)
class StepForm:
    key: str
    label: str
    form_class: type
    action: object


STEP_FORMS: dict[str, list[StepForm]] = {
    "register": [StepForm("register", gettext_lazy("确认接收并登记，发出登记回执"), step_forms.RegisterForm, steps.register)],
    "triage": [StepForm("triage", gettext_lazy("提交初审结论"), step_forms.TriageForm, steps.triage)],
    "await_correction": [StepForm("correction", gettext_lazy("登记收到补正"), step_forms.ReceiveCorrectionForm, steps.receive_correction)],
    "ask_reasons": [StepForm("ask", gettext_lazy("发出说明理由告知书"), step_forms.AskReasonsForm, steps.ask_reasons)],
    "decide_reasons": [StepForm("decide", gettext_lazy("提交审查结论"), step_forms.DecideReasonsForm, steps.decide_reasons)],
    "draft_not_processed": [StepForm("draft", gettext_lazy("提交保密审查"), step_forms.DraftNotProcessedForm, steps.draft_not_processed)],
    "handle": [
        StepForm("reply", gettext_lazy("拟写答复并提交保密审查"), step_forms.ReplyForm, steps.submit_reply),
        StepForm("sensitive", gettext_lazy("标记为敏感申请，提请协调会商"), step_forms.FlagSensitiveForm, steps.flag_sensitive),
    ],
    **{
        name: [StepForm("opinion", gettext_lazy("提交会商意见"), step_forms.OpinionForm, steps.give_opinion)]
        for name in steps.OPINION_STEPS
    },
    "conclude": [StepForm("conclude", gettext_lazy("记录会商结论"), step_forms.ConcludeForm, steps.conclude)],
    "review": [StepForm("review", gettext_lazy("提交保密审查结论"), step_forms.ReviewForm, steps.review)],
    "sign": [StepForm("sign", gettext_lazy("提交审签结论"), step_forms.SignForm, steps.sign)],
    "dispatch": [StepForm("dispatch", gettext_lazy("发出答复书"), step_forms.DispatchForm, steps.dispatch)],
    "archive": [StepForm("archive", gettext_lazy("归档"), step_forms.ArchiveForm, steps.archive)],
    "confirm_lapse": [
        StepForm("confirm", gettext_lazy("确认视为放弃，发出终止办理告知书"), step_forms.ConfirmLapseForm, steps.confirm_lapse),
        StepForm("good_reason", gettext_lazy("认定正当理由，重新确定期限"), step_forms.GoodReasonForm, steps.grant_new_period),
    ],
}


@staff_required
def task_view(request: HttpRequest, task_id: int) -> HttpResponse:
    task = task_for_staff(request.user, task_id)
    disclosure = task.process.requestprocess.request
    if task.owner_id != request.user.pk or task.status != STATUS.ASSIGNED:
        messages.error(request, _("请先领取该任务。"))
        return redirect("workflow:request", public_id=disclosure.public_id)
    specs = STEP_FORMS[task.flow_task.name]
    submitted = request.POST.get("form") if request.method == "POST" else None
    forms, saved = [], drafts.drafts_of(task)
    for spec in specs:
        data = request.POST if submitted == spec.key else None
        forms.append((spec, spec.form_class(data, request=disclosure, prefix=spec.key)))
        drafts.fill_from_draft(forms[-1][1], None if data else saved.get(spec.key))
    for spec, form in forms:
        if submitted != spec.key or not form.is_valid():
            continue
        try:
            spec.action(task=task, user=request.user, **form.arguments())
        except ValidationError as error:
            form.add_error(None, error.messages)
            break
        return queue_views.after_step(request, task)
    context = {
        "task": task,
        "r": disclosure,
        "items": disclosure.items.all(),
        "clock": request_clock(disclosure),
        "forms": forms,
        "side": side_acts.forms_for(task, disclosure) if task.flow_task.name == "handle" else None,
        "lapse": lapse_facts(disclosure) if task.flow_task.name == "confirm_lapse" else None,
        "nav": "workbench",
    }
    return render(request, "workflow/task.html", context)

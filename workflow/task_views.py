"""The page of one task: the request at a glance and the form(s) of the step.

Each step has one or more forms (its ``StepSpec.forms``, ``workflow.step_specs``); a form's
submit button names it. The view validates, calls the step function (``workflow.steps``)
and shows any refusal next to the form, with nothing changed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from viewflow.workflow.status import STATUS

from requests.services import request_clock

from . import drafts, queue_views, review_views, side_acts
from .access import staff_required, task_for_staff
from .earlier_steps import earlier_steps_for
from .lapses import lapse_facts
from .record_views import RecordUploadForm
from .selectors import items_with_records, records_pending
from .step_specs import spec_of


@staff_required
def task_view(request: HttpRequest, task_id: int) -> HttpResponse:
    task = task_for_staff(request.user, task_id)
    disclosure = task.process.requestprocess.request
    if task.owner_id != request.user.pk or task.status != STATUS.ASSIGNED:
        messages.error(request, _("请先领取该任务。"))
        return redirect("workflow:request", public_id=disclosure.public_id)
    submitted = request.POST.get("form") if request.method == "POST" else None
    forms, saved = [], drafts.drafts_of(task)
    for step_form in spec_of(task).forms:
        data = request.POST if submitted == step_form.key else None
        form = step_form.form_class(data, request=disclosure, prefix=step_form.key)
        drafts.fill_from_draft(form, None if data else saved.get(step_form.key))
        forms.append((step_form, form))
    for step_form, form in forms:
        if submitted != step_form.key or not form.is_valid():
            continue
        try:
            step_form.action(task=task, user=request.user, **form.arguments())
        except ValidationError as error:
            form.add_error(None, error.messages)
            break
        return queue_views.after_step(request, task)
    handling = task.flow_task.name == "handle"
    reviewing = task.flow_task.name in review_views.REVIEWING_STEPS
    record_items = items_with_records(disclosure) if handling or reviewing else []
    if reviewing and not any(item.record_list for item in record_items):
        record_items = []
    for item in record_items if handling else ():
        item.upload_form = RecordUploadForm(prefix=f"record-{item.position}")
    context = {
        "task": task,
        "r": disclosure,
        "items": record_items or disclosure.items.all(),
        "record_items": record_items,
        "records_pending": records_pending(record_items),
        "may_change_records": handling,
        "clock": request_clock(disclosure),
        "forms": forms,
        "side": side_acts.forms_for(task, disclosure) if handling else None,
        "lapse": lapse_facts(disclosure) if task.flow_task.name == "confirm_lapse" else None,
        "earlier": earlier_steps_for(task),
        "reply_preview": reviewing and review_views.reply_drafted(disclosure),
        "show_log": True,
        "nav": "workbench",
    }
    return render(request, "workflow/task.html", context)

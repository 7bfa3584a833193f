"""The page of one task: the request at a glance and the form(s) of the step.

Each step has one or more forms (its ``StepSpec.forms``, ``workflow.step_specs``); a form's
submit button names it. The view validates, calls the step function (``workflow.steps``)
and shows any refusal next to the form, with nothing changed. The handling task's page also
holds the forms of the acts taken without finishing it (``workflow.side_acts``): each posts
to ``side_act_view``, which calls its act (``workflow.acts``) and, on bad input or a
refusal, shows the page again with the form open and its errors summed up above it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from requests.models import DisclosureRequest
from requests.services import request_clock

from . import drafts, queue_views, review_views, side_acts
from .access import staff_required, task_for_staff
from .acts import HANDLING
from .earlier_steps import earlier_steps_for
from .lapses import lapse_facts
from .record_views import RecordUploadForm
from .selectors import items_with_records, records_pending
from .step_specs import spec_of


def _held(request: HttpRequest, task: Task) -> bool:
    return task.owner_id == request.user.pk and task.status == STATUS.ASSIGNED


def _not_held(disclosure: DisclosureRequest) -> HttpResponse:
    return redirect("workflow:request", public_id=disclosure.public_id)


def _step_forms(task: Task, disclosure: DisclosureRequest, submitted: str | None, data):
    forms, saved = [], drafts.drafts_of(task)
    for step_form in spec_of(task).forms:
        bound = data if submitted == step_form.key else None
        form = step_form.form_class(bound, request=disclosure, prefix=step_form.key)
        drafts.fill_from_draft(form, None if bound else saved.get(step_form.key))
        forms.append((step_form, form))
    return forms


def _page(request: HttpRequest, task: Task, disclosure: DisclosureRequest, forms,
          side_submitted=None) -> HttpResponse:
    handling = task.flow_task.name == HANDLING
    reviewing = task.flow_task.name in review_views.REVIEWING_STEPS
    record_items = items_with_records(disclosure) if handling or reviewing else []
    preview = reviewing and review_views.reply_drafted(disclosure)
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
        "show_log": True,
        "may_see_originals": True,  # whoever holds a task of the request has a part in it
        "clock": request_clock(disclosure),
        "forms": forms,
        "side": side_acts.forms_for(disclosure, side_submitted) if handling else None,
        "side_open": side_submitted[0] if side_submitted else None,
        "lapse": lapse_facts(disclosure) if task.flow_task.name == "confirm_lapse" else None,
        "earlier": earlier_steps_for(task),
        "reply_preview": preview,
        "preview_pages": range(1, review_views.reply_preview(disclosure).page_count + 1)
        if preview else (),
        "nav": "workbench",
    }
    return render(request, "workflow/task.html", context)


@staff_required
def task_view(request: HttpRequest, task_id: int) -> HttpResponse:
    task = task_for_staff(request.user, task_id)
    disclosure = task.process.requestprocess.request
    if not _held(request, task):
        messages.error(request, _("请先领取该任务。"))
        return _not_held(disclosure)
    submitted = request.POST.get("form") if request.method == "POST" else None
    forms = _step_forms(task, disclosure, submitted, request.POST)
    for step_form, form in forms:
        if submitted != step_form.key or not form.is_valid():
            continue
        try:
            step_form.action(task=task, user=request.user, **form.arguments())
        except ValidationError as error:
            form.add_error(None, error.messages)
            break
        return queue_views.after_step(request, task)
    return _page(request, task, disclosure, forms)


@require_POST
@staff_required
def side_act_view(request: HttpRequest, task_id: int, key: str) -> HttpResponse:
    """One act taken while holding the handling task; back to the task page when done."""
    task = task_for_staff(request.user, task_id)
    disclosure = task.process.requestprocess.request
    if not _held(request, task) or task.flow_task.name != HANDLING:
        messages.error(request, _("请先领取该任务。"))
        return _not_held(disclosure)
    if key not in side_acts.SIDE_ACTS:
        return redirect("workflow:task", task_id=task.pk)
    form = side_acts.side_form(key, disclosure, request.POST)
    if form.is_valid():
        try:
            form.act(task, request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("已办理：%(act)s") % {"act": side_acts.SIDE_ACTS[key][1]})
            return redirect("workflow:task", task_id=task.pk)
    forms = _step_forms(task, disclosure, None, None)
    return _page(request, task, disclosure, forms, side_submitted=(key, form))

"""The staff pages around a request: the request list, the request page and its queue actions
(the workbench's lists are in ``workflow.queue_views``).

Views stay thin: reads through ``workflow.selectors``, writes through the queue services.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from letters.services import DELIVERY_ROLES
from records.selectors import released_files_of
from requests.choices import Role
from requests.identity import mask_document_number
from requests.models import StaffMembership
from requests.models.audit import ACCESS_ACTS
from requests.services import request_clock
from requests.services.identity import may_view_identity
from requests.services.particulars import CORRECTION_ROLES
from requests.services.registration import confirmation_delay

from .access import staff_required, task_for_staff
from .errors import TaskError
from .forms import FilterForm
from .queues import (
    may_take,
    open_tasks_of_request,
    people_who_may_take,
    task_claim,
    task_reassign,
    task_release,
)
from .release_views import history_with_downloads
from .request_acts import ApplicantNameForm, DeliveryForm, WithdrawForm
from .selectors import (
    apply_filters,
    holds_role_on,
    items_with_records,
    records_pending,
    request_for_staff,
    requests_for_staff,
    rows_with_deadlines,
    staff_organ_ids,
)

PAGE_SIZE = 50


@staff_required
def request_list_view(request: HttpRequest) -> HttpResponse:
    organ_ids = staff_organ_ids(request.user)
    form = FilterForm(request.GET or None, organ_ids=organ_ids)
    queryset = apply_filters(requests_for_staff(request.user, organ_ids), form.filters()).order_by(
        "-submitted_at"
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = rows_with_deadlines(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workflow/request_list.html",
        {"form": form, "rows": rows, "page": page, "query": query.urlencode(), "nav": "requests"},
    )


def _task_actions(user, tasks):
    """For each open task of the request: what this user may do with it, and nothing else."""
    is_head = StaffMembership.objects.filter(
        user=user, role__in=[Role.DEPARTMENT_HEAD, Role.OGI_HEAD]
    ).exists()
    actions = []
    for task in tasks:
        mine = task.owner_id == user.pk
        can_claim = task.status == STATUS.NEW and may_take(user, task)
        candidates = []
        if is_head and task.status in (STATUS.NEW, STATUS.ASSIGNED):
            candidates = people_who_may_take(task)
        actions.append(
            {
                "task": task,
                "mine": mine and task.status == STATUS.ASSIGNED,
                "can_claim": can_claim,
                "candidates": [c for c in candidates if c.pk != task.owner_id],
            }
        )
    return actions


@staff_required
def request_detail_view(request: HttpRequest, public_id) -> HttpResponse:
    disclosure = request_for_staff(request.user, public_id)
    tasks = list(
        open_tasks_of_request(disclosure).select_related("owner", "process__requestprocess__request")
    )
    roles = set(
        StaffMembership.objects.filter(
            user=request.user, organ_id=disclosure.organ_id
        ).values_list("role", flat=True)
    )
    record_items = items_with_records(disclosure)
    context = {
        "r": disclosure,
        "clock": request_clock(disclosure),
        "record_items": record_items if any(i.record_list for i in record_items) else [],
        "records_pending": records_pending(record_items),
        "show_log": True,
        "may_see_originals": holds_role_on(request.user, disclosure),
        "items": disclosure.items.select_related("responsible_organ"),
        "confirmation_delay": confirmation_delay(disclosure),
        "history": history_with_downloads(
            disclosure.audit_events.exclude(act__in=ACCESS_ACTS)
            .select_related("actor").order_by("sequence"), disclosure),
        "released": released_files_of(disclosure),
        "document_number": mask_document_number(disclosure.applicant.document_number),
        "may_view_identity": may_view_identity(request.user, disclosure),
        "consultations": disclosure.consultations.all(),
        "extensions": disclosure.extensions.select_related("requested_by", "approved_by"),
        "fee_notices": disclosure.fee_notices.all(),
        "attachments": disclosure.attachments.all(),
        "task_actions": _task_actions(request.user, tasks),
        "letters": disclosure.letters.order_by("issued_at", "pk"),
        "roles": roles,
        "delivery_form": DeliveryForm(),
        "may_record_delivery": bool(roles & set(DELIVERY_ROLES)),
        "withdraw_form": WithdrawForm(),
        "name_form": ApplicantNameForm(initial={"name": disclosure.applicant.name}),
        "may_correct_name": disclosure.is_open and bool(roles & set(CORRECTION_ROLES)),
        "deadline": rows_with_deadlines([disclosure])[0].deadline,
        "nav": "requests",
    }
    return render(request, "workflow/request_detail.html", context)


def _back(task: Task):
    return redirect("workflow:request", public_id=task.process.requestprocess.request.public_id)


def _queue_action(request: HttpRequest, task: Task, act, done: str) -> HttpResponse:
    """Run one queue action; report success or the refusal, and go back to the request."""
    try:
        act()
        messages.success(request, done)
    except TaskError as error:
        messages.error(request, error.messages[0])
    return _back(task)


@require_POST
@staff_required
def task_claim_view(request: HttpRequest, task_id: int) -> HttpResponse:
    task = task_for_staff(request.user, task_id)
    return _queue_action(
        request, task, lambda: task_claim(task=task, user=request.user), _("任务已领取。")
    )


@require_POST
@staff_required
def task_release_view(request: HttpRequest, task_id: int) -> HttpResponse:
    task = task_for_staff(request.user, task_id)
    return _queue_action(
        request, task, lambda: task_release(task=task, user=request.user), _("任务已退回队列。")
    )


@require_POST
@staff_required
def task_reassign_view(request: HttpRequest, task_id: int) -> HttpResponse:
    task = task_for_staff(request.user, task_id)
    chosen = request.POST.get("to_user", "")
    # Not a number, or nobody: refused with the message, nothing changes.
    to_user = (
        get_user_model().objects.filter(pk=int(chosen)).first()
        if chosen.isascii() and chosen.isdigit() and len(chosen) <= 18
        else None
    )
    if to_user is None:
        messages.error(request, _("请选择改派给谁。"))
        return _back(task)
    return _queue_action(
        request, task,
        lambda: task_reassign(task=task, head=request.user, to_user=to_user),
        _("任务已改派。"),
    )

"""The queue as clerks work from it: the workbench's lists, claim and open, next task,
drafts, the heads' list with bulk reassignment, and bulk archiving.

Views stay thin: reads through ``workflow.worklists``, writes through the queue services
(``queues``, ``drafts``, ``bulk``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from viewflow.workflow.models import Task

from accounts.staff import is_supervisor_only

from . import bulk, drafts, worklists
from .access import staff_required, task_for_staff
from .errors import TaskError
from .flows import DisclosureFlow
from .forms import QueueForm
from .notifications import notifications_of
from .queues import task_claim
from .selectors import staff_organ_ids

#: The page parameter of each list of the workbench.
LIST_PAGES = {"mine": "mine_page", "offered": "page", "waiting": "waiting_page"}
#: How often "next task" tries the following one when someone else took it first.
NEXT_TRIES = 3


def _query_without(params: QueryDict, key: str) -> str:
    query = params.copy()
    query.pop(key, None)
    return query.urlencode()


def _listed(request: HttpRequest, tasks, form: QueueForm, key: str) -> dict:
    shown = worklists.task_list(
        tasks, form.filters(), sort=form.chosen_sort(), page=request.GET.get(key)
    )
    return {"list": shown, "page_key": key, "query": _query_without(request.GET, key)}


def _is_head(user) -> bool:
    return worklists.team_scope(user) is not None


@staff_required
def workbench_view(request: HttpRequest) -> HttpResponse:
    """我的工作台: my tasks, tasks I may claim and tasks waiting on someone outside, each
    paged, filtered and sorted alike."""
    if is_supervisor_only(request.user):
        # No task is ever offered to a supervisor: their page is the supervision dashboard.
        return redirect("reports:dashboard")
    user = request.user
    form = QueueForm(request.GET or None, organ_ids=staff_organ_ids(user))
    sources = {
        "mine": worklists.held_tasks(user),
        "offered": worklists.claimable_tasks(user),
        "waiting": worklists.waiting_tasks(user),
    }
    shown = worklists.task_lists(
        {key: (tasks, request.GET.get(LIST_PAGES[key])) for key, tasks in sources.items()},
        form.filters(), sort=form.chosen_sort(),
    )
    lists = {
        key: {"list": shown[key], "page_key": LIST_PAGES[key],
              "query": _query_without(request.GET, LIST_PAGES[key])}
        for key in sources
    }
    return render(
        request,
        "workflow/workbench.html",
        {
            "form": form,
            **lists,
            "sort_label": worklists.SORTS[form.chosen_sort()].label,
            "notifications": notifications_of(user),
            "is_head": _is_head(user),
            "nav": "workbench",
        },
    )


def _open(task: Task) -> HttpResponse:
    return redirect("workflow:task", task_id=task.pk)


@require_POST
@staff_required
def take_view(request: HttpRequest, task_id: int) -> HttpResponse:
    """领取并办理: claim the task and open its page in one step."""
    task = task_for_staff(request.user, task_id)
    if task.owner_id == request.user.pk:
        return _open(task)
    try:
        task = task_claim(task=task, user=request.user)
    except TaskError as error:
        if error.code == "taken":
            messages.error(request, _("该任务已被他人领取，请选择其他任务。"))
        else:
            messages.error(request, error.messages[0])
        return redirect("workflow:workbench")
    return _open(task)


def _claim_most_urgent(user) -> Task | None:
    """The most urgent task ``user`` may take, claimed; if someone else takes it first,
    the next one (a few times)."""
    skipped: tuple[int, ...] = ()
    for _attempt in range(NEXT_TRIES):
        task = worklists.most_urgent_claimable(user, skip=skipped)
        if task is None:
            return None
        try:
            return task_claim(task=task, user=user)
        except TaskError:
            skipped = (*skipped, task.pk)
    return None


@require_POST
@staff_required
def next_task_view(request: HttpRequest) -> HttpResponse:
    """下一项任务: the most urgent task I hold; else the most urgent one I may take, claimed
    and opened; else back to the queue."""
    task = worklists.most_urgent_held(request.user) or _claim_most_urgent(request.user)
    if task is None:
        messages.info(request, _("暂无可办理的任务。"))
        return redirect("workflow:workbench")
    return _open(task)


def after_step(request: HttpRequest, done: Task) -> HttpResponse:
    """Where the holder goes once a step is done: the most urgent task they still hold, else
    the queue, whose 下一项任务 button claims and opens the most urgent one they may take."""
    messages.success(request, _("已办理：%(step)s") % {"step": done.flow_task.task_title})
    task = worklists.most_urgent_held(request.user)
    if task is not None:
        return _open(task)
    return redirect("workflow:workbench")


@require_POST
@staff_required
def draft_view(request: HttpRequest, task_id: int, key: str) -> HttpResponse:
    """保存草稿: keep what was typed into one of the task's forms, without checking it."""
    task = task_for_staff(request.user, task_id)
    try:
        drafts.save_draft(task=task, user=request.user, form_key=key, data=request.POST)
    except TaskError as error:
        messages.error(request, error.messages[0])
        return redirect("workflow:request", public_id=task.process.requestprocess.request.public_id)
    messages.success(request, _("草稿已保存。"))
    return _open(task)


def _chosen_tasks(request: HttpRequest) -> list[int] | None:
    values = request.POST.getlist("task")
    if not all(v.isascii() and v.isdigit() and len(v) <= 18 for v in values):
        return None
    return [int(v) for v in values]


def _chosen_person(request: HttpRequest):
    chosen = request.POST.get("to_user", "")
    if not (chosen.isascii() and chosen.isdigit() and len(chosen) <= 18):
        return None
    return get_user_model().objects.filter(pk=int(chosen)).first()


@staff_required
def team_view(request: HttpRequest) -> HttpResponse:
    """科室任务: a head's view of the department's open tasks (the OGI office head: the
    organ's), who holds each and since when; several reassigned at once."""
    user = request.user
    if not _is_head(user):
        messages.error(request, _("只有科室负责人或政府信息公开工作机构负责人可以查看科室任务。"))
        return redirect("workflow:workbench")
    if request.method == "POST":
        task_ids, to_user = _chosen_tasks(request), _chosen_person(request)
        if to_user is None:
            messages.error(request, _("请选择改派给谁。"))
        elif task_ids is None:
            messages.error(request, _("所选任务不存在或已不在列表中。"))
        else:
            visible = worklists.team_tasks(user).filter(pk__in=task_ids).values_list("pk", flat=True)
            try:
                if set(visible) != set(task_ids):
                    raise TaskError(_("所选任务不存在或已不在列表中。"), code="missing")
                done = bulk.reassign_tasks(task_ids=task_ids, head=user, to_user=to_user)
                messages.success(request, _("已改派%(n)s项任务。") % {"n": len(done)})
            except TaskError as error:
                messages.error(request, error.messages[0])
        return redirect(f"{request.path}?{request.GET.urlencode()}")
    form = QueueForm(request.GET or None, organ_ids=staff_organ_ids(user))
    return render(
        request,
        "workflow/team.html",
        {
            "form": form,
            "team": _listed(request, worklists.team_tasks(user), form, "page"),
            "sort_label": worklists.SORTS[form.chosen_sort()].label,
            "people": worklists.team_people(user),
            "is_head": True,
            "nav": "team",
        },
    )


def _archive_tasks(user):
    """归档 tasks this registrar holds or may take."""
    return (worklists.held_tasks(user) | worklists.claimable_tasks(user)).filter(
        flow_task=DisclosureFlow.archive
    )


@staff_required
def archive_batch_view(request: HttpRequest) -> HttpResponse:
    """批量归档: the replied requests waiting to be archived; several archived at once."""
    user = request.user
    if request.method == "POST":
        task_ids = _chosen_tasks(request)
        try:
            if task_ids is None or set(
                _archive_tasks(user).filter(pk__in=task_ids).values_list("pk", flat=True)
            ) != set(task_ids):
                raise TaskError(_("所选任务不存在或已不在列表中。"), code="missing")
            n = bulk.archive_requests(task_ids=task_ids, user=user)
            messages.success(request, _("已归档%(n)s件申请。") % {"n": n})
        except ValidationError as error:  # a queue action's or a legal act's refusal
            messages.error(request, error.messages[0])
        return redirect(f"{request.path}?{request.GET.urlencode()}")
    form = QueueForm(request.GET or None, organ_ids=staff_organ_ids(user))
    return render(
        request,
        "workflow/archive_batch.html",
        {
            "form": form,
            "batch": _listed(request, _archive_tasks(user), form, "page"),
            "sort_label": worklists.SORTS[form.chosen_sort()].label,
            "is_head": _is_head(user),
            "nav": "workbench",
        },
    )

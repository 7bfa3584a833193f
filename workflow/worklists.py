"""Reads for the queue: the lists of tasks a person works from, paged and sorted in SQL.

Three lists on the workbench (my tasks, tasks I may claim, tasks waiting on someone
outside) and one for heads (their department's or the organ's open tasks). Each page reads
its rows, their requests and what a row shows in a fixed number of queries, whatever the
number of rows; only the rows shown get their clock and what they wait for.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Case, F, OuterRef, Q, QuerySet, Subquery, Value, When, Window
from django.db.models.fields import DateField
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from requests.choices import CONCLUDED_STATUSES, Role, Status
from requests.models import FeeNotice, RequestItem, StaffMembership
from requests.models.consultation import Consultation
from requests.selectors import load_working_calendar
from requests.services.registration import correction_deadline

from .deadlines import DeadlineView, deadline_view
from .flows import DisclosureFlow
from .queues import REQUEST_PATH, tasks_of, tasks_offered_to
from .selectors import RequestFilters, apply_filters, staff_memberships

#: Rows on one page of a list.
PAGE_SIZE = 30

R = f"{REQUEST_PATH}__"
OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)

#: While the request is in these statuses its handling task waits on someone outside.
WAITING_STATUSES = (Status.AWAITING_FEE, Status.THIRD_PARTY_CONSULTATION)
#: Statuses whose clock is not running (not started, paused or stopped): they sort last.
CLOCK_NOT_RUNNING = (
    *CONCLUDED_STATUSES, Status.RECEIVED, Status.AWAITING_CORRECTION, *WAITING_STATUSES,
)


def waiting() -> Q:
    """Tasks that wait on someone outside the organ: the applicant's correction (收到补正),
    the handling while a fee is due or a third party is consulted."""
    return Q(flow_task=DisclosureFlow.await_correction) | Q(
        flow_task=DisclosureFlow.handle, **{f"{R}status__in": WAITING_STATUSES}
    )


def _running_due_on() -> Case:
    """The due date of a running clock; NULL for one not started, paused or stopped."""
    return Case(
        When(**{f"{R}status__in": CLOCK_NOT_RUNNING}, then=Value(None)),
        default=F(f"{R}due_on"),
        output_field=DateField(),
    )


@dataclass(frozen=True)
class Sort:
    name: str  # in the select
    label: str  # what the list says it is sorted by
    order: tuple


#: How a list may be sorted; the first is the default. Urgency: overdue first (most overdue
#: first), then by working days left (both: the running clock's due date, earliest first),
#: then by age (the task's creation), clocks not running last.
SORTS: dict[str, Sort] = {
    "urgency": Sort(
        _("紧急程度"), _("紧急程度（超期最久的在前，再按剩余工作日、任务先后）"),
        (F("running_due_on").asc(nulls_last=True), "created", "pk"),
    ),
    "oldest": Sort(_("最早的任务"), _("任务时间（最早的在前）"), ("created", "pk")),
    "newest": Sort(_("最新的任务"), _("任务时间（最新的在前）"), ("-created", "-pk")),
    "number": Sort(
        _("登记编号"), _("登记编号"), (F(f"{R}registration_number").asc(nulls_last=True), "created", "pk")
    ),
}
DEFAULT_SORT = "urgency"


def sorted_tasks(tasks: QuerySet[Task], sort: str = DEFAULT_SORT) -> QuerySet[Task]:
    return tasks.annotate(running_due_on=_running_due_on()).order_by(
        *SORTS.get(sort, SORTS[DEFAULT_SORT]).order
    )


@dataclass(frozen=True)
class Awaited:
    """Who a waiting task waits on, for what, and the last day of their period (None while
    it is not known, e.g. before the letter's receipt is recorded)."""

    who: str
    what: str
    until: datetime.date | None


@dataclass(frozen=True)
class TaskRow:
    task: Task
    request: object
    deadline: DeadlineView
    awaited: Awaited | None = None

    @property
    def is_waiting(self) -> bool:
        return self.awaited is not None


def _with_row_data(tasks: QuerySet[Task]) -> QuerySet[Task]:
    return tasks.select_related(
        f"{R}applicant", f"{R}department", f"{R}organ", "owner"
    ).annotate(
        summary=Subquery(
            RequestItem.objects.filter(request=OuterRef(REQUEST_PATH))
            .order_by("position")
            .values("description")[:1]
        )
    )


def _awaited(tasks: list[Task], calendar) -> dict[int, Awaited]:
    """What each waiting request of these rows waits on: two queries at most."""
    by_status: dict[str, list[int]] = {}
    result: dict[int, Awaited] = {}
    for task in tasks:
        request = task.process.requestprocess.request
        if task.flow_task.name == "await_correction":
            result[request.pk] = Awaited(
                _("申请人"), _("补正"), correction_deadline(request, calendar=calendar)
            )
        elif task.flow_task.name == "handle" and request.status in WAITING_STATUSES:
            by_status.setdefault(request.status, []).append(request.pk)
    if fee_ids := by_status.get(Status.AWAITING_FEE):
        for notice in FeeNotice.objects.filter(
            request_id__in=fee_ids, paid_on__isnull=True
        ).order_by("pk"):
            result[notice.request_id] = Awaited(_("申请人"), _("缴费"), notice.pay_by)
    if party_ids := by_status.get(Status.THIRD_PARTY_CONSULTATION):
        parties: dict[int, list[Consultation]] = {}
        for consultation in Consultation.objects.filter(
            request_id__in=party_ids, closed_on__isnull=True
        ).order_by("pk"):
            parties.setdefault(consultation.request_id, []).append(consultation)
        for request_id, open_ones in parties.items():
            days = [c.respond_by for c in open_ones]
            result[request_id] = Awaited(
                "、".join(c.party_name for c in open_ones),
                _("征求意见"),
                None if None in days else max(days),
            )
    return result


def task_rows(tasks: list[Task], *, calendar=None) -> list[TaskRow]:
    """The rows of these tasks (read with ``_with_row_data``): clock and what they wait on."""
    calendar = calendar or load_working_calendar()
    awaited = _awaited(tasks, calendar)
    today = timezone.localdate()
    pairs = []
    for task in tasks:
        request = task.process.requestprocess.request
        request.summary = task.summary
        pairs.append((task, request))
    return [
        TaskRow(
            task=task,
            request=request,
            deadline=deadline_view(
                status=request.status, due_on=request.due_on,
                provisional=request.due_is_provisional, calendar=calendar, today=today,
            ),
            awaited=awaited.get(request.pk),
        )
        for task, request in pairs
    ]


@dataclass(frozen=True)
class TaskList:
    page: Page
    rows: list[TaskRow]

    @property
    def count(self) -> int:
        return self.page.paginator.count


def _page(
    tasks: QuerySet[Task], sort: str, number: int | str | None, size: int
) -> tuple[Page, list[int]]:
    """One page of ``tasks`` in ``sort`` order and their total, as ``Paginator.get_page``
    gives them, in one query: the matching tasks' ids are numbered in order once (with only
    the joins the filters and the sort need) and both the total and the page's ids are read
    from that numbering. Only a page past the end (an old link) costs a second query, for
    the last page instead.

    (Not a window count beside ``LIMIT``: PostgreSQL 15 then plans for the first rows and
    walks every request in urgency order; the materialised numbering is planned whole.)
    """
    order = SORTS.get(sort, SORTS[DEFAULT_SORT]).order
    numbered = (
        tasks.annotate(running_due_on=_running_due_on())
        .annotate(queue_place=Window(RowNumber(), order_by=order))
        .order_by()
        .values_list("pk", "queue_place")
    )
    try:
        sql, params = numbered.query.sql_with_params()
    except EmptyResultSet:  # a list that cannot hold any task (e.g. no post to offer it to)
        return Paginator([], size).get_page(1), []
    paged = (
        f"WITH numbered AS MATERIALIZED ({sql}) "
        "SELECT (SELECT COUNT(*) FROM numbered), numbered.pk FROM (SELECT 1 AS one) AS total "
        "LEFT JOIN numbered ON numbered.queue_place > %s AND numbered.queue_place <= %s "
        "ORDER BY numbered.queue_place"
    )

    def read(page_number: int) -> tuple[int, list[int]]:
        first = (page_number - 1) * size
        with connection.cursor() as cursor:
            cursor.execute(paged, (*params, first, first + size))
            found = cursor.fetchall()
        return found[0][0], [pk for _count, pk in found if pk is not None]

    paginator = Paginator([], size)  # its count is the one read
    try:
        if isinstance(number, float) and not number.is_integer():
            raise ValueError
        wanted = int(number)
    except (TypeError, ValueError):
        wanted = 1
    paginator.count, page_ids = read(wanted) if wanted >= 1 else (read(1)[0], [])
    if not page_ids:
        if wanted != 1 and paginator.count:  # past the end (or before the start)
            wanted = paginator.num_pages
            _count, page_ids = read(wanted)
        else:
            wanted = 1
    return Page(page_ids, wanted, paginator), page_ids


def task_lists(
    sources: dict[str, tuple[QuerySet[Task], int | str | None]], filters: RequestFilters, *,
    sort: str = DEFAULT_SORT, page_size: int | None = None, calendar=None,
) -> dict[str, TaskList]:
    """A page of each of these lists (``key: (tasks, page number)``), filtered and sorted in
    the database, with their totals: for each list its count and its page's task ids (with
    only the joins the filters and the sort need), then one query for the rows of all."""
    pages = {
        key: _page(apply_filters(tasks, filters, prefix=R), sort, number, page_size or PAGE_SIZE)
        for key, (tasks, number) in sources.items()
    }
    shown = [pk for _page, page_ids in pages.values() for pk in page_ids]
    by_pk = (
        {task.pk: task for task in _with_row_data(Task.objects.filter(pk__in=shown))}
        if shown else {}
    )
    rows = iter(task_rows([by_pk[pk] for pk in shown], calendar=calendar) if shown else [])
    return {
        key: TaskList(page=page, rows=[next(rows) for _pk in page_ids])
        for key, (page, page_ids) in pages.items()
    }


def task_list(
    tasks: QuerySet[Task], filters: RequestFilters, *, sort: str = DEFAULT_SORT,
    page: int | str | None = 1, page_size: int | None = None, calendar=None,
) -> TaskList:
    """One page of ``tasks`` filtered and sorted in the database, with the total."""
    return task_lists(
        {"": (tasks, page)}, filters, sort=sort, page_size=page_size, calendar=calendar
    )[""]


def held_tasks(user: AbstractBaseUser) -> QuerySet[Task]:
    """我的任务: what this person holds, waiting or not (a waiting one is marked)."""
    return tasks_of(user)


def claimable_tasks(user: AbstractBaseUser) -> QuerySet[Task]:
    """可领取的任务: offered to this person and not waiting on anyone outside."""
    return tasks_offered_to(user).exclude(waiting())


def waiting_tasks(user: AbstractBaseUser) -> QuerySet[Task]:
    """等待中: unclaimed tasks this person may take that wait on someone outside."""
    return tasks_offered_to(user).filter(waiting())


def most_urgent_held(user: AbstractBaseUser) -> Task | None:
    """The most urgent task this person holds that is not waiting on anyone."""
    return sorted_tasks(held_tasks(user).exclude(waiting())).first()


def most_urgent_claimable(user: AbstractBaseUser, *, skip: tuple[int, ...] = ()) -> Task | None:
    return sorted_tasks(claimable_tasks(user).exclude(pk__in=skip)).first()


def _head_memberships(user: AbstractBaseUser) -> list[tuple[int, str, int | None]]:
    return [
        (organ_id, role, department_id)
        for organ_id, role, department_id, _pub in staff_memberships(user)
        if role in (Role.OGI_HEAD, Role.DEPARTMENT_HEAD)
    ]


def team_scope(user: AbstractBaseUser) -> Q | None:
    """Which requests' tasks a head oversees: the whole organ for the OGI office head, the
    department's for a department head; None for anyone else."""
    scope = None
    for organ_id, role, department_id in _head_memberships(user):
        if role == Role.OGI_HEAD:
            branch = Q(**{f"{R}organ_id": organ_id})
        elif department_id is not None:
            branch = Q(**{f"{R}organ_id": organ_id, f"{R}department_id": department_id})
        else:
            continue
        scope = branch if scope is None else scope | branch
    return scope


def team_tasks(user: AbstractBaseUser) -> QuerySet[Task]:
    """科室任务: the open tasks a head oversees, offered or held."""
    scope = team_scope(user)
    if scope is None:
        return Task.objects.none()
    return Task.objects.filter(scope, status__in=OPEN)


def team_people(user: AbstractBaseUser) -> list:
    """Whom a head may pick for a reassignment: the staff of the organ (OGI office head) or
    of the department (department head), supervisors aside. Each task still checks that
    the person chosen may take it."""
    from django.contrib.auth import get_user_model

    scope = Q(pk__in=[])
    for organ_id, role, department_id in _head_memberships(user):
        if role == Role.OGI_HEAD:
            scope |= Q(organ_id=organ_id)
        elif department_id is not None:
            scope |= Q(organ_id=organ_id, department_id=department_id)
    ids = StaffMembership.objects.filter(scope).exclude(role=Role.SUPERVISOR).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids).order_by("username"))

"""Reads for the workbench: rows with everything a row shows, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from viewflow.workflow.models import Task

from records.models import Record, RecordState, Redaction, RedactionState
from records.thumbnails import FIRST_PAGES
from requests.choices import CONCLUDED_STATUSES, Role
from requests.clock import listed
from requests.models import DisclosureRequest, RequestItem, StaffMembership
from requests.selectors import load_working_calendar

from .deadlines import deadline_view


@dataclass
class RequestFilters:
    registration_number: str = ""
    applicant: str = ""
    text: str = ""
    department: int | None = None
    status: str = ""
    due_within: int | None = None  # working days; 0 = overdue or due today
    extra: dict = field(default_factory=dict)


#: Where ``access.staff_required`` keeps, for the request it serves, the roles of the person.
KEPT_MEMBERSHIPS = "_workflow_memberships"

#: One role a person holds: (organ, role, department, the department is the publicity one).
Membership = tuple[int, str, int | None, bool]


def read_staff_memberships(user: AbstractBaseUser) -> list[Membership]:
    return [
        (organ_id, role, department_id, bool(in_publicity))
        for organ_id, role, department_id, in_publicity in StaffMembership.objects.filter(
            user=user
        ).order_by("pk").values_list("organ_id", "role", "department_id", "department__is_publicity")
    ]


def staff_memberships(user: AbstractBaseUser) -> list[Membership]:
    """The roles ``user`` holds: on a staff page those read once for the request (the
    queue's lists, filters and tabs all ask), elsewhere from the database."""
    kept = getattr(user, KEPT_MEMBERSHIPS, None)
    return read_staff_memberships(user) if kept is None else kept


def staff_organ_ids(user: AbstractBaseUser) -> list[int]:
    return sorted({organ_id for organ_id, _role, _dept, _pub in staff_memberships(user)})


def _first_item() -> Subquery:
    return Subquery(
        RequestItem.objects.filter(request=OuterRef("pk")).order_by("position").values(
            "description"
        )[:1]
    )


def requests_for_staff(user: AbstractBaseUser, organ_ids: list[int] | None = None) -> QuerySet:
    """Requests of the organs where ``user`` works, with what a list row shows."""
    organ_ids = staff_organ_ids(user) if organ_ids is None else organ_ids
    return (
        DisclosureRequest.objects.filter(organ_id__in=organ_ids)
        .select_related("applicant", "department")
        .annotate(summary=_first_item())
    )


def apply_filters(queryset: QuerySet, filters: RequestFilters, *, prefix: str = "") -> QuerySet:
    p = prefix
    if filters.registration_number:
        queryset = queryset.filter(**{f"{p}registration_number__icontains": filters.registration_number})
    if filters.applicant:
        queryset = queryset.filter(**{f"{p}applicant__name__icontains": filters.applicant})
    if filters.text:
        # Exists rather than a join: a request with several matching items stays one row
        # (no DISTINCT, so a list can count its rows with its page).
        queryset = queryset.filter(Exists(RequestItem.objects.filter(
            request=OuterRef(f"{p}pk"), description__icontains=filters.text
        )))
    if filters.department:
        queryset = queryset.filter(**{f"{p}department_id": filters.department})
    if filters.status:
        queryset = queryset.filter(**{f"{p}status": filters.status})
    if filters.due_within is not None:
        today = timezone.localdate()
        last = load_working_calendar().add_working_days(today, filters.due_within)
        queryset = queryset.filter(**{f"{p}due_on__lte": last}).exclude(
            **{f"{p}status__in": CONCLUDED_STATUSES}
        )
    return queryset


@dataclass(frozen=True)
class Row:
    request: DisclosureRequest
    deadline: object
    task: Task | None = None


def rows_with_deadlines(requests, *, tasks: list[Task] | None = None) -> list[Row]:
    calendar = load_working_calendar()
    today = timezone.localdate()
    result = []
    for index, request in enumerate(requests):
        result.append(
            Row(
                request=request,
                task=tasks[index] if tasks is not None else None,
                deadline=deadline_view(
                    status=request.status,
                    due_on=request.due_on,
                    provisional=request.due_is_provisional,
                    calendar=calendar,
                    today=today,
                ),
            )
        )
    return result


def request_for_staff(user: AbstractBaseUser, public_id) -> DisclosureRequest:
    """One request of the user's organs, or 404 (never another organ's)."""
    request = (
        requests_for_staff(user)
        .select_related("organ", "entered_by", "drafted_by", "reviewed_by", "signed_off_by")
        .filter(public_id=public_id)
        .first()
    )
    if request is None:
        raise Http404
    return request


def items_with_records(request: DisclosureRequest) -> list[RequestItem]:
    """The request's items, each with its records (``item.record_list``; on each record the
    numbers of its first pages to show, ``first_pages``, and its pages without text as the
    page's language lists them, ``textless_label``; its redaction log, ``log``): three
    queries, whatever the number of items, records and marks."""
    items = list(
        request.items.prefetch_related(
            Prefetch(
                "records",
                queryset=Record.objects.order_by("uploaded_at", "pk").prefetch_related(
                    Prefetch(
                        "redactions",
                        queryset=Redaction.objects.filter(state=RedactionState.ACCEPTED)
                        .select_related("created_by").order_by("page", "y0", "x0", "pk"),
                        to_attr="accepted_marks",
                    )
                ),
                to_attr="record_list",
            ),
        )
    )
    for item in items:
        for record in item.record_list:
            shown = min(record.page_count or 0, FIRST_PAGES) if record.working_sha256 else 0
            record.first_pages = range(1, shown + 1)
            record.textless_label = listed(str(n) for n in record.textless_pages)
            record.log = _log(record.accepted_marks)
    return items


def _log(marks) -> list:
    """The redaction log as the pages show it: one row per mark (its first box)."""
    seen, rows = set(), []
    for mark in marks:
        if mark.group not in seen:
            seen.add(mark.group)
            rows.append(mark)
    return rows


def records_pending(items: list[RequestItem]) -> bool:
    """Whether a record of these items is still waiting for its working copy."""
    return any(
        record.state in (RecordState.PENDING, RecordState.PROCESSING)
        for item in items for record in item.record_list
    )


#: Posts that act on every request of their organ (registration, the office's decisions,
#: the secrecy and legal reviews, the sign-off).
ORGAN_WIDE_ROLES = (
    Role.REGISTRAR, Role.OGI_HEAD, Role.SECRECY_REVIEWER, Role.LEGAL_REVIEWER,
    Role.SIGNING_LEADER,
)


def holds_role_on(user: AbstractBaseUser, request: DisclosureRequest) -> bool:
    """Whether ``user`` has a part in ``request``: an organ-wide post of its organ, a
    handler or head of its department, or a task of it held now or before (an opinion in
    its coordination consultation). Supervisors, administrators and other departments do
    not: they see the redacted copies, never an original (two queries at most)."""
    memberships = StaffMembership.objects.filter(user=user, organ_id=request.organ_id)
    if memberships.filter(
        Q(role__in=ORGAN_WIDE_ROLES)
        | Q(role__in=(Role.HANDLER, Role.DEPARTMENT_HEAD), department_id=request.department_id)
    ).exists():
        return True
    return Task.objects.filter(
        owner=user, process__requestprocess__request_id=request.pk
    ).exists()


def record_original_for_staff(user: AbstractBaseUser, public_id) -> Record:
    """A record whose original (or working copy) ``user`` may see, or 404."""
    record = record_for_staff(user, public_id)
    if not holds_role_on(user, record.request):
        raise Http404
    return record


def record_for_staff(user: AbstractBaseUser, public_id) -> Record:
    """A record of a request of the user's organs, or 404 (never another organ's)."""
    record = (
        Record.objects.select_related("request", "item")
        .filter(public_id=public_id, organ_id__in=staff_organ_ids(user))
        .first()
    )
    if record is None:
        raise Http404
    return record

"""Who may take a task: the offer of its step (``workflow.step_specs``) — the role, in the
department where it applies — and never the review or sign-off of one's own draft."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, Q, QuerySet
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from requests.choices import Role
from requests.models import Department, StaffMembership

from .lifecycle import REQUEST_PATH
from .models import RequestProcess
from .roles import Offer
from .selectors import staff_memberships
from .step_specs import DRAFTER, STEPS, spec_of


def offer_of(task: Task) -> Offer:
    return spec_of(task).offer


def _no_publicity_department(organ_id: int) -> Q:
    return ~Q(Exists(Department.objects.filter(organ_id=organ_id, is_publicity=True)))


def _offered_filter(memberships: list[tuple[int, str, int | None, bool]]) -> Q:
    """Tasks any of these (organ, role, department, department is publicity) memberships
    may take."""
    condition = Q(pk__in=[])
    for organ_id, role, department_id, in_publicity in memberships:
        for spec in STEPS:
            offer = spec.offer
            in_organ = Q(flow_task=spec.node, **{f"{REQUEST_PATH}__organ_id": organ_id})
            if offer.role == role:
                branch = in_organ
                if offer.department == "request":
                    branch &= Q(**{f"{REQUEST_PATH}__department_id": department_id})
                elif offer.department == "publicity" and not in_publicity:
                    branch &= _no_publicity_department(organ_id)
                condition |= branch
            elif offer.office_registrars and role == Role.REGISTRAR:
                condition |= in_organ & Q(**{f"{REQUEST_PATH}__department__is_ogi_office": True})
    return condition


def _four_eyes_nodes() -> list:
    return [spec.node for spec in STEPS if spec.four_eyes == DRAFTER]


def tasks_offered_to(user: AbstractBaseUser) -> QuerySet[Task]:
    """Unclaimed tasks this person may claim (their role, in the right department; never
    the review or sign-off of their own draft)."""
    return Task.objects.filter(
        _offered_filter(staff_memberships(user)), status=STATUS.NEW, owner__isnull=True
    ).exclude(flow_task__in=_four_eyes_nodes(), **{f"{REQUEST_PATH}__drafted_by": user})


def _eligible_memberships(task: Task) -> QuerySet[StaffMembership]:
    """The memberships that qualify someone for ``task``: its role (in the responsible
    department where it applies; the office's registrars for cases the office handles)."""
    spec = spec_of(task)
    offer = spec.offer
    request = (
        RequestProcess.objects.select_related("request__department").get(pk=task.process_id).request
    )
    roles = [offer.role]
    if offer.office_registrars and request.department and request.department.is_ogi_office:
        roles.append(Role.REGISTRAR)
    memberships = StaffMembership.objects.filter(organ_id=request.organ_id, role__in=roles)
    if offer.department == "request":
        memberships = memberships.filter(department_id=request.department_id)
    elif offer.department == "publicity" and Department.objects.filter(
        organ_id=request.organ_id, is_publicity=True
    ).exists():
        memberships = memberships.filter(department__is_publicity=True)
    if spec.four_eyes == DRAFTER and request.drafted_by_id is not None:
        memberships = memberships.exclude(user_id=request.drafted_by_id)
    return memberships


def may_take(user: AbstractBaseUser, task: Task) -> bool:
    """Whether ``user`` may hold ``task`` (never the review or sign-off of their own draft)."""
    return _eligible_memberships(task).filter(user=user).exists()


def people_who_may_take(task: Task) -> list:
    """Everyone who may hold ``task``, by username: the choices for a reassignment."""
    ids = _eligible_memberships(task).values("user_id")
    return list(get_user_model().objects.filter(pk__in=ids).order_by("username"))

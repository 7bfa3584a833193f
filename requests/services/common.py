"""The frame every legal act runs in: lock, check, transition, clock, audit — atomically."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed

from ..choices import Role, Status
from ..errors import RequestActError, StaleRequestError
from ..models import ClockEvent, DisclosureRequest, Organ, Sequence, StaffMembership
from ..models.audit import Act
from .audit import audit_record
from .clock import request_refresh_clock
from .locks import act_locks, organ_lock


def local_date(at: datetime.datetime) -> datetime.date:
    return timezone.localdate(at)


def require_role(
    user: AbstractBaseUser | None,
    organ: Organ,
    *roles: str,
    department_id: int | None = None,
) -> None:
    """Refuse unless ``user`` holds one of ``roles`` in the organ (and department, if given)."""
    if user is None:
        raise RequestActError(_("此操作须由工作人员办理。"), code="role")
    memberships = StaffMembership.objects.filter(user=user, organ=organ, role__in=roles)
    if department_id is not None:
        memberships = memberships.filter(department_id=department_id)
    if not memberships.exists():
        names = "、".join(str(Role(r).label) for r in roles)
        raise RequestActError(
            _("您在本机关没有办理此事项的岗位（需要：%(roles)s）。") % {"roles": names},
            code="role",
        )


def require_case_handler(user: AbstractBaseUser | None, request: DisclosureRequest) -> None:
    """The handler's acts: a handler of the responsible department, or — when the OGI office
    itself is responsible (a request not to be processed) — one of its registrars."""
    department = request.department
    if department is not None and department.is_ogi_office:
        require_role(user, request.organ, Role.HANDLER, Role.REGISTRAR, department_id=department.pk)
    else:
        require_role(user, request.organ, Role.HANDLER, department_id=request.department_id)


def may_act_on(user: AbstractBaseUser, request: DisclosureRequest) -> bool:
    """Staff of the request's organ, or the applicant's own account."""
    if request.applicant.account_id is not None and request.applicant.account_id == user.pk:
        return True
    return StaffMembership.objects.filter(user=user, organ_id=request.organ_id).exists()


def require_other_person(user: AbstractBaseUser, other_id: int | None, message: str) -> None:
    """Four-eyes rule: nobody approves their own work."""
    if other_id is not None and user.pk == other_id:
        raise RequestActError(message, code="four_eyes")


def next_in_sequence(*, organ: Organ, series: str, year: int) -> int:
    """The next number of a gap-free series; call inside the transaction that uses it.

    The organ is locked before the series (the lock order of ``requests.services``); the
    act holds it already.
    """
    organ_lock(organ)
    try:
        with transaction.atomic():
            Sequence.objects.get_or_create(organ=organ, series=series, year=year)
    except IntegrityError:
        pass  # created concurrently by another transaction: it exists now
    seq = Sequence.objects.select_for_update().get(organ=organ, series=series, year=year)
    seq.last_value = F("last_value") + 1
    seq.save(update_fields=["last_value"])
    seq.refresh_from_db(fields=["last_value"])
    return seq.last_value


@dataclass
class LegalAct:
    """What one act collects before it commits: clock facts, audit comment and data."""

    request: DisclosureRequest
    act: str
    actor: AbstractBaseUser | None
    at: datetime.datetime
    status_before: str = ""
    comment: str = ""
    data: dict = field(default_factory=dict)
    clock_events: list[ClockEvent] = field(default_factory=list)

    @property
    def today(self) -> datetime.date:
        return local_date(self.at)

    def not_allowed(self) -> RequestActError:
        """The refusal of an act the current status does not allow, naming the status."""
        return RequestActError(
            _("申请当前状态为「%(status)s」，不能办理「%(act)s」。")
            % {"status": Status(self.request.status).label, "act": Act(self.act).label},
            code="transition_not_allowed",
        )

    def check_source(self, method: Callable[[], None]) -> None:
        """Refuse at once unless the transition ``method`` may start from the current status.

        Call it before the act's own checks, so that an act tried in the wrong status is
        refused for that reason; the transition's conditions are checked by ``transition``.
        """
        if not can_proceed(method, check_conditions=False):
            raise self.not_allowed()

    def require_status(self, *statuses: str) -> None:
        """The same refusal for an act that is no transition (the status does not change)."""
        if self.request.status not in statuses:
            raise self.not_allowed()

    def transition(self, method: Callable[[], None]) -> None:
        try:
            method()
        except TransitionNotAllowed:
            raise self.not_allowed() from None

    def clock(self, kind: str, on: datetime.date, *, days: int = 0, pause_key: str = "") -> None:
        self.clock_events.append(
            ClockEvent(request=self.request, kind=kind, on=on, days=days, pause_key=pause_key)
        )


@contextlib.contextmanager
def legal_act(
    request: DisclosureRequest,
    act: str,
    *,
    actor: AbstractBaseUser | None,
    at: datetime.datetime | None = None,
    comment: str = "",
) -> Iterator[LegalAct]:
    """Run one legal act on ``request`` in one transaction.

    Refuses when the request changed since it was loaded (its ``version`` moved on), or is
    archived. On success saves the request, its clock events, the refreshed clock cache and
    one audit event; on any error nothing is written.
    """
    try:
        with transaction.atomic():
            yield from _run_act(request, act, actor=actor, at=at, comment=comment)
    except BaseException:
        # The database rolled back; bring the object in memory back in line with it.
        if request.pk:
            request.refresh_from_db()
        raise


def _run_act(request, act, *, actor, at, comment) -> Iterator[LegalAct]:
    """The body of ``legal_act``, inside its transaction."""
    current = act_locks(organ=request.organ_id, request=request.pk)
    if current is None:
        raise RequestActError(_("申请不存在。"), code="missing")
    if actor is not None and not may_act_on(actor, request):
        # Checked first, so that nothing about another organ's request leaks out.
        raise RequestActError(_("您无权办理此申请。"), code="forbidden")
    if current[0] != request.version or current[1] != request.status:
        raise StaleRequestError(
            _("该申请已被他人办理或修改，请刷新后重试。"), code="stale"
        )
    if current[1] == Status.ARCHIVED:
        raise RequestActError(_("已归档的申请不能再作任何变更。"), code="archived")
    status_before = request.status
    state = LegalAct(
        request=request, act=act, actor=actor, at=at or timezone.now(),
        status_before=status_before, comment=comment,
    )
    try:
        yield state
        request.version = F("version") + 1
        request.save()
    except ConcurrentTransition:
        raise StaleRequestError(
            _("该申请已被他人办理或修改，请刷新后重试。"), code="stale"
        ) from None
    request.refresh_from_db(fields=["version"])
    for event in state.clock_events:
        event.save()
    if state.clock_events:
        request_refresh_clock(request, today=state.today)
    audit_record(
        organ=request.organ,
        request=request,
        act=act,
        actor=actor,
        status_before=status_before,
        status_after=request.status,
        comment=state.comment,
        data=state.data,
        at=state.at,
    )

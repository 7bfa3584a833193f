"""What a step needs from the steps before it, for the task page.

The reasons a review or sign-off sent the draft back, the coordination consultation's
reason, opinions and conclusion, the correction asked for and what came back, and the
secrecy reviewer's comment. Each fact is read from the record itself (its audit events
and consultation rows), so it shows on every step it concerns, whoever holds the task.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from viewflow.workflow.models import Task

from requests.models import AuditEvent, CoordinationMeeting, DisclosureRequest
from requests.models.audit import Act
from requests.services.registration import correction_deadline

RETURNS = (Act.RETURN_FROM_REVIEW, Act.RETURN_FROM_SIGN_OFF)
_READ = (*RETURNS, Act.SUBMIT_FOR_REVIEW, Act.PASS_CONFIDENTIALITY_REVIEW, Act.RECEIVE_CORRECTION)


@dataclass(frozen=True)
class Returned:
    """The latest return of the draft to its handler; ``pending`` until it is resubmitted."""

    event: AuditEvent
    pending: bool


@dataclass(frozen=True)
class Correction:
    """补正 (Art. 30): the points asked for, when, until when, and what came back."""

    points: str
    requested_on: datetime.date
    respond_by: datetime.date | None
    received_on: datetime.date | None
    note: str


@dataclass(frozen=True)
class EarlierSteps:
    returned: Returned | None = None
    meeting: CoordinationMeeting | None = None
    correction: Correction | None = None
    review: AuditEvent | None = None  # the secrecy review passed, with its comment

    def __bool__(self) -> bool:
        return any((self.returned, self.meeting, self.correction, self.review))


def earlier_steps_for(task: Task) -> EarlierSteps:
    """The facts of earlier steps the holder of ``task`` acts on (a handful of queries)."""
    request = DisclosureRequest.objects.get(process__pk=task.process_id)
    events = list(
        AuditEvent.objects.filter(request=request, act__in=_READ)
        .select_related("actor").order_by("sequence")
    )
    return EarlierSteps(
        returned=_returned(events),
        meeting=(
            CoordinationMeeting.objects.filter(request=request)
            .select_related("opened_by", "concluded_by")
            .prefetch_related("opinions__given_by").order_by("-opened_at").first()
        ),
        correction=_correction(request, events),
        review=_last(events, (Act.PASS_CONFIDENTIALITY_REVIEW,), since=Act.SUBMIT_FOR_REVIEW),
    )


def _last(events, acts, *, since=None) -> AuditEvent | None:
    """The newest event of ``acts``, if no ``since`` event came after it."""
    for event in reversed(events):
        if event.act in acts:
            return event
        if since is not None and event.act == since:
            return None
    return None


def _returned(events) -> Returned | None:
    last = _last(events, RETURNS)
    if last is None:
        return None
    later = [e for e in events if e.sequence > last.sequence and e.act == Act.SUBMIT_FOR_REVIEW]
    return Returned(last, pending=not later)


def _correction(request: DisclosureRequest, events) -> Correction | None:
    if request.correction_requested_on is None:
        return None
    received = _last(events, (Act.RECEIVE_CORRECTION,))
    return Correction(
        points=request.correction_points,
        requested_on=request.correction_requested_on,
        respond_by=correction_deadline(request),
        received_on=request.correction_received_on,
        note=received.comment if received else "",
    )

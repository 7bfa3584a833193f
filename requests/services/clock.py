"""Computing a request's clock, and the one place that stores its cache."""

from __future__ import annotations

import datetime

from django.utils import timezone

from ..calendar import WorkingCalendar
from ..clock import ClockState, compute_clock
from ..models import DisclosureRequest
from ..selectors import clock_facts_for, load_working_calendar


def request_clock(
    request: DisclosureRequest,
    *,
    calendar: WorkingCalendar | None = None,
    today: datetime.date | None = None,
) -> ClockState:
    """The statutory clock of ``request`` as of ``today`` (default: today)."""
    return compute_clock(
        clock_facts_for(request),
        calendar or load_working_calendar(),
        today or timezone.localdate(),
    )


def request_refresh_clock(
    request: DisclosureRequest,
    *,
    calendar: WorkingCalendar | None = None,
    today: datetime.date | None = None,
) -> ClockState:
    """Recompute the clock and store the cached due date; return the state.

    The cache (due date, provisional) is only a copy: this function rebuilds it from the
    events and the calendar, and running it twice changes nothing.
    """
    state = request_clock(request, calendar=calendar, today=today)
    DisclosureRequest.objects.filter(pk=request.pk).update(
        due_on=state.due, due_is_provisional=state.provisional
    )
    request.due_on, request.due_is_provisional = state.due, state.provisional
    return state

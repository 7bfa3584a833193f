"""Computing a request's clock, and the one place that stores its cache."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from ..calendar import WorkingCalendar
from ..clock import PAUSE_STARTED, ClockFact, ClockState, compute_clock
from ..models import ClockEvent, DisclosureRequest
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


def pause_begun_after_due(
    request: DisclosureRequest, *, pause_key: str, on: datetime.date,
    calendar: WorkingCalendar | None = None,
) -> dict:
    """What an act that starts the pause ``pause_key`` on ``on`` records when the pause
    begins after the due date then in force (DESIGN.md §3: it moves nothing; the act is
    allowed, recorded and flagged): ``{"begun_after_due": True, "due_on": …}``, else ``{}``.

    Call it inside the act, before its clock event is saved.
    """
    facts = [*clock_facts_for(request), ClockFact(PAUSE_STARTED, on, pause_key=pause_key)]
    state = compute_clock(facts, calendar or load_working_calendar(), on)
    for period in state.late_pauses:
        if pause_key in period.keys:
            return {"begun_after_due": True, "due_on": period.due_then}
    return {}


def request_refresh_clock(
    request: DisclosureRequest,
    *,
    calendar: WorkingCalendar | None = None,
    today: datetime.date | None = None,
) -> ClockState:
    """Recompute the clock and store its cache; return the state.

    The cache — due date, provisional mark and, once the clock has stopped, the net
    working days the request took (what supervision aggregates) — is only a copy: this
    function rebuilds it from the events and the calendar, and running it twice changes
    nothing.
    """
    state = request_clock(request, calendar=calendar, today=today)
    cache = clock_cache(state)
    due_on, provisional, used = cache
    DisclosureRequest.objects.filter(pk=request.pk).update(
        due_on=due_on, due_is_provisional=provisional, working_days_used=used
    )
    request.due_on, request.due_is_provisional, request.working_days_used = cache
    return state


def stored_clock_cache(request: DisclosureRequest) -> tuple[datetime.date | None, bool, int | None]:
    """The clock cache as ``request`` holds it (compare with ``clock_cache``)."""
    return request.due_on, request.due_is_provisional, request.working_days_used


def clock_cache(state: ClockState) -> tuple[datetime.date | None, bool, int | None]:
    """What a request stores of its clock: due date, provisional mark and — once the clock
    has stopped — the net working days it took."""
    used = state.working_days_used if state.stopped_on is not None else None
    return state.due, state.provisional, used


def requests_refresh_clocks(
    requests: QuerySet[DisclosureRequest], *, calendar: WorkingCalendar,
    today: datetime.date | None = None,
) -> int:
    """``request_refresh_clock`` for many requests at once: two reads and one bulk update
    of the requests whose cache changed. Returns how many changed."""
    today = today or timezone.localdate()
    facts: dict[int, list[ClockFact]] = defaultdict(list)
    events = ClockEvent.objects.filter(request__in=requests.values("pk")).order_by("on", "id")
    for request_id, kind, on, days, pause_key in events.values_list(
        "request_id", "kind", "on", "days", "pause_key"
    ):
        facts[request_id].append(ClockFact(kind=kind, on=on, days=days, pause_key=pause_key))
    changed: list[tuple[int, datetime.date | None, bool, int | None]] = []
    for pk, *before in requests.values_list(
        "pk", "due_on", "due_is_provisional", "working_days_used"
    ):
        cache = clock_cache(compute_clock(facts.get(pk, ()), calendar, today))
        if cache != tuple(before):
            changed.append((pk, *cache))
    _store_clock_caches(changed)
    return len(changed)


_CACHE_BATCH = 1000


def _store_clock_caches(rows: list[tuple[int, datetime.date | None, bool, int | None]]) -> None:
    """Write (pk, due_on, provisional, working days used) rows. PostgreSQL takes each batch
    as one ``UPDATE … FROM (VALUES …)``; elsewhere Django's ``bulk_update``."""
    if connection.vendor != "postgresql":
        DisclosureRequest.objects.bulk_update(
            [
                DisclosureRequest(pk=pk, due_on=due, due_is_provisional=provisional,
                                  working_days_used=used)
                for pk, due, provisional, used in rows
            ],
            ["due_on", "due_is_provisional", "working_days_used"], batch_size=250,
        )
        return
    table = connection.ops.quote_name(DisclosureRequest._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _CACHE_BATCH):
            batch = rows[start:start + _CACHE_BATCH]
            values = ", ".join(["(%s::bigint, %s::date, %s::boolean, %s::smallint)"] * len(batch))
            cursor.execute(
                f"UPDATE {table} AS r SET due_on = v.due_on, due_is_provisional = v.provisional, "
                f"working_days_used = v.used FROM (VALUES {values}) "
                f"AS v(id, due_on, provisional, used) WHERE r.id = v.id",
                [value for row in batch for value in row],
            )

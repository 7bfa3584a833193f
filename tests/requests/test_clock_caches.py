"""Rebuilding many clock caches at once gives what rebuilding them one by one gives."""

from __future__ import annotations

import datetime
import random

import pytest

from requests.models import ClockEvent, DisclosureRequest
from requests.selectors import load_working_calendar
from requests.services import request_clock, requests_refresh_clocks
from tests.reports.builders import bulk_requests, random_facts

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 1, 15)


def test_many_caches_at_once_agree_with_the_clock_of_each(organ):
    # More than one write batch (1,000 rows) of changed caches.
    bulk_requests(organ, random_facts(random.Random(12), 1300, first=datetime.date(2025, 1, 1),
                                      last=datetime.date(2025, 12, 31)))
    registered = DisclosureRequest.objects.filter(organ=organ, received_on__isnull=False)
    events = []
    for n, (pk, received, concluded) in enumerate(
        registered.values_list("pk", "received_on", "concluded_on")
    ):
        events.append(ClockEvent(request_id=pk, kind="received", on=received))
        if concluded and n % 4 == 0 and concluded > received:  # a consultation pause
            events.append(ClockEvent(request_id=pk, kind="pause_started", on=received,
                                     pause_key="c"))
            events.append(ClockEvent(request_id=pk, kind="pause_ended", on=concluded,
                                     pause_key="c"))
        if concluded:
            events.append(ClockEvent(request_id=pk, kind="stopped", on=concluded))
    ClockEvent.objects.bulk_create(events)
    calendar = load_working_calendar()

    changed = requests_refresh_clocks(
        DisclosureRequest.objects.filter(organ=organ), calendar=calendar, today=TODAY
    )
    assert changed == registered.count() > 1000
    for request in registered.order_by("pk")[::37]:
        state = request_clock(request, calendar=calendar, today=TODAY)
        used = state.working_days_used if state.stopped_on else None
        assert (request.due_on, request.due_is_provisional, request.working_days_used) == (
            state.due, state.provisional, used), request.pk
    assert registered.filter(working_days_used__isnull=False).exists()
    # Nothing changed since: nothing is written.
    assert requests_refresh_clocks(
        DisclosureRequest.objects.filter(organ=organ), calendar=calendar, today=TODAY
    ) == 0

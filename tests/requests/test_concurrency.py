"""Optimistic locking of the request (its ``version``), and real concurrency on PostgreSQL.

Two members of staff who opened the same request and act on it: the second act is refused
as stale and changes nothing. On PostgreSQL, threads act at the same moment on separate
connections: exactly one wins, registration numbers stay unique and gap-free and the audit
chain stays whole.
"""

import threading
from functools import partial
from types import SimpleNamespace

import pytest
from django.db import connection

from requests.choices import ConsultationResult, ConsultedParty, Status
from requests.errors import StaleRequestError
from requests.models import AuditEvent, DisclosureRequest, Sequence
from requests.services import audit_verify_chain
from tests.factories import at, submit
from tests.requests import machine as m
from tests.requests.machine import build, snapshot

S = Status
STALE = "该申请已被他人办理或修改，请刷新后重试"


def copies(request, n=2):
    return [DisclosureRequest.objects.get(pk=request.pk) for _ in range(n)]


# ---- optimistic locking, one connection ------------------------------------------------------

def test_acting_on_a_stale_copy_is_refused_and_changes_nothing(organ, people):
    request = submit(organ, on=m.SUBMITTED_ON)
    mine, theirs = copies(request)
    m.register(mine, people)
    before = snapshot(request)

    with pytest.raises(StaleRequestError, match=STALE) as refused:
        m.register(theirs, people)
    assert refused.value.code == "stale"
    assert snapshot(request) == before
    assert Sequence.objects.get(series="registration").last_value == 1

    # the refused copy was brought up to date: acting again works
    assert (theirs.status, theirs.version) == (S.REGISTERED, 1)
    m.triage(theirs, people)
    assert theirs.status == S.PROCESSING


def test_a_stale_copy_is_refused_even_for_another_act(organ, people):
    request = build(S.REGISTERED, organ, people)
    mine, theirs = copies(request)
    m.triage(mine, people)
    before = snapshot(request)
    with pytest.raises(StaleRequestError):
        m.issue_correction(theirs, people)
    assert snapshot(request) == before


def test_an_act_that_keeps_the_status_still_moves_the_version(organ, people):
    """Drafting leaves the status as it was; a copy loaded before it is stale all the same,
    so nobody submits for review a draft they have not seen."""
    request = build(S.PROCESSING, organ, people)
    mine, *theirs = copies(request, 4)
    m.draft(mine, people)
    assert mine.status == S.PROCESSING and mine.version == request.version + 1
    before = snapshot(request)
    for stale, act in zip(theirs, (m.submit_for_review, m.draft, m.flag_sensitive), strict=True):
        with pytest.raises(StaleRequestError):
            act(stale, people)
    assert snapshot(request) == before


def test_a_stale_copy_cannot_close_a_consultation(organ, people):
    request = build(S.PROCESSING, organ, people)
    company = m.open_consultation(request, people)
    m.open_consultation(request, people, kind=ConsultedParty.CO_ORGAN, name=m.CO_ORGAN)
    mine, theirs = copies(request)
    m.close_consultation(mine, people, at("2026-03-10"), consultation=company)
    before = snapshot(request)
    with pytest.raises(StaleRequestError):
        m.close_consultation(theirs, people, at("2026-03-10"), consultation=company,
                             result=ConsultationResult.OBJECTION)
    assert snapshot(request) == before


# ---- PostgreSQL: real threads ----------------------------------------------------------------

def on_postgres(test):
    """Run ``test`` only on PostgreSQL, with real transactions (threads commit)."""
    test = pytest.mark.django_db(transaction=True, serialized_rollback=True)(test)
    test = pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks"
    )(test)
    return pytest.mark.postgres(test)


def at_once(*calls):
    """Run the calls in threads released together; return each one's result or error."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def work(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def winners_and_losers(results):
    errors = [r for r in results if isinstance(r, Exception)]
    assert all(isinstance(e, StaleRequestError) for e in errors), errors
    return len(results) - len(errors), len(errors)


@on_postgres
def test_two_registrars_register_the_same_request_at_once(organ, people):
    request = submit(organ, on=m.SUBMITTED_ON)
    first, second = copies(request)
    results = at_once(partial(m.register, first, people), partial(m.register, second, people))

    assert winners_and_losers(results) == (1, 1)
    request.refresh_from_db()
    assert (request.status, request.version) == (S.REGISTERED, 1)
    assert request.registration_number == "PTHB-2026-00001"
    assert Sequence.objects.get(series="registration").last_value == 1  # no number lost
    assert AuditEvent.objects.filter(request=request, act="register").count() == 1
    assert audit_verify_chain() == []


@on_postgres
def test_many_staff_triaging_the_same_request_at_once_one_wins(organ, people):
    request = build(S.REGISTERED, organ, people)
    targets = [people.dept, people.other_dept] * 3
    results = at_once(*[
        partial(m.triage, copy, SimpleNamespace(registrar=people.registrar, dept=dept))
        for copy, dept in zip(copies(request, len(targets)), targets, strict=True)
    ])

    assert winners_and_losers(results) == (1, 5)
    request.refresh_from_db()
    assert (request.status, request.version) == (S.PROCESSING, 2)
    winner = next(r for r in results if not isinstance(r, Exception))
    assert request.department == winner.department
    assert AuditEvent.objects.filter(request=request, act="triage").count() == 1
    assert audit_verify_chain() == []


@on_postgres
def test_registering_many_requests_at_once_gives_unique_gap_free_numbers(organ, people):
    threads, per_thread = 8, 4
    batches = [
        [submit(organ, on=m.SUBMITTED_ON) for _ in range(per_thread)] for _ in range(threads)
    ]

    def register_all(batch):
        for request in batch:
            m.register(request, people)
        return batch

    results = at_once(*[partial(register_all, batch) for batch in batches])
    assert not [r for r in results if isinstance(r, Exception)], results

    total = threads * per_thread
    numbers = sorted(
        DisclosureRequest.objects.values_list("registration_number", flat=True)
    )
    assert numbers == [f"PTHB-2026-{n:05d}" for n in range(1, total + 1)]
    assert Sequence.objects.get(series="registration").last_value == total
    sequences = list(AuditEvent.objects.filter(organ=organ).values_list("sequence", flat=True))
    assert sorted(sequences) == list(range(1, 2 * total + 1))  # submit + register each
    assert audit_verify_chain() == []


@on_postgres
def test_racing_acts_and_refused_acts_leave_no_gap_in_the_numbers(organ, people):
    """Half the threads race on the same requests (and lose); the losers' transactions
    rolled back, so no registration number and no audit sequence number is lost."""
    requests = [submit(organ, on=m.SUBMITTED_ON) for _ in range(6)]
    results = at_once(*[
        partial(m.register, copy, people) for request in requests for copy in copies(request, 2)
    ])

    assert winners_and_losers(results) == (6, 6)
    numbers = sorted(DisclosureRequest.objects.values_list("registration_number", flat=True))
    assert numbers == [f"PTHB-2026-{n:05d}" for n in range(1, 7)]
    assert audit_verify_chain() == []

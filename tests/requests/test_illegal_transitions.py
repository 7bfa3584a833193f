"""Every act the legal status machine does not allow in a status is refused, says why in
the user's language (naming the current status), and changes nothing at all.

The requests, one per status, are built once per module through the services (inside a
transaction rolled back at the end); each test reloads its request and tries one act.
"""

from types import SimpleNamespace

import pytest
from django.db import transaction

from requests.choices import CLOCK_RUNNING_STATUSES, OPEN_STATUSES, Role, Status
from requests.errors import RequestActError, StaleRequestError
from requests.models import DisclosureRequest
from tests.factories import DepartmentFactory, OrganFactory, staff
from tests.requests import machine as m
from tests.requests.machine import TRY_AT, build, snapshot

S = Status

#: act -> (how to perform it, the statuses in which the machine allows it)
ACTS = {
    "register": (m.register, {S.RECEIVED}),
    "triage": (m.triage, {S.REGISTERED}),
    "issue_correction_notice": (m.issue_correction, {S.REGISTERED, S.PROCESSING}),
    "receive_correction": (m.receive_correction, {S.AWAITING_CORRECTION}),
    "ask_reasons": (m.ask_reasons, {S.REGISTERED, S.PROCESSING}),
    "open_consultation": (m.open_consultation, {S.PROCESSING, S.THIRD_PARTY_CONSULTATION}),
    "close_consultation": (m.close_consultation, {S.THIRD_PARTY_CONSULTATION}),
    "issue_fee_notice": (m.issue_fee_notice, {S.PROCESSING}),
    "record_payment": (m.record_payment, {S.AWAITING_FEE}),
    "flag_sensitive": (m.flag_sensitive, {S.PROCESSING}),
    "hold_coordination_meeting": (m.hold_meeting, {S.CONSULTATION}),
    "draft_reply": (m.draft, {S.REGISTERED, S.PROCESSING}),
    "submit_for_review": (m.submit_for_review, {S.PROCESSING}),
    "pass_confidentiality_review": (m.pass_review, {S.CONFIDENTIALITY_REVIEW}),
    "return_from_review": (m.return_from_review, {S.CONFIDENTIALITY_REVIEW}),
    "sign_off": (m.sign_off, {S.SIGN_OFF}),
    "return_from_sign_off": (m.return_from_sign_off, {S.SIGN_OFF}),
    "reply": (m.reply, {S.SIGN_OFF}),
    "reply_on_the_spot": (m.reply_on_the_spot, {S.REGISTERED}),
    "abandon": (m.abandon, {S.AWAITING_CORRECTION, S.AWAITING_FEE}),
    "withdraw": (m.withdraw, set(OPEN_STATUSES)),
    "archive": (m.archive, {S.REPLIED, S.WITHDRAWN, S.ABANDONED}),
    "ask_extension": (m.ask_extension, set(CLOCK_RUNNING_STATUSES)),
}

ILLEGAL = [
    pytest.param(status, act, id=f"{status}-{act}")
    for status in Status.values
    for act, (_perform, allowed) in ACTS.items()
    if status not in allowed
]


def make_people(organ):
    """The people of ``tests/conftest.py``, for a module-scoped fixture."""
    office = DepartmentFactory(organ=organ, name="办公室", is_ogi_office=True)
    dept = DepartmentFactory(organ=organ, name="污防科")
    return SimpleNamespace(
        office=office,
        dept=dept,
        registrar=staff(organ, Role.REGISTRAR, "registrar", office),
        handler=staff(organ, Role.HANDLER, "handler", dept),
        reviewer=staff(organ, Role.SECRECY_REVIEWER, "reviewer", office),
        ogi_head=staff(organ, Role.OGI_HEAD, "ogi_head", office),
        leader=staff(organ, Role.SIGNING_LEADER, "leader"),
    )


@pytest.fixture(scope="module")
def every_status(django_db_setup, django_db_blocker):
    """One request in each status, built through the services; rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        organ = OrganFactory()
        people = make_people(organ)
        built = {status: build(status, organ, people).pk for status in Status.values}
        yield people, built
        transaction.set_rollback(True)


def test_the_matrix_covers_every_status_and_act():
    assert len(ILLEGAL) == len(Status.values) * len(ACTS) - sum(
        len(allowed) for _perform, allowed in ACTS.values()
    )
    assert len(ILLEGAL) > 250


@pytest.mark.parametrize(("status", "act"), ILLEGAL)
def test_illegal_act_is_refused_and_changes_nothing(every_status, db, status, act):
    people, built = every_status
    request = DisclosureRequest.objects.get(pk=built[status])
    before = snapshot(request)
    perform, _allowed = ACTS[act]

    with pytest.raises(RequestActError) as refused:
        perform(request, people, TRY_AT)

    error = refused.value
    assert not isinstance(error, StaleRequestError)
    assert error.code in {"transition_not_allowed", "archived"}, error.messages
    message = " ".join(error.messages)
    assert str(Status(status).label) in message
    assert snapshot(request) == before
    # The object in memory is back in line with the database too.
    assert (request.status, request.version) == (status, before["request"]["version"])

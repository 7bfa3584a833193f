"""The audit log: append-only through the ORM, hash-chained per organ, and any change or
removal made behind the ORM's back (raw SQL) is found by ``audit_verify_chain`` and by the
``verify_audit`` command."""

import datetime
import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from requests.choices import Role
from requests.errors import RequestActError
from requests.models import AuditEvent
from requests.services import audit_verify_chain
from requests.services.audit import GENESIS_HASH, event_hash
from tests.factories import OrganFactory, staff, submit
from tests.requests import machine as m
from tests.requests.machine import build
from tests.requests.tamper import behind_the_orm

TABLE = connection.ops.quote_name(AuditEvent._meta.db_table)


@pytest.fixture
def replied(organ, people):
    """A request taken through the main path: 8 events (submit … reply)."""
    request = build("replied", organ, people)
    assert AuditEvent.objects.filter(organ=organ).count() == 8
    return request


def raw(sql, params=()):
    return behind_the_orm(sql, params)


def event(organ, sequence):
    return AuditEvent.objects.get(organ=organ, sequence=sequence)


def verify_command(*args):
    out = io.StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


# ---- an intact chain -------------------------------------------------------------------------

def test_an_intact_chain_verifies(organ, replied):
    events = list(AuditEvent.objects.filter(organ=organ).order_by("sequence"))
    assert [e.sequence for e in events] == list(range(1, 9))
    assert events[0].previous_hash == GENESIS_HASH
    for before, after in zip(events, events[1:], strict=False):
        assert after.previous_hash == before.hash
    assert all(event_hash(e) == e.hash for e in events)
    assert audit_verify_chain() == []
    assert audit_verify_chain(organ) == []
    assert verify_command().strip() == "OK"


def test_refused_acts_leave_the_chain_intact(organ, people, replied):
    for act in (m.triage, m.sign_off, m.withdraw):
        with pytest.raises(RequestActError):
            act(replied, people)
    assert AuditEvent.objects.filter(organ=organ).count() == 8
    assert verify_command().strip() == "OK"


def test_each_organ_has_its_own_chain(organ, people, replied):
    other = OrganFactory(name="莆田市自然资源局", short_name="莆田市自然资源局", code="PTZR",
                         letter_number_prefix="莆自然资源信公开")
    submit(other, on=m.SUBMITTED_ON)
    mine = AuditEvent.objects.get(organ=other)
    assert (mine.sequence, mine.previous_hash) == (1, GENESIS_HASH)
    assert audit_verify_chain() == []


# ---- tampering behind the ORM -----------------------------------------------------------------

@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("comment", "保密审查同意（后补）"),
        ("actor_name", "张局长"),
        ("status_after", "replied"),
        ("act", "reply"),
        ("data", json.dumps({"department": "环审科"}, ensure_ascii=False)),
    ],
)
def test_a_changed_row_is_reported_with_its_sequence(organ, replied, column, value):
    target = event(organ, 3)  # the triage
    assert raw(f"UPDATE {TABLE} SET {connection.ops.quote_name(column)} = %s WHERE id = %s",
               [value, target.pk]) == 1

    breaks = audit_verify_chain()
    assert len(breaks) == 1
    assert (breaks[0].organ, breaks[0].sequence) == ("莆田市生态环境局", 3)
    assert "记录被修改" in breaks[0].reason


def test_a_changed_time_is_reported(organ, replied):
    target = event(organ, 5)
    raw(f"UPDATE {TABLE} SET at = %s WHERE id = %s",
        [target.at - datetime.timedelta(days=1), target.pk])
    assert [b.sequence for b in audit_verify_chain(organ)] == [5]


def test_a_forger_who_also_rewrites_the_hash_is_caught_at_the_next_event(organ, replied):
    target = event(organ, 4)
    target.comment = "拟同意公开（改）"
    forged = event_hash(target)
    raw(f"UPDATE {TABLE} SET comment = %s, hash = %s WHERE id = %s",
        [target.comment, forged, target.pk])

    breaks = audit_verify_chain()
    assert [b.sequence for b in breaks] == [5]
    assert "哈希链接不符" in breaks[0].reason


def test_a_deleted_middle_row_is_reported(organ, replied):
    assert raw(f"DELETE FROM {TABLE} WHERE id = %s", [event(organ, 4).pk]) == 1

    breaks = audit_verify_chain()
    assert len(breaks) == 1
    assert "缺少第4号记录" in breaks[0].reason
    assert breaks[0].sequence == 5  # the first event found out of place


def test_a_renumbered_chain_after_a_deletion_is_still_caught(organ, replied):
    """Closing the gap by renumbering the later rows leaves the hash links broken."""
    raw(f"DELETE FROM {TABLE} WHERE id = %s", [event(organ, 4).pk])
    for sequence in range(5, 9):
        raw(f"UPDATE {TABLE} SET sequence = sequence - 1 WHERE organ_id = %s AND sequence = %s",
            [organ.pk, sequence])
    assert [b.sequence for b in audit_verify_chain()] == [4]


def test_verify_audit_command_fails_on_a_broken_chain(organ, replied):
    raw(f"UPDATE {TABLE} SET comment = %s WHERE id = %s", ["篡改", event(organ, 6).pk])
    out = io.StringIO()
    with pytest.raises(CommandError, match="audit chain broken"):
        call_command("verify_audit", stdout=out)
    assert "BROKEN 莆田市生态环境局 #6" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("verify_audit", "--organ", "莆田市生态环境局", stdout=io.StringIO())


def test_verify_audit_command_checks_one_organ(organ, replied):
    other = OrganFactory(name="莆田市自然资源局", short_name="莆田市自然资源局", code="PTZR",
                         letter_number_prefix="莆自然资源信公开")
    staff(other, Role.REGISTRAR, "zr_registrar")
    submit(other, on=m.SUBMITTED_ON)
    raw(f"UPDATE {TABLE} SET comment = %s WHERE id = %s", ["篡改", event(organ, 2).pk])

    assert verify_command("--organ", "莆田市自然资源局").strip() == "OK"
    assert [(b.organ, b.sequence) for b in audit_verify_chain()] == [("莆田市生态环境局", 2)]
    with pytest.raises(CommandError, match="no organ"):
        call_command("verify_audit", "--organ", "不存在的机关", stdout=io.StringIO())


# ---- append-only through the ORM ---------------------------------------------------------------

def test_the_orm_refuses_to_change_or_remove_audit_events(organ, replied):
    hashes = list(AuditEvent.objects.order_by("pk").values_list("hash", flat=True))
    stored = event(organ, 3)

    with pytest.raises(RequestActError, match="只能追加，不能修改"):
        AuditEvent.objects.update(comment="批量修改")
    with pytest.raises(RequestActError, match="只能追加，不能修改"):
        AuditEvent.objects.filter(pk=stored.pk).update(comment="修改")
    with pytest.raises(RequestActError, match="只能追加，不能修改"):
        stored.comment = "修改"
        stored.save()
    with pytest.raises(RequestActError, match="只能追加，不能修改"), transaction.atomic():
        # bulk_update runs in a transaction without a savepoint: keep the test's usable
        AuditEvent.objects.bulk_update([stored], ["comment"])
    with pytest.raises(RequestActError, match="只能追加，不能删除"):
        AuditEvent.objects.all().delete()
    with pytest.raises(RequestActError, match="只能追加，不能删除"):
        AuditEvent.objects.filter(pk=stored.pk).delete()
    with pytest.raises(RequestActError, match="只能追加，不能删除"):
        stored.delete()

    assert list(AuditEvent.objects.order_by("pk").values_list("hash", flat=True)) == hashes
    assert audit_verify_chain() == []


def test_the_hash_covers_the_previous_hash(organ, replied):
    """The chain is what makes a deletion visible: each hash depends on the one before."""
    second = event(organ, 2)
    second.previous_hash = hashlib.sha256(b"another history").hexdigest()
    assert event_hash(second) != second.hash


def test_removing_the_newest_events_is_detected_by_the_chain_head(organ, people):
    from requests.choices import Status
    from requests.services import audit_verify_chain
    from tests.requests import machine as m

    request = m.build(Status.SIGN_OFF, organ, people)
    assert audit_verify_chain() == []
    last = AuditEvent.objects.filter(organ=organ).order_by("-sequence").first()
    raw("DELETE FROM requests_auditevent WHERE id = %s", [last.pk])
    breaks = audit_verify_chain()
    assert len(breaks) == 1
    assert breaks[0].sequence == last.sequence
    assert "最新记录被删除" in breaks[0].reason
    assert request.pk

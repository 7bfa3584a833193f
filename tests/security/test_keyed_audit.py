"""The audit chain against an insider: a person who can write to the database, but does not
hold the audit key, cannot rewrite history and re-seal it; a key that is rotated out leaves
its events unverifiable, never valid; a status changed with no event is found; exported heads
prove that nothing up to them changed, even against a key holder; and on PostgreSQL the
database itself refuses to change audit events and issued letters."""

import datetime
import hashlib
import hmac
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from config.audit_keys import load_audit_keys
from letters import acts
from letters.audit_trail import audit_trail
from letters.models import DeliveryMethod, IssuedLetter
from requests import audit_mac
from requests.choices import Status
from requests.models import AuditEvent, AuditHead, DisclosureRequest
from requests.services import audit_verify_chain, audit_verify_statuses
from requests.services.audit import GENESIS_HASH, event_hash
from tests.factories import at, submit
from tests.requests import machine as m
from tests.requests.tamper import behind_the_orm

ROOT = Path(__file__).resolve().parents[2]
TABLE = connection.ops.quote_name(AuditEvent._meta.db_table)
KEY_1 = bytes.fromhex("74657374206175646974206b6579202d206e6f7420666f72207573652031")
KEY_2 = bytes.fromhex("9b1f0c2e5d7a4486b3e1c0ffee5a1d2c3b4a59687766554433221100aabbccdd")
WRONG_KEY = b"an insider's guess at the audit key"

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only triggers exist on PostgreSQL only (SQLite has no such guard)",
)


@pytest.fixture(params=[audit_mac.HMAC_SM3, audit_mac.HMAC_SHA256])
def algorithm(request, settings):
    settings.OGI_AUDIT_ALGORITHM = request.param
    return request.param


@pytest.fixture
def replied(organ, people, algorithm):
    """A request taken through the main path under ``algorithm``: 8 events."""
    request = m.build("replied", organ, people)
    assert AuditEvent.objects.filter(organ=organ).count() == 8
    return request


def chain(organ):
    return list(AuditEvent.objects.filter(organ=organ).order_by("sequence"))


def verify(*args):
    """Run verify_audit; return (ok, output)."""
    out = io.StringIO()
    try:
        call_command("verify_audit", *args, stdout=out)
    except CommandError as error:
        assert str(error) == "audit chain broken"
        return False, out.getvalue()
    return True, out.getvalue()


def reseal(organ, *, first: int, seal, change=None):
    """The insider's rewrite: change event ``first`` (``change(event)``), then recompute
    every link from it to the newest with ``seal(event) -> hash`` (which may also relabel
    the event), and move the chain head along, all by SQL."""
    previous = GENESIS_HASH
    for event in chain(organ):
        if event.sequence < first:
            previous = event.hash
            continue
        if event.sequence == first and change:
            change(event)
        event.previous_hash = previous
        event.hash = seal(event)
        behind_the_orm(
            f"UPDATE {TABLE} SET comment = %s, previous_hash = %s, hash = %s, algorithm = %s, "
            "key_id = %s WHERE id = %s",
            [event.comment, event.previous_hash, event.hash, event.algorithm, event.key_id,
             event.pk],
        )
        previous = event.hash
    behind_the_orm(
        f"UPDATE {connection.ops.quote_name(AuditHead._meta.db_table)} SET hash = %s "
        "WHERE organ_id = %s", [previous, organ.pk],
    )


def rewrite_comment(event):
    event.comment = "保密审查同意（后补）"


def plain_sha256(event):
    """What an insider can always compute: SHA-256 of the event's fields, as the chain was
    sealed before it had a key."""
    return hashlib.sha256(
        json.dumps(
            {
                "organ": event.organ_id, "sequence": event.sequence, "request": event.request_id,
                "act": event.act, "actor": event.actor_id, "actor_name": event.actor_name,
                "status_before": event.status_before, "status_after": event.status_after,
                "comment": event.comment, "data": event.data,
                "at": event.at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
                "previous_hash": event.previous_hash,
                "algorithm": event.algorithm, "key_id": event.key_id,
            },
            sort_keys=True, ensure_ascii=False, separators=(",", ":"),
        ).encode()
    ).hexdigest()


# ---- the seal ---------------------------------------------------------------------------------

def test_each_event_is_sealed_with_the_configured_key_and_names_it(organ, replied, algorithm):
    events = chain(organ)
    assert {(e.algorithm, e.key_id) for e in events} == {(algorithm, "test-1")}
    assert all(len(e.hash) == 64 for e in events)
    # Without the key the seal cannot be made: the plain hash of the same fields differs.
    assert all(plain_sha256(e) != e.hash for e in events)
    assert event_hash(events[0], WRONG_KEY) != events[0].hash
    assert audit_verify_chain() == []
    assert verify() == (True, "OK\n")


def test_sm3_is_the_national_standard_hash_and_both_implementations_agree():
    # GB/T 32905-2016, Appendix A, example 1.
    if audit_mac.HAS_OPENSSL_SM3:
        assert hashlib.new("sm3", b"abc").hexdigest() == (
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        )
        for key in (KEY_1, b"k" * 100):
            message = "莆田市生态环境局 #3".encode()
            expected = hmac.new(key, message, lambda d=b"": hashlib.new("sm3", d)).hexdigest()
            assert audit_mac.sm3_hmac_gmssl(key, message).hex() == expected
            assert audit_mac.keyed_mac(audit_mac.HMAC_SM3, key, message) == expected
    assert audit_mac.keyed_mac(audit_mac.HMAC_SHA256, KEY_1, b"x") == hmac.new(
        KEY_1, b"x", hashlib.sha256
    ).hexdigest()


# ---- an insider without the key ----------------------------------------------------------------

def test_an_insider_who_rewrites_a_comment_and_recomputes_the_chain_with_sha256_is_caught(
    organ, replied
):
    reseal(organ, first=3, change=rewrite_comment, seal=plain_sha256)
    assert AuditEvent.objects.get(organ=organ, sequence=3).comment == "保密审查同意（后补）"

    breaks = audit_verify_chain()
    assert [(b.organ, b.sequence, b.kind) for b in breaks] == [("莆田市生态环境局", 3, "broken")]
    assert "记录被修改" in breaks[0].reason
    ok, out = verify()
    assert not ok
    assert out.startswith("BROKEN 莆田市生态环境局 #3: 记录内容与其哈希值不符（记录被修改）")


def test_relabelling_the_rewritten_events_as_written_before_keys_is_caught(organ, replied):
    def as_legacy(event):
        event.algorithm, event.key_id = audit_mac.LEGACY_SHA256, ""
        return event_hash(event)  # the plain SHA-256 the chain used before it had keys

    reseal(organ, first=5, change=rewrite_comment, seal=as_legacy)

    breaks = audit_verify_chain()
    assert [(b.sequence, b.kind) for b in breaks] == [(5, "broken")]
    assert "未用密钥封存的记录出现在已用密钥封存的记录之后" in breaks[0].reason


def test_an_insider_who_reseals_with_the_hmac_but_the_wrong_key_is_caught(organ, replied):
    reseal(organ, first=2, change=rewrite_comment, seal=lambda e: event_hash(e, WRONG_KEY))

    breaks = audit_verify_chain()
    assert [(b.sequence, b.kind) for b in breaks] == [(2, "broken")]
    assert "记录被修改" in breaks[0].reason


def test_an_event_relabelled_with_an_unknown_key_is_unverifiable_not_valid(organ, replied):
    def under_invented_key(event):
        event.key_id = "2027-01"
        return event_hash(event, WRONG_KEY)

    reseal(organ, first=6, change=rewrite_comment, seal=under_invented_key)

    breaks = audit_verify_chain()
    assert [(b.sequence, b.kind) for b in breaks] == [(6, "unverifiable")]
    assert "共3条记录由未配置的密钥（2027-01）封存，无法验证" in breaks[0].reason
    ok, out = verify()
    assert not ok
    assert "UNVERIFIABLE 莆田市生态环境局 #6" in out


def test_the_audit_trail_report_says_so_when_an_events_key_is_gone(organ, replied, settings):
    """The 办理过程记录 checks the request's events under the keys they name."""
    assert audit_trail(replied).chain_ok
    settings.OGI_AUDIT_KEYS = {"test-2": KEY_2}
    settings.OGI_AUDIT_KEY_ID = "test-2"
    trail = audit_trail(replied)
    assert not trail.chain_ok
    assert trail.chain_text == "第1号审计记录由未配置的密钥封存，无法验证。"


# ---- key rotation -----------------------------------------------------------------------------

def test_events_under_an_old_and_a_new_key_both_verify_and_a_dropped_key_is_unverifiable(
    organ, people, settings, algorithm
):
    settings.OGI_AUDIT_KEYS = {"test-1": KEY_1}
    settings.OGI_AUDIT_KEY_ID = "test-1"
    request = m.build(Status.PROCESSING, organ, people)  # submit, register, triage
    assert {e.key_id for e in chain(organ)} == {"test-1"}

    # Rotation: the new key is added with a new id and seals new events; the old one stays.
    settings.OGI_AUDIT_KEYS = {"test-1": KEY_1, "test-2": KEY_2}
    settings.OGI_AUDIT_KEY_ID = "test-2"
    request.refresh_from_db()
    m.draft(request, people)
    assert [e.key_id for e in chain(organ)] == ["test-1"] * 3 + ["test-2"]
    assert verify() == (True, "OK\n")

    # Dropping the old key leaves its events unverifiable, never valid.
    settings.OGI_AUDIT_KEYS = {"test-2": KEY_2}
    breaks = audit_verify_chain()
    assert [(b.sequence, b.kind) for b in breaks] == [(1, "unverifiable")]
    assert "自第1号起共3条记录由未配置的密钥（test-1）封存，无法验证" in breaks[0].reason
    ok, out = verify()
    assert not ok and "UNVERIFIABLE 莆田市生态环境局 #1" in out

    # The events under the remaining key are still checked.
    behind_the_orm(f"UPDATE {TABLE} SET comment = %s WHERE organ_id = %s AND sequence = 4",
                   ["改写", organ.pk])
    assert [(b.sequence, b.kind) for b in audit_verify_chain()] == [
        (1, "unverifiable"), (4, "broken")
    ]


def test_events_written_before_keys_still_verify_and_the_chain_continues_keyed(
    organ, people, settings
):
    request = m.build(Status.REGISTERED, organ, people)

    def as_written_before_keys(event):
        event.algorithm, event.key_id = audit_mac.LEGACY_SHA256, ""
        return event_hash(event)

    reseal(organ, first=1, seal=as_written_before_keys)  # the rows as the old code left them
    assert {(e.algorithm, e.key_id) for e in chain(organ)} == {("sha256", "")}
    assert audit_verify_chain() == []

    request.refresh_from_db()
    m.triage(request, people)
    assert [e.algorithm for e in chain(organ)] == ["sha256", "sha256", "hmac-sm3"]
    assert verify() == (True, "OK\n")

    # Where the operator has no such events (or has exported heads), they may be refused.
    settings.OGI_AUDIT_ACCEPT_LEGACY = False
    breaks = audit_verify_chain()
    assert [(b.sequence, b.kind) for b in breaks] == [(1, "broken")]
    assert "记录未用密钥封存" in breaks[0].reason


# ---- a status changed with no event -----------------------------------------------------------

def test_a_status_changed_by_sql_with_no_event_is_detected(organ, replied):
    assert audit_verify_statuses() == []
    table = connection.ops.quote_name(DisclosureRequest._meta.db_table)
    behind_the_orm(f"UPDATE {table} SET status = %s WHERE id = %s",
                   [Status.PROCESSING, replied.pk])

    found = audit_verify_statuses()
    assert [(f.organ, f.sequence, f.kind) for f in found] == [("莆田市生态环境局", 8, "status")]
    assert "当前状态“办理中”与其最后一条审计记录（第8号）记载的“已答复”不符" in found[0].reason
    assert audit_verify_chain() == []  # the chain itself is intact
    ok, out = verify()
    assert not ok
    assert f"STATUS 莆田市生态环境局 #8: 申请{replied.registration_number}的当前状态" in out


def test_a_request_written_by_sql_with_no_event_at_all_is_detected(organ, replied):
    behind_the_orm(f"DELETE FROM {TABLE} WHERE request_id = %s", [replied.pk])
    found = audit_verify_statuses()
    assert [f.kind for f in found] == ["status"]
    assert "没有任何记载其状态的审计记录" in found[0].reason


# ---- the exported chain head -----------------------------------------------------------------

def export(path, *args):
    out = io.StringIO()
    call_command("export_audit_head", "--to", str(path), *args, stdout=out)
    return out.getvalue()


def test_the_head_export_appends_one_line_per_organ_and_never_truncates(
    organ, people, replied, tmp_path, algorithm
):
    heads = tmp_path / "audit-heads.jsonl"
    heads.write_text('{"earlier": "line kept"}\n', encoding="utf-8")
    export(heads)
    first = heads.read_text(encoding="utf-8").splitlines()
    assert first[0] == '{"earlier": "line kept"}'
    line = json.loads(first[1])
    newest = AuditEvent.objects.get(organ=organ, sequence=8)
    assert line | {"exported_at": "-"} == {
        "organ_id": organ.pk, "organ_code": organ.code, "organ": "莆田市生态环境局",
        "sequence": 8, "hash": newest.hash, "key_id": "test-1", "algorithm": algorithm,
        "event_at": newest.at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "exported_at": "-",
    }

    m.archive(replied, people)
    export(heads)
    again = heads.read_text(encoding="utf-8").splitlines()
    assert again[:2] == first and len(again) == 3
    assert json.loads(again[2])["sequence"] == 9


def test_the_heads_are_mailed_when_an_address_is_set(organ, replied, tmp_path, settings):
    settings.OGI_AUDIT_HEAD_EMAIL = ["audit@pthb.example.cn"]
    export(tmp_path / "heads.jsonl")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["audit@pthb.example.cn"]
    assert json.loads(mail.outbox[0].body)["sequence"] == 8
    call_command("export_audit_head", stdout=io.StringIO())  # mail only
    assert len(mail.outbox) == 2


def test_a_broken_chain_is_not_exported(organ, replied, tmp_path):
    heads = tmp_path / "heads.jsonl"
    behind_the_orm(f"UPDATE {TABLE} SET comment = %s WHERE organ_id = %s AND sequence = 2",
                   ["改写", organ.pk])
    with pytest.raises(CommandError, match="not exported"):
        export(heads)
    assert not heads.exists() or heads.read_text() == ""


def test_against_the_exported_heads_a_rewrite_resealed_with_the_key_is_caught(
    organ, replied, people, tmp_path
):
    heads = tmp_path / "heads.jsonl"
    export(heads)
    m.archive(replied, people)  # the chain goes on after the export (event 9)
    assert verify("--against", str(heads)) == (True, "OK (1 exported heads hold)\n")

    # A key holder rewrites event 3 and re-seals the whole chain consistently.
    reseal(organ, first=3, change=rewrite_comment, seal=event_hash)
    assert verify() == (True, "OK\n")  # the chain alone cannot tell

    ok, out = verify("--against", str(heads))
    assert not ok
    assert out.startswith("EXPORTED HEAD 莆田市生态环境局 #8: 第8号记录与")
    assert "（该号及以前的记录被改写）" in out


def test_against_the_exported_heads_removed_newest_events_are_caught(organ, replied, tmp_path):
    heads = tmp_path / "heads.jsonl"
    export(heads)
    behind_the_orm(f"DELETE FROM {TABLE} WHERE organ_id = %s AND sequence >= 7", [organ.pk])
    behind_the_orm(
        f"UPDATE {connection.ops.quote_name(AuditHead._meta.db_table)} SET sequence = 6, "
        "hash = %s WHERE organ_id = %s",
        [AuditEvent.objects.get(organ=organ, sequence=6).hash, organ.pk],
    )
    assert audit_verify_chain() == []
    ok, out = verify("--against", str(heads))
    assert not ok
    assert "EXPORTED HEAD 莆田市生态环境局 #8: " in out and "第8号记录已不存在（记录被删除）" in out


def test_against_an_unreadable_or_foreign_file_is_a_clear_error(organ, replied, tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("verify_audit", "--against", str(tmp_path / "missing"), stdout=io.StringIO())
    junk = tmp_path / "junk.jsonl"
    junk.write_text("not json\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第1行不是导出的审计链末端记录"):
        call_command("verify_audit", "--against", str(junk), stdout=io.StringIO())


# ---- the keys' configuration -------------------------------------------------------------------

def key_file(tmp_path, text, mode=0o600):
    path = tmp_path / "audit-keys"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_keys_are_read_from_a_private_key_file_and_the_last_one_seals(tmp_path):
    path = key_file(tmp_path, f"# rotated 2026-12\n2026-01 {KEY_1.hex()}\n2026-12 "
                              "mx8MLl16RIaz4cD_7lodLDtKWWh3ZlVEMyIRAKq7zN0\n")
    keys = load_audit_keys({"OGI_AUDIT_KEY_FILE": str(path)}, debug=False)
    assert keys.keys == {"2026-01": KEY_1, "2026-12": KEY_2}
    assert (keys.current, keys.development) == ("2026-12", False)
    chosen = load_audit_keys({"OGI_AUDIT_KEY_FILE": str(path), "OGI_AUDIT_KEY_ID": "2026-01"},
                             debug=False)
    assert chosen.current == "2026-01"


@pytest.mark.parametrize(
    ("text", "mode", "message"),
    [
        (f"k1 {KEY_1.hex()}\n", 0o644, "may be read or written by others"),
        ("k1 00ff\n", 0o600, "at least 16 are needed"),
        ("k1\n", 0o600, "expected '<key id> <key>'"),
        (f"k1 {KEY_1.hex()}\nk1 {KEY_2.hex()}\n", 0o600, "listed twice"),
        ("k1 not*a*key\n", 0o600, "neither hex nor base64"),
    ],
)
def test_a_bad_key_file_refuses_to_start(tmp_path, text, mode, message):
    path = key_file(tmp_path, text, mode)
    with pytest.raises(ImproperlyConfigured, match=message.replace("*", r"\*")):
        load_audit_keys({"OGI_AUDIT_KEY_FILE": str(path)}, debug=False)
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_without_a_key_debug_uses_the_development_key_and_production_refuses():
    development = load_audit_keys({}, debug=True)
    assert development.development and development.current == "development"
    with pytest.raises(ImproperlyConfigured, match="An audit key must be configured"):
        load_audit_keys({}, debug=False)
    with pytest.raises(ImproperlyConfigured, match="not among the configured keys"):
        load_audit_keys({"OGI_AUDIT_KEYS": f"k1:{KEY_1.hex()}", "OGI_AUDIT_KEY_ID": "k2"},
                        debug=False)


def test_production_settings_refuse_to_start_without_an_audit_key(tmp_path):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "OGI_AUDIT_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_SECRET_KEY="k3Jq8w2Vn5Lr0Ty7Ub4Xz1Pa6Sd9Fg2Hh5Jj8Kk1Ll4Mm7Nn0Bb3Vv6Cc9Xx2Zz5",
        DJANGO_ALLOWED_HOSTS="ogi.pthb.gov.cn",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    )
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "An audit key must be configured when DJANGO_DEBUG is off" in result.stderr


# ---- the database's own guard (PostgreSQL) -----------------------------------------------------

def refused(sql, params):
    with pytest.raises(DatabaseError, match="append-only|cannot be|already recorded"), \
            transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@on_postgres
def test_postgres_refuses_to_update_or_delete_audit_events(organ, replied):
    target = AuditEvent.objects.get(organ=organ, sequence=3)
    refused(f"UPDATE {TABLE} SET comment = %s WHERE id = %s", ["改写", target.pk])
    refused(f"DELETE FROM {TABLE} WHERE id = %s", [target.pk])
    refused(f"DELETE FROM {TABLE}", [])
    assert AuditEvent.objects.get(pk=target.pk).comment == target.comment
    assert AuditEvent.objects.count() == 8


@on_postgres
def test_postgres_keeps_issued_letters_as_issued_and_records_a_delivery_once(organ, people):
    request = submit(organ, on=m.SUBMITTED_ON)
    letter = acts.register_and_send_receipt(request=request, acting_user=people.registrar,
                                            at=at(m.REGISTERED_ON))
    letters = connection.ops.quote_name(IssuedLetter._meta.db_table)
    for column, value in [("number", "莆环信公开登〔2026〕99号"), ("sha256", "0" * 64),
                          ("file", "letters/other.pdf"), ("issued_on", datetime.date(2026, 1, 1)),
                          ("addressee", "他人")]:
        refused(f"UPDATE {letters} SET {column} = %s WHERE id = %s", [value, letter.pk])
    refused(f"DELETE FROM {letters} WHERE id = %s", [letter.pk])

    # The application records the delivery: exactly those columns, once.
    from letters.services import letter_record_delivery

    letter_record_delivery(letter=letter, method=DeliveryMethod.POSTAL_DELIVERY,
                           delivered_on=datetime.date(2026, 3, 4), acting_user=people.registrar,
                           proof="EMS1234567890", at=at("2026-03-04"))
    refused(f"UPDATE {letters} SET delivered_on = %s WHERE id = %s",
            [datetime.date(2026, 3, 5), letter.pk])
    stored = IssuedLetter.objects.get(pk=letter.pk)
    assert (stored.number, stored.sha256, stored.delivered_on) == (
        letter.number, letter.sha256, datetime.date(2026, 3, 4)
    )

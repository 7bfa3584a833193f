"""Freezing the release package on dispatch (records/release.py): what is released for
each outcome and disclosure, with the hashes of the bytes copied; the files never change
after; nothing is written when the package cannot be frozen; the reply's audit event and
the audit trail name the files and their SHA-256."""

from __future__ import annotations

import datetime
import hashlib

import pymupdf
import pytest
from django.db import transaction

from letters import acts
from letters.audit_trail import audit_trail
from letters.models import IssuedLetter
from records.models import Disclosure, ImmutableReleasedFileError, Record, RecordState, ReleasedFile
from records.release import DOWNLOAD_DAYS, release_freeze
from records.selectors import records_are_frozen, released_files_of
from requests.errors import RequestActError
from requests.models import AuditEvent
from requests.models.audit import Act
from requests.outcomes import Outcome
from tests.factories import at
from tests.letters.cases import signed_off
from tests.records.releasekit import PERSONAL, add_record, stored_bytes
from tests.requests import machine as m

pytestmark = pytest.mark.django_db

REPORT = "2025年第四季度木兰溪水质自动监测站监测数据报告"
MINUTES = "华亭镇某化工企业环评审批专家评审会会议纪要"
PERMIT = "莆田市兴荔新材料科技有限公司排污许可证副本"
INTERNAL = "环审科内部请示（不予公开）"
STATISTICS = "2025年度涵江区工业固体废物统计表"


@pytest.fixture
def package(organ, people):
    """Provided (one record as it is, one withheld), partial (one redacted, one as it is),
    not held (a record attached all the same): signed off, not yet replied."""
    request = signed_off(organ, people, [Outcome.PROVIDED, Outcome.PARTIAL, Outcome.NOT_HELD])
    records = {
        "report": add_record(request, 1, REPORT, pages=3),
        "internal": add_record(request, 1, INTERNAL, disclosure=Disclosure.WITHHELD),
        "permit": add_record(request, 2, PERMIT, disclosure=Disclosure.REDACTED, pages=2),
        "minutes": add_record(request, 2, MINUTES, pages=1),
        "statistics": add_record(request, 3, STATISTICS),
    }
    return request, records


def reply(request, people):
    return acts.reply_with_letter(request=request, acting_user=people.registrar,
                                  at=at(m.REPLIED_ON, 16))


def test_dispatch_freezes_the_released_files_in_the_letters_order(package, people):
    request, records = package
    reply(request, people)

    files = released_files_of(request)
    assert [(f.position, f.name, f.is_redacted) for f in files] == [
        (1, REPORT, False), (2, PERMIT, True), (3, MINUTES, False)]
    by_record = {f.record_id: f for f in files}
    # The redacted copy for the record released after redaction, else the working copy.
    assert stored_bytes(by_record[records["permit"].pk].file) == stored_bytes(
        records["permit"].redacted)
    assert stored_bytes(by_record[records["report"].pk].file) == stored_bytes(
        records["report"].working)
    for f in files:
        data = stored_bytes(f.file)
        assert f.sha256 == hashlib.sha256(data).hexdigest()
        assert f.size == len(data)
        with pymupdf.open(stream=data, filetype="pdf") as document:
            assert f.page_count == document.page_count
    assert [f.page_count for f in files] == [3, 2, 1]
    assert PERSONAL not in pymupdf.open(stream=stored_bytes(files[1].file)).get_page_text(0)
    # Neither the withheld record nor the record of an item answered "not held".
    assert records["internal"].pk not in by_record
    assert records["statistics"].pk not in by_record
    assert {f.available_until for f in files} == {
        datetime.date(2026, 3, 10) + datetime.timedelta(days=DOWNLOAD_DAYS)}
    assert {f.frozen_at for f in files} == {at(m.REPLIED_ON, 16)}


def test_every_record_of_the_request_is_frozen_after_dispatch(package, people):
    request, records = package
    assert not records_are_frozen(request)
    reply(request, people)
    assert records_are_frozen(request)
    assert set(Record.objects.filter(request=request).values_list("frozen_at", flat=True)) == {
        at(m.REPLIED_ON, 16)}


def test_a_released_file_is_never_changed_nor_deleted(package, people):
    request, _records = package
    reply(request, people)
    released = released_files_of(request)[0]
    data = stored_bytes(released.file)

    released.name = "另一个文件"
    with pytest.raises(ImmutableReleasedFileError):
        released.save()
    with pytest.raises(ImmutableReleasedFileError):
        released.delete()
    with pytest.raises(ImmutableReleasedFileError):
        ReleasedFile.objects.filter(request=request).update(name="另一个文件")
    with pytest.raises(ImmutableReleasedFileError):
        ReleasedFile.objects.filter(request=request).delete()
    released.refresh_from_db()
    assert released.name == REPORT and stored_bytes(released.file) == data
    assert ReleasedFile.objects.filter(request=request).count() == 3


def test_a_package_is_frozen_once(package, people):
    request, _records = package
    reply(request, people)
    with transaction.atomic(), pytest.raises(RequestActError, match="已经冻结"):
        release_freeze(request=request, acting_user=people.registrar, at=at("2026-03-11"))
    assert ReleasedFile.objects.filter(request=request).count() == 3


@pytest.mark.parametrize("flaw", ["redacted_without_file", "not_converted"])
def test_a_record_that_cannot_be_released_stops_the_dispatch_and_nothing_is_written(
    organ, people, flaw
):
    request = signed_off(organ, people, [Outcome.PARTIAL])
    add_record(request, 1, REPORT)
    if flaw == "redacted_without_file":
        add_record(request, 1, PERMIT, disclosure=Disclosure.REDACTED, with_redacted=False)
        said = f"「{PERMIT}」标记为区分处理后公开，但尚未生成区分处理后的文件。"
    else:
        add_record(request, 1, PERMIT, state=RecordState.PROCESSING)
        said = f"「{PERMIT}」尚未转换完成，不能公开。"
    events, status = AuditEvent.objects.count(), request.status

    with pytest.raises(RequestActError) as refused:
        reply(request, people)

    assert refused.value.messages == [said]
    request.refresh_from_db()
    assert request.status == status and request.replied_on is None
    assert not ReleasedFile.objects.exists() and not IssuedLetter.objects.filter(
        request=request, kind="reply").exists()
    assert AuditEvent.objects.count() == events
    assert not records_are_frozen(request)


def test_a_refused_reply_leaves_no_frozen_file_behind(package, people):
    request, _records = package
    with pytest.raises(RequestActError):
        # Only a registrar replies: the act is refused after the files were copied.
        acts.reply_with_letter(request=request, acting_user=people.handler,
                               at=at(m.REPLIED_ON, 16))
    assert not ReleasedFile.objects.exists()
    assert not records_are_frozen(request)


def test_the_reply_audit_event_records_each_released_file_and_its_hash(package, people):
    request, _records = package
    reply(request, people)
    event = AuditEvent.objects.get(request=request, act=Act.REPLY)
    files = released_files_of(request)
    assert [(e["position"], e["name"], e["sha256"]) for e in event.data["released_files"]] == [
        (f.position, f.name, f.sha256) for f in files]


def test_the_audit_trail_lists_the_released_files_and_verifies_them(package, people):
    request, _records = package
    reply(request, people)
    trail = audit_trail(request)
    row = next(r for r in trail.rows if r.released)
    assert row.act == str(Act.REPLY.label)
    assert [(f.name, f.sha256) for f in row.released] == [
        (f.name, f.sha256) for f in released_files_of(request)]
    assert trail.chain_ok
    assert trail.released_ok and "公开文件3件" in trail.released_text

    # A released file's stored bytes changed behind the system's back: the trail says so.
    tampered = released_files_of(request)[1]
    with tampered.file.storage.open(tampered.file.name, "wb") as handle:
        handle.write(b"%PDF-1.7 altered")
    trail = audit_trail(request)
    assert not trail.released_ok and PERMIT in trail.released_text


def test_a_reply_releasing_nothing_freezes_nothing(organ, people):
    request = signed_off(organ, people, [Outcome.NOT_HELD])
    add_record(request, 1, STATISTICS)
    reply(request, people)
    assert not ReleasedFile.objects.exists()
    event = AuditEvent.objects.get(request=request, act=Act.REPLY)
    assert "released_files" not in event.data
    # Frozen all the same: the case is answered, its records no longer change.
    assert records_are_frozen(request)


def test_a_reply_on_the_spot_hands_over_a_frozen_package(organ, people):
    from requests.choices import Channel
    from requests.services import request_draft_reply, request_register
    from requests.services.reply import ItemDecision
    from tests.factories import submit

    request = submit(organ, on=m.SUBMITTED_ON, channel=Channel.IN_PERSON,
                     entered_by=people.registrar)
    request_register(request=request, acting_user=people.registrar, at=at(m.SUBMITTED_ON, 10))
    add_record(request, 1, REPORT, pages=2)
    request_draft_reply(request=request, acting_user=people.registrar,
                        decisions=[ItemDecision(1, Outcome.PROVIDED, "当场提供打印件。")],
                        at=at(m.SUBMITTED_ON, 11))
    acts.reply_on_the_spot_with_letter(request=request, acting_user=people.registrar,
                                       at=at(m.SUBMITTED_ON, 11))
    [released] = released_files_of(request)
    assert released.name == REPORT and released.page_count == 2
    event = AuditEvent.objects.get(request=request, act=Act.REPLY_ON_THE_SPOT)
    assert [e["sha256"] for e in event.data["released_files"]] == [released.sha256]

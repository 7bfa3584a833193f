"""A step refused after its letter was rendered leaves no file behind.

The dispatch step issues the reply letter and records its delivery in one transaction; a
delivery date before the letter's date is refused, so the step rolls back and the reply's
number is given back. The PDF already written for it — carrying that number — is deleted
with the rolled-back row; the letter issued next takes the number and is the only file.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage

from letters.errors import LetterError
from letters.kinds import LetterKind
from letters.models import IssuedLetter
from letters.numbering import peek_number
from requests.models import Attachment
from requests.outcomes import Outcome
from requests.services.reply import ItemDecision
from tests.factories import at
from tests.workflow.flowkit import do, start
from workflow import steps
from workflow.models import TriageDecision

DAY = "2026-03-13"


@pytest.fixture
def storage_dir(tmp_path, settings, monkeypatch):
    """A private media root of the test's own (the fields keep the storage they were built
    with, so it is swapped on them)."""
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = tmp_path
    for model, name in ((IssuedLetter, "file"), (IssuedLetter, "delivery_proof"),
                        (Attachment, "file")):
        monkeypatch.setattr(model._meta.get_field(name), "storage",
                            FileSystemStorage(location=tmp_path, base_url=None))
    return tmp_path


def files_in(directory: Path) -> set[str]:
    return {str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file()}


def ready_to_dispatch(organ, people):
    _request, process = start(organ)
    do(process, "register", people.registrar, at=at("2026-03-03"))
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR,
       department=people.dept, at=at("2026-03-04"))
    do(process, "handle", people.handler, step=steps.submit_reply,
       decisions=[ItemDecision(1, Outcome.PROVIDED, "提供环境影响报告书及批复电子版")],
       at=at("2026-03-10"))
    do(process, "review", people.reviewer, passed=True, comment="不涉及国家秘密", at=at(DAY, 10))
    do(process, "sign", people.leader, approved=True, comment="同意", at=at(DAY, 11))
    return process


def refused_dispatch_then_issued(organ, people, storage_dir):
    process = ready_to_dispatch(organ, people)
    receipt = IssuedLetter.objects.get(kind=LetterKind.RECEIPT)
    number = peek_number(organ=organ, kind=LetterKind.REPLY, year=2026).text

    with pytest.raises(LetterError, match="送达日期应在发文之后"):
        do(process, "dispatch", people.registrar, delivery_method="electronic_delivery",
           delivered_on=datetime.date(2026, 3, 12), at=at(DAY, 14))

    assert not IssuedLetter.objects.filter(kind=LetterKind.REPLY).exists()
    assert files_in(storage_dir) == {receipt.file.name}  # the refused reply left nothing
    assert peek_number(organ=organ, kind=LetterKind.REPLY, year=2026).text == number

    reply = do(process, "dispatch", people.registrar, delivery_method="electronic_delivery",
               delivered_on=datetime.date(2026, 3, 13), at=at(DAY, 14))
    assert reply.number == number
    assert files_in(storage_dir) == {receipt.file.name, reply.file.name}
    with reply.file.open("rb") as handle:
        assert handle.read().startswith(b"%PDF")


@pytest.mark.django_db
def test_a_refused_step_leaves_no_letter_file(organ, people, storage_dir):
    """Inside the test's transaction: the step's savepoint rolls back."""
    refused_dispatch_then_issued(organ, people, storage_dir)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_refused_step_leaves_no_letter_file_when_its_transaction_rolls_back(
    organ, people, storage_dir
):
    """Real transactions: the step's own transaction rolls back; the next one commits."""
    refused_dispatch_then_issued(organ, people, storage_dir)

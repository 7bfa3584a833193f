"""Four-eyes on the package: a handler who also holds the secrecy reviewer's post, and who
attached, redacted and drafted the reply, may not review it; a colleague reviews the same
records and log."""

import pytest
from django.core.exceptions import ValidationError

from records import redacting
from records.grounds import Ground
from records.services import record_attach
from requests.choices import Role
from requests.outcomes import Outcome
from requests.services.reply import ItemDecision
from tests.factories import staff
from tests.records.cases import being_handled, upload
from tests.records.documents import letter_pdf
from tests.workflow.flowkit import do, open_task
from workflow import steps
from workflow.eligibility import may_take
from workflow.queues import task_claim, task_release


def test_the_drafter_of_a_redacted_package_cannot_review_it(organ, people,
                                                            django_capture_on_commit_callbacks):
    both = staff(organ, Role.HANDLER, "huang.both", people.dept)
    staff(organ, Role.SECRECY_REVIEWER, "huang.both", people.office)
    handling = being_handled(organ, people)
    task = open_task(handling.process, "handle")
    task_release(task=task, user=people.handler)
    task_claim(task=open_task(handling.process, "handle"), user=both)
    with django_capture_on_commit_callbacks(execute=True):
        record = record_attach(request=handling.request, item=handling.first, title="信访件",
                               upload=upload("信访件.pdf", letter_pdf()), acting_user=both)
    record.refresh_from_db()
    redacting.redaction_add_box(record=record, page=1, box=(72, 72, 300, 100),
                                ground=Ground.THIRD_PARTY, acting_user=both)
    redacting.record_apply_redactions(record=record, acting_user=both)
    do(handling.process, "handle", both, step=steps.submit_reply,
       decisions=[ItemDecision(1, Outcome.PARTIAL, "个人信息已遮盖。"),
                  ItemDecision(2, Outcome.NOT_HELD, "经检索未找到。")])

    review = open_task(handling.process, "review")
    assert not may_take(both, review)
    with pytest.raises(ValidationError):
        task_claim(task=review, user=both)
    assert may_take(people.reviewer, review)
    do(handling.process, "review", people.reviewer, passed=True, comment="不涉及国家秘密")

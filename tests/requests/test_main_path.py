"""The main path of a request, act by act, through the services."""

import datetime

from requests.choices import Status
from requests.models import AuditEvent
from requests.outcomes import Outcome
from requests.services import (
    request_archive,
    request_draft_reply,
    request_pass_confidentiality_review,
    request_register,
    request_reply,
    request_sign_off,
    request_submit_for_review,
    request_triage,
)
from requests.services.reply import ItemDecision
from tests.factories import at, submit


def test_online_request_goes_from_receipt_to_archive(organ, people):
    request = submit(organ, on="2026-09-27")
    assert request.status == Status.RECEIVED
    assert request.due_on is None

    request_register(request=request, acting_user=people.registrar, at=at("2026-09-28"))
    assert request.status == Status.REGISTERED
    assert request.registration_number == "PTHB-2026-00001"
    assert request.received_on == datetime.date(2026, 9, 28)
    assert request.due_on == datetime.date(2026, 10, 30)

    request_triage(request=request, acting_user=people.registrar, department=people.dept,
                   at=at("2026-09-29"))
    request_draft_reply(
        request=request, acting_user=people.handler,
        decisions=[ItemDecision(1, Outcome.PROVIDED, "提供环境影响评价报告书及批复文件电子版")],
        at=at("2026-10-12"),
    )
    request_submit_for_review(request=request, acting_user=people.handler, at=at("2026-10-12"))
    request_pass_confidentiality_review(request=request, acting_user=people.reviewer,
                                        at=at("2026-10-13"))
    request_sign_off(request=request, acting_user=people.leader, at=at("2026-10-14"))
    request_reply(request=request, acting_user=people.registrar, at=at("2026-10-15"))
    assert request.status == Status.REPLIED
    assert request.replied_on == datetime.date(2026, 10, 15)
    request_archive(request=request, acting_user=people.registrar, at=at("2026-10-16"))
    request.refresh_from_db()
    assert request.status == Status.ARCHIVED
    acts = list(
        AuditEvent.objects.filter(request=request).order_by("sequence").values_list("act", flat=True)
    )
    assert acts == [
        "submit", "register", "triage", "draft_reply", "submit_for_review",
        "pass_confidentiality_review", "sign_off", "reply", "archive",
    ]

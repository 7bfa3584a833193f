"""Hostile input the fuzzing found or the review listed, each pinned by a test of its own."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from requests.models import AuditEvent
from requests.services import request_ask_extension
from tests.workflow.flowkit import do, start
from workflow.models import TriageDecision


@pytest.mark.parametrize(("reason", "message"), [
    ("理由不充分\x00", "空字符"),
    ("理" * 2001, "2000"),
])
def test_a_refusal_reason_with_a_nul_byte_or_too_long_is_refused_and_nothing_is_recorded(
    client, organ, people, reason, message
):
    request, process = start(organ)
    do(process, "register", people.registrar)
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR, department=people.dept)
    request.refresh_from_db()
    extension = request_ask_extension(request=request, acting_user=people.handler, days=10,
                                      reason="需调取多个科室的历史档案")
    events = AuditEvent.objects.count()
    client.force_login(people.ogi_head)
    response = client.post(
        reverse("workflow:extension_decision", args=[request.public_id, extension.pk]),
        {"decision": "refuse", "reason": reason},
    )
    assert response.status_code == 302
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(message in text for text in texts), texts
    assert AuditEvent.objects.count() == events
    extension.refresh_from_db()
    assert not extension.refused

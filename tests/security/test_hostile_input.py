"""Hostile input the fuzzing found or the review listed, each pinned by a test of its own."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from requests.models import AuditEvent, FeeNotice
from requests.services import request_ask_extension
from tests.workflow.flowkit import do, open_task, start
from workflow.models import TriageDecision
from workflow.queues import task_claim


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


HUGE = "1" + "0" * 30


@pytest.mark.parametrize(("method", "path"), [
    ("get", f"/workbench/tasks/{HUGE}/"),
    ("post", f"/workbench/tasks/{HUGE}/claim/"),
    ("post", f"/workbench/tasks/{HUGE}/release/"),
    ("post", f"/workbench/tasks/{HUGE}/act/fee/"),
    ("post", f"/workbench/requests/{{public_id}}/extensions/{HUGE}/"),
    ("get", f"/supervision/?organ={HUGE}&department={HUGE}&year={HUGE}&month={HUGE}"),
    ("get", f"/supervision/requests/?figure=received&days={HUGE}-{HUGE}&page={HUGE}"),
    ("get", f"/supervision/annual/?year={HUGE}"),
    ("get", f"/workbench/requests/?page={HUGE}&department={HUGE}&due_within={HUGE}"),
])
def test_huge_ids_and_numbers_in_urls_are_not_found_or_ignored(client, organ, people, method, path):
    request, _process = start(organ)
    client.force_login(people.supervisor if path.startswith("/supervision") else people.ogi_head)
    response = getattr(client, method)(path.format(public_id=request.public_id))
    assert response.status_code in (200, 302, 404)


def test_a_fee_too_large_for_the_record_is_refused_not_a_database_error(client, organ, people):
    """Per item, 5,000 items come to more than ¥100 million: more than the notice's amount
    can hold (PostgreSQL refused it with a server error; SQLite stored it)."""
    request, process = start(organ)
    do(process, "register", people.registrar)
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR, department=people.dept)
    task = task_claim(task=open_task(process, "handle"), user=people.handler)
    events = AuditEvent.objects.count()
    client.force_login(people.handler)
    response = client.post(reverse("workflow:side_act", args=[task.pk, "fee"]),
                           {"fee-standard": "per_item", "fee-quantity": "5000"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "超过99,999,999.99元" in page[page.index('id="error-summary"'):]
    assert AuditEvent.objects.count() == events
    assert not FeeNotice.objects.exists()

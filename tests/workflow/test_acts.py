"""Acts outside the tasks go through ``workflow.acts``: the faces neither start nor end a
flow nor open a transaction; an act's transaction is the outermost; what an act stores is
written in the organ's language whatever the language of the page."""

from __future__ import annotations

import ast
import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.status import PROCESS

from requests.choices import Status
from requests.models import AuditEvent
from requests.models.audit import Act
from tests.workflow.flowkit import do, open_task, start
from workflow import acts
from workflow.models import Notification, TriageDecision
from workflow.queues import task_claim

ROOT = Path(__file__).resolve().parents[2]
FACES = [
    "portal/views.py", "portal/staff_intake.py", "workflow/request_acts.py",
    "workflow/side_acts.py", *sorted(
        str(path.relative_to(ROOT)) for path in (ROOT / "workflow").glob("*views*.py")
    ),
]
FORBIDDEN = {"flow_start", "end_flow", "atomic"}


def _names_used(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.alias):
            names.add(node.name.rsplit(".", 1)[-1])
    return names


@pytest.mark.parametrize("face", FACES)
def test_no_face_starts_or_ends_a_flow_or_opens_a_transaction(face):
    assert not _names_used(ROOT / face) & FORBIDDEN


def test_the_faces_scanned_include_every_view_module_of_the_workflow():
    assert {"workflow/views.py", "workflow/task_views.py", "workflow/identity_views.py"} <= set(FACES)


def _handling(organ, people):
    request, process = start(organ)
    do(process, "register", people.registrar)
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR, department=people.dept)
    request.refresh_from_db()
    return request, process


def test_an_act_is_the_outermost_transaction(organ, people):
    request, _process = _handling(organ, people)
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        acts.withdraw(request=request, acting_user=people.registrar, reason="申请人来电撤回")
    request.refresh_from_db()
    assert request.status == Status.PROCESSING


def test_a_staff_withdrawal_from_an_english_page_stores_chinese(client, organ, people):
    request, process = _handling(organ, people)
    holding = task_claim(task=open_task(process, "handle"), user=people.handler)
    acts.open_consultation(
        task=holding, acting_user=people.handler, party_kind="third_party",
        party_name="莆田市某化工有限公司", party_contact="0594-2345678",
        subject="涉及该公司生产工艺参数",
    )
    client.force_login(people.registrar)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("workflow:withdraw", args=[request.public_id]), {"reason": "申请人来电撤回申请"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN
    assert request.process.status == PROCESS.DONE
    holding.refresh_from_db()
    assert holding.status == "CANCELED"
    consultation = request.consultations.get()
    assert consultation.opinion == "申请人已撤回申请，征求意见终止。"
    page = client.get(response["Location"]).content.decode()
    assert "Withdrawal recorded" in page or 'lang="en"' in page


def test_a_step_done_from_an_english_page_stores_chinese(client, organ, people):
    request, process = start(organ)
    do(process, "register", people.registrar)
    do(process, "triage", people.registrar, decision=TriageDecision.BULK)
    task = task_claim(task=open_task(process, "ask_reasons"), user=people.ogi_head)
    client.force_login(people.ogi_head)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    respond_by = timezone.localdate() + datetime.timedelta(days=20)
    response = client.post(reverse("workflow:task", args=[task.pk]), {
        "form": "ask", "ask-applications_count": "46", "ask-period": "2026年1月至3月",
        "ask-respond_by": respond_by.isoformat(),
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(request=request, act=Act.REQUEST_REASONS)
    assert event.comment.startswith("申请数量、频次明显超过合理范围：2026年1月至3月内46件")


def test_a_late_registration_from_an_english_page_tells_the_supervisors_in_chinese(
    client, organ, people
):
    request, process = start(organ, on=timezone.localdate() - datetime.timedelta(days=10))
    task = task_claim(task=open_task(process, "register"), user=people.registrar)
    client.force_login(people.registrar)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("workflow:task", args=[task.pk]), {"form": "register"})
    assert response.status_code == 302, response.content.decode()[:3000]
    message = Notification.objects.get(user=people.supervisor, request=request).message
    assert message.startswith("申请") and "才确认接收" in message

"""The audit-trail report as staff download it: the request's human steps only, under their
Chinese titles, and the applicant by name — never the flow's internal nodes or the
applicant's login e-mail."""

from __future__ import annotations

import datetime
import io
import re

from django.urls import reverse
from pypdf import PdfReader

from letters.audit_trail import audit_trail
from portal.services import portal_answer_correction, portal_withdraw
from requests.outcomes import Outcome
from requests.services.intake import ItemData
from requests.services.reply import ItemDecision
from tests.factories import at
from tests.portal.conftest import make_applicant
from tests.portal.kit import online
from workflow import steps
from workflow.flows import DisclosureFlow
from workflow.models import TriageDecision
from workflow.request_acts import task_entries

from .flowkit import do

EMAIL = "lin.zhiqiang@example.com"
#: The flow's nodes that are not steps people do, by name and by viewflow's label for them.
NON_HUMAN = {
    node.name for node in DisclosureFlow.instance.nodes() if node.task_type != "HUMAN"
}
HUMAN_TITLES = {
    str(node.task_title) for node in DisclosureFlow.instance.nodes() if node.task_type == "HUMAN"
}


def _corrected_and_replied(organ, people):
    """Online, asked for a correction, corrected online by the applicant, then replied."""
    account = make_applicant(EMAIL)
    request = online(organ, account, on="2026-03-02")
    process = request.process
    do(process, "register", people.registrar, at=at("2026-03-03"))
    do(process, "triage", people.registrar, decision=TriageDecision.CORRECTION,
       points="请写明所需环评报告书对应的建设项目名称。", at=at("2026-03-04"))
    request.refresh_from_db()
    portal_answer_correction(
        request=request, account=account,
        items={1: ItemData("华亭镇某化工企业年产5万吨树脂项目环境影响报告书及批复")},
        at=at("2026-03-05", 15),
    )
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR,
       department=people.dept, at=at("2026-03-06"))
    do(process, "handle", people.handler, step=steps.submit_reply,
       decisions=[ItemDecision(1, Outcome.PROVIDED, "提供环境影响报告书及批复电子版")],
       at=at("2026-03-10"))
    do(process, "review", people.reviewer, passed=True, at=at("2026-03-11", 10))
    do(process, "sign", people.leader, approved=True, at=at("2026-03-11", 11))
    do(process, "dispatch", people.registrar, delivery_method="electronic_delivery",
       delivered_on=datetime.date(2026, 3, 11), at=at("2026-03-11", 14))
    request.refresh_from_db()
    return request, account


def test_the_trail_shows_only_human_steps_each_under_its_chinese_title(organ, people):
    request, _account = _corrected_and_replied(organ, people)
    entries = task_entries(request)
    assert entries
    for entry in entries:
        title = entry.act.removeprefix("任务：")
        assert title in HUMAN_TITLES, entry.act
        assert re.search(r"[\u4e00-\u9fff]", title)
    rows = audit_trail(request, extra_entries=entries).rows
    text = " ".join(f"{r.actor} {r.role} {r.act} {r.comment}" for r in rows)
    for name in NON_HUMAN:
        label = name.replace("_", " ").title()  # viewflow's label: "After Handle"
        assert label not in text and f"：{name}" not in text
    titles = [e.act for e in entries]
    assert titles.count("任务：初审分办") == 2  # before and after the correction
    assert "任务：收到补正" in titles


def test_the_applicant_acting_online_shows_by_name_not_by_email(client, organ, people):
    request, account = _corrected_and_replied(organ, people)
    rows = audit_trail(request, extra_entries=task_entries(request)).rows
    by_applicant = [r for r in rows if r.role == "申请人"]
    # submitting, correcting (the act and the registrars' task it finished)
    assert len(by_applicant) >= 3 and {r.actor for r in by_applicant} == {"林志强"}
    client.force_login(people.supervisor)
    response = client.get(reverse("workflow:audit_trail", args=[request.public_id]))
    text = "".join(
        "".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "林志强" in text and "申请人" in text
    assert EMAIL not in text and "example.com" not in text
    for name in ("Start", "Route", "AfterHandle", "AfterReview", "AfterSign", "End"):
        assert name not in text


def test_a_withdrawal_online_shows_the_applicant_by_name(organ, people):
    account = make_applicant(EMAIL)
    request = online(organ, account, on="2026-03-02")
    do(request.process, "register", people.registrar, at=at("2026-03-03"))
    request.refresh_from_db()
    portal_withdraw(request=request, account=account, reason="已通过其他途径获得",
                    at=at("2026-03-04"))
    rows = audit_trail(request, extra_entries=task_entries(request)).rows
    withdrawal = next(r for r in rows if r.act == "撤回")
    assert (withdrawal.actor, withdrawal.role) == ("林志强", "申请人")
    assert all(EMAIL not in r.actor for r in rows)

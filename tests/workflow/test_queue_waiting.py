"""Tasks waiting on someone outside are not claimable work: they are listed apart, with
who is awaited and until when; a holder still sees theirs, marked."""

import datetime

from django.urls import reverse
from django.utils.formats import date_format

from letters.acts import issue_fee_notice_with_letter, open_consultation_with_letter
from letters.services import letter_record_delivery
from requests.choices import ConsultedParty, FeeStandard
from requests.services.registration import correction_deadline
from tests.factories import at
from workflow import steps
from workflow.models import TriageDecision
from workflow.queues import task_claim
from workflow.worklists import claimable_tasks, most_urgent_claimable

from .flowkit import do, open_task, start
from .queuekit import WORKBENCH, rows

D = datetime.date.fromisoformat


def test_a_correction_awaited_from_the_applicant_is_waiting_not_claimable(client, organ, people):
    request, process = start(organ, items=["华亭镇某化工企业的排污许可证"])
    do(process, "register", people.registrar, at=at("2026-03-03"))
    do(process, "triage", people.registrar, decision=TriageDecision.CORRECTION,
       points="请写明企业名称。", at=at("2026-03-04"))
    request.refresh_from_db()
    waiting_task = open_task(process, "await_correction")
    assert waiting_task not in claimable_tasks(people.registrar)
    assert most_urgent_claimable(people.registrar) is None
    client.force_login(people.registrar)
    response = client.get(WORKBENCH)
    assert rows(response, "offered") == []
    [row] = rows(response, "waiting")
    assert row.task == waiting_task
    assert (row.awaited.who, row.awaited.what) == ("申请人", "补正")
    assert row.awaited.until == correction_deadline(request)
    page = response.content.decode()
    assert "申请人（补正）" in page
    assert "至" + date_format(row.awaited.until, "SHORT_DATE_FORMAT") in page
    # A paper correction arrives: the registrar can still take the task from the list.
    assert reverse("workflow:task_take", args=[waiting_task.pk]) in page


def test_a_fee_and_a_third_party_are_awaited_and_the_holder_sees_them_marked(
    client, organ, people
):
    fee_request, fee_process = start(organ, items=["2025年度重点排污单位监测数据（纸质复印）"])
    party_request, party_process = start(organ, items=["某化工企业环评报告书生产工艺部分"])
    for process in (fee_process, party_process):
        do(process, "register", people.registrar, at=at("2026-03-03"))
        do(process, "triage", people.registrar, decision=TriageDecision.CLEAR,
           department=people.dept, at=at("2026-03-04"))
    fee_task = task_claim(task=open_task(fee_process, "handle"), user=people.handler)
    request, _ = steps.holds(fee_task, people.handler, "handle")
    notice = issue_fee_notice_with_letter(
        request=request, acting_user=people.handler, standard=FeeStandard.PER_PAGE,
        quantity=150, at=at("2026-03-05"),
    )
    letter_record_delivery(letter=notice, method="electronic_delivery",
                           delivered_on=D("2026-03-05"), acting_user=people.registrar)
    party_task = open_task(party_process, "handle")
    party_task = task_claim(task=party_task, user=people.handler2)
    request, _ = steps.holds(party_task, people.handler2, "handle")
    open_consultation_with_letter(
        request=request, acting_user=people.handler2, party_kind=ConsultedParty.THIRD_PARTY,
        party_name="莆田市华亭化工有限公司", subject="生产工艺部分", at=at("2026-03-05"),
    )
    client.force_login(people.handler)
    [mine] = rows(client.get(WORKBENCH), "mine")
    assert mine.is_waiting
    assert (mine.awaited.who, mine.awaited.what, mine.awaited.until) == (
        "申请人", "缴费", D("2026-04-02")
    )
    page = client.get(WORKBENCH).content.decode()
    assert "等待中" in page and "申请人（缴费）" in page
    # Released, the handling waits in the list of who may take it, not among the claimable.
    client.force_login(people.handler2)
    client.post(reverse("workflow:task_release", args=[party_task.pk]))
    response = client.get(WORKBENCH)
    assert rows(response, "offered") == []
    [waiting] = rows(response, "waiting")
    assert waiting.task.pk == party_task.pk
    assert waiting.awaited.who == "莆田市华亭化工有限公司"
    assert waiting.awaited.until is None  # the party's receipt is not recorded yet
    assert "期限自对方收到之日起算" in response.content.decode()

"""The clock rules in the flow: a consultation begun after the due date is flagged to the
organ's supervisors (at the act and by the sweep, once), and the OGI office head sets the
later reply date of Art. 35 where the bulk decision finds the reasons reasonable."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from letters.kinds import LetterKind
from requests.choices import ConsultedParty, Role, Status
from requests.errors import RequestActError
from requests.models import Extension
from requests.models.audit import Act
from requests.selectors import load_working_calendar
from requests.services import request_open_consultation, request_register, request_triage
from tests.factories import at, staff, submit
from tests.requests.machine import snapshot
from workflow.errors import TaskError
from workflow.models import Notification, NotificationKind, TriageDecision
from workflow.queues import task_claim
from workflow.sweeps import SweepReport, flag_consultations_after_due, sweep_deadlines

from .flowkit import do, open_step_names, open_task, start

D = datetime.date
REASONS = "申请人一次提出46项申请，涉及2015年以来全部建设项目环评审批文件，需逐件检索、核对"


# --- a consultation begun after the due date is flagged to supervisors --------------------


def late_consultation(organ, people):
    """Registered Thu 2026-09-10 (due Wed 10-14), consulted Tue 10-20: after the due date."""
    request = submit(organ, on="2026-09-10")
    request_register(request=request, acting_user=people.registrar, at=at("2026-09-10"))
    request_triage(request=request, acting_user=people.registrar, department=people.dept,
                   at=at("2026-09-11"))
    request_open_consultation(
        request=request, acting_user=people.handler, party_kind=ConsultedParty.THIRD_PARTY,
        party_name="莆田市华亭化工有限公司", subject="环境影响评价报告书中的生产工艺部分",
        at=at("2026-10-20"),
    )
    return request


def test_a_consultation_begun_after_the_due_date_is_flagged_to_supervisors_once(organ, people):
    request = late_consultation(organ, people)
    second = staff(organ, Role.SUPERVISOR, "supervisor2")
    report = SweepReport()
    flag_consultations_after_due(report)
    assert report.consultations_after_due == 2  # both supervisors, nobody else
    again = SweepReport()
    flag_consultations_after_due(again)
    assert again.consultations_after_due == 0
    notes = Notification.objects.filter(kind=NotificationKind.CONSULTATION_AFTER_DUE)
    assert {n.user for n in notes} == {people.supervisor, second}
    assert notes.first().request == request
    assert notes.first().message == (
        f"申请{request.registration_number}在答复期限（2026年10月14日）届满后于2026年10月20日才"
        "征求莆田市华亭化工有限公司的意见，征求意见的时间不计入答复期限，该申请已超过答复期限。"
    )
    assert "超过答复期限后征求意见提示：0条" in sweep_deadlines(D(2026, 10, 21)).lines()


def test_a_consultation_begun_in_time_is_not_flagged(organ, people):
    request = submit(organ, on="2026-09-10")
    request_register(request=request, acting_user=people.registrar, at=at("2026-09-10"))
    request_triage(request=request, acting_user=people.registrar, department=people.dept,
                   at=at("2026-09-11"))
    request_open_consultation(
        request=request, acting_user=people.handler, party_kind=ConsultedParty.THIRD_PARTY,
        party_name="莆田市华亭化工有限公司", subject="环境影响评价报告书中的生产工艺部分",
        at=at("2026-10-14"),  # the due day itself
    )
    report = SweepReport()
    flag_consultations_after_due(report)
    assert report.consultations_after_due == 0


def test_the_handler_consulting_after_the_due_date_flags_it_at_once(client, organ, people):
    # Received 90 days before today, the request is past its due date today, when the
    # handler sends the consultation letter from the handling task.
    received = timezone.localdate() - datetime.timedelta(days=90)
    request, process = start(organ, on=received)
    do(process, "register", people.registrar, at=at(received))
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR,
       department=people.dept, at=at(received))
    task = task_claim(task=open_task(process, "handle"), user=people.handler)
    client.force_login(people.handler)
    client.post(reverse("workflow:side_act", args=[task.pk, "consult"]), {
        "consult-party_kind": ConsultedParty.THIRD_PARTY,
        "consult-party_name": "莆田市华亭化工有限公司",
        "consult-subject": "环境影响评价报告书中的生产工艺部分",
    })
    request.refresh_from_db()
    assert request.status == Status.THIRD_PARTY_CONSULTATION  # allowed
    event = request.audit_events.filter(act=Act.OPEN_CONSULTATION).get()
    assert event.data["begun_after_due"] is True
    assert Notification.objects.filter(
        user=people.supervisor, request=request, kind=NotificationKind.CONSULTATION_AFTER_DUE,
        key=str(event.pk),
    ).exists()
    page = client.get(reverse("workflow:task", args=[task.pk])).content.decode()
    assert "开始时已超过答复期限" in page  # the clock explanation says why nothing moved


# --- Art. 35: the later reply date at the bulk decision -------------------------------------


def bulk_case(organ, people):
    """Registered Thu 2026-09-10 (due Wed 10-14); reasons asked on 09-11."""
    request, process = start(organ, on="2026-09-10")
    do(process, "register", people.registrar, at=at("2026-09-10"))
    do(process, "triage", people.registrar, decision=TriageDecision.BULK, at=at("2026-09-11"))
    do(process, "ask_reasons", people.ogi_head, applications_count=46,
       period="2026年1月至9月", respond_by=D(2026, 9, 25), at=at("2026-09-11"))
    return request, process


def test_reasonable_but_too_many_the_head_sets_a_later_reply_date_with_its_notice(
    organ, people
):
    request, process = bulk_case(organ, people)
    letter = do(process, "decide_reasons", people.ogi_head, accepted=True,
                note="申请人说明系为开展环境影响研究，理由合理", reply_by=D(2026, 11, 30),
                later_reasons=REASONS, at=at("2026-09-30"))
    assert letter.kind == LetterKind.EXTENSION_NOTICE
    assert letter.extension.new_due_on == D(2026, 11, 30)
    request.refresh_from_db()
    assert request.due_on == D(2026, 11, 30)
    assert open_step_names(process) == ["triage"]  # back to triage, as without a date


def test_reasonable_without_a_later_date_goes_back_to_triage_as_before(organ, people):
    request, process = bulk_case(organ, people)
    letter = do(process, "decide_reasons", people.ogi_head, accepted=True,
                note="申请人说明理由合理，可按期答复", at=at("2026-09-30"))
    assert letter is None
    request.refresh_from_db()
    assert request.due_on == D(2026, 10, 14)
    assert not Extension.objects.filter(request=request).exists()
    assert open_step_names(process) == ["triage"]


def test_no_later_date_when_the_reasons_are_not_reasonable(organ, people):
    request, process = bulk_case(organ, people)
    before = snapshot(request)
    with pytest.raises(TaskError):
        do(process, "decide_reasons", people.ogi_head, accepted=False, note="理由不合理",
           reply_by=D(2026, 11, 30), later_reasons=REASONS, at=at("2026-09-30"))
    assert snapshot(request) == before
    assert open_step_names(process) == ["decide_reasons"]


def test_a_later_date_the_act_refuses_leaves_the_decision_undone(organ, people):
    request, process = bulk_case(organ, people)
    before = snapshot(request)
    with pytest.raises(RequestActError):
        do(process, "decide_reasons", people.ogi_head, accepted=True, note="理由合理",
           reply_by=D(2026, 10, 13), later_reasons=REASONS, at=at("2026-09-30"))
    assert snapshot(request) == before
    assert open_step_names(process) == ["decide_reasons"]


def test_the_decision_page_offers_the_later_reply_date(client, organ, people):
    # Through the page the act happens today: received today, due 20 working days later.
    today = timezone.localdate()
    request, process = start(organ, on=today)
    do(process, "register", people.registrar)
    do(process, "triage", people.registrar, decision=TriageDecision.BULK)
    do(process, "ask_reasons", people.ogi_head, applications_count=46, period="2026年",
       respond_by=today + datetime.timedelta(days=10))
    request.refresh_from_db()
    calendar = load_working_calendar()
    reply_by = calendar.add_working_days(request.due_on, 15)
    task = task_claim(task=open_task(process, "decide_reasons"), user=people.ogi_head)
    client.force_login(people.ogi_head)
    url = reverse("workflow:task", args=[task.pk])
    page = client.get(url).content.decode()
    assert "延迟答复的期限" in page and "确定延迟答复期限的理由" in page
    # A date without reasons is refused next to the field, and nothing happens.
    response = client.post(url, {"form": "decide", "decide-accepted": "yes",
                                 "decide-note": "理由合理", "decide-reply_by": reply_by})
    assert response.status_code == 200
    assert "请写明确定延迟答复期限的理由" in response.content.decode()
    response = client.post(url, {"form": "decide", "decide-accepted": "yes",
                                 "decide-note": "理由合理", "decide-reply_by": reply_by,
                                 "decide-later_reasons": REASONS})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.due_on == reply_by
    assert request.letters.filter(kind=LetterKind.EXTENSION_NOTICE).exists()

"""确认视为放弃 (DESIGN.md §3): when a correction or payment period lapses, the sweep offers
the registrars a task; they confirm the lapse (the termination notice, the flow ends) or
record a good reason with a new period (the request waits again). No machine decides it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.status import PROCESS

from letters.acts import issue_fee_notice_with_letter
from letters.context import build_letter
from letters.kinds import LetterKind
from letters.services import letter_record_delivery
from requests.choices import FeeStandard, Status
from requests.errors import RequestActError
from requests.models import AuditEvent
from requests.models.audit import Act
from requests.outcomes import Outcome
from requests.selectors import load_working_calendar
from requests.services import request_abandon, request_record_payment
from requests.services.registration import correction_deadline
from requests.services.reply import ItemDecision
from tests.factories import at
from workflow import steps
from workflow.errors import TaskError
from workflow.models import Notification, NotificationKind, TriageDecision
from workflow.queues import task_claim, tasks_offered_to
from workflow.sweeps import sweep_deadlines

from .flowkit import do, open_step_names, open_task, start

D = datetime.date.fromisoformat
#: Correction notice Wed 03-04 + 15 working days: the last day is Wed 03-25.
CORRECTION_LAST_DAY = D("2026-03-25")


def awaiting_correction(organ, people):
    request, process = start(organ)
    do(process, "register", people.registrar, at=at("2026-03-03"))
    letter = do(process, "triage", people.registrar, decision=TriageDecision.CORRECTION,
                points="请写明所需信息的名称或文号。", at=at("2026-03-04"))
    request.refresh_from_db()
    return request, process, letter


def awaiting_fee(organ, people):
    """The handler holds the case and sent a fee notice on Thu 03-05, received that day:
    pay by Thu 04-02 (清明 04-04..06 follows)."""
    request, process = start(organ)
    do(process, "register", people.registrar, at=at("2026-03-03"))
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR,
       department=people.dept, at=at("2026-03-04"))
    task = task_claim(task=open_task(process, "handle"), user=people.handler)
    request, task = steps.holds(task, people.handler, "handle")
    letter = issue_fee_notice_with_letter(
        request=request, acting_user=people.handler, standard=FeeStandard.PER_PAGE,
        quantity=150, at=at("2026-03-05"),
    )
    letter_record_delivery(letter=letter, method="electronic_delivery",
                           delivered_on=D("2026-03-05"), acting_user=people.registrar)
    request.refresh_from_db()
    assert request.fee_notices.get().pay_by == D("2026-04-02")
    return request, process, letter


def test_the_sweep_never_abandons_a_request_by_itself(organ, people):
    corrected, correction_process, _ = awaiting_correction(organ, people)
    unpaid, fee_process, _ = awaiting_fee(organ, people)
    for day in ("2026-04-03", "2026-04-20", "2026-06-30"):
        sweep_deadlines(D(day))
    for request in (corrected, unpaid):
        request.refresh_from_db()
        assert request.status in (Status.AWAITING_CORRECTION, Status.AWAITING_FEE)
        assert request.outcome == "" and request.concluded_on is None
        assert not request.audit_events.filter(act=Act.ABANDON).exists()
        assert not request.letters.filter(kind=LetterKind.TERMINATION_NOTICE).exists()
    assert open_step_names(correction_process) == ["confirm_lapse"]
    assert open_step_names(fee_process) == ["confirm_lapse"]


def test_a_good_reason_for_a_late_correction_sets_a_new_period_and_processing_continues(
    organ, people
):
    request, process, _ = awaiting_correction(organ, people)
    sweep_deadlines(D("2026-03-26"))
    assert open_step_names(process) == ["confirm_lapse"]
    # The correction was posted on Tue 03-24 and arrives on Fri 03-27.
    do(process, "confirm_lapse", people.registrar, step=steps.grant_new_period,
       reason="申请人的补正材料已于3月24日交邮（邮戳为证），因邮路延误于3月27日寄达。",
       posted_on=D("2026-03-24"), new_last_day=D("2026-04-03"), at=at("2026-03-27"))
    request.refresh_from_db()
    assert request.status == Status.AWAITING_CORRECTION
    assert correction_deadline(request) == D("2026-04-03")
    assert open_step_names(process) == ["await_correction"]
    event = AuditEvent.objects.get(request=request, act=Act.GRANT_NEW_PERIOD)
    assert event.actor == people.registrar and "邮戳为证" in event.comment
    assert event.data == {
        "period": "correction_lapsed", "previous_last_day": "2026-03-25",
        "new_last_day": "2026-04-03", "posted_on": "2026-03-24",
    }
    # The applicant sees the new last day, and may correct online until then.
    from portal.history import public_history
    from portal.services import correction_open_until

    assert correction_open_until(request) == D("2026-04-03")
    assert any("补正期限重新确定至2026年4月3日" in entry.text
               for entry in public_history(request))
    # The new period runs: abandoning is refused until it has lapsed, and the sweep waits.
    with pytest.raises(RequestActError, match="2026年4月3日"):
        request_abandon(request=request, acting_user=people.registrar,
                        reason="correction_lapsed", at=at("2026-04-03"))
    assert sweep_deadlines(D("2026-04-03")).lapses_to_confirm == []
    # The correction is recorded; the 20 working days run afresh from that day.
    do(process, "await_correction", people.registrar, step=steps.receive_correction,
       received_on=D("2026-03-27"), at=at("2026-03-27", 15))
    request.refresh_from_db()
    assert request.status == Status.REGISTERED
    assert request.due_on == load_working_calendar().add_working_days(D("2026-03-27"), 20)
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR,
       department=people.dept, at=at("2026-03-30"))
    assert open_step_names(process) == ["handle"]
    assert sweep_deadlines(D("2026-04-20")).lapses_to_confirm == []


def test_a_new_period_that_lapses_too_is_offered_again_and_confirmed(organ, people):
    request, process, notice_letter = awaiting_correction(organ, people)
    sweep_deadlines(D("2026-03-26"))
    do(process, "confirm_lapse", people.registrar, step=steps.grant_new_period,
       reason="申请人来电称因病住院，无法按期补正，提供了住院证明。",
       new_last_day=D("2026-04-03"), at=at("2026-03-27"))
    assert sweep_deadlines(D("2026-04-03")).lapses_to_confirm == []
    assert sweep_deadlines(D("2026-04-07")).lapses_to_confirm == [request.registration_number]
    assert open_step_names(process) == ["confirm_lapse"]
    messages = list(
        Notification.objects.filter(user=people.registrar, kind=NotificationKind.LAPSE_TO_CONFIRM)
        .order_by("created_at", "id").values_list("message", flat=True)
    )
    assert len(messages) == 2 and "2026年4月3日" in messages[1]
    letter = do(process, "confirm_lapse", people.registrar, step=steps.confirm_lapse,
                at=at("2026-04-07"))
    request.refresh_from_db()
    process.refresh_from_db()
    assert letter.kind == LetterKind.TERMINATION_NOTICE and letter.issued_by == people.registrar
    assert request.status == Status.ABANDONED
    assert request.outcome == Outcome.ABANDONED_NO_CORRECTION
    assert request.concluded_on == D("2026-04-07")
    abandon = AuditEvent.objects.get(request=request, act=Act.ABANDON)
    assert abandon.actor == people.registrar and abandon.data["last_day"] == "2026-04-03"
    assert open_step_names(process) == [] and process.status == PROCESS.DONE
    # The notice tells both last days: the first one, and the one the good reason set.
    text = build_letter(request=request, kind=LetterKind.TERMINATION_NOTICE,
                        number=letter.number, issued_on=D("2026-04-07")).text()
    assert "请您于2026年3月25日前补正" in text
    assert "本机关于2026年3月27日重新确定补正期限至2026年4月3日" in text
    assert "截至2026年4月3日，本机关未收到您补正后的申请" in text
    assert notice_letter.number in text


def test_a_lapsed_fee_confirmed_ends_the_request_with_the_termination_notice(organ, people):
    request, process, _ = awaiting_fee(organ, people)
    sweep_deadlines(D("2026-04-03"))
    assert open_step_names(process) == ["confirm_lapse"]
    letter = do(process, "confirm_lapse", people.registrar, step=steps.confirm_lapse,
                at=at("2026-04-07"))
    request.refresh_from_db()
    process.refresh_from_db()
    assert letter.kind == LetterKind.TERMINATION_NOTICE
    assert request.status == Status.ABANDONED and request.outcome == Outcome.ABANDONED_NO_FEE
    assert open_step_names(process) == [] and process.status == PROCESS.DONE


def test_a_good_reason_for_an_unpaid_fee_moves_the_payment_period_back_to_the_handler(
    organ, people
):
    request, process, _ = awaiting_fee(organ, people)
    sweep_deadlines(D("2026-04-03"))
    with pytest.raises(RequestActError, match="已超过缴费期限"):
        request_record_payment(request=request, acting_user=people.handler,
                               paid_on=D("2026-04-03"), at=at("2026-04-03"))
    do(process, "confirm_lapse", people.registrar, step=steps.grant_new_period,
       reason="申请人称汇款因银行系统故障被退回，提供了银行退汇凭证。",
       new_last_day=D("2026-04-14"), at=at("2026-04-07"))
    request.refresh_from_db()
    notice = request.fee_notices.get()
    assert notice.pay_by == D("2026-04-14") and request.status == Status.AWAITING_FEE
    event = AuditEvent.objects.get(request=request, act=Act.GRANT_NEW_PERIOD)
    assert event.data["previous_last_day"] == "2026-04-02"
    assert event.data["fee_notice"] == notice.pk
    # The case is back with the handler who held it; the payment now arrives in time.
    handle = open_task(process, "handle")
    assert handle.owner == people.handler
    request_record_payment(request=request, acting_user=people.handler,
                           paid_on=D("2026-04-10"), at=at("2026-04-10"))
    request.refresh_from_db()
    assert request.status == Status.PROCESSING
    steps.submit_reply(task=handle, user=people.handler,
                       decisions=[ItemDecision(1, Outcome.PROVIDED, "提供所申请的监测报告复印件")],
                       at=at("2026-04-13"))
    assert open_step_names(process) == ["review"]
    assert sweep_deadlines(D("2026-04-20")).lapses_to_confirm == []


def test_the_good_reason_is_the_registrars_and_is_refused_while_the_period_runs(organ, people):
    from requests.services import request_grant_new_period

    request, process, _ = awaiting_correction(organ, people)
    with pytest.raises(RequestActError, match="尚未届满"):
        request_grant_new_period(request=request, acting_user=people.registrar,
                                 reason="因病", new_last_day=D("2026-04-10"),
                                 at=at("2026-03-25"))
    sweep_deadlines(D("2026-03-26"))
    with pytest.raises(RequestActError, match="登记员"):
        request_grant_new_period(request=request, acting_user=people.handler,
                                 reason="因病", new_last_day=D("2026-04-10"),
                                 at=at("2026-03-27"))
    with pytest.raises(TaskError, match="没有办理此任务的岗位"):
        task_claim(task=open_task(process, "confirm_lapse"), user=people.handler)
    assert not AuditEvent.objects.filter(request=request, act=Act.GRANT_NEW_PERIOD).exists()


# ---- the task page --------------------------------------------------------------------

def _page(client, process, user):
    task = task_claim(task=open_task(process, "confirm_lapse"), user=user)
    client.force_login(user)
    return task, reverse("workflow:task", args=[task.pk])


def _a_working_day_ahead(days=10):
    return load_working_calendar().add_working_days(timezone.localdate(), days)


def test_the_page_shows_the_period_the_notice_its_delivery_and_what_arrived(
    client, organ, people
):
    request, process, notice = awaiting_correction(organ, people)
    letter_record_delivery(letter=notice, method="postal_delivery",
                           delivered_on=D("2026-03-06"), acting_user=people.registrar)
    sweep_deadlines(D("2026-03-26"))
    assert open_task(process, "confirm_lapse") in tasks_offered_to(people.registrar)
    assert open_task(process, "confirm_lapse") not in tasks_offered_to(people.handler)
    task, url = _page(client, process, people.registrar)
    page = client.get(url).content.decode()
    for fact in ("确认视为放弃", "补正期限已届满", "补正告知书", "2026-03-04", notice.number,
                 "邮寄送达，2026-03-06送达", "2026-03-25", "至今未登记收到补正",
                 "确认视为放弃，发出终止办理告知书", "认定正当理由，重新确定期限",
                 "补正材料的交邮日期"):
        assert fact in page, fact
    # The new period offered by default is as long as the original one, from today.
    default = load_working_calendar().add_working_days(
        timezone.localdate(), organ.correction_period_days
    )
    assert f'value="{default:%Y-%m-%d}"' in page, page[page.find("new_last_day"):][:300]


def test_a_good_reason_posted_from_the_page_needs_the_reason_and_a_working_day(
    client, organ, people
):
    request, process, _ = awaiting_correction(organ, people)
    sweep_deadlines(D("2026-03-26"))
    task, url = _page(client, process, people.registrar)
    new_day = _a_working_day_ahead()
    response = client.post(url, {"form": "good_reason", "good_reason-reason": " ",
                                 "good_reason-new_last_day": new_day.isoformat()})
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(request=request, act=Act.GRANT_NEW_PERIOD).exists()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(url, {"form": "good_reason", "good_reason-reason": "邮寄在途",
                                 "good_reason-new_last_day": yesterday.isoformat()})
    assert "新的期限应为今天以后的一个工作日" in response.content.decode()
    request.refresh_from_db()
    assert correction_deadline(request) == CORRECTION_LAST_DAY
    response = client.post(url, {"form": "good_reason", "good_reason-reason": "邮寄在途",
                                 "good_reason-posted_on": "2026-03-24",
                                 "good_reason-new_last_day": new_day.isoformat()})
    assert response.status_code == 302
    request.refresh_from_db()
    assert correction_deadline(request) == new_day
    assert open_step_names(process) == ["await_correction"]


def test_confirming_from_the_page_issues_the_termination_notice(client, organ, people):
    request, process, _ = awaiting_fee(organ, people)
    sweep_deadlines(D("2026-04-03"))
    task, url = _page(client, process, people.registrar)
    page = client.get(url).content.decode()
    assert "缴费期限已届满" in page and "2026-04-02" in page and "至今未登记缴费" in page
    assert "交邮日期" not in page  # a posting date is for corrections only
    response = client.post(url, {"form": "confirm"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.ABANDONED
    letter = request.letters.get(kind=LetterKind.TERMINATION_NOTICE)
    assert letter.issued_by == people.registrar
    assert open_step_names(process) == []


def test_a_handler_is_refused_the_confirmation_page(client, organ, people):
    request, process, _ = awaiting_fee(organ, people)
    sweep_deadlines(D("2026-04-03"))
    task = open_task(process, "confirm_lapse")
    client.force_login(people.handler)
    url = reverse("workflow:task", args=[task.pk])
    response = client.post(url, {"form": "confirm"}, follow=True)
    assert "请先领取该任务" in response.content.decode()
    claim = client.post(reverse("workflow:task_claim", args=[task.pk]), follow=True)
    assert "您没有办理此任务的岗位" in claim.content.decode()
    request.refresh_from_db()
    assert request.status == Status.AWAITING_FEE
    assert not request.letters.filter(kind=LetterKind.TERMINATION_NOTICE).exists()

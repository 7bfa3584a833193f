"""The deadline sweep: statutory defaults and reminders, each once."""

import datetime

import pytest
from django.core import mail

from requests.choices import ConsultationResult, ConsultedParty, Role, Status
from requests.services import (
    request_issue_correction_notice,
    request_open_consultation,
    request_record_consultation_receipt,
    request_register,
    request_triage,
)
from tests.factories import at, staff, submit
from workflow.models import Notification, NotificationKind
from workflow.sweeps import (
    SweepReport,
    close_lapsed_consultations,
    flag_late_corrections,
    remind_due_dates,
)


@pytest.fixture
def processing(organ, people):
    """Received and registered Tue 2026-03-03 (due Tue 03-31), routed to 污防科 on 03-04."""
    people.handler.email = "handler@pthb.example.cn"
    people.handler.save()
    people.ogi_head.email = "ogi-head@pthb.example.cn"
    people.ogi_head.save()
    request = submit(organ, on="2026-03-02")
    request_register(request=request, acting_user=people.registrar, at=at("2026-03-03"))
    request_triage(request=request, acting_user=people.registrar, department=people.dept,
                   at=at("2026-03-04"))
    return request


def test_lapsed_consultations_close_with_the_statutory_default(organ, people, processing):
    third = request_open_consultation(
        request=processing, acting_user=people.handler, party_kind=ConsultedParty.THIRD_PARTY,
        party_name="莆田市某化工有限公司", subject="该公司排污许可执行报告中的工艺参数",
        at=at("2026-03-05"),
    )
    organ_letter = request_open_consultation(
        request=processing, acting_user=people.handler, party_kind=ConsultedParty.CO_ORGAN,
        party_name="莆田市自然资源局", subject="共同制作的选址意见", at=at("2026-03-05"),
    )
    # Sent Thu 03-05: while neither party's receipt is recorded, nothing ever lapses.
    assert third.respond_by is None
    report = SweepReport()
    close_lapsed_consultations(datetime.date(2026, 6, 1), report)
    assert report.consultations_closed == [] and report.errors == []
    # Both received the letter the day it was sent: 15 working days run to Thu 03-26.
    for consultation in (third, organ_letter):
        request_record_consultation_receipt(
            request=processing, consultation=consultation, received_on=datetime.date(2026, 3, 5),
            acting_user=people.registrar, at=at("2026-03-05", 16),
        )
    third.refresh_from_db()
    assert third.respond_by == datetime.date(2026, 3, 26)
    close_lapsed_consultations(datetime.date(2026, 3, 26), report)
    assert report.consultations_closed == []
    close_lapsed_consultations(datetime.date(2026, 3, 27), report)
    assert report.consultations_closed == [processing.registration_number] * 2
    third.refresh_from_db()
    organ_letter.refresh_from_db()
    assert third.result == ConsultationResult.LAPSED_THIRD_PARTY
    assert organ_letter.result == ConsultationResult.LAPSED_CO_ORGAN
    processing.refresh_from_db()
    assert processing.status == Status.PROCESSING
    # Running it again does nothing more.
    again = SweepReport()
    close_lapsed_consultations(datetime.date(2026, 3, 30), again)
    assert again.consultations_closed == []


def test_reminders_come_at_five_and_two_days_and_when_overdue_once_each(
    organ, people, processing, django_capture_on_commit_callbacks
):
    # Due Tue 03-31: 5 working days left on Tue 03-24, 2 on Fri 03-27, overdue on Wed 04-01.
    for day, expected in [
        ("2026-03-23", 0),
        ("2026-03-24", 1),
        ("2026-03-24", 0),  # the same day again: nothing new
        ("2026-03-27", 1),
        ("2026-04-01", 1),
        ("2026-04-02", 0),  # overdue is told once per due date
    ]:
        report = SweepReport()
        with django_capture_on_commit_callbacks(execute=True):
            remind_due_dates(datetime.date.fromisoformat(day), report)
        # Nobody holds a task yet, so only the OGI office head is told.
        assert report.reminders == expected, day
    kinds = list(
        Notification.objects.filter(user=people.ogi_head).order_by("created_at", "id")
        .values_list("kind", flat=True)
    )
    assert kinds == [NotificationKind.DUE_IN_5, NotificationKind.DUE_IN_2, NotificationKind.OVERDUE]
    assert len(mail.outbox) == 3
    assert processing.registration_number in mail.outbox[0].subject
    assert mail.outbox[0].to == ["ogi-head@pthb.example.cn"]
    assert "2026年3月31日" in mail.outbox[0].body


def test_paused_and_concluded_requests_get_no_reminders(organ, people, processing):
    request_open_consultation(
        request=processing, acting_user=people.handler, party_kind=ConsultedParty.THIRD_PARTY,
        party_name="莆田市某化工有限公司", subject="工艺参数", at=at("2026-03-05"),
    )
    report = SweepReport()
    remind_due_dates(datetime.date(2026, 4, 20), report)
    assert report.reminders == 0


def test_the_sweep_moves_the_stored_due_date_of_a_paused_request(organ, people, processing):
    from workflow.sweeps import refresh_paused_clocks

    request_open_consultation(
        request=processing, acting_user=people.handler, party_kind=ConsultedParty.THIRD_PARTY,
        party_name="莆田市某化工有限公司", subject="工艺参数", at=at("2026-03-05"),
    )
    processing.refresh_from_db()
    assert processing.due_on == datetime.date(2026, 3, 31)  # paused the day it was sent
    # On Thu 03-12 the pause (03-05, 03-12] has held the clock for 5 working days.
    report = SweepReport()
    refresh_paused_clocks(datetime.date(2026, 3, 12), report)
    processing.refresh_from_db()
    assert processing.due_on == datetime.date(2026, 4, 8)
    assert report.clocks_refreshed == 1
    # Run again the same day: nothing changes.
    again = SweepReport()
    refresh_paused_clocks(datetime.date(2026, 3, 12), again)
    assert again.clocks_refreshed == 0
    # Requests whose clock runs are left alone.
    running = submit(organ, on="2026-03-02")
    request_register(request=running, acting_user=people.registrar, at=at("2026-03-03"))
    refresh_paused_clocks(datetime.date(2026, 3, 20), SweepReport())
    running.refresh_from_db()
    assert running.due_on == datetime.date(2026, 3, 31)


def test_late_correction_notices_are_flagged_to_supervisors_once(organ, people):
    request = submit(organ, on="2026-03-02")
    request_register(request=request, acting_user=people.registrar, at=at("2026-03-03"))
    # The 8th working day after receipt on 03-03 is Fri 03-13.
    request_issue_correction_notice(
        request=request, acting_user=people.registrar, points="请写明所需环评文件的项目名称。",
        at=at("2026-03-13"),
    )
    staff(organ, Role.SUPERVISOR, "supervisor2")
    report = SweepReport()
    flag_late_corrections(report)
    assert report.late_corrections == 2  # both supervisors
    again = SweepReport()
    flag_late_corrections(again)
    assert again.late_corrections == 0
    note = Notification.objects.filter(user=people.supervisor).get()
    assert "第8个工作日" in note.message


def test_a_lapsed_correction_is_offered_to_the_registrars_and_never_abandoned_by_the_sweep(
    organ, people
):
    from io import StringIO

    from django.core.management import call_command

    from letters.kinds import LetterKind
    from workflow.models import TriageDecision

    from .flowkit import do, open_step_names, start

    request, process = start(organ)
    do(process, "register", people.registrar, at=at("2026-03-03"))
    do(process, "triage", people.registrar, decision=TriageDecision.CORRECTION,
       points="请写明所需信息的名称或文号。", at=at("2026-03-04"))
    # Notice Wed 03-04 + 15 working days: the last day is Wed 03-25.
    call_command("sweep_deadlines", "--today", "2026-03-25", stdout=StringIO())
    assert open_step_names(process) == ["await_correction"]
    out = StringIO()
    call_command("sweep_deadlines", "--today", "2026-03-26", stdout=out)
    assert "逾期待确认视为放弃：1件" in out.getvalue()
    request.refresh_from_db()
    process.refresh_from_db()
    # Nothing is decided: the request still awaits its correction, no letter went out, and
    # the registrars are offered the confirmation and told about it.
    assert request.status == Status.AWAITING_CORRECTION
    assert request.outcome == "" and request.concluded_on is None
    assert not request.letters.filter(kind=LetterKind.TERMINATION_NOTICE).exists()
    assert open_step_names(process) == ["confirm_lapse"]
    note = Notification.objects.get(user=people.registrar, kind=NotificationKind.LAPSE_TO_CONFIRM)
    assert "2026年3月25日" in note.message and request.registration_number in note.message
    # Again, days later: the same one task, nobody told twice, still no abandonment.
    again = StringIO()
    call_command("sweep_deadlines", "--today", "2026-04-10", stdout=again)
    assert "逾期待确认视为放弃：0件" in again.getvalue()
    assert open_step_names(process) == ["confirm_lapse"]
    assert Notification.objects.filter(kind=NotificationKind.LAPSE_TO_CONFIRM).count() == 1
    request.refresh_from_db()
    assert request.status == Status.AWAITING_CORRECTION
    assert not request.letters.filter(kind=LetterKind.TERMINATION_NOTICE).exists()


def test_the_sweep_command_refuses_a_bad_date():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("sweep_deadlines", "--today", "2026-02-30")


@pytest.mark.skipif(
    __import__("django.db").db.connection.vendor != "postgresql", reason="needs PostgreSQL"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_sweeps_at_once_have_no_double_effect(organ, people):
    import threading

    from django.db import connection

    from letters.kinds import LetterKind
    from workflow.models import TriageDecision
    from workflow.sweeps import sweep_deadlines

    from .flowkit import do, open_step_names, start

    requests_ = []
    for n in range(4):
        request, process = start(organ, items=[f"第{n + 1}项不明确的申请"])
        do(process, "register", people.registrar, at=at("2026-03-03"))
        do(process, "triage", people.registrar, decision=TriageDecision.CORRECTION,
           points="请写明所需信息的名称。", at=at("2026-03-04"))
        requests_.append(request)
    barrier = threading.Barrier(2)
    reports = []

    def sweep():
        try:
            barrier.wait()
            reports.append(sweep_deadlines(datetime.date(2026, 3, 30)))
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for request in requests_:
        request.refresh_from_db()
    assert sorted(n for r in reports for n in r.lapses_to_confirm) == sorted(
        r.registration_number for r in requests_
    )
    for request in requests_:
        assert request.status == Status.AWAITING_CORRECTION
        assert not request.letters.filter(kind=LetterKind.TERMINATION_NOTICE).exists()
        assert open_step_names(request.process) == ["confirm_lapse"]
    assert Notification.objects.filter(kind=NotificationKind.LAPSE_TO_CONFIRM).count() == 4


def test_an_unpaid_fee_is_offered_for_confirmation_and_the_handler_is_told(organ, people):
    from letters.acts import issue_fee_notice_with_letter
    from letters.kinds import LetterKind
    from letters.services import letter_record_delivery
    from requests.choices import FeeStandard
    from workflow.models import TriageDecision
    from workflow.steps import holds
    from workflow.sweeps import sweep_deadlines

    from .flowkit import do, open_step_names, open_task, start

    request, process = start(organ)
    do(process, "register", people.registrar, at=at("2026-03-03"))
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR,
       department=people.dept, at=at("2026-03-04"))
    from workflow.queues import task_claim

    task = task_claim(task=open_task(process, "handle"), user=people.handler)
    request, task = holds(task, people.handler, "handle")
    letter = issue_fee_notice_with_letter(
        request=request, acting_user=people.handler, standard=FeeStandard.PER_PAGE,
        quantity=150, at=at("2026-03-05"),
    )
    letter_record_delivery(letter=letter, method="electronic_delivery",
                           delivered_on=datetime.date(2026, 3, 5), acting_user=people.registrar)
    notice = request.fee_notices.get()
    # Received Thu 03-05 + 20 working days: pay by Thu 04-02 (清明 holiday is 04-04..06).
    assert notice.pay_by == datetime.date(2026, 4, 2)
    assert sweep_deadlines(datetime.date(2026, 4, 2)).lapses_to_confirm == []
    assert open_step_names(process) == ["handle"]
    report = sweep_deadlines(datetime.date(2026, 4, 3))
    assert report.lapses_to_confirm == [request.registration_number]
    request.refresh_from_db()
    assert request.status == Status.AWAITING_FEE and request.outcome == ""
    assert not request.letters.filter(kind=LetterKind.TERMINATION_NOTICE).exists()
    assert open_step_names(process) == ["confirm_lapse"]
    told = set(
        Notification.objects.filter(kind=NotificationKind.LAPSE_TO_CONFIRM)
        .values_list("user__username", flat=True)
    )
    assert told == {"registrar", "handler"}
    assert "缴费期限已于2026年4月2日届满" in Notification.objects.filter(
        user=people.handler).get().message
    assert sweep_deadlines(datetime.date(2026, 4, 7)).lapses_to_confirm == []


def test_a_fee_notice_without_a_known_last_day_is_not_lapsed(organ, people, processing):
    """Until the applicant's receipt of the notice is recorded its period may not be known:
    nothing is offered then."""
    from requests.choices import FeeStandard
    from requests.models import FeeNotice
    from requests.services import request_issue_fee_notice
    from workflow.sweeps import sweep_deadlines

    notice = request_issue_fee_notice(
        request=processing, acting_user=people.handler, standard=FeeStandard.PER_PAGE,
        quantity=150, at=at("2026-03-05"),
    )
    if FeeNotice._meta.get_field("pay_by").null:
        FeeNotice.objects.filter(pk=notice.pk).update(pay_by=None)
        assert sweep_deadlines(datetime.date(2026, 6, 1)).lapses_to_confirm == []
    # A request outside the flow has no task to offer: nothing happens to it either way.
    assert sweep_deadlines(datetime.date(2026, 6, 1)).lapses_to_confirm == []
    processing.refresh_from_db()
    assert processing.status == Status.AWAITING_FEE


def test_notifications_are_listed_on_the_workbench(client, organ, people, processing):
    from django.urls import reverse

    remind_due_dates(datetime.date(2026, 3, 24), SweepReport())
    client.force_login(people.ogi_head)
    page = client.get(reverse("workflow:workbench")).content.decode()
    assert "答复期限还剩5个工作日" in page
    assert processing.registration_number in page


def test_the_workbench_lists_notifications_once_and_keeps_its_title_plain(
    client, organ, people, processing
):
    import re

    from django.urls import reverse

    remind_due_dates(datetime.date(2026, 3, 24), SweepReport())
    client.force_login(people.ogi_head)
    page = client.get(reverse("workflow:workbench")).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "<" not in title and ">" not in title, title
    assert title.startswith("我的工作台")
    assert page.count("答复期限还剩5个工作日") == 1
    assert page.count('id="notes-title"') == 1
    # Inside the main content, not in the site's header.
    assert page.index('id="notes-title"') > page.index('id="main"')

"""Every legal transition of the status machine, through its service (DESIGN.md §2–§3).

Each test checks the status reached, the clock cache (``due_on``) where the act moves it,
and that the act wrote exactly one audit event. Dates follow ``tests/requests/machine.py``:
an online application received on Tue 2026-03-03 is due on Tue 2026-03-31.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from requests.choices import (
    OPEN_STATUSES,
    AbandonReason,
    Channel,
    ConsultationResult,
    ConsultedParty,
    InformationForm,
    ObtainMethod,
    Status,
)
from requests.errors import RequestActError
from requests.models import ClockEvent, DisclosureRequest
from requests.outcomes import Outcome
from requests.services import (
    request_close_consultation,
    request_issue_correction_notice,
    request_receive_correction,
    request_register,
    request_return_from_review,
    request_return_from_sign_off,
    request_submit,
    request_withdraw,
)
from requests.services.intake import ItemData
from tests.factories import at, natural_person, submit
from tests.requests import machine as m
from tests.requests.machine import DUE_ON, build, one_audit_event, snapshot

S = Status
D = datetime.date.fromisoformat


def clock_events(request):
    return list(
        ClockEvent.objects.filter(request=request)
        .order_by("on", "id")
        .values_list("kind", "on", "days", "pause_key")
    )


# ---- intake: registration, triage, correction ---------------------------------------------

def test_register_confirms_receipt_numbers_the_request_and_starts_the_clock(organ, people):
    request = submit(organ, on="2026-03-02")
    with one_audit_event(request, "register") as event:
        m.register(request, people)

    request.refresh_from_db()
    assert request.status == S.REGISTERED
    assert request.version == 1
    assert request.registration_number == "PTHB-2026-00001"
    assert request.received_on == D("2026-03-03")  # online: the day staff confirm (Art. 31)
    assert request.receipt_confirmed_on == D("2026-03-03")
    assert request.due_on == DUE_ON
    assert request.due_is_provisional is False
    assert clock_events(request) == [("received", D("2026-03-03"), 0, "")]
    assert event[0].actor == people.registrar
    assert event[0].data["registration_number"] == "PTHB-2026-00001"


def test_registration_numbers_follow_each_other_within_the_year(organ, people):
    first, second = submit(organ, on="2026-03-02"), submit(organ, on="2026-03-02")
    m.register(second, people)
    m.register(first, people)
    assert second.registration_number == "PTHB-2026-00001"
    assert first.registration_number == "PTHB-2026-00002"


def test_registered_post_is_received_on_the_day_the_organ_signed_for_it(organ, people):
    request = submit(organ, on="2026-03-02", channel=Channel.REGISTERED_POST,
                     entered_by=people.registrar)
    with one_audit_event(request, "register"):
        request_register(request=request, acting_user=people.registrar,
                         post_signed_on=D("2026-03-03"), at=at("2026-03-05"))
    assert request.received_on == D("2026-03-03")
    assert request.post_signed_on == D("2026-03-03")
    assert request.due_on == DUE_ON


def test_an_in_person_application_is_received_on_the_day_it_was_handed_in(organ, people):
    request = submit(organ, on="2026-03-02", channel=Channel.IN_PERSON,
                     entered_by=people.registrar)
    m.register(request, people, at("2026-03-04"))
    assert request.received_on == D("2026-03-02")
    assert request.due_on == D("2026-03-30")


def test_triage_routes_the_request_to_the_responsible_department(organ, people):
    request = build(S.REGISTERED, organ, people)
    with one_audit_event(request, "triage") as event:
        m.triage(request, people)
    assert request.status == S.PROCESSING
    assert request.department == people.dept
    assert request.due_on == DUE_ON
    assert event[0].data == {"department": "污防科"}


def test_correction_notice_from_registered_stops_the_clock(organ, people):
    request = build(S.REGISTERED, organ, people)
    with one_audit_event(request, "request_correction") as event:
        m.issue_correction(request, people)

    assert request.status == S.AWAITING_CORRECTION
    assert request.correction_requested_on == D("2026-03-04")
    assert request.correction_points == m.CORRECTION_POINTS
    assert request.due_on is None  # stopped: runs afresh from the corrected application
    assert clock_events(request)[-1] == ("correction_requested", D("2026-03-04"), 0, "")
    assert event[0].comment == m.CORRECTION_POINTS
    assert event[0].data == {
        "respond_by": "2026-03-25", "working_days_since_receipt": 1, "late": False,
    }


def test_correction_notice_from_processing_later_than_7_working_days_is_flagged(organ, people):
    request = build(S.PROCESSING, organ, people)
    with one_audit_event(request, "request_correction") as event:
        request_issue_correction_notice(
            request=request, acting_user=people.handler, points=m.CORRECTION_POINTS,
            at=at("2026-03-13"),
        )
    assert request.status == S.AWAITING_CORRECTION
    assert request.due_on is None
    assert event[0].data["working_days_since_receipt"] == 8
    assert event[0].data["late"] is True


def test_receiving_the_correction_restarts_the_20_working_days(organ, people):
    request = build(S.AWAITING_CORRECTION, organ, people)
    with one_audit_event(request, "receive_correction"):
        m.receive_correction(request, people, at("2026-03-10"))
    assert request.status == S.REGISTERED
    assert request.correction_received_on == D("2026-03-10")
    # 20 working days after 03-10, skipping Qingming (04-04..06)
    assert request.due_on == D("2026-04-08")

    m.triage(request, people, at("2026-03-11"))
    assert request.status == S.PROCESSING
    assert request.due_on == D("2026-04-08")


def test_correction_received_by_post_counts_from_the_day_it_arrived(organ, people):
    request = build(S.PROCESSING, organ, people)
    request_issue_correction_notice(request=request, acting_user=people.handler,
                                    points=m.CORRECTION_POINTS, at=at("2026-03-05"))
    with one_audit_event(request, "receive_correction"):
        request_receive_correction(request=request, acting_user=people.registrar,
                                   received_on=D("2026-03-09"), at=at("2026-03-10"))
    assert request.status == S.REGISTERED
    assert request.due_on == D("2026-04-07")
    assert clock_events(request)[-1] == ("correction_received", D("2026-03-09"), 0, "")


# ---- consultation of third parties and other organs (Art. 32, 34) -------------------------

def test_a_third_party_consultation_pauses_the_clock(organ, people):
    request = build(S.PROCESSING, organ, people)
    with one_audit_event(request, "open_consultation"):
        consultation = m.open_consultation(request, people)
    assert request.status == S.THIRD_PARTY_CONSULTATION
    assert consultation.sent_on == D("2026-03-05")
    # The party's 15 working days run from its receipt of the letter, not yet recorded.
    assert consultation.received_on is None and consultation.respond_by is None
    assert request.due_on == DUE_ON  # paused from the day it was sent
    with one_audit_event(request, "dispatch"):
        consultation = m.receive_consultation_letter(request, people)
    assert consultation.received_on == D("2026-03-05")
    assert consultation.respond_by == D("2026-03-26")  # 15 working days after receipt

    with one_audit_event(request, "close_consultation") as event:
        m.close_consultation(request, people, at("2026-03-12"), consultation=consultation,
                             result=ConsultationResult.OBJECTION)
    consultation.refresh_from_db()
    assert consultation.closed_on == D("2026-03-12")
    assert consultation.result == ConsultationResult.OBJECTION
    assert request.status == S.PROCESSING
    # (03-05, 03-12] is 5 working days; 03-31 + 5 skips Qingming
    assert request.due_on == D("2026-04-08")
    assert event[0].comment == "同意公开"


def test_several_parties_at_once_request_returns_to_processing_when_the_last_closes(
    organ, people
):
    request = build(S.PROCESSING, organ, people)
    company = m.open_consultation(request, people, at("2026-03-05"))
    with one_audit_event(request, "open_consultation"):
        co_organ = m.open_consultation(request, people, at("2026-03-09"),
                                       kind=ConsultedParty.CO_ORGAN, name=m.CO_ORGAN)
    assert request.status == S.THIRD_PARTY_CONSULTATION
    co_organ = m.receive_consultation_letter(request, people, at("2026-03-10"),
                                             consultation=co_organ)
    assert co_organ.respond_by == D("2026-03-31")  # received Tue 03-10

    with one_audit_event(request, "close_consultation") as event:
        m.close_consultation(request, people, at("2026-03-12"), consultation=co_organ)
    assert request.status == S.THIRD_PARTY_CONSULTATION
    assert event[0].status_before == event[0].status_after == S.THIRD_PARTY_CONSULTATION
    assert request.due_on == D("2026-04-08")  # pause so far: (03-05, 03-12]

    with one_audit_event(request, "close_consultation"):
        m.close_consultation(request, people, at("2026-03-16"), consultation=company)
    assert request.status == S.PROCESSING
    # overlapping pauses merged: (03-05, 03-16] = 7 working days
    assert request.due_on == D("2026-04-10")
    pauses = [e for e in clock_events(request) if e[0].startswith("pause")]
    assert len(pauses) == 4


@pytest.mark.parametrize(
    ("kind", "name", "lapse"),
    [
        (ConsultedParty.THIRD_PARTY, m.THIRD_PARTY, ConsultationResult.LAPSED_THIRD_PARTY),
        (ConsultedParty.CO_ORGAN, m.CO_ORGAN, ConsultationResult.LAPSED_CO_ORGAN),
    ],
)
def test_a_lapsed_consultation_closes_with_the_statutory_default(organ, people, kind, name,
                                                                 lapse):
    request = build(S.PROCESSING, organ, people)
    consultation = m.open_consultation(request, people, kind=kind, name=name)
    m.receive_consultation_letter(request, people)
    with one_audit_event(request, "close_consultation"):
        request_close_consultation(request=request, acting_user=None,
                                   consultation=consultation, result=lapse,
                                   at=at("2026-03-27"))
    consultation.refresh_from_db()
    assert consultation.result == lapse
    assert consultation.closed_on == consultation.respond_by == D("2026-03-26")
    assert request.status == S.PROCESSING
    # the pause (03-05, 03-26] is 15 working days
    assert request.due_on == D("2026-04-22")


@pytest.mark.parametrize(
    ("kind", "lapse"),
    [
        (ConsultedParty.THIRD_PARTY, ConsultationResult.LAPSED_THIRD_PARTY),
        (ConsultedParty.CO_ORGAN, ConsultationResult.LAPSED_CO_ORGAN),
    ],
)
def test_a_consultation_cannot_lapse_before_its_15_working_days_are_over(organ, people, kind,
                                                                         lapse):
    request = build(S.PROCESSING, organ, people)
    consultation = m.open_consultation(request, people, kind=kind, name=m.CO_ORGAN)
    m.receive_consultation_letter(request, people)
    before = snapshot(request)
    with pytest.raises(RequestActError, match="征求意见期限尚未届满"):
        request_close_consultation(request=request, acting_user=people.handler,
                                   consultation=consultation, result=lapse,
                                   at=at("2026-03-26", 17))
    assert snapshot(request) == before


def test_the_lapse_default_must_match_the_kind_of_party(organ, people):
    request = build(S.PROCESSING, organ, people)
    consultation = m.open_consultation(request, people)  # a third party
    before = snapshot(request)
    with pytest.raises(RequestActError, match="逾期未答复的法律后果与被征求意见方的类别不符"):
        request_close_consultation(request=request, acting_user=people.handler,
                                   consultation=consultation,
                                   result=ConsultationResult.LAPSED_CO_ORGAN,
                                   at=at("2026-03-27"))
    assert snapshot(request) == before


# ---- fees (Art. 42) ---------------------------------------------------------------------

def test_fee_notice_and_payment_pause_the_clock(organ, people):
    request = build(S.PROCESSING, organ, people)
    with one_audit_event(request, "issue_fee_notice") as event:
        notice = m.issue_fee_notice(request, people)
    assert request.status == S.AWAITING_FEE
    assert notice.amount == Decimal("1700.00")  # pages 31–100 at ¥10, 101–150 at ¥20
    assert notice.pay_by is None  # runs from the applicant's receipt, not yet recorded
    assert event[0].data["amount"] == "1700"
    with one_audit_event(request, "dispatch"):
        notice = m.receive_fee_notice(request, people)
    assert notice.pay_by == D("2026-04-02")  # 20 working days after receipt

    with one_audit_event(request, "record_payment"):
        m.record_payment(request, people, at("2026-03-10"))
    notice.refresh_from_db()
    assert notice.paid_on == D("2026-03-10")
    assert request.status == S.PROCESSING
    # (03-05, 03-10] = 3 working days excluded
    assert request.due_on == D("2026-04-03")


def test_fee_period_does_not_pause_the_clock_when_the_organ_so_decided(organ, people):
    organ.fee_pauses_clock = False
    organ.save()
    request = build(S.PROCESSING, organ, people)
    m.issue_fee_notice(request, people)
    m.record_payment(request, people, at("2026-03-10"))
    assert request.status == S.PROCESSING
    assert request.due_on == DUE_ON
    assert not [e for e in clock_events(request) if e[0].startswith("pause")]


# ---- sensitive cases: coordination consultation (协调会商) --------------------------------

def test_flag_sensitive_then_coordination_meeting_then_review(organ, people):
    request = build(S.PROCESSING, organ, people)
    with one_audit_event(request, "flag_sensitive") as event:
        meeting = m.flag_sensitive(request, people)
    assert request.status == S.CONSULTATION
    assert request.is_sensitive and request.sensitive_reason == m.SENSITIVE_REASON
    assert event[0].comment == m.SENSITIVE_REASON  # the flag and its reason are audited
    assert request.due_on == DUE_ON  # the clock runs during 会商

    with one_audit_event(request, "hold_coordination_meeting"):
        m.hold_meeting(request, people)
    meeting.refresh_from_db()
    assert meeting.conclusion == m.CONCLUSION
    assert meeting.concluded_by == people.ogi_head
    assert request.status == S.PROCESSING

    m.draft(request, people, at("2026-03-09"))
    m.submit_for_review(request, people, at("2026-03-09"))
    assert request.status == S.CONFIDENTIALITY_REVIEW


# ---- drafting, review, sign-off, reply --------------------------------------------------

def test_draft_review_sign_off_and_reply(organ, people):
    request = build(S.PROCESSING, organ, people)
    with one_audit_event(request, "draft_reply"):
        m.draft(request, people)
    assert request.status == S.PROCESSING
    assert (request.outcome, request.drafted_by) == (Outcome.PROVIDED, people.handler)
    assert request.items.get().decision_text == m.DRAFT_TEXT

    with one_audit_event(request, "submit_for_review"):
        m.submit_for_review(request, people)
    assert request.status == S.CONFIDENTIALITY_REVIEW

    with one_audit_event(request, "pass_confidentiality_review"):
        m.pass_review(request, people)
    assert request.status == S.SIGN_OFF
    assert request.reviewed_by == people.reviewer

    with one_audit_event(request, "sign_off"):
        m.sign_off(request, people)
    assert request.status == S.SIGN_OFF  # approved; waits for the letter to go out
    assert request.signed_off_by == people.leader

    with one_audit_event(request, "reply") as event:
        m.reply(request, people)
    assert request.status == S.REPLIED
    assert request.replied_on == request.concluded_on == D("2026-03-10")
    assert request.due_on == DUE_ON
    assert clock_events(request)[-1] == ("stopped", D("2026-03-10"), 0, "")
    assert event[0].data == {"outcome": "provided", "replied_on": "2026-03-10"}


def test_return_from_review_sends_the_case_back_with_the_reason(organ, people):
    request = build(S.CONFIDENTIALITY_REVIEW, organ, people)
    with one_audit_event(request, "return_from_review") as event:
        m.return_from_review(request, people)
    assert request.status == S.PROCESSING
    assert event[0].comment == "第3页含有企业商业秘密，请区分处理"

    m.draft(request, people, at("2026-03-10"))
    m.submit_for_review(request, people, at("2026-03-10"))
    m.pass_review(request, people, at("2026-03-11"))
    assert request.status == S.SIGN_OFF


def test_return_from_sign_off_clears_the_approvals(organ, people):
    request = build(S.SIGN_OFF, organ, people)
    m.sign_off(request, people)
    with one_audit_event(request, "return_from_sign_off") as event:
        m.return_from_sign_off(request, people, at("2026-03-10", 11))
    assert request.status == S.PROCESSING
    assert request.signed_off_by is None and request.reviewed_by is None
    assert event[0].comment == "答复依据条款引用有误，请修改"


@pytest.mark.parametrize(
    ("status", "send_back"),
    [(S.CONFIDENTIALITY_REVIEW, request_return_from_review),
     (S.SIGN_OFF, request_return_from_sign_off)],
)
@pytest.mark.parametrize("reason", ["", "   "])
def test_sending_back_needs_a_reason(organ, people, status, send_back, reason):
    request = build(status, organ, people)
    user = people.reviewer if status == S.CONFIDENTIALITY_REVIEW else people.leader
    before = snapshot(request)
    with pytest.raises(RequestActError, match="退回时请写明理由"):
        send_back(request=request, acting_user=user, reason=reason, at=at("2026-03-10"))
    assert snapshot(request) == before


@pytest.mark.parametrize("channel", [Channel.IN_PERSON, Channel.ORAL])
def test_reply_on_the_spot_for_an_in_person_application(organ, people, channel):
    request = submit(organ, on="2026-03-03", channel=channel, entered_by=people.registrar)
    m.register(request, people, at("2026-03-03", 10))
    m.draft(request, people, at("2026-03-03", 10), user=people.registrar)
    with one_audit_event(request, "reply_on_the_spot"):
        m.reply_on_the_spot(request, people, at("2026-03-03", 11))
    assert request.status == S.REPLIED
    assert request.received_on == request.replied_on == D("2026-03-03")
    assert clock_events(request)[-1] == ("stopped", D("2026-03-03"), 0, "")


# ---- ending without a reply -------------------------------------------------------------

def test_abandon_when_the_correction_period_lapsed(organ, people):
    request = build(S.AWAITING_CORRECTION, organ, people)
    with one_audit_event(request, "abandon") as event:
        m.abandon(request, people, at("2026-03-26"))
    assert request.status == S.ABANDONED
    assert request.abandon_reason == AbandonReason.CORRECTION_LAPSED
    assert request.outcome == Outcome.ABANDONED_NO_CORRECTION
    assert request.concluded_on == D("2026-03-26")
    assert event[0].data == {"reason": "correction_lapsed", "last_day": "2026-03-25"}


def test_abandon_when_the_fee_was_not_paid(organ, people):
    request = build(S.AWAITING_FEE, organ, people)
    with one_audit_event(request, "abandon"):
        m.abandon(request, people, at("2026-04-03"), reason=AbandonReason.FEE_UNPAID)
    assert request.status == S.ABANDONED
    assert request.outcome == Outcome.ABANDONED_NO_FEE
    assert clock_events(request)[-1] == ("stopped", D("2026-04-03"), 0, "")


@pytest.mark.parametrize(
    ("status", "reason", "last_day"),
    [
        (S.AWAITING_CORRECTION, AbandonReason.CORRECTION_LAPSED, "2026-03-25"),
        (S.AWAITING_FEE, AbandonReason.FEE_UNPAID, "2026-04-02"),
    ],
)
def test_abandon_is_refused_while_the_period_runs(organ, people, status, reason, last_day):
    request = build(status, organ, people)
    before = snapshot(request)
    with pytest.raises(RequestActError, match="尚未届满，不能视为放弃") as refused:
        m.abandon(request, people, at(last_day, 17), reason=reason)
    day = D(last_day)
    assert f"{day.year}年{day.month}月{day.day}日" in refused.value.messages[0]
    assert snapshot(request) == before


def test_abandon_reason_must_fit_the_status(organ, people):
    request = build(S.AWAITING_CORRECTION, organ, people)
    before = snapshot(request)
    with pytest.raises(RequestActError, match="不再处理的原因与申请当前状态不符"):
        m.abandon(request, people, at("2026-04-03"), reason=AbandonReason.FEE_UNPAID)
    assert snapshot(request) == before


@pytest.mark.parametrize("status", OPEN_STATUSES)
def test_withdraw_from_every_open_status(organ, people, status):
    request = build(status, organ, people)
    with one_audit_event(request, "withdraw") as event:
        m.withdraw(request, people, m.TRY_AT)
    assert request.status == S.WITHDRAWN
    assert request.outcome == Outcome.OTHER
    assert request.concluded_on == D("2026-03-27")
    assert event[0].comment == "申请人来函撤回申请"
    stopped = [e for e in clock_events(request) if e[0] == "stopped"]
    if status == S.RECEIVED:
        assert stopped == []  # the clock never started
    else:
        assert stopped == [("stopped", D("2026-03-27"), 0, "")]


def test_the_applicant_withdraws_online(organ, people):
    account = get_user_model().objects.create_user("lin.zhiqiang", password="x-Secret-9")
    request = request_submit(
        organ=organ, applicant=natural_person(), items=[ItemData("2025年华亭镇水质监测报告")],
        channel=Channel.ONLINE, form_wanted=InformationForm.ELECTRONIC_FILE,
        obtain_method=ObtainMethod.EMAIL, account=account, submitted_at=at("2026-03-02"),
    )
    m.register(request, people)
    with one_audit_event(request, "withdraw") as event:
        request_withdraw(request=request, acting_user=account, at=at("2026-03-04"))
    assert request.status == S.WITHDRAWN
    assert event[0].actor == account


@pytest.mark.parametrize("status", [S.REPLIED, S.WITHDRAWN, S.ABANDONED])
def test_archive_closes_the_file(organ, people, status):
    request = build(status, organ, people)
    with one_audit_event(request, "archive"):
        m.archive(request, people, at("2026-03-30"))
    request = DisclosureRequest.objects.get(pk=request.pk)
    assert request.status == S.ARCHIVED

"""The clock rules through the services: a pause counts only while the clock runs, and the
later reply date the head of the OGI office sets under Art. 35 (DESIGN.md §3).

The timeline, counted in test_clock.py: submitted online and registered Thu 2026-09-10
(receipt confirmed that day), due Wed 2026-10-14 (中秋节 09-25..27 and 国庆节 10-01..07 off,
Sun 09-20 and Sat 10-10 worked).
"""

from __future__ import annotations

import datetime

import pytest

from requests.choices import ConsultationResult, ConsultedParty, Status
from requests.errors import RequestActError
from requests.models import AuditEvent, ClockEvent, DisclosureRequest, Extension
from requests.models.audit import Act
from requests.models.clock_event import ClockEventKind
from requests.models.extension import ExtensionArticle
from requests.services import (
    request_ask_extension,
    request_ask_reasons,
    request_clock,
    request_close_consultation,
    request_grant_extension,
    request_open_consultation,
    request_register,
    request_set_later_reply_date,
    request_triage,
)
from tests.factories import at, submit
from tests.requests.machine import snapshot

D = datetime.date
DUE = D(2026, 10, 14)
LATER = D(2026, 11, 30)  # the later reply date the head sets below, a Monday
REASONS = "申请人一次提出46项申请，涉及2015年以来全部建设项目环评审批文件，需逐件检索、核对"


def registered(organ, people):
    request = submit(organ, on="2026-09-10")
    request_register(request=request, acting_user=people.registrar, at=at("2026-09-10"))
    assert request.due_on == DUE
    return request


def triaged(organ, people):
    request = registered(organ, people)
    request_triage(request=request, acting_user=people.registrar, department=people.dept,
                   at=at("2026-09-11"))
    return request


def consult(request, people, on):
    return request_open_consultation(
        request=request, acting_user=people.handler, party_kind=ConsultedParty.THIRD_PARTY,
        party_name="莆田市华亭化工有限公司", subject="环境影响评价报告书中的生产工艺部分",
        at=at(on),
    )


def _event(request, act):
    return request.audit_events.filter(act=act).order_by("-sequence").first()


# --- a pause counts only while the clock runs -----------------------------------------------


def test_a_consultation_begun_after_the_due_date_is_allowed_recorded_and_moves_nothing(
    organ, people
):
    request = triaged(organ, people)
    consultation = consult(request, people, "2026-10-20")
    request.refresh_from_db()
    assert request.status == Status.THIRD_PARTY_CONSULTATION  # the act is still allowed
    event = _event(request, Act.OPEN_CONSULTATION)
    assert event.data["begun_after_due"] is True
    assert event.data["due_on"] == "2026-10-14"
    assert request.due_on == DUE
    # On Sun 10-25 the request is 7 working days overdue (10-15, 16, 19..23), not "5 left".
    clock = request_clock(request, today=D(2026, 10, 25))
    assert (clock.due, clock.overdue, clock.working_days_left) == (DUE, True, -7)
    assert not clock.paused
    assert clock.late_pause_keys == {consultation.pause_key}
    assert "开始时已超过答复期限（2026年10月14日），不停止计算，答复期限不顺延" in clock.steps[1]
    # Closing it changes nothing either.
    request_close_consultation(
        request=request, acting_user=people.handler, consultation=consultation,
        result=ConsultationResult.CONSENT, opinion="同意公开", at=at("2026-11-05"),
    )
    request.refresh_from_db()
    assert request.due_on == DUE


def test_a_consultation_begun_on_the_due_date_counts_and_is_not_flagged(organ, people):
    request = triaged(organ, people)
    consult(request, people, "2026-10-14")
    request.refresh_from_db()
    assert "begun_after_due" not in _event(request, Act.OPEN_CONSULTATION).data
    # Open on Fri 10-16: (10-14, 10-16] = 2 working days so far, due Fri 10-16.
    assert request_clock(request, today=D(2026, 10, 16)).due == D(2026, 10, 16)


def test_a_second_consultation_begun_while_the_first_still_runs_counts(organ, people):
    # The first, sent on the due day, is still open on Mon 10-19; a second sent that day
    # merges with it: the period began while the clock ran, so nothing is flagged.
    request = triaged(organ, people)
    consult(request, people, "2026-10-14")
    request.refresh_from_db()
    second = request_open_consultation(
        request=request, acting_user=people.handler, party_kind=ConsultedParty.CO_ORGAN,
        party_name="莆田市自然资源局", subject="项目用地审批情况", at=at("2026-10-19"),
    )
    request.refresh_from_db()
    assert "begun_after_due" not in _event(request, Act.OPEN_CONSULTATION).data
    assert second.pause_key not in request_clock(request, today=D(2026, 10, 19)).late_pause_keys


# --- Art. 35: the later reply date -----------------------------------------------------------


def asked_for_reasons(organ, people):
    request = registered(organ, people)
    request_ask_reasons(
        request=request, acting_user=people.ogi_head, applications_count=46,
        period="2026年1月至9月", respond_by=D(2026, 9, 25), at=at("2026-09-11"),
    )
    return request


def set_later(request, people, *, reply_by=LATER, reasons=REASONS, on="2026-09-30",
              user=None):
    return request_set_later_reply_date(
        request=request, acting_user=user or people.ogi_head, reply_by=reply_by,
        reasons=reasons, at=at(on),
    )


def test_the_ogi_head_sets_a_later_reply_date_and_the_clock_uses_it(organ, people):
    request = asked_for_reasons(organ, people)
    extension = set_later(request, people)
    request.refresh_from_db()
    assert request.due_on == D(2026, 11, 30)
    assert (extension.article, extension.new_due_on, extension.approved_by) == (
        ExtensionArticle.LATER_REPLY_DATE, D(2026, 11, 30), people.ogi_head
    )
    # 10-14 → 11-30: 10-15, 16 (2), 10-19..23, 26..30, 11-02..06, 09..13, 16..20, 23..27
    # (6 × 5 = 30), 11-30 (1) = 33 working days added.
    assert extension.days == 33
    event = _event(request, Act.SET_LATER_REPLY_DATE)
    assert event.comment == REASONS
    assert event.data == {
        "extension": extension.pk, "reply_by": "2026-11-30", "due_before": "2026-10-14",
        "working_days_added": 33, "reasons_found_reasonable": True,
    }
    (fact,) = request.clock_events.filter(kind=ClockEventKind.REPLY_DATE_SET)
    assert (fact.on, fact.days) == (D(2026, 9, 30), 61)  # 61 calendar days to 11-30
    clock = request_clock(request, today=D(2026, 10, 25))
    assert not clock.overdue and clock.reply_date_set == D(2026, 11, 30)
    assert (
        "2026年9月30日经政府信息公开工作机构负责人确定延迟答复，答复期限为2026年11月30日"
        "（《条例》第三十五条）；此后征求意见或等待缴费的时间仍不计入" in clock.steps
    )


def test_pauses_after_the_later_reply_date_still_move_it_out(organ, people):
    request = asked_for_reasons(organ, people)
    set_later(request, people)
    request.refresh_from_db()
    request_triage(request=request, acting_user=people.ogi_head, department=people.dept,
                   at=at("2026-10-09"))
    consultation = consult(request, people, "2026-11-02")
    request.refresh_from_db()
    assert "begun_after_due" not in _event(request, Act.OPEN_CONSULTATION).data
    request_close_consultation(
        request=request, acting_user=people.handler, consultation=consultation,
        result=ConsultationResult.CONSENT, opinion="同意公开", at=at("2026-11-10"),
    )
    request.refresh_from_db()
    # (11-02, 11-10] = 6 working days on top of Mon 11-30: 12-01..04, 07, 08.
    assert request.due_on == D(2026, 12, 8)


@pytest.mark.parametrize(
    "change, code",
    [
        ({"user": "registrar"}, "role"),
        ({"reasons": "  "}, "reasons"),
        ({"reply_by": DUE}, "reply_by"),  # not later than the current due date
        ({"reply_by": D(2026, 11, 28)}, "reply_by"),  # a Saturday
        ({"reply_by": D(2026, 10, 8)}, "reply_by"),  # earlier than the due date
        ({"on": "2026-10-15"}, "too_late"),  # the due date has passed
    ],
)
def test_a_later_reply_date_is_refused_unless_lawful(organ, people, change, code):
    request = asked_for_reasons(organ, people)
    before = snapshot(request)
    if "user" in change:
        change = {**change, "user": getattr(people, change["user"])}
    with pytest.raises(RequestActError) as refused:
        set_later(request, people, **change)
    assert refused.value.code == code
    assert snapshot(request) == before


def test_a_later_reply_date_needs_the_reasons_asked_first(organ, people):
    request = registered(organ, people)
    before = snapshot(request)
    with pytest.raises(RequestActError) as refused:
        set_later(request, people)
    assert refused.value.code == "no_reasons_asked"
    assert snapshot(request) == before


def test_a_later_reply_date_is_set_once_and_then_no_article_33_extension(organ, people):
    request = asked_for_reasons(organ, people)
    set_later(request, people)
    request.refresh_from_db()
    with pytest.raises(RequestActError) as refused:
        set_later(request, people, reply_by=D(2026, 12, 15), on="2026-10-09")
    assert refused.value.code == "second_later_reply_date"
    request_triage(request=request, acting_user=people.ogi_head, department=people.dept,
                   at=at("2026-10-09"))
    with pytest.raises(RequestActError) as refused:
        request_ask_extension(request=request, acting_user=people.handler, days=10,
                              reason="需要逐件核对", at=at("2026-11-20"))
    assert refused.value.code == "later_reply_date_set"
    assert Extension.objects.filter(request=request).count() == 1
    assert AuditEvent.objects.filter(request=request, act=Act.SET_LATER_REPLY_DATE).count() == 1


def test_after_an_article_33_extension_the_later_date_must_still_be_later(organ, people):
    # Extended by 20 on 10-09: due 10-14 + 20 = Wed 11-11 (10-15, 16, 19..23, 26..30,
    # 11-02..06, 09, 10, 11). Then the head may still set a later date under Art. 35.
    request = asked_for_reasons(organ, people)
    request_triage(request=request, acting_user=people.ogi_head, department=people.dept,
                   at=at("2026-09-30"))
    extension = request_ask_extension(request=request, acting_user=people.handler, days=20,
                                      reason="需要逐件核对", at=at("2026-10-09"))
    request_grant_extension(request=request, acting_user=people.ogi_head, extension=extension,
                            at=at("2026-10-09", 15))
    request.refresh_from_db()
    assert request.due_on == D(2026, 11, 11)
    with pytest.raises(RequestActError) as refused:
        set_later(request, people, reply_by=D(2026, 11, 10), on="2026-10-12")
    assert refused.value.code == "reply_by"
    set_later(request, people, on="2026-10-12")
    request.refresh_from_db()
    assert request.due_on == D(2026, 11, 30)
    assert ClockEvent.objects.filter(request=request).count() == 3
    assert DisclosureRequest.objects.get(pk=request.pk).due_on == D(2026, 11, 30)

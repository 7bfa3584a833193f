"""The periods that run from the day the addressee receives a letter (Art. 32, 34, 42), and
the fee rules that go with the notice: issued within the processing period, the month's
earlier items counted from the records.

Timeline (tests/requests/machine.py): registered Tue 2026-03-03, due Tue 03-31; Qingming
holiday Sat 04-04 .. Mon 04-06.
"""

import datetime
from decimal import Decimal

import pytest

from requests.choices import ConsultationResult, ConsultedParty, FeeStandard, Role
from requests.errors import RequestActError
from requests.identity import resident_id_check_character
from requests.models import AuditEvent, Consultation, FeeNotice
from requests.selectors import items_earlier_this_month
from requests.services import (
    request_close_consultation,
    request_issue_fee_notice,
    request_record_consultation_receipt,
    request_record_fee_notice_receipt,
    request_record_payment,
    request_register,
    request_triage,
    request_withdraw,
)
from tests.factories import DepartmentFactory, OrganFactory, at, natural_person, staff, submit
from tests.requests import machine as m
from tests.requests.machine import build, one_audit_event, snapshot

D = datetime.date.fromisoformat


def _consulting(organ, people, sent="2026-03-20", kind=ConsultedParty.THIRD_PARTY):
    request = build("processing", organ, people)
    consultation = m.open_consultation(request, people, at(sent), kind=kind, name=m.CO_ORGAN)
    return request, consultation


# ---- consultation: 15 working days from the party's receipt (Art. 32, 34) -----------------

def test_consultation_period_runs_15_working_days_from_receipt_across_a_holiday(organ, people):
    request, consultation = _consulting(organ, people)
    assert consultation.respond_by is None  # not known when the letter goes out
    with one_audit_event(request, "dispatch") as event:
        consultation = request_record_consultation_receipt(
            request=request, consultation=consultation, received_on=D("2026-03-30"),
            acting_user=people.registrar, delivery={"method": "postal_delivery"},
            at=at("2026-03-31"),
        )
    # Received Mon 03-30: 15 working days, skipping Qingming (04-04 .. 04-06), end Tue 04-21.
    assert (consultation.received_on, consultation.respond_by) == (D("2026-03-30"),
                                                                  D("2026-04-21"))
    assert Consultation.objects.get(pk=consultation.pk).respond_by == D("2026-04-21")
    data = event[0].data
    assert data["method"] == "postal_delivery"
    assert (data["consultation"], data["received_on"], data["respond_by"]) == (
        consultation.pk, "2026-03-30", "2026-04-21")
    # The pause still began the day the letter was sent.
    pause = request.clock_events.get(kind="pause_started")
    assert pause.on == D("2026-03-20")


@pytest.mark.parametrize(("received_on", "today"), [
    ("2026-03-19", "2026-03-23"),  # before the letter was sent
    ("2026-03-24", "2026-03-23"),  # after today
])
def test_a_receipt_before_sending_or_after_today_is_refused(organ, people, received_on, today):
    request, consultation = _consulting(organ, people)
    before = snapshot(request)
    with pytest.raises(RequestActError, match="收到日期应在发出之后、不晚于今天"):
        request_record_consultation_receipt(
            request=request, consultation=consultation, received_on=D(received_on),
            acting_user=people.registrar, at=at(today),
        )
    assert snapshot(request) == before


def test_a_receipt_is_recorded_once(organ, people):
    request, consultation = _consulting(organ, people)
    m.receive_consultation_letter(request, people, at("2026-03-23"), consultation=consultation)
    before = snapshot(request)
    with pytest.raises(RequestActError, match="已经记录（2026年3月23日），不能重复记录"):
        m.receive_consultation_letter(request, people, at("2026-03-24"),
                                      consultation=consultation)
    assert snapshot(request) == before


def test_a_supervisor_cannot_record_a_receipt(organ, people):
    request, consultation = _consulting(organ, people)
    before = snapshot(request)
    with pytest.raises(RequestActError, match="没有办理此事项的岗位"):
        request_record_consultation_receipt(
            request=request, consultation=consultation, received_on=D("2026-03-23"),
            acting_user=people.supervisor, at=at("2026-03-23"),
        )
    assert snapshot(request) == before


@pytest.mark.parametrize(("kind", "lapse"), [
    (ConsultedParty.THIRD_PARTY, ConsultationResult.LAPSED_THIRD_PARTY),
    (ConsultedParty.CO_ORGAN, ConsultationResult.LAPSED_CO_ORGAN),
])
def test_a_consultation_whose_receipt_is_unrecorded_never_lapses(organ, people, kind, lapse):
    request, consultation = _consulting(organ, people, sent="2026-03-05", kind=kind)
    before = snapshot(request)
    with pytest.raises(RequestActError, match="尚未记录被征求意见方收到征求意见文书的日期"):
        request_close_consultation(request=request, acting_user=None, consultation=consultation,
                                   result=lapse, at=at("2026-06-01"))
    assert snapshot(request) == before
    assert not Consultation.objects.lapsed(D("2026-06-01")).exists()


def test_a_consultation_lapses_only_after_15_working_days_from_receipt(organ, people):
    request, consultation = _consulting(organ, people, sent="2026-03-05")
    m.receive_consultation_letter(request, people, at("2026-03-09"), consultation=consultation)
    consultation.refresh_from_db()
    assert consultation.respond_by == D("2026-03-30")  # not 03-26, 15 days after sending
    assert not consultation.has_lapsed(D("2026-03-30"))
    with pytest.raises(RequestActError, match="征求意见期限尚未届满"):
        request_close_consultation(request=request, acting_user=None, consultation=consultation,
                                   result=ConsultationResult.LAPSED_THIRD_PARTY,
                                   at=at("2026-03-30", 17))
    assert list(Consultation.objects.lapsed(D("2026-03-31"))) == [consultation]
    closed = request_close_consultation(
        request=request, acting_user=None, consultation=consultation,
        result=ConsultationResult.LAPSED_THIRD_PARTY, at=at("2026-03-31"))
    assert closed.closed_on == D("2026-03-30")


# ---- the fee notice: payment period from the day after receipt (Art. 42) -------------------

def test_payment_period_runs_from_the_day_after_receipt_across_a_holiday(organ, people):
    request = build("processing", organ, people)
    notice = m.issue_fee_notice(request, people, at("2026-03-20"))
    assert notice.pay_by is None
    with one_audit_event(request, "dispatch") as event:
        notice = request_record_fee_notice_receipt(
            request=request, notice=notice, received_on=D("2026-03-23"),
            acting_user=people.registrar, at=at("2026-03-24"),
        )
    # Received Mon 03-23: 20 working days from the next day, skipping Qingming: Tue 04-21.
    assert (notice.received_on, notice.pay_by) == (D("2026-03-23"), D("2026-04-21"))
    assert (event[0].data["fee_notice"], event[0].data["pay_by"]) == (notice.pk, "2026-04-21")


def test_payment_period_is_the_organs_configured_number_of_days(organ, people):
    organ.fee_payment_days = 10
    organ.save()
    request = build("processing", organ, people)
    notice = m.issue_fee_notice(request, people, at("2026-03-20"))
    notice = m.receive_fee_notice(request, people, at("2026-03-23"))
    assert notice.pay_by == D("2026-04-07")  # the 10th working day after Mon 03-23 (Qingming)


def test_an_unpaid_notice_has_not_lapsed_while_its_receipt_is_unrecorded(organ, people):
    request = build("processing", organ, people)
    notice = m.issue_fee_notice(request, people)
    assert not notice.has_lapsed(D("2026-09-01"))
    assert not FeeNotice.objects.lapsed(D("2026-09-01")).exists()
    m.receive_fee_notice(request, people)  # received 03-05: pay by 04-02
    notice.refresh_from_db()
    assert not FeeNotice.objects.lapsed(D("2026-04-02")).exists()
    assert list(FeeNotice.objects.lapsed(D("2026-04-03"))) == [notice]
    assert notice.has_lapsed(D("2026-04-03"))


def test_payment_is_in_time_while_the_notice_receipt_is_unrecorded(organ, people):
    request = build("processing", organ, people)
    m.issue_fee_notice(request, people)
    notice = request_record_payment(request=request, acting_user=people.handler,
                                    at=at("2026-04-20"))
    assert notice.paid_on == D("2026-04-20")


def test_a_fee_notice_after_the_due_date_is_refused_and_nothing_is_written(organ, people):
    request = build("processing", organ, people)  # due Tue 03-31
    before = snapshot(request)
    with pytest.raises(RequestActError, match=r"已超过答复期限（2026年3月31日），不能再发出收费通知") as error:
        m.issue_fee_notice(request, people, at("2026-04-01"))
    assert error.value.code == "too_late"
    assert snapshot(request) == before
    # On the due date itself it may still go out.
    assert m.issue_fee_notice(request, people, at("2026-03-31", 16)).amount == Decimal("1700.00")


# ---- the month's earlier items, counted from the records (国办函〔2020〕109号) ---------------

def _other_id(first17="35030219800101001"):
    return first17 + resident_id_check_character(first17)


def _received(organ, registrar, *, on, items, applicant=None, submitted=None):
    request = submit(organ, on=submitted or on, applicant=applicant or natural_person(),
                     items=[f"2026年{n}号排污许可执行报告" for n in range(1, items + 1)])
    request_register(request=request, acting_user=registrar, at=at(on))
    return request


def test_prior_items_are_counted_across_requests_of_the_same_identity_in_the_month(
    organ, people
):
    registrar = people.registrar
    # The same person (same identity document), with other contact details each time.
    moved = natural_person(phone="13800000000", postal_address="福建省莆田市城厢区凤凰山街道1号")
    february = _received(organ, registrar, on="2026-02-27", submitted="2026-02-26", items=7)
    first = _received(organ, registrar, on="2026-03-02", items=4, applicant=moved)
    withdrawn = _received(organ, registrar, on="2026-03-03", items=3)
    request_withdraw(request=withdrawn, acting_user=registrar, reason="申请人来函撤回",
                     at=at("2026-03-04"))
    same_day = _received(organ, registrar, on="2026-03-05", items=2)
    # Not counted: another applicant; the same person at another organ; a later request.
    _received(organ, registrar, on="2026-03-04", items=9,
              applicant=natural_person(name="陈美玲", document_number=_other_id()))
    other_organ = OrganFactory(code="PTZR", name="莆田市自然资源局", short_name="莆田市自然资源局",
                               letter_number_prefix="莆自然资信公开")
    other_registrar = staff(other_organ, Role.REGISTRAR, "zr_registrar",
                            DepartmentFactory(organ=other_organ, name="办公室"))
    _received(other_organ, other_registrar, on="2026-03-04", items=9)
    request = _received(organ, registrar, on="2026-03-05", items=5)
    _received(organ, registrar, on="2026-03-06", items=6)

    earlier = items_earlier_this_month(request)
    assert earlier.month == D("2026-03-01")
    assert [(r.pk, n) for r, n in earlier.requests] == [
        (first.pk, 4), (withdrawn.pk, 3), (same_day.pk, 2)]
    assert earlier.count == 9
    assert february.pk not in [r.pk for r, _n in earlier.requests]

    request_triage(request=request, acting_user=registrar, department=people.dept,
                   at=at("2026-03-06"))
    with one_audit_event(request, "issue_fee_notice") as event:
        notice = request_issue_fee_notice(request=request, acting_user=people.handler,
                                          standard=FeeStandard.PER_ITEM, quantity=5,
                                          at=at("2026-03-09"))
    # Items 10–14 of the month: the 10th is free, 11–14 cost ¥100 each.
    assert (notice.prior_items_this_month, notice.amount) == (9, Decimal("400.00"))
    assert event[0].data["prior_items"] == {
        "count": 9,
        "requests": [[first.registration_number, 4], [withdrawn.registration_number, 3],
                     [same_day.registration_number, 2]],
    }


def test_without_earlier_items_a_small_per_item_request_is_free(organ, people):
    request = build("processing", organ, people)
    before = snapshot(request)
    with pytest.raises(RequestActError, match="未超过免费范围"):
        request_issue_fee_notice(request=request, acting_user=people.handler,
                                 standard=FeeStandard.PER_ITEM, quantity=10, at=at("2026-03-05"))
    assert snapshot(request) == before


def test_a_typed_figure_of_earlier_items_is_not_accepted(organ, people):
    request = build("processing", organ, people)
    with pytest.raises(TypeError):
        request_issue_fee_notice(request=request, acting_user=people.handler,
                                 standard=FeeStandard.PER_ITEM, quantity=5,
                                 prior_items_this_month=20, at=at("2026-03-05"))


def test_the_per_page_standard_counts_this_request_only(organ, people):
    _received(organ, people.registrar, on="2026-03-02", items=8)
    request = build("processing", organ, people)
    notice = m.issue_fee_notice(request, people)  # 150 pages
    assert (notice.prior_items_this_month, notice.amount) == (0, Decimal("1700.00"))
    assert "prior_items" not in AuditEvent.objects.get(
        request=request, act="issue_fee_notice").data

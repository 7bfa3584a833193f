"""The deadline sweep and the receipt of consultation letters (Art. 32, 34): a consultation
lapses 15 working days after the party's recorded receipt, never before it is recorded;
registrars are reminded once of a letter whose delivery is unrecorded after 5 working days.

Timeline: registered Tue 2026-03-03, in processing from 03-04; letters sent Thu 03-05.
"""

import datetime

import pytest

from letters import acts
from letters.models import DeliveryMethod
from letters.services import letter_record_delivery
from requests.choices import ConsultationResult, ConsultedParty, Role, Status
from tests.factories import at, staff
from tests.requests import machine as m
from tests.requests.machine import build
from workflow.models import Notification, NotificationKind
from workflow.sweeps import (
    SweepReport,
    close_lapsed_consultations,
    remind_unrecorded_consultation_deliveries,
    sweep_deadlines,
)

D = datetime.date.fromisoformat


def _letter(request, people, *, party=ConsultedParty.THIRD_PARTY, name=m.THIRD_PARTY):
    return acts.open_consultation_with_letter(
        request=request, acting_user=people.handler, party_kind=party, party_name=name,
        subject=m.CONSULTATION_SUBJECT, at=at(m.PAUSED_ON))


@pytest.fixture
def consulting(organ, people):
    request = build(Status.PROCESSING, organ, people)
    return request, _letter(request, people)


def test_the_sweep_lapses_a_consultation_15_working_days_after_recorded_receipt(
    organ, people, consulting
):
    request, letter = consulting
    # Not after 15 working days from sending (Thu 03-26): the receipt is not recorded.
    report = SweepReport()
    close_lapsed_consultations(D("2026-03-27"), report)
    assert report.consultations_closed == []
    # Delivered Thu 03-12 (recorded the next day): 15 working days run to Thu 04-02.
    letter_record_delivery(letter=letter, method=DeliveryMethod.POSTAL_DELIVERY,
                           delivered_on=D("2026-03-12"), acting_user=people.registrar,
                           at=at("2026-03-13"))
    consultation = letter.consultation
    consultation.refresh_from_db()
    assert consultation.respond_by == D("2026-04-02")
    for day in ("2026-03-27", "2026-04-02"):
        close_lapsed_consultations(D(day), report)
        assert report.consultations_closed == [], day
    report = sweep_deadlines(D("2026-04-03"))
    assert report.consultations_closed == [request.registration_number]
    assert "征求意见逾期结束：1件" in report.lines()
    consultation.refresh_from_db()
    assert consultation.result == ConsultationResult.LAPSED_THIRD_PARTY
    assert consultation.closed_on == D("2026-04-02")
    request.refresh_from_db()
    assert request.status == Status.PROCESSING


def test_registrars_are_reminded_once_of_a_consultation_letter_undelivered_after_5_working_days(
    organ, people, consulting
):
    request, letter = consulting
    second_registrar = staff(organ, Role.REGISTRAR, "registrar2", people.office)
    co_organ = _letter(request, people, party=ConsultedParty.CO_ORGAN, name=m.CO_ORGAN)
    letter_record_delivery(letter=co_organ, method=DeliveryMethod.ELECTRONIC_DELIVERY,
                           delivered_on=D("2026-03-06"), acting_user=people.registrar,
                           at=at("2026-03-06"))
    # Sent Thu 03-05: the 5th working day after is Thu 03-12.
    report = SweepReport()
    remind_unrecorded_consultation_deliveries(D("2026-03-11"), report)
    assert report.delivery_reminders == 0
    report = sweep_deadlines(D("2026-03-12"))
    assert report.delivery_reminders == 2  # each registrar, for the one undelivered letter
    assert "征求意见文书未登记送达提醒：2条" in report.lines()
    notes = Notification.objects.filter(kind=NotificationKind.DELIVERY_UNRECORDED)
    assert sorted(n.user.username for n in notes) == ["registrar", "registrar2"]
    assert {n.key for n in notes} == {f"letter:{letter.pk}"}
    note = notes.get(user=second_registrar)
    assert letter.number in note.message and request.registration_number in note.message
    assert "2026年3月5日" in note.message
    # Once: later sweeps tell nobody again.
    for day in ("2026-03-12", "2026-03-13", "2026-03-20"):
        again = SweepReport()
        remind_unrecorded_consultation_deliveries(D(day), again)
        assert again.delivery_reminders == 0, day
    assert not Notification.objects.filter(
        kind=NotificationKind.DELIVERY_UNRECORDED, user__in=[people.handler, people.ogi_head]
    ).exists()


def test_no_reminder_for_a_recorded_delivery_or_a_closed_consultation(organ, people, consulting):
    request, letter = consulting
    letter_record_delivery(letter=letter, method=DeliveryMethod.POSTAL_DELIVERY,
                           delivered_on=D("2026-03-09"), acting_user=people.registrar,
                           at=at("2026-03-09"))
    other = build(Status.PROCESSING, organ, people)
    answered = _letter(other, people)
    m.close_consultation(other, people, at("2026-03-10"), consultation=answered.consultation)
    report = SweepReport()
    remind_unrecorded_consultation_deliveries(D("2026-03-20"), report)
    assert report.delivery_reminders == 0
    assert not Notification.objects.filter(kind=NotificationKind.DELIVERY_UNRECORDED).exists()

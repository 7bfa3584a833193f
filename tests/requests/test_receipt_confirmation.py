"""Art. 31: for an application online, by fax, e-mail or ordinary letter the receipt date
is the day staff confirm receipt — a date the registrar enters (today unless given), not
before the application arrived and not after today; a confirmation more than one working
day after arrival is recorded with its delay for supervisors."""

from __future__ import annotations

import datetime

import pytest

from requests.choices import Channel
from requests.errors import RequestActError
from requests.models import AuditEvent
from requests.models.audit import Act
from requests.services import request_register
from requests.services.registration import confirmation_delay
from tests.factories import at, submit

D = datetime.date.fromisoformat
CONFIRMED = [Channel.ONLINE, Channel.FAX, Channel.EMAIL, Channel.ORDINARY_POST]


def _submitted(organ, people, channel, on="2026-03-02"):  # Mon 2026-03-02
    entered_by = None if channel == Channel.ONLINE else people.registrar
    return submit(organ, channel=channel, on=on, entered_by=entered_by)


def _register_event(request) -> AuditEvent:
    return AuditEvent.objects.get(request=request, act=Act.REGISTER)


@pytest.mark.parametrize("channel", CONFIRMED)
def test_the_receipt_date_is_the_confirmation_date_the_registrar_enters(organ, people, channel):
    request = _submitted(organ, people, channel)
    request_register(request=request, acting_user=people.registrar,
                     confirmed_on=D("2026-03-03"), at=at("2026-03-05"))
    request.refresh_from_db()
    assert request.receipt_confirmed_on == D("2026-03-03")
    assert request.received_on == D("2026-03-03")
    assert request.due_on == D("2026-03-31")  # 20 working days after Tue 03-03
    data = _register_event(request).data
    assert data["confirmation_delay"] == 1 and data["confirmation_late"] is False
    assert confirmation_delay(request) is None


@pytest.mark.parametrize("channel", CONFIRMED)
def test_without_a_date_receipt_is_confirmed_today(organ, people, channel):
    request = _submitted(organ, people, channel)
    request_register(request=request, acting_user=people.registrar, at=at("2026-03-03"))
    assert request.received_on == request.receipt_confirmed_on == D("2026-03-03")


@pytest.mark.parametrize("channel", CONFIRMED)
def test_a_confirmation_more_than_one_working_day_after_arrival_is_recorded_as_late(
    organ, people, channel
):
    request = _submitted(organ, people, channel)
    request_register(request=request, acting_user=people.registrar, at=at("2026-03-05"))
    data = _register_event(request).data
    # Arrived Mon 03-02, confirmed Thu 03-05: Tue, Wed, Thu.
    assert data["arrived_on"] == "2026-03-02" and data["confirmed_on"] == "2026-03-05"
    assert data["confirmation_delay"] == 3 and data["confirmation_late"] is True
    assert confirmation_delay(request) == 3


def test_a_weekend_between_arrival_and_confirmation_is_not_a_delay(organ, people):
    request = _submitted(organ, people, Channel.ONLINE, on="2026-03-07")  # Saturday
    request_register(request=request, acting_user=people.registrar, at=at("2026-03-09"))
    assert _register_event(request).data["confirmation_delay"] == 1
    assert confirmation_delay(request) is None


@pytest.mark.parametrize(
    ("confirmed_on", "message"),
    [
        ("2026-03-06", "确认接收的日期不能晚于今天"),
        ("2026-03-01", "确认接收的日期不能早于申请到达之日（2026年3月2日）"),
    ],
)
@pytest.mark.parametrize("channel", CONFIRMED)
def test_a_confirmation_date_after_today_or_before_arrival_is_refused_and_nothing_changes(
    organ, people, channel, confirmed_on, message
):
    request = _submitted(organ, people, channel)
    with pytest.raises(RequestActError, match=message):
        request_register(request=request, acting_user=people.registrar,
                         confirmed_on=D(confirmed_on), at=at("2026-03-05"))
    request.refresh_from_db()
    assert request.registration_number is None and request.received_on is None
    assert not AuditEvent.objects.filter(request=request, act=Act.REGISTER).exists()


@pytest.mark.parametrize(
    ("channel", "signed", "expected"),
    [(Channel.IN_PERSON, None, "2026-03-02"), (Channel.REGISTERED_POST, "2026-03-03", "2026-03-03")],
)
def test_in_person_and_registered_post_need_no_confirmation_and_are_never_late(
    organ, people, channel, signed, expected
):
    request = _submitted(organ, people, channel)
    request_register(request=request, acting_user=people.registrar,
                     post_signed_on=D(signed) if signed else None, at=at("2026-03-06"))
    assert request.received_on == D(expected)
    assert "confirmation_late" not in _register_event(request).data
    assert confirmation_delay(request) is None

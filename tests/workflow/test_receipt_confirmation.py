"""Art. 31 at the register step: the confirmation date is entered (today by default), and a
confirmation more than one working day after arrival is flagged to supervisors once."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from requests.choices import Channel, Role, Status
from tests.factories import at, staff
from workflow.models import Notification, NotificationKind
from workflow.queues import task_claim
from workflow.sweeps import SweepReport, flag_late_confirmations

from .flowkit import do, open_task, start


def days_ago(n: int) -> datetime.date:
    """The day ``n`` days before today, today being read when called (a run that crosses
    midnight in China compares with the day it runs on)."""
    return timezone.localdate() - datetime.timedelta(days=n)


def _page(client, process, user):
    task = task_claim(task=open_task(process, "register"), user=user)
    client.force_login(user)
    return reverse("workflow:task", args=[task.pk])


@pytest.mark.parametrize("channel", [Channel.ONLINE, Channel.FAX, Channel.EMAIL,
                                     Channel.ORDINARY_POST])
def test_the_register_page_takes_the_confirmation_date(client, organ, people, channel):
    entered_by = None if channel == Channel.ONLINE else people.registrar
    request, process = start(organ, channel=channel, on=days_ago(7), entered_by=entered_by)
    url = _page(client, process, people.registrar)
    form = client.get(url).context["forms"][0][1]
    assert form.fields["confirmed_on"].initial == days_ago(0)
    assert "post_signed_on" not in form.fields
    response = client.post(url, {"form": "register", "register-confirmed_on": days_ago(6)})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.received_on == request.receipt_confirmed_on == days_ago(6)


@pytest.mark.parametrize(
    ("confirmed_days_ago", "message"),
    [(-1, "不能晚于今天"), (8, "不能早于申请到达之日")],
)
def test_the_register_page_refuses_a_date_after_today_or_before_arrival(
    client, organ, people, confirmed_days_ago, message
):
    confirmed_on = days_ago(confirmed_days_ago)
    request, process = start(organ, on=days_ago(7))
    url = _page(client, process, people.registrar)
    response = client.post(url, {"form": "register", "register-confirmed_on": confirmed_on})
    assert response.status_code == 200
    assert message in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.RECEIVED


def test_an_in_person_application_is_not_asked_for_a_confirmation_date(client, organ, people):
    _request, process = start(organ, channel=Channel.IN_PERSON, entered_by=people.registrar,
                              on=days_ago(0))
    form = client.get(_page(client, process, people.registrar)).context["forms"][0][1]
    assert "confirmed_on" not in form.fields


def test_a_late_confirmation_is_flagged_to_supervisors_once_with_the_delay(organ, people):
    staff(organ, Role.SUPERVISOR, "supervisor2")
    request, process = start(organ, on="2026-03-02")  # Mon
    do(process, "register", people.registrar, at=at("2026-03-05"))  # Thu: 3 working days
    notes = Notification.objects.filter(kind=NotificationKind.LATE_CONFIRMATION)
    assert {n.user for n in notes} == {people.supervisor, staff(organ, Role.SUPERVISOR,
                                                                  "supervisor2")}
    request.refresh_from_db()
    assert f"申请{request.registration_number}于2026年3月2日到达，2026年3月5日才确认接收，晚了3个工作日" in (
        notes.first().message)
    report = SweepReport()
    flag_late_confirmations(report)  # the sweep tells nobody twice
    assert report.late_confirmations == 0 and notes.count() == 2


def test_the_sweep_flags_a_late_confirmation_registered_outside_the_flow(organ, people):
    from requests.services import request_register
    from tests.factories import submit

    request = submit(organ, on="2026-03-02")
    request_register(request=request, acting_user=people.registrar, at=at("2026-03-04"))
    report = SweepReport()
    flag_late_confirmations(report)
    assert report.late_confirmations == 1
    assert Notification.objects.get().user == people.supervisor


def test_a_timely_confirmation_tells_nobody(organ, people):
    _request, process = start(organ, on="2026-03-02")
    do(process, "register", people.registrar, at=at("2026-03-03"))
    flag_late_confirmations(SweepReport())
    assert not Notification.objects.filter(kind=NotificationKind.LATE_CONFIRMATION).exists()


def test_the_request_page_shows_staff_the_delay(client, organ, people):
    request, process = start(organ, on="2026-03-02")
    do(process, "register", people.registrar, at=at("2026-03-05"))
    client.force_login(people.supervisor)
    page = client.get(reverse("workflow:request", args=[request.public_id])).content.decode()
    assert "确认接收晚于到达之日3个工作日" in page
    on_time, process = start(organ, on="2026-03-02")
    do(process, "register", people.registrar, at=at("2026-03-03"))
    page = client.get(reverse("workflow:request", args=[on_time.public_id])).content.decode()
    assert "确认接收晚于到达之日" not in page

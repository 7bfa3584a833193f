"""The staff workbench pages: what each person sees, and a fixed number of queries."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from viewflow.workflow.models import Task

from requests.calendar import WorkingCalendar
from requests.choices import Role, Status
from requests.services import request_register
from tests.factories import OrganFactory, at, staff, submit
from workflow.flows import DisclosureFlow
from workflow.lifecycle import flow_start
from workflow.queues import task_claim


def start(organ, **kwargs):
    request = submit(organ, **kwargs)
    with transaction.atomic():
        flow_start(request)
    return request


def register_task(request):
    return Task.objects.get(process__requestprocess__request=request, flow_task=DisclosureFlow.register)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["workflow:workbench", "workflow:requests"])
def test_pages_render_with_a_fixed_number_of_queries(client, organ, people, url_name):
    client.force_login(people.registrar)
    url = reverse(url_name)
    for _ in range(3):
        start(organ)
    client.get(url)  # the working-day calendar is read once per process, then cached
    few = queries_for(client, url)
    for n in range(15):
        request = start(organ, items=[f"2026年第{n + 1}批次木兰溪水质监测数据"])
        request_register(request=request, acting_user=people.registrar, at=at("2026-03-03"))
    many = queries_for(client, url)
    assert few == many


def test_the_workbench_shows_my_tasks_and_what_i_can_claim(client, organ, people):
    mine = start(organ, items=["莆田市2026年第一季度空气质量监测报告"])
    offered = start(organ, items=["莆田市2026年重点排污单位名录"])
    task_claim(task=register_task(mine), user=people.registrar)
    client.force_login(people.registrar)
    response = client.get(reverse("workflow:workbench"))
    page = response.content.decode()
    assert [row.request.pk for row in response.context["mine"]["list"].rows] == [mine.pk]
    assert [row.request.pk for row in response.context["offered"]["list"].rows] == [offered.pk]
    assert "莆田市2026年第一季度空气质量监测报告" in page
    assert "确认接收并登记" in page


def test_a_handler_sees_no_registrar_tasks(client, organ, people):
    start(organ)
    client.force_login(people.handler)
    response = client.get(reverse("workflow:workbench"))
    assert response.context["mine"]["list"].rows == []
    assert response.context["offered"]["list"].rows == []


def test_filters_narrow_the_request_list(client, organ, people):
    start(organ, items=["木兰溪干流水质月报"])
    other = start(organ, items=["辐射环境监测年报"])
    request_register(request=other, acting_user=people.registrar, at=at("2026-03-03"))
    client.force_login(people.registrar)
    url = reverse("workflow:requests")
    rows = client.get(url, {"text": "辐射"}).context["rows"]
    assert [r.request.pk for r in rows] == [other.pk]
    rows = client.get(url, {"status": Status.RECEIVED}).context["rows"]
    assert other.pk not in [r.request.pk for r in rows]
    rows = client.get(url, {"registration_number": other.registration_number}).context["rows"]
    assert [r.request.pk for r in rows] == [other.pk]


def test_another_organs_staff_get_404_on_the_request_page(client, organ, people):
    request = start(organ)
    other_organ = OrganFactory(
        name="莆田市自然资源局", short_name="莆田市自然资源局", code="PTZR",
        letter_number_prefix="莆自然资源信公开",
    )
    outsider = staff(other_organ, Role.REGISTRAR, "zr_registrar")
    client.force_login(outsider)
    assert client.get(reverse("workflow:request", args=[request.public_id])).status_code == 404
    assert client.get(reverse("workflow:requests")).context["rows"] == []
    task = register_task(request)
    response = client.post(reverse("workflow:task_claim", args=[task.pk]))
    assert response.status_code == 404
    task.refresh_from_db()
    assert task.owner is None


def test_the_request_page_offers_only_the_actions_this_person_may_take(client, organ, people):
    request = start(organ)
    url = reverse("workflow:request", args=[request.public_id])
    client.force_login(people.handler)
    page = client.get(url).content.decode()
    assert reverse("workflow:task_claim", args=[register_task(request).pk]) not in page
    assert "/release/" not in page and "/reassign/" not in page
    client.force_login(people.registrar)
    page = client.get(url).content.decode()
    assert reverse("workflow:task_claim", args=[register_task(request).pk]) in page
    client.post(reverse("workflow:task_claim", args=[register_task(request).pk]))
    page = client.get(url).content.decode()
    assert reverse("workflow:task_release", args=[register_task(request).pk]) in page
    assert reverse("workflow:task_claim", args=[register_task(request).pk]) not in page


def test_people_without_a_role_are_turned_away(client, organ):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="citizen"))
    assert client.get(reverse("workflow:workbench")).status_code == 403
    client.logout()
    assert client.get(reverse("workflow:workbench")).status_code == 302


def test_only_the_ogi_office_is_offered_and_allowed_to_record_a_delivery(client, organ, people):
    from letters.acts import register_and_send_receipt
    from letters.models import IssuedLetter

    request = submit(organ)
    letter = register_and_send_receipt(request=request, acting_user=people.registrar,
                                       at=at("2026-03-03"))
    page_url = reverse("workflow:request", args=[request.public_id])
    delivery_url = reverse("workflow:delivery", args=[request.public_id, letter.public_id])
    legal = staff(organ, Role.LEGAL_REVIEWER, "legal", people.office)
    for user in (legal, people.handler):
        client.force_login(user)
        assert delivery_url not in client.get(page_url).content.decode()
    client.force_login(legal)
    client.post(delivery_url, {"method": "electronic_delivery", "delivered_on": "2026-03-03"})
    assert not IssuedLetter.objects.get(pk=letter.pk).is_delivered
    for user in (people.ogi_head, people.registrar):
        client.force_login(user)
        assert delivery_url in client.get(page_url).content.decode()
    client.post(delivery_url, {"method": "electronic_delivery", "delivered_on": "2026-03-03"})
    assert IssuedLetter.objects.get(pk=letter.pk).is_delivered


@pytest.mark.parametrize("url_name", ["workflow:workbench", "workflow:requests"])
def test_the_clock_of_the_rows_does_not_walk_the_calendar_day_by_day(
    client, organ, people, url_name, monkeypatch
):
    # Registered in March 2026: by the time of the page, many of them are long overdue, the
    # rows whose deadlines cost most to count day by day.
    client.force_login(people.registrar)
    url = reverse(url_name)
    for n in range(3):
        request = start(organ, items=[f"2025年第{n + 1}批次木兰溪水质监测数据"])
        request_register(request=request, acting_user=people.registrar, at=at("2026-03-03"))
    calls = []
    original = WorkingCalendar.is_working_day
    monkeypatch.setattr(WorkingCalendar, "is_working_day",
                        lambda self, day: calls.append(day) or original(self, day))
    client.get(url)  # the calendar is read and indexed once per process
    calls.clear()
    client.get(url)
    few = len(calls)
    monkeypatch.undo()
    for n in range(20):
        request = start(organ, items=[f"2026年第{n + 1}批次木兰溪水质监测数据"])
        request_register(request=request, acting_user=people.registrar, at=at("2026-03-03"))
    monkeypatch.setattr(WorkingCalendar, "is_working_day",
                        lambda self, day: calls.append(day) or original(self, day))
    calls.clear()
    response = client.get(url)
    lists = [response.context[key]["list"].rows for key in ("mine", "offered", "waiting")
             if key in response.context]
    rows = [*sum(lists, []), *response.context.get("rows", [])]
    assert len(rows) >= 20
    assert len(calls) == few == 0

"""The queue's order: by urgency in the database, visible, changeable, kept across pages;
and a page costs the same number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import at
from workflow.worklists import PAGE_SIZE

from .flowkit import do, start
from .queuekit import (
    WORKBENCH,
    awaiting_correction,
    in_handling,
    received_for_late,
    registered,
    replied,
    rows,
)

MARCH = ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-09",
         "2026-03-10", "2026-03-11"]


def test_an_overdue_task_comes_before_eight_archive_tasks_from_march(client, organ, people):
    archives = [
        replied(organ, people, day, f"木兰溪{n + 1}月水质监测月报")[0]
        for n, day in enumerate(MARCH)
    ]
    late, _ = registered(organ, people, received_for_late(5), "华亭镇污水处理厂排污许可证")
    later, _ = registered(organ, people, received_for_late(9), "2025年辐射环境监测年报")
    client.force_login(people.registrar)
    response = client.get(WORKBENCH)
    offered = rows(response, "offered")
    assert [row.request for row in offered] == [later, late, *archives]
    assert offered[0].deadline.text == "超期9个工作日"
    assert offered[1].deadline.text == "超期5个工作日"
    page = response.content.decode()
    assert "排序：紧急程度" in page
    assert "共10条" in page


@pytest.fixture
def many(organ, people):
    """Three pages of triage tasks offered to the registrars, each registered a day apart."""
    from requests.selectors import load_working_calendar

    calendar = load_working_calendar()
    day = received_for_late(1)
    made = []
    for n in range(PAGE_SIZE * 2 + 5):
        made.append(registered(organ, people, day, f"第{n + 1}号建设项目环评批复")[0])
        day = calendar.add_working_days(day, 1) if n % 3 == 2 else day
    return made


def test_paging_keeps_the_sort_and_the_filters(client, organ, people, many):
    client.force_login(people.registrar)
    first = client.get(WORKBENCH, {"sort": "newest", "text": "环评批复"})
    assert first.context["offered"]["list"].count == len(many)
    page = first.content.decode()
    assert "sort=newest" in page and "page=2" in page
    assert "排序：任务时间（最新的在前）" in page
    second = client.get(WORKBENCH, {"sort": "newest", "text": "环评批复", "page": "2"})
    shown = [row.request for row in rows(first, "offered")] + [
        row.request for row in rows(second, "offered")
    ]
    assert shown == list(reversed(many))[: PAGE_SIZE * 2]
    by_urgency = client.get(WORKBENCH, {"page": "3"})
    assert [row.request for row in rows(by_urgency, "offered")] == many[PAGE_SIZE * 2:]


def test_an_unknown_sort_falls_back_to_urgency(client, organ, people):
    registered(organ, people, received_for_late(2), "城厢区声环境功能区划")
    client.force_login(people.registrar)
    response = client.get(WORKBENCH, {"sort": "drop table"})
    assert response.status_code == 200
    assert "排序：紧急程度" in response.content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("url_name", ["workflow:workbench", "workflow:team",
                                      "workflow:archive_batch"])
def test_a_page_costs_the_same_queries_for_few_rows_and_for_many(
    client, organ, people, url_name, monkeypatch
):
    monkeypatch.setattr("workflow.worklists.PAGE_SIZE", 4)
    url = reverse(url_name)
    user = people.registrar if url_name != "workflow:team" else people.ogi_head
    day = received_for_late(1)
    for n in range(2):
        registered(organ, people, day, f"少量第{n + 1}项")
        in_handling(organ, people, day, f"承办第{n + 1}项")
        awaiting_correction(organ, people, day, f"补正第{n + 1}项")
    client.force_login(user)
    client.get(url)  # the calendar is read once per process, then cached
    few = _queries(client, url)
    for n in range(7):
        registered(organ, people, day, f"大量第{n + 1}项")
        in_handling(organ, people, day, f"承办大量第{n + 1}项")
        awaiting_correction(organ, people, day, f"补正大量第{n + 1}项")
    many = _queries(client, url)
    assert len(many) == len(few), "\n".join(q for q in many if q not in few)


def test_a_page_past_the_end_shows_the_last_page_and_a_bad_one_the_first(client, people, many):
    client.force_login(people.registrar)
    past = client.get(WORKBENCH, {"page": "9"})
    shown = past.context["offered"]["list"]
    assert shown.count == len(many) and shown.page.number == 3
    assert [row.request for row in shown.rows] == many[PAGE_SIZE * 2:]
    assert "第3页，共3页" in past.content.decode()
    assert client.get(WORKBENCH, {"page": "0"}).context["offered"]["list"].page.number == 3
    first = client.get(WORKBENCH, {"page": "第二页"}).context["offered"]["list"]
    assert first.page.number == 1 and [row.request for row in first.rows] == many[:PAGE_SIZE]


def test_a_request_whose_items_match_the_text_twice_is_one_row(client, organ, people):
    day = received_for_late(1)
    request, process = start(
        organ, on=day, items=["2025年木兰溪水质监测月报", "2026年木兰溪水质监测月报"]
    )
    do(process, "register", people.registrar, at=at(day))
    registered(organ, people, day, "华亭镇污水处理厂排污许可证")
    client.force_login(people.registrar)
    shown = client.get(WORKBENCH, {"text": "木兰溪"}).context["offered"]["list"]
    assert shown.count == 1
    assert [row.request for row in shown.rows] == [request]

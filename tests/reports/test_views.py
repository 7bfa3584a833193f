"""Supervision pages: who may see them, that they render, and that the exports parse."""

from __future__ import annotations

import csv
import datetime
import io
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from reports.dashboard import day_counts, duration_histogram, year_period
from reports.stages import stage_times
from requests.choices import Role
from requests.models import DisclosureRequest
from tests.factories import OrganFactory, at, staff
from workflow.flows import DisclosureFlow
from workflow.models import RequestProcess

from .builders import bulk_requests, finished_task, random_facts, settle_clocks
from .test_charts import nested_interactive

D = datetime.date.fromisoformat
YEAR_2025 = "period=year&year=2025"


@pytest.fixture
def data(organ, people):
    bulk_requests(organ, random_facts(random.Random(3), 120, first=D("2025-01-01"), last=D("2025-12-31")))
    DisclosureRequest.objects.filter(organ=organ, pk__in=DisclosureRequest.objects.filter(
        organ=organ).values("pk")[:40]).update(department=people.dept)
    settle_clocks(organ, today=D("2026-01-15"))
    return people


@pytest.fixture
def supervisor_client(client, data):
    client.force_login(data.supervisor)
    return client


def test_dashboard_renders_figures_charts_and_links(supervisor_client, organ):
    response = supervisor_client.get(f"/supervision/?{YEAR_2025}")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 3  # no workflow tasks in this data: no stage chart
    assert "/supervision/requests/?" in html and "/supervision/export/by_department.csv" in html
    received = DisclosureRequest.objects.filter(organ=organ, received_on__year=2025).count()
    assert f'<span class="n">{received}</span>' in html
    assert 'aria-current="page">督查</a>' in html


def test_dashboard_periods_and_filters(supervisor_client, data):
    for query in ("", "period=month&year=2025&month=3", "period=quarter&year=2025&quarter=2",
                  "period=custom&start=2025-02-01&end=2025-05-31",
                  f"{YEAR_2025}&department={data.dept.pk}&channel=online&applicant_kind=natural_person",
                  "period=custom&start=2025-05-31&end=2025-02-01"):
        assert supervisor_client.get(f"/supervision/?{query}").status_code == 200, query


def test_drill_down_lists_the_requests_behind_a_figure(supervisor_client, organ, data):
    response = supervisor_client.get(f"/supervision/requests/?{YEAR_2025}&figure=received&department={data.dept.pk}")
    assert response.status_code == 200
    expected = DisclosureRequest.objects.filter(
        organ=organ, received_on__year=2025, department=data.dept
    ).count()
    assert response.context["page"].paginator.count == expected > 0
    concluded = supervisor_client.get(f"/supervision/requests/?{YEAR_2025}&figure=concluded&days=0-5")
    assert concluded.status_code == 200
    quick = DisclosureRequest.objects.filter(
        organ=organ, concluded_on__year=2025, working_days_used__lte=5
    ).count()
    (low, high, in_bin), *_rest = duration_histogram(
        day_counts(organ=organ, period=year_period(2025))[""][""]
    )
    assert (low, high) == (0, 5)
    assert concluded.context["page"].paginator.count == quick == in_bin > 0
    assert supervisor_client.get("/supervision/requests/?figure=nonsense").status_code == 404


def test_the_stage_drill_down_lists_the_requests_behind_the_stage_figure(
    supervisor_client, organ, data
):
    requests = list(DisclosureRequest.objects.filter(organ=organ, received_on__isnull=False)[:3])
    hour = datetime.timedelta(hours=1)
    for n, request in enumerate(requests):
        process = RequestProcess.objects.create(flow_class=DisclosureFlow, request=request)
        offered = at("2025-06-02" if n < 2 else "2024-06-03", 9)
        finished_task(process, "triage", offered, 2 * hour, 3 * hour)
    response = supervisor_client.get(f"/supervision/requests/?{YEAR_2025}&step=triage")
    assert response.status_code == 200
    listed = {row.request.pk for row in response.context["rows"]}
    assert listed == {requests[0].pk, requests[1].pk}  # the third was offered in 2024
    (triage,) = stage_times(organ=organ, period=year_period(2025))
    assert triage.tasks == len(listed)
    assert supervisor_client.get(f"/supervision/requests/?{YEAR_2025}&step=nonsense").status_code == 404


def test_drill_down_has_a_fixed_number_of_queries(supervisor_client, organ, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        supervisor_client.get(f"/supervision/requests/?{YEAR_2025}&figure=received")
    bulk_requests(organ, random_facts(random.Random(4), 200, first=D("2025-01-01"), last=D("2025-12-31")),
                  number_prefix="MORE")
    with django_assert_max_num_queries(14):
        supervisor_client.get(f"/supervision/requests/?{YEAR_2025}&figure=received")


def test_dashboard_has_a_fixed_number_of_queries(supervisor_client, organ):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert supervisor_client.get(f"/supervision/?{YEAR_2025}").status_code == 200
        return len(captured)

    few = queries()
    bulk_requests(organ, random_facts(random.Random(5), 200, first=D("2025-01-01"), last=D("2025-12-31")),
                  number_prefix="MORE")
    assert queries() == few
    # Grouping sets on PostgreSQL; one query per breakdown elsewhere.
    assert few <= (20 if connection.vendor == "postgresql" else 40)


@pytest.mark.parametrize("table", ["by_department", "by_outcome", "by_channel", "by_applicant_kind",
                                   "processing", "stages"])
def test_exports_parse_as_csv_and_xlsx(supervisor_client, table):
    response = supervisor_client.get(f"/supervision/export/{table}.csv?{YEAR_2025}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows and all(len(row) == len(rows[0]) for row in rows)
    response = supervisor_client.get(f"/supervision/export/{table}.xlsx?{YEAR_2025}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == rows[0]
    assert sheet.max_row == len(rows)
    if table == "by_department":
        assert rows[-1][0] == "合计"
        assert int(rows[-1][1]) == sum(int(r[1]) for r in rows[1:-1])


def test_unknown_export_is_404(supervisor_client):
    assert supervisor_client.get("/supervision/export/secrets.csv").status_code == 404
    assert supervisor_client.get("/supervision/export/by_channel.pdf").status_code == 404


def test_annual_report_on_screen_and_as_xlsx(supervisor_client):
    response = supervisor_client.get("/supervision/annual/?year=2025")
    assert response.status_code == 200
    html = response.content.decode()
    assert "三、收到和处理政府信息公开申请情况" in html and "format=xlsx" in html and "format=pdf" in html
    xlsx = supervisor_client.get("/supervision/annual/?year=2025&format=xlsx")
    assert xlsx.status_code == 200
    load_workbook(io.BytesIO(xlsx.content))
    assert supervisor_client.get("/supervision/annual/?year=abc").status_code == 404


def test_other_organs_supervisor_sees_nothing_of_this_organ(client, organ, data):
    other = OrganFactory(name="莆田市自然资源局", short_name="莆田市自然资源局", code="PTZR",
                         letter_number_prefix="莆自然信公开")
    client.force_login(staff(other, Role.SUPERVISOR, "other_supervisor"))
    for url in (f"/supervision/?organ={organ.pk}", f"/supervision/requests/?organ={organ.pk}",
                f"/supervision/export/by_channel.csv?organ={organ.pk}",
                f"/supervision/annual/?organ={organ.pk}&year=2025"):
        assert client.get(url).status_code == 404, url
    # Their own organ's dashboard shows none of this organ's requests.
    response = client.get(f"/supervision/?{YEAR_2025}")
    assert response.status_code == 200
    assert response.context["tiles"][0][1] == 0
    csv_rows = list(csv.reader(io.StringIO(
        client.get(f"/supervision/export/by_channel.csv?{YEAR_2025}").content.decode("utf-8-sig"))))
    assert csv_rows[-1][1] == "0"


def test_non_supervisors_are_refused(client, data):
    client.force_login(data.handler)
    for url in ("/supervision/", "/supervision/requests/", "/supervision/annual/",
                "/supervision/export/by_channel.csv"):
        assert client.get(url).status_code == 403, url
    workbench = client.get("/workbench/")
    assert "督查</a>" not in workbench.content.decode()
    client.logout()
    assert client.get("/supervision/").status_code == 302


def test_ogi_head_may_supervise(client, data):
    client.force_login(data.ogi_head)
    assert client.get("/supervision/").status_code == 200


def test_the_step_drill_down_names_the_step_in_its_title(supervisor_client, organ, data):
    request = DisclosureRequest.objects.filter(organ=organ, received_on__isnull=False).first()
    process = RequestProcess.objects.create(flow_class=DisclosureFlow, request=request)
    finished_task(process, "triage", at("2025-06-02", 9), datetime.timedelta(hours=1),
                  datetime.timedelta(hours=2))
    html = supervisor_client.get(f"/supervision/requests/?{YEAR_2025}&step=triage").content.decode()
    title = str(DisclosureFlow.triage.task_title)
    assert f"<title>督查明细：{title}环节" in html
    assert f"<h1>督查明细：{title}环节</h1>" in html


def test_the_median_and_p90_cards_link_to_the_requests_behind_them(supervisor_client, organ):
    import re
    from html import unescape

    response = supervisor_client.get(f"/supervision/?{YEAR_2025}")
    html = response.content.decode()
    median_href, p90_href = (
        unescape(re.search(rf'<li><a href="([^"]+)"><span class="n">[^<]*</span><span class="t">{label}', html)[1])
        for label in ("办理用时中位数", "办理用时第90百分位")
    )
    concluded = DisclosureRequest.objects.filter(organ=organ, concluded_on__year=2025)
    median_page = supervisor_client.get(median_href)
    assert median_page.context["page"].paginator.count == concluded.count() > 0
    (_key, n, _median, p90), *_rest = [
        row for row in __import__("reports.dashboard", fromlist=["summaries"]).summaries(
            day_counts(organ=organ, period=year_period(2025))[""])
    ]
    assert f"<span class=\"n\">{p90}</span>" in html
    p90_page = supervisor_client.get(p90_href)
    at_or_above = concluded.filter(working_days_used__gte=p90)
    assert p90_page.context["page"].paginator.count == at_or_above.count()
    assert 0 < at_or_above.count() < n
    assert f"办理用时不少于 {p90} 个净工作日" in p90_page.content.decode()


def test_the_dashboard_nests_no_interactive_element_in_another(supervisor_client):
    html = supervisor_client.get(f"/supervision/?{YEAR_2025}").content.decode()
    assert html.count("<svg") >= 3 and "<a href" in html
    assert nested_interactive(html) == []

"""The applicant's released files in the portal: listed on the request page (name, pages,
size, available until), downloaded through an authorised view during the period the reply
states, each download recorded (who, when) and shown in the staff history only. Nobody else
gets a released file, and nobody gets anything that was not released."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from records.models import Disclosure, Download, Record
from records.selectors import released_files_of
from requests.choices import Role
from tests.factories import DepartmentFactory, OrganFactory, at, staff
from tests.records.releasekit import PERSONAL, replied_with_package, stored_bytes

from .conftest import make_applicant

pytestmark = pytest.mark.django_db

REPORT = "2025年第四季度木兰溪水质自动监测站监测数据报告"
PERMIT = "莆田市兴荔新材料科技有限公司排污许可证副本"
INTERNAL = "环审科关于该企业环评审批的内部请示"
PACKAGE = [(REPORT, 3, Disclosure.AS_IS), (PERMIT, 2, Disclosure.REDACTED),
           (INTERNAL, 1, Disclosure.WITHHELD)]


@pytest.fixture
def replied(organ, people, applicant):
    return replied_with_package(organ, people, applicant, files=PACKAGE)


def page(client, request) -> str:
    response = client.get(reverse("portal:request", args=[request.public_id]))
    assert response.status_code == 200
    return response.content.decode()


def download_url(request, released) -> str:
    return reverse("portal:released_file", args=[request.public_id, released.public_id])


def test_the_request_page_lists_the_released_files_with_their_download_links(
    replied, applicant_client
):
    text = page(applicant_client, replied)
    report, permit = released_files_of(replied)
    until = report.available_until
    assert until == timezone.localdate() + datetime.timedelta(days=30)
    assert "已公开的文件" in text
    assert download_url(replied, report) in text and download_url(replied, permit) in text
    assert REPORT in text and "3页" in text and PERMIT in text and "区分处理后公开" in text
    assert f"可下载至{until.year}年{until.month}月{until.day}日" in text
    # The withheld record is named nowhere; no record's own files are linked.
    assert INTERNAL not in text
    for record in Record.objects.filter(request=replied):
        assert str(record.public_id) not in text


def test_a_download_serves_the_frozen_bytes_and_is_recorded(replied, applicant, applicant_client):
    permit = released_files_of(replied)[1]
    response = applicant_client.get(download_url(replied, permit))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == stored_bytes(permit.file)
    assert PERSONAL.encode() not in body
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    download = Download.objects.get()
    assert download.released_file == permit and download.user == applicant
    assert abs(download.at - timezone.now()) < datetime.timedelta(minutes=5)


def test_downloads_show_in_the_staff_history_not_in_the_applicants(
    replied, people, applicant_client, client
):
    report = released_files_of(replied)[0]
    applicant_client.get(download_url(replied, report))
    assert "下载公开的文件" not in page(applicant_client, replied)
    client.force_login(people.registrar)
    staff_page = client.get(reverse("workflow:request", args=[replied.public_id]))
    history = staff_page.content.decode().split('id="history-title"')[1].split("</table>")[0]
    assert "下载公开的文件" in history and "林志强（申请人）" in history and REPORT in history


def test_after_the_download_period_a_file_is_no_longer_served(organ, people, applicant,
                                                             applicant_client):
    late = replied_with_package(organ, people, applicant, files=PACKAGE[:1],
                                dispatched_at=at("2026-03-13", 16))
    report = released_files_of(late)[0]
    assert report.available_until == datetime.date(2026, 4, 12)
    text = page(applicant_client, late)
    assert "下载期限已于2026年4月12日届满" in text
    assert download_url(late, report) not in text

    response = applicant_client.get(download_url(late, report), follow=True)
    said = response.content.decode()
    assert f"「{REPORT}」的下载期限已于2026年4月12日届满，不能再下载。" in said
    assert response.redirect_chain[-1][0] == reverse("portal:request", args=[late.public_id])
    assert not Download.objects.exists()


def test_nobody_but_the_applicant_gets_a_released_file(organ, people, replied, client):
    """Another applicant (on A's URLs and on their own request's with A's file), staff of the
    organ (the portal is the applicant's), staff of another organ: 404, and nothing
    recorded. Anonymous: to the login page."""
    report = released_files_of(replied)[0]
    url = download_url(replied, report)
    other = make_applicant("chen.yaqin@example.com")
    own = replied_with_package(organ, people, other, files=[(PERMIT, 1, Disclosure.AS_IS)])
    elsewhere = OrganFactory(name="厦门市生态环境局", short_name="厦门市生态环境局", code="XMHB",
                             letter_number_prefix="厦环信公开")
    stranger = staff(elsewhere, Role.REGISTRAR, "xm.registrar",
                     DepartmentFactory(organ=elsewhere, name="办公室"))
    for user in (other, people.registrar, people.handler, stranger):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
        # A's file under the other applicant's own request.
        assert client.get(download_url(own, report)).status_code == 404, user
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and reverse("portal:login") in response["Location"]
    assert not Download.objects.exists()


def test_an_applicant_cannot_reach_a_file_of_their_other_request(organ, people, applicant,
                                                               applicant_client, replied):
    second = replied_with_package(organ, people, applicant, files=[(PERMIT, 1, Disclosure.AS_IS)],
                                  items=["2025年度涵江区工业固体废物产生及处置情况统计表"])
    theirs = released_files_of(second)[0]
    # The right file under the wrong request: 404.
    response = applicant_client.get(download_url(replied, theirs))
    assert response.status_code == 404
    assert applicant_client.get(download_url(second, theirs)).status_code == 200


def test_the_request_page_costs_the_same_queries_with_more_files(
    organ, people, applicant, applicant_client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    few = replied_with_package(organ, people, applicant, files=PACKAGE[:2])
    many = replied_with_package(organ, people, applicant, files=[
        (f"木兰溪{n}号断面2025年水质监测月报", 2, Disclosure.AS_IS) for n in range(1, 6)],
        items=["木兰溪各断面2025年水质监测月报"])
    with CaptureQueriesContext(connection) as counted:
        page(applicant_client, few)
    with django_assert_num_queries(len(counted)):
        text = page(applicant_client, many)
    assert text.count("号断面2025年水质监测月报") == 5

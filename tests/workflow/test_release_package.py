"""The release package on the staff side: the request page lists the released files, the
print view gives the reply and the files in the order of its 附件 note with what to do for
the form asked, and staff of another organ get none of it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from records.models import Disclosure, Download
from records.selectors import released_files_of
from requests.choices import InformationForm, ObtainMethod, Role
from requests.models import DisclosureRequest
from tests.factories import DepartmentFactory, OrganFactory, staff
from tests.portal.conftest import make_applicant
from tests.records.releasekit import replied_with_package, stored_bytes
from workflow.release_views import handing_over

pytestmark = pytest.mark.django_db

REPORT = "2025年第四季度木兰溪水质自动监测站监测数据报告"
PERMIT = "莆田市兴荔新材料科技有限公司排污许可证副本"


@pytest.fixture
def replied(organ, people):
    return replied_with_package(organ, people, make_applicant(), files=[
        (REPORT, 3, Disclosure.AS_IS), (PERMIT, 2, Disclosure.REDACTED)])


def test_the_print_view_gives_the_reply_then_the_files_in_order(replied, people, client):
    client.force_login(people.registrar)
    response = client.get(reverse("workflow:release_package", args=[replied.public_id]))
    assert response.status_code == 200
    text = response.content.decode()
    reply = replied.letters.get(kind="reply")
    report, permit = released_files_of(replied)
    assert text.index(reply.number) < text.index(REPORT) < text.index(PERMIT)
    assert "附件1" in text and "附件2" in text and "附件共5页。" in text
    assert report.sha256[:12] in text and permit.sha256[:12] in text
    assert "申请人通过网上申请平台下载以下文件" in text

    response = client.get(reverse("workflow:released_file",
                                  args=[replied.public_id, permit.public_id]))
    assert b"".join(response.streaming_content) == stored_bytes(permit.file)
    assert not Download.objects.exists()  # only the applicant's downloads are recorded


def test_the_staff_request_page_lists_the_released_files(replied, people, client):
    client.force_login(people.handler)
    text = client.get(reverse("workflow:request", args=[replied.public_id])).content.decode()
    report = released_files_of(replied)[0]
    assert "已公开的文件" in text and REPORT in text and report.sha256[:12] in text
    assert reverse("workflow:release_package", args=[replied.public_id]) in text


def test_the_staff_request_page_costs_the_same_queries_with_more_downloads(
    replied, people, client, django_assert_num_queries
):
    applicant_client = client.__class__()
    applicant_client.force_login(replied.applicant.account)
    report = released_files_of(replied)[0]
    url = reverse("portal:released_file", args=[replied.public_id, report.public_id])
    applicant_client.get(url)
    client.force_login(people.registrar)
    page = reverse("workflow:request", args=[replied.public_id])
    with CaptureQueriesContext(connection) as counted:
        assert client.get(page).status_code == 200
    one_download = len(counted)  # read now: the next request resets the connection's log
    for _n in range(3):
        applicant_client.get(url)
    with django_assert_num_queries(one_download):
        text = client.get(page).content.decode()
    assert text.count("下载公开的文件") == 4


def test_staff_of_another_organ_get_neither_the_package_nor_a_file(replied, client):
    elsewhere = OrganFactory(name="厦门市生态环境局", short_name="厦门市生态环境局", code="XMHB",
                             letter_number_prefix="厦环信公开")
    stranger = staff(elsewhere, Role.REGISTRAR, "xm.registrar",
                     DepartmentFactory(organ=elsewhere, name="办公室"))
    client.force_login(stranger)
    report = released_files_of(replied)[0]
    assert client.get(reverse("workflow:release_package", args=[replied.public_id])
                      ).status_code == 404
    assert client.get(reverse("workflow:released_file", args=[replied.public_id,
                                                               report.public_id])).status_code == 404


@pytest.mark.parametrize(("form", "method", "said"), [
    (InformationForm.PAPER, ObtainMethod.POST, "请按以下顺序打印答复书和各附件，邮寄给申请人"),
    (InformationForm.PAPER, ObtainMethod.COLLECT_IN_PERSON, "请按以下顺序打印答复书和各附件，供申请人领取"),
    (InformationForm.ELECTRONIC_FILE, ObtainMethod.POST, "拷贝至光盘或U盘，并在登记送达时于凭证中注明载体"),
    (InformationForm.EMAIL, ObtainMethod.EMAIL, "随答复书发送"),
    (InformationForm.INSPECTION, ObtainMethod.COLLECT_IN_PERSON, "供申请人在办公场所查阅"),
])
def test_the_print_view_says_what_to_do_for_the_form_asked(replied, form, method, said):
    DisclosureRequest.objects.filter(pk=replied.pk).update(form_wanted=form, obtain_method=method)
    replied.refresh_from_db()
    assert said in handing_over(replied)

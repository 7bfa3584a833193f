"""The records on the handling task's page: the holder uploads and removes them per item,
sees their state, pages, text layer and first pages; the organ's staff see them and their
pages; nobody else gets anything but 404."""

import io
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from records.models import Record, RecordState
from records.preparation import record_prepare
from records.services import record_attach
from records.thumbnails import cache_folder
from requests.choices import Role
from requests.models.attachment import private_storage
from tests.factories import DepartmentFactory, OrganFactory, staff
from tests.portal.conftest import make_applicant
from tests.records.cases import being_handled, upload
from tests.records.intake_files import REPORT_TITLE, text_pdf

REPORT = text_pdf([[REPORT_TITLE, "各县（区）生态环境分局："], ["二、监测结果"], ["三、下一步工作"],
                   ["附表：监测数据"]])


@pytest.fixture
def handling(organ, people):
    return being_handled(organ, people)


def task_url(handling):
    return reverse("workflow:task", args=[handling.task.pk])


def upload_url(handling, item):
    return reverse("workflow:record_upload", args=[handling.task.pk, item.pk])


def ready_record(handling, people, capture, item=None, name="水质监测情况通报.pdf"):
    with capture(execute=True):
        record = record_attach(request=handling.request, item=item or handling.first,
                               upload=upload(name, REPORT), acting_user=people.handler)
    handling.request.refresh_from_db()
    record.refresh_from_db()
    assert record.state == RecordState.READY
    return record


def test_the_holder_uploads_a_record_and_sees_its_pages(
    client, handling, people, django_capture_on_commit_callbacks
):
    client.force_login(people.handler)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(upload_url(handling, handling.second), {
            "record-2-file": upload("排污许可证.pdf", REPORT), "record-2-title": "排污许可证正本",
        })
    assert response.status_code == 302 and response["Location"].endswith("#records-2")
    record = Record.objects.get()
    assert (record.item, record.title, record.state, record.page_count) == (
        handling.second, "排污许可证正本", RecordState.READY, 4)
    page = client.get(task_url(handling)).content.decode()
    assert "已添加文件「排污许可证正本」" in page
    assert "可用" in page and "4页" in page and "有文字层" in page
    thumbs = [reverse("workflow:record_page", args=[record.public_id, n, "thumb"]) for n in (1, 2, 3)]
    assert all(url in page for url in thumbs)
    assert reverse("workflow:record_page", args=[record.public_id, 4, "thumb"]) not in page
    assert reverse("workflow:record_original", args=[record.public_id]) in page
    assert reverse("workflow:record_remove", args=[handling.task.pk, record.public_id]) in page


def test_pages_are_rendered_once_at_two_sizes_and_kept_by_the_working_copys_hash(
    client, handling, people, django_capture_on_commit_callbacks
):
    record = ready_record(handling, people, django_capture_on_commit_callbacks)
    client.force_login(people.handler)
    for size, width in (("thumb", 180), ("page", 1000)):
        response = client.get(reverse("workflow:record_page", args=[record.public_id, 2, size]))
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
        assert image.width == width and abs(image.height - width * 842 / 595) <= 1
    cached = Path(private_storage().path(cache_folder(record.working_sha256))) / "180-2.png"
    assert cached.is_file()
    cached.write_bytes(b"kept")  # served from the cache, not rendered again
    response = client.get(reverse("workflow:record_page", args=[record.public_id, 2, "thumb"]))
    assert b"".join(response.streaming_content) == b"kept"
    for page, size in ((0, "thumb"), (5, "thumb"), (1, "huge")):
        url = reverse("workflow:record_page", args=[record.public_id, page, size])
        assert client.get(url).status_code == 404


def test_a_record_being_converted_says_so_until_it_is_ready(client, handling, people):
    client.force_login(people.handler)
    client.post(upload_url(handling, handling.first), {"record-1-file": upload("通报.pdf", REPORT)})
    record = Record.objects.get()
    page = client.get(task_url(handling)).content.decode()
    assert "等待转换" in page and "刷新本页" in page
    assert reverse("workflow:record_page", args=[record.public_id, 1, "thumb"]) not in page
    assert client.get(reverse("workflow:record_page", args=[record.public_id, 1, "thumb"])).status_code == 404
    record_prepare(record_id=record.pk)  # the tasks worker
    page = client.get(task_url(handling)).content.decode()
    assert "等待转换" not in page and "刷新本页" not in page
    assert reverse("workflow:record_page", args=[record.public_id, 1, "thumb"]) in page


def test_a_bad_file_is_refused_on_the_page_and_nothing_is_kept(client, handling, people):
    client.force_login(people.handler)
    response = client.post(upload_url(handling, handling.first), {
        "record-1-file": upload("监测报告.pdf", b"%PDF-1.7\n<html>not a pdf</html>")}, follow=True)
    assert "PDF文件无法解析" in response.content.decode()
    response = client.post(upload_url(handling, handling.first), {"record-1-title": "通报"},
                           follow=True)
    assert "文件：" in response.content.decode()  # the field's own error, named
    assert not Record.objects.exists()


def test_the_holder_removes_a_record(client, handling, people, django_capture_on_commit_callbacks):
    record = ready_record(handling, people, django_capture_on_commit_callbacks)
    client.force_login(people.handler)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workflow:record_remove", args=[handling.task.pk, record.public_id]),
            follow=True)
    assert "已移除文件「水质监测情况通报」" in response.content.decode()
    assert not Record.objects.exists() and not Path(record.original.path).exists()


def test_only_the_holder_of_the_handling_task_uploads_or_removes(
    client, handling, people, django_capture_on_commit_callbacks
):
    record = ready_record(handling, people, django_capture_on_commit_callbacks)
    remove = reverse("workflow:record_remove", args=[handling.task.pk, record.public_id])
    for user in (people.handler2, people.registrar, people.reviewer, people.ogi_head):
        client.force_login(user)
        response = client.post(upload_url(handling, handling.first),
                               {"record-1-file": upload("通报.pdf", REPORT)}, follow=True)
        assert "请先领取该任务" in response.content.decode(), user.username
        client.post(remove)
    assert list(Record.objects.all()) == [record]


def test_the_organs_staff_see_the_records_and_their_pages_on_the_request_page(
    client, handling, people, django_capture_on_commit_callbacks
):
    record = ready_record(handling, people, django_capture_on_commit_callbacks)
    client.force_login(people.reviewer)
    page = client.get(reverse("workflow:request", args=[handling.request.public_id])).content.decode()
    assert "检索到的文件" in page and "水质监测情况通报" in page
    assert reverse("workflow:record_remove", args=[handling.task.pk, record.public_id]) not in page
    assert "record-upload" not in page
    assert client.get(reverse("workflow:record_page", args=[record.public_id, 1, "page"])).status_code == 200
    response = client.get(reverse("workflow:record_original", args=[record.public_id]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == REPORT
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


def test_other_organs_applicants_and_strangers_get_404(
    client, organ, handling, people, django_capture_on_commit_callbacks
):
    record = ready_record(handling, people, django_capture_on_commit_callbacks)
    other = OrganFactory(name="厦门市生态环境局", short_name="厦门市生态环境局", code="XMHB",
                         letter_number_prefix="厦环信公开")
    office = DepartmentFactory(organ=other, name="办公室")
    outsider = staff(other, Role.HANDLER, "xm.handler", office)
    applicant = make_applicant("lin.zhiqiang@example.com")
    reads = [reverse("workflow:record_page", args=[record.public_id, 1, "thumb"]),
             reverse("workflow:record_original", args=[record.public_id])]
    writes = [upload_url(handling, handling.first),
              reverse("workflow:record_remove", args=[handling.task.pk, record.public_id])]
    for user in (outsider, applicant):
        client.force_login(user)
        for url in reads:
            assert client.get(url).status_code == 404, (user.username, url)
        for url in writes:
            response = client.post(url, {"record-1-file": upload("通报.pdf", REPORT)})
            assert response.status_code == 404, (user.username, url)
    client.logout()
    assert "/login/" in client.get(reads[0])["Location"]
    assert list(Record.objects.all()) == [record]


def test_the_task_page_asks_the_same_number_of_queries_for_one_record_or_many(
    client, handling, people, django_capture_on_commit_callbacks
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(task_url(handling)).status_code == 200
        return len(context)

    ready_record(handling, people, django_capture_on_commit_callbacks)
    client.force_login(people.handler)
    one = queries()
    for item in (handling.first, handling.second, handling.second):
        ready_record(handling, people, django_capture_on_commit_callbacks, item=item)
    with django_capture_on_commit_callbacks(execute=False):
        record_attach(request=handling.request, item=handling.first,
                      upload=upload("排污许可证.pdf", REPORT), acting_user=people.handler)
    assert Record.objects.count() == 5
    assert queries() == one

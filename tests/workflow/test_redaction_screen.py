"""The redaction screen, through its pages: the handler holding the handling task asks for
suggestions, accepts them, draws a box, makes the redacted copy and sees both versions;
bad input changes nothing; nobody else works here, and another organ sees nothing."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from records.models import Record, Redaction, RedactionState
from records.services import record_attach
from requests.choices import Role
from tests.factories import DepartmentFactory, OrganFactory, UserFactory, staff
from tests.records.cases import being_handled, upload
from tests.records.documents import letter_pdf


@pytest.fixture
def case(organ, people, django_capture_on_commit_callbacks):
    handling = being_handled(organ, people)
    with django_capture_on_commit_callbacks(execute=True):
        record = record_attach(
            request=handling.request, item=handling.first, title="信访件办理情况报告",
            upload=upload("信访件办理情况报告.pdf", letter_pdf()), acting_user=people.handler,
        )
    record.refresh_from_db()
    handling.record = record
    return handling


def _screen(case):
    return reverse("workflow:redact", args=[case.task.pk, case.record.public_id])


def _act(case, action):
    return reverse("workflow:redact_act", args=[case.task.pk, case.record.public_id, action])


def test_the_handler_redacts_a_record_from_suggestion_to_redacted_copy(client, case, people):
    client.force_login(people.handler)
    page = client.get(_screen(case)).content.decode()
    assert reverse("workflow:record_page", args=[case.record.public_id, 1, "page"]) in page
    assert 'data-i="' in page and "<svg class=\"marks\"" in page
    assert "尚无标注" in page

    response = client.post(_act(case, "suggest"), {"page": 1, "suggest-names": "张伟\n李娜"})
    assert response.status_code == 302 and response["Location"].endswith("?page=1")
    page = client.get(_screen(case)).content.decode()
    assert "条系统建议待确认" in page and 'class="mark proposed"' in page

    client.post(_act(case, "accept_all"), {"page": 1})
    client.post(_act(case, "box"), {"page": 1, "box-x0": "72", "box-y0": "700",
                                    "box-x1": "300", "box-y1": "740",
                                    "box-ground": "process_information",
                                    "box-note": "现场照片"})
    assert Redaction.objects.filter(record=case.record, note="现场照片").exists()
    client.post(_act(case, "apply"), {"page": 1})
    record = Record.objects.get(pk=case.record.pk)
    assert record.redacted and record.disclosure == "redacted"

    page = client.get(_screen(case)).content.decode()
    assert 'class="mark accepted"' in page and "区分处理后的文件已于" in page
    thumb = reverse("workflow:record_redacted_page", args=[record.public_id, 1, "thumb"])
    assert thumb in page
    image = client.get(thumb)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    pdf = client.get(reverse("workflow:record_redacted", args=[record.public_id]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")

    task_page = client.get(reverse("workflow:task", args=[case.task.pk])).content.decode()
    assert "区分处理后" in task_page and "的区分处理记录" in task_page
    assert "现场照片" in task_page


def test_bad_input_changes_nothing_and_says_why(client, case, people):
    client.force_login(people.handler)
    for data in (
        {"box-x0": "72", "box-y0": "70", "box-x1": "9000", "box-y1": "90", "box-ground": "third_party"},
        {"box-x0": "72", "box-y0": "70", "box-x1": "200", "box-y1": "90", "box-ground": ""},
        {"box-x0": "abc", "box-y0": "70", "box-x1": "200", "box-y1": "90", "box-ground": "third_party"},
    ):
        response = client.post(_act(case, "box"), {"page": 1, **data}, follow=True)
        assert re.search(r'class="error"[^>]*>[^<]+', response.content.decode())
    response = client.post(_act(case, "text"), {"page": 1, "text-ground": "third_party"},
                           follow=True)
    assert "请先在页面上选取要遮盖的文字" in response.content.decode()
    response = client.post(_act(case, "apply"), {"page": 1}, follow=True)
    assert "没有采纳的区分处理标注" in response.content.decode()
    assert not Redaction.objects.filter(record=case.record).exists()
    assert not Record.objects.get(pk=case.record.pk).redacted


def test_the_screen_reads_the_same_number_of_queries_for_few_marks_or_many(client, case, people):
    client.force_login(people.handler)
    client.post(_act(case, "box"), {"page": 1, "box-x0": "72", "box-y0": "70", "box-x1": "200",
                                    "box-y1": "90", "box-ground": "third_party"})
    with CaptureQueriesContext(connection) as few:
        client.get(_screen(case))
    client.post(_act(case, "suggest"), {"page": 1, "suggest-names": "张伟\n李娜\n王芳"})
    assert Redaction.objects.filter(record=case.record).count() > 10
    with CaptureQueriesContext(connection) as many:
        client.get(_screen(case))
    assert len(many) == len(few)


def test_nobody_but_the_holder_works_here_and_no_other_organ_sees_anything(
    client, case, people
):
    client.force_login(people.reviewer)
    response = client.get(_screen(case))
    assert response.status_code == 302 and response["Location"].endswith(
        reverse("workflow:task", args=[case.task.pk]))
    response = client.post(_act(case, "box"), {"page": 1, "box-x0": "72", "box-y0": "70",
                                               "box-x1": "200", "box-y1": "90",
                                               "box-ground": "third_party"})
    assert response.status_code == 302
    assert not Redaction.objects.filter(record=case.record).exists()

    other = OrganFactory(name="福州市生态环境局", short_name="福州市生态环境局", code="FZHB")
    outsider = staff(other, Role.HANDLER, "fz.handler", DepartmentFactory(organ=other, name="污防科"))
    for user in (outsider, UserFactory(username="lin.zhiqiang")):
        client.force_login(user)
        assert client.get(_screen(case)).status_code == 404
        assert client.post(_act(case, "suggest"), {"page": 1}).status_code == 404
        assert client.get(reverse("workflow:record_redacted",
                                  args=[case.record.public_id])).status_code == 404
    assert not Redaction.objects.filter(record=case.record, state=RedactionState.PROPOSED).exists()

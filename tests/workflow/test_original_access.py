"""Originals only to those with a part in the request (issue: review with the documents):
the registrars, the office head, the reviewers, the signing leader, the handlers and head of
the responsible department, and whoever held one of its tasks. A supervisor or another
department's handler sees the redacted copy, never the original or its pages."""

import pytest
from django.urls import reverse

from records import redacting
from records.grounds import Ground
from records.services import record_attach
from requests.choices import Role
from tests.factories import staff
from tests.records.cases import being_handled, upload
from tests.records.documents import letter_pdf


@pytest.fixture
def record(organ, people, django_capture_on_commit_callbacks):
    handling = being_handled(organ, people)
    with django_capture_on_commit_callbacks(execute=True):
        record = record_attach(request=handling.request, item=handling.first, title="信访件办理情况报告",
                               upload=upload("信访件办理情况报告.pdf", letter_pdf()),
                               acting_user=people.handler)
    record.refresh_from_db()
    redacting.redaction_add_box(record=record, page=1, box=(72, 72, 300, 100),
                                ground=Ground.THIRD_PARTY, acting_user=people.handler)
    return redacting.record_apply_redactions(record=record, acting_user=people.handler)


def _original_urls(record):
    return [reverse("workflow:record_original", args=[record.public_id]),
            reverse("workflow:record_page", args=[record.public_id, 1, "thumb"])]


def test_those_with_a_part_in_the_request_see_the_original(client, record, people, organ):
    head = staff(organ, Role.DEPARTMENT_HEAD, "wufang.head", people.dept)
    for user in (people.handler, people.registrar, people.reviewer, people.leader, head):
        client.force_login(user)
        assert [client.get(url).status_code for url in _original_urls(record)] == [200, 200], user


def test_a_supervisor_and_another_department_see_only_the_redacted_copy(client, record, people,
                                                                         organ):
    other = staff(organ, Role.HANDLER, "huanshen.handler", people.other_dept)
    for user in (people.supervisor, other):
        client.force_login(user)
        assert [client.get(url).status_code for url in _original_urls(record)] == [404, 404]
        redacted = client.get(reverse("workflow:record_redacted", args=[record.public_id]))
        assert redacted.status_code == 200
    client.force_login(people.supervisor)
    page = client.get(reverse("workflow:request", args=[record.request.public_id])).content.decode()
    assert "信访件办理情况报告" in page and "下载原件" not in page
    assert reverse("workflow:record_original", args=[record.public_id]) not in page

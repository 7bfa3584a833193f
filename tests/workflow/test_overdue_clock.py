"""An overdue request's task page and request page say by how many working days it is
late, never a negative number of days left."""

import re

from django.urls import reverse

from tests.workflow.flowkit import open_task
from tests.workflow.queuekit import received_for_late, registered
from workflow.queues import task_claim


def test_the_task_page_and_the_request_page_say_how_late_an_overdue_request_is(
    client, organ, people
):
    request, process = registered(
        organ, people, received_for_late(6), "2025年辐射环境质量年报"
    )
    task = task_claim(task=open_task(process, "triage"), user=people.registrar)
    client.force_login(people.registrar)
    page = client.get(reverse("workflow:task", args=[task.pk])).content.decode()
    assert "超期6个工作日" in page and "剩-" not in page
    page = client.get(reverse("workflow:request", args=[request.public_id])).content.decode()
    assert "<dt>超期</dt><dd>6个工作日</dd>" in page and "-6个工作日" not in page


def test_on_an_english_page_too(client, organ, people):
    request, process = registered(organ, people, received_for_late(3), "木兰溪干流水质月报")
    task = task_claim(task=open_task(process, "triage"), user=people.registrar)
    client.force_login(people.registrar)
    client.cookies.load({"django_language": "en"})
    page = client.get(reverse("workflow:task", args=[task.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "(3 working days overdue)" in page
    assert not re.search(r"-3 working days? left", page)

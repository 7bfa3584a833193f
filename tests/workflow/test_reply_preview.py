"""The reviewers see the reply they approve: the task pages of the secrecy review, the
sign-off and the dispatch link the reply letter as it will be issued, marked 样稿 on every
page; nothing is numbered or stored, and no other organ can open it."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from letters.models import IssuedLetter
from requests.choices import Role
from tests.factories import OrganFactory, UserFactory, staff
from tests.workflow.flowkit import open_task
from tests.workflow.reach import drafted, handling, signing
from workflow.queues import task_claim


def _text(response) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)


@pytest.mark.parametrize(("build", "step", "holder"), [
    (drafted, "review", "reviewer"), (signing, "sign", "leader"),
])
def test_the_reviewers_task_page_links_the_reply_as_it_will_be_issued(
    client, organ, people, build, step, holder
):
    request, process = build(organ, people)
    task = task_claim(task=open_task(process, step), user=getattr(people, holder))
    client.force_login(getattr(people, holder))
    page = client.get(reverse("workflow:task", args=[task.pk])).content.decode()
    link = reverse("workflow:reply_preview", args=[request.public_id])
    assert "答复书样稿" in page and f'href="{link}"' in page

    response = client.get(link)
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = _text(response)
    assert "政府信息公开申请答复书" in text and "予以公开" in text
    pages = PdfReader(BytesIO(response.content)).pages
    assert all("样稿" in page.extract_text() for page in pages)
    assert not IssuedLetter.objects.filter(request=request, kind="reply").exists()

    # The task page shows the preview's pages as pictures too.
    shown = [reverse("workflow:reply_preview_page", args=[request.public_id, n])
             for n in range(1, len(pages) + 1)]
    assert all(f'src="{url}"' in page for url in shown)
    picture = client.get(shown[0])
    assert picture["Content-Type"] == "image/png" and picture.content.startswith(b"\x89PNG")
    assert client.get(reverse("workflow:reply_preview_page",
                              args=[request.public_id, len(pages) + 1])).status_code == 404


def test_the_handler_sees_no_preview_before_the_reply_is_drafted(client, organ, people):
    request, process = handling(organ, people)
    task = task_claim(task=open_task(process, "handle"), user=people.handler)
    client.force_login(people.handler)
    page = client.get(reverse("workflow:task", args=[task.pk])).content.decode()
    assert "答复书样稿" not in page
    assert client.get(reverse("workflow:reply_preview", args=[request.public_id])).status_code == 404


def test_another_organs_staff_and_applicants_cannot_open_the_preview(client, organ, people):
    request, _process = drafted(organ, people)
    link = reverse("workflow:reply_preview", args=[request.public_id])
    other = OrganFactory(name="福州市生态环境局", short_name="福州市生态环境局", code="FZHB")
    client.force_login(staff(other, Role.SECRECY_REVIEWER, "fz-reviewer"))
    assert client.get(link).status_code == 404
    client.force_login(UserFactory(username="lin.zhiqiang"))  # an applicant's account
    assert client.get(link).status_code == 403
    assert Task.objects.filter(process=_process, status=STATUS.NEW).exists()

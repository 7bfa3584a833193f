"""Save draft on a step form: kept unvalidated, shown again, passed on with the task,
gone when the step is done."""

from django.urls import reverse

from requests.choices import Role
from tests.factories import staff
from workflow.models import TaskDraft
from workflow.queues import task_claim

from .flowkit import open_task
from .queuekit import received_for_late, registered

POINTS = "请写明所需环评报告书对应的建设项目名称，以及大致的批复年份。"


def draft_url(task, key="triage"):
    return reverse("workflow:task_draft", args=[task.pk, key])


def test_a_draft_survives_logout_and_a_release_and_is_shown_to_the_next_holder(
    client, organ, people
):
    colleague = staff(organ, Role.REGISTRAR, "registrar2", people.office)
    request, process = registered(organ, people, received_for_late(2), "华亭镇建设项目环评批复")
    task = task_claim(task=open_task(process, "triage"), user=people.registrar)
    page = reverse("workflow:task", args=[task.pk])
    client.force_login(people.registrar)
    assert "保存草稿" in client.get(page).content.decode()
    # Incomplete (a correction without... nothing else checked): kept as typed.
    response = client.post(draft_url(task), {"form": "triage", "triage-decision": "correction",
                                             "triage-points": POINTS})
    assert response.status_code == 302 and response.url == page
    request.refresh_from_db()
    assert request.status == "registered"  # nothing was decided
    client.logout()
    client.force_login(people.registrar)
    shown = client.get(page).content.decode()
    assert POINTS in shown and 'value="correction" checked' in shown.replace("\n", " ") or (
        'value="correction"' in shown and "checked" in shown
    )
    client.post(reverse("workflow:task_release", args=[task.pk]))
    client.force_login(colleague)
    client.post(reverse("workflow:task_take", args=[task.pk]))
    shown = client.get(page).content.decode()
    assert POINTS in shown
    assert "已载入" in shown and "保存的草稿" in shown
    draft = TaskDraft.objects.get(task=task)
    assert draft.saved_by == people.registrar


def test_only_the_holder_may_keep_a_draft(client, organ, people):
    _request, process = registered(organ, people, received_for_late(2), "华亭镇建设项目环评批复")
    task = open_task(process, "triage")
    client.force_login(people.registrar)
    client.post(draft_url(task), {"triage-points": POINTS})
    assert not TaskDraft.objects.exists()


def test_the_draft_goes_when_the_step_is_done(client, organ, people):
    _request, process = registered(organ, people, received_for_late(2), "华亭镇建设项目环评批复")
    task = task_claim(task=open_task(process, "triage"), user=people.registrar)
    client.force_login(people.registrar)
    client.post(draft_url(task), {"triage-decision": "clear"})
    assert TaskDraft.objects.filter(task=task).exists()
    client.post(reverse("workflow:task", args=[task.pk]), {
        "form": "triage", "triage-decision": "clear", "triage-department": people.dept.pk,
    })
    task.refresh_from_db()
    assert task.status == "DONE"
    assert not TaskDraft.objects.filter(task=task).exists()

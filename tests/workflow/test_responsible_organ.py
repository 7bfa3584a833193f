"""Art. 36(5) at the handling step: an item not this organ's names the organ responsible,
chosen from the organ's own directory of other organs."""

from __future__ import annotations

from django.urls import reverse

from requests.choices import Status
from requests.models import RequestItem
from requests.outcomes import Outcome
from tests.factories import OrganFactory, OtherOrganFactory
from workflow.models import TriageDecision
from workflow.queues import task_claim

from .flowkit import do, open_task, start


def _handling_page(client, organ, people):
    request, process = start(organ)
    do(process, "register", people.registrar)
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR, department=people.dept)
    task = task_claim(task=open_task(process, "handle"), user=people.handler)
    client.force_login(people.handler)
    return request, reverse("workflow:task", args=[task.pk])


def test_the_reply_form_offers_only_the_organs_own_directory(client, organ, people):
    own = OtherOrganFactory(organ=organ, name="莆田市自然资源局")
    other = OrganFactory(name="莆田市水利局", short_name="莆田市水利局", code="PTSL",
                         letter_number_prefix="莆水信公开")
    OtherOrganFactory(organ=other, name="莆田市城市管理局")
    _request, url = _handling_page(client, organ, people)
    form = client.get(url).context["forms"][0][1]
    assert list(form.fields["organ_1"].queryset) == [own]


def test_a_not_this_organ_reply_without_the_responsible_organ_is_refused_next_to_the_field(
    client, organ, people
):
    OtherOrganFactory(organ=organ)
    request, url = _handling_page(client, organ, people)
    response = client.post(url, {"form": "reply", "reply-outcome_1": Outcome.NOT_THIS_ORGAN,
                                 "reply-text_1": "该信息由国土部门制作。"})
    assert response.status_code == 200
    errors = response.context["forms"][0][1].errors
    assert "请选择负责公开该信息的行政机关" in errors["organ_1"][0]
    request.refresh_from_db()
    assert request.status == Status.PROCESSING and request.outcome == ""


def test_the_chosen_organ_goes_with_the_item_to_the_review(client, organ, people):
    entry = OtherOrganFactory(organ=organ)
    request, url = _handling_page(client, organ, people)
    response = client.post(url, {"form": "reply", "reply-outcome_1": Outcome.NOT_THIS_ORGAN,
                                 "reply-text_1": "该信息由国土部门制作。",
                                 "reply-organ_1": entry.pk})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.CONFIDENTIALITY_REVIEW
    assert RequestItem.objects.get(request=request).responsible_organ == entry
    client.force_login(people.supervisor)
    page = client.get(reverse("workflow:request", args=[request.public_id])).content.decode()
    assert "（负责公开：莆田市自然资源局）" in page


def test_the_responsible_organ_is_ignored_for_other_outcomes(client, organ, people):
    entry = OtherOrganFactory(organ=organ)
    request, url = _handling_page(client, organ, people)
    response = client.post(url, {"form": "reply", "reply-outcome_1": Outcome.NOT_HELD,
                                 "reply-text_1": "已检索本机关档案。", "reply-organ_1": entry.pk})
    assert response.status_code == 302
    assert RequestItem.objects.get(request=request).responsible_organ is None

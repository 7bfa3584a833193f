"""Answering a correction notice online (Art. 30) and withdrawing before the reply."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.status import PROCESS

from portal.services import portal_answer_correction, portal_withdraw
from requests.choices import Status
from requests.errors import RequestActError
from requests.models import Attachment, AuditEvent
from requests.models.attachment import AttachmentKind
from requests.models.audit import Act
from requests.services.intake import ItemData
from tests.factories import at
from tests.workflow.flowkit import do, open_step_names
from workflow.models import TriageDecision

from .conftest import EXE, pdf
from .kit import awaiting_correction, in_processing

pytestmark = pytest.mark.django_db
CORRECTED = "莆田市华亭镇华亭化工有限公司年产5万吨树脂项目环境影响报告书及其批复（2025年）"


@pytest.fixture
def unclear(organ, people, applicant):
    return awaiting_correction(organ, people, applicant)


def test_the_request_page_asks_for_the_correction_with_its_deadline(unclear, applicant_client):
    text = applicant_client.get(reverse("portal:request", args=[unclear.public_id])).content.decode()
    assert "待您补正" in text and "本机关在等待您补正" in text
    assert "请写明所需环评报告书对应的建设项目名称和建设单位。" in text
    assert "补正申请" in text
    assert "本机关发出补正告知书" in text and "补正告知书" in text


def test_a_correction_edits_the_item_adds_files_and_restarts_the_clock(
    unclear, people, applicant, applicant_client, django_capture_on_commit_callbacks, mailoutbox
):
    url = reverse("portal:correction", args=[unclear.public_id])
    assert "请写明所需环评报告书" in applicant_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.post(url, {
            "description_1": CORRECTED,
            "reference_1": "莆环审〔2025〕12号",
            "note": "补充建设项目名称和建设单位",
            "files": [pdf("项目位置图.pdf")],
        })
    assert response.status_code == 302
    unclear.refresh_from_db()
    today = timezone.localdate()
    assert unclear.status == Status.REGISTERED
    assert unclear.correction_received_on == today
    item = unclear.items.get()
    assert (item.description, item.document_reference) == (CORRECTED, "莆环审〔2025〕12号")
    assert Attachment.objects.filter(request=unclear, kind=AttachmentKind.CORRECTION).count() == 1
    # The flow goes on: the registrars triage the corrected application.
    assert open_step_names(unclear.process) == ["triage"]
    event = AuditEvent.objects.get(request=unclear, act=Act.RECEIVE_CORRECTION)
    assert event.actor_id == applicant.pk
    assert CORRECTED in event.comment and "原为" in event.comment and "项目位置图.pdf" in event.comment
    assert len(mailoutbox) == 1
    text = applicant_client.get(reverse("portal:request", args=[unclear.public_id])).content.decode()
    assert "收到补正，答复期限自" in text and "已登记" in text
    # The staff can go on as usual.
    do(unclear.process, "triage", people.registrar, decision=TriageDecision.CLEAR,
       department=people.dept)
    unclear.refresh_from_db()
    assert unclear.status == Status.PROCESSING


def test_a_correction_claimed_by_a_registrar_is_still_taken(unclear, people, applicant):
    from tests.workflow.flowkit import open_task
    from workflow.models import TaskTiming
    from workflow.queues import task_claim

    task = task_claim(task=open_task(unclear.process, "await_correction"), user=people.registrar)
    portal_answer_correction(request=unclear, account=applicant, items={1: ItemData(CORRECTED)})
    assert open_step_names(unclear.process) == ["triage"]
    # The registrar held it until the applicant's correction finished it.
    timing = TaskTiming.objects.get(task=task)
    assert timing.step == "await_correction" and timing.worked_minutes is not None


def test_nothing_to_correct_is_refused(unclear, applicant_client):
    item = unclear.items.get()
    response = applicant_client.post(
        reverse("portal:correction", args=[unclear.public_id]),
        {"description_1": item.description, "reference_1": ""},
    )
    assert response.status_code == 200
    assert "请修改需要补正的内容" in response.content.decode()
    unclear.refresh_from_db()
    assert unclear.status == Status.AWAITING_CORRECTION


def test_a_bad_file_refuses_the_whole_correction(unclear, applicant_client):
    response = applicant_client.post(
        reverse("portal:correction", args=[unclear.public_id]),
        {"description_1": CORRECTED, "files": [SimpleUploadedFile("图.pdf", EXE)]},
    )
    assert response.status_code == 200
    assert "不支持的文件类型" in str(response.context["form"].errors["files"])
    unclear.refresh_from_db()
    assert unclear.status == Status.AWAITING_CORRECTION
    assert unclear.items.get().description != CORRECTED
    assert not Attachment.objects.filter(kind=AttachmentKind.CORRECTION).exists()
    assert open_step_names(unclear.process) == ["await_correction"]


def test_after_the_deadline_the_correction_is_refused(unclear, applicant):
    late = unclear.correction_requested_on + datetime.timedelta(days=60)
    with pytest.raises(RequestActError, match="补正期限已于"):
        portal_answer_correction(
            request=unclear, account=applicant, items={1: ItemData(CORRECTED)},
            at=at(late.isoformat()),
        )
    unclear.refresh_from_db()
    assert unclear.status == Status.AWAITING_CORRECTION


def test_no_correction_when_none_was_asked(organ, people, applicant, applicant_client):
    request = in_processing(organ, people, applicant)
    response = applicant_client.get(reverse("portal:correction", args=[request.public_id]))
    assert response.status_code == 302
    with pytest.raises(RequestActError):
        portal_answer_correction(request=request, account=applicant, items={1: ItemData(CORRECTED)})


def test_withdrawing_ends_the_request_and_its_flow(organ, people, applicant, applicant_client):
    request = in_processing(organ, people, applicant)
    url = reverse("portal:withdraw", args=[request.public_id])
    response = applicant_client.post(url, {"reason": ""})
    assert response.status_code == 200 and "请勾选确认撤回" in response.content.decode()
    response = applicant_client.post(url, {"reason": "已通过其他途径获得", "confirm": "on"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN
    assert request.process.status == PROCESS.DONE
    assert open_step_names(request.process) == []
    text = applicant_client.get(reverse("portal:request", args=[request.public_id])).content.decode()
    assert "已撤回" in text and "申请已撤回" in text and "撤回申请</a>" not in text


def test_no_withdrawal_after_the_reply(organ, people, applicant):
    request = in_processing(organ, people, applicant)
    portal_withdraw(request=request, account=applicant)
    with pytest.raises(RequestActError):
        portal_withdraw(request=request, account=applicant)

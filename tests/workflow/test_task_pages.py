"""Doing the steps through the task pages, as staff do in the browser."""

from django.urls import reverse

from letters.kinds import LetterKind
from requests.choices import Role, Status
from requests.outcomes import Outcome
from tests.factories import OrganFactory, staff
from workflow.models import TriageDecision
from workflow.queues import task_claim

from .flowkit import do, open_step_names, open_task, start


def claim_and_open(client, process, name, user):
    task = task_claim(task=open_task(process, name), user=user)
    client.force_login(user)
    return task, reverse("workflow:task", args=[task.pk])


def test_registering_through_the_page_issues_the_receipt(client, organ, people):
    request, process = start(organ)
    task, url = claim_and_open(client, process, "register", people.registrar)
    page = client.get(url)
    assert page.status_code == 200
    assert "确认接收并登记" in page.content.decode()
    response = client.post(url, {"form": "register"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.REGISTERED
    assert request.letters.get().kind == LetterKind.RECEIPT
    assert open_step_names(process) == ["triage"]


def test_a_triage_without_department_is_refused_next_to_the_field(client, organ, people):
    request, process = start(organ)
    do(process, "register", people.registrar)
    task, url = claim_and_open(client, process, "triage", people.registrar)
    response = client.post(url, {"form": "triage", "triage-decision": TriageDecision.CLEAR})
    assert response.status_code == 200
    assert "请选择承办科室" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.REGISTERED
    response = client.post(
        url,
        {"form": "triage", "triage-decision": TriageDecision.CLEAR,
         "triage-department": people.dept.pk},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.PROCESSING and request.department == people.dept


def test_the_handler_consults_then_submits_the_reply(client, organ, people):
    request, process = start(organ)
    do(process, "register", people.registrar)
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR, department=people.dept)
    task, url = claim_and_open(client, process, "handle", people.handler)
    consult = reverse("workflow:side_act", args=[task.pk, "consult"])
    client.post(consult, {
        "consult-party_kind": "third_party", "consult-party_name": "莆田市某化工有限公司",
        "consult-subject": "排污许可执行报告涉及该公司生产工艺参数，公开可能损害其商业秘密",
    })
    request.refresh_from_db()
    assert request.status == Status.THIRD_PARTY_CONSULTATION
    assert request.letters.filter(kind=LetterKind.THIRD_PARTY_CONSULTATION).count() == 1
    consultation = request.consultations.get()
    close = reverse("workflow:side_act", args=[task.pk, "close_consultation"])
    client.post(close, {
        "close_consultation-consultation": consultation.pk,
        "close_consultation-result": "objection",
        "close_consultation-opinion": "不同意公开工艺参数",
        "close_consultation-closed_on": consultation.sent_on.isoformat(),
    })
    request.refresh_from_db()
    assert request.status == Status.PROCESSING
    response = client.post(url, {
        "form": "reply", "reply-outcome_1": Outcome.PARTIAL,
        "reply-text_1": "工艺参数涉及第三方商业秘密，依第十五条不予公开，其余部分予以公开",
    })
    assert response.status_code == 302
    assert open_step_names(process) == ["review"]


def test_someone_not_holding_the_task_is_sent_back(client, organ, people):
    _request, process = start(organ)
    task = open_task(process, "register")
    client.force_login(people.registrar)
    response = client.get(reverse("workflow:task", args=[task.pk]))
    assert response.status_code == 302


def test_letters_download_only_within_the_organ(client, organ, people):
    request, process = start(organ)
    do(process, "register", people.registrar)
    letter = request.letters.get()
    url = reverse("workflow:letter", args=[letter.public_id])
    client.force_login(people.handler)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    other = OrganFactory(name="莆田市水利局", short_name="莆田市水利局", code="PTSL",
                         letter_number_prefix="莆水信公开")
    client.force_login(staff(other, Role.REGISTRAR, "sl_registrar"))
    assert client.get(url).status_code == 404


def test_the_ogi_head_grants_an_extension_from_the_request_page(client, organ, people):
    from requests.services import request_ask_extension

    request, process = start(organ)
    do(process, "register", people.registrar)
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR, department=people.dept)
    request.refresh_from_db()
    extension = request_ask_extension(request=request, acting_user=people.handler, days=10,
                                      reason="需调取多个科室的历史档案")
    page_url = reverse("workflow:request", args=[request.public_id])
    decide = reverse("workflow:extension_decision", args=[request.public_id, extension.pk])
    client.force_login(people.handler)
    assert decide not in client.get(page_url).content.decode()
    client.force_login(people.ogi_head)
    assert decide in client.get(page_url).content.decode()
    due_before = request.due_on
    client.post(decide, {"decision": "grant"})
    request.refresh_from_db()
    assert request.due_on > due_before
    assert request.letters.filter(kind=LetterKind.EXTENSION_NOTICE).count() == 1


def test_the_audit_trail_pdf_lists_acts_tasks_and_letters(client, organ, people):
    import io

    from pypdf import PdfReader

    request, process = start(organ)
    do(process, "register", people.registrar)
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR, department=people.dept)
    client.force_login(people.supervisor)
    response = client.get(reverse("workflow:audit_trail", args=[request.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = "".join(text.split())  # table cells wrap Chinese text anywhere
    assert "办理过程记录" in text
    request.refresh_from_db()
    assert request.registration_number in text
    assert "确认接收并登记" in text
    assert "任务：确认接收并登记" in text and "领取" in text  # the registrar claiming it
    assert request.letters.get().number in text


def test_the_fee_form_shows_the_months_earlier_items_counted_from_the_records(
    client, organ, people
):
    from decimal import Decimal

    from django.utils import timezone

    from requests.services import request_register
    from tests.factories import submit

    today = timezone.localdate()
    earlier = submit(organ, on=today, items=["排污许可执行报告", "监督性监测报告", "行政处罚决定书"])
    request_register(request=earlier, acting_user=people.registrar)
    request, process = start(organ, on=today)
    do(process, "register", people.registrar)
    do(process, "triage", people.registrar, decision=TriageDecision.CLEAR, department=people.dept)
    task, url = claim_and_open(client, process, "handle", people.handler)
    page = client.get(url).content.decode()
    assert 'name="fee-prior_items_this_month"' in page and 'value="3"' in page
    assert f"{earlier.registration_number}（{today.isoformat()}收到，3件）" in page
    # A typed figure does not count: the act counts from the records.
    client.post(reverse("workflow:side_act", args=[task.pk, "fee"]), {
        "fee-standard": "per_item", "fee-quantity": 9, "fee-prior_items_this_month": 0,
    })
    notice = request.fee_notices.get()
    # Items 4–12 of the month: 11 and 12 cost ¥100 each.
    assert (notice.prior_items_this_month, notice.amount) == (3, Decimal("200.00"))

"""更正申请人姓名: a name the letters cannot print no longer blocks a request forever — the
registrar corrects it, with a reason, while the request is open; the audit event keeps the
old and the new name; anyone else, and a closed request, is refused and nothing changes."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from letters.errors import LetterRenderError
from letters.kinds import LetterKind
from requests.choices import Role, Status
from requests.errors import RequestActError
from requests.models import AuditEvent
from requests.models.audit import Act
from requests.services import (
    audit_verify_chain,
    request_correct_applicant_name,
    request_withdraw,
)
from tests.factories import OrganFactory, natural_person, staff, submit
from tests.letters import pdfs

from .flowkit import do, open_step_names, start

pytestmark = pytest.mark.django_db

def another_organ():
    return OrganFactory(name="莆田市水利局", short_name="莆田市水利局", code="PTSL",
                        letter_number_prefix="莆水信公开")


#: A CJK Extension G character: no installed face draws it.
STUCK_NAME = "林\U00030000强"
REASON = "经核对申请人居民身份证，姓名第二字为「志」，网上申请时误录。"


def stuck(organ):
    """A request stored before names were checked, with a name no letter can print."""
    return start(organ, applicant=natural_person(name=STUCK_NAME))


def receipt_text(request) -> str:
    letter = request.letters.get(kind=LetterKind.RECEIPT)
    with letter.file.open("rb") as handle:
        return pdfs.text(handle.read())


def test_a_request_no_letter_could_be_made_for_is_registered_after_the_correction(organ, people):
    request, process = stuck(organ)
    with pytest.raises(LetterRenderError, match="U\\+30000"):
        do(process, "register", people.registrar)
    request.refresh_from_db()
    assert request.status == Status.RECEIVED

    request_correct_applicant_name(
        request=request, name="林志强", reason=REASON, acting_user=people.registrar
    )
    do(process, "register", people.registrar)
    request.refresh_from_db()
    assert request.status == Status.REGISTERED
    assert "林志强：" in receipt_text(request)
    assert open_step_names(process) == ["triage"]


def test_the_audit_event_records_the_old_and_the_new_name_and_the_reason(organ, people):
    request, _process = stuck(organ)
    request_correct_applicant_name(
        request=request, name=" 林志强 ", reason=REASON, acting_user=people.registrar
    )
    event = AuditEvent.objects.filter(request=request).order_by("-sequence").first()
    assert event.act == Act.CORRECT_APPLICANT_NAME
    assert event.actor == people.registrar
    assert event.comment == REASON
    assert event.data == {"field": "name", "old": STUCK_NAME, "new": "林志强"}
    assert event.status_before == event.status_after == Status.RECEIVED
    assert audit_verify_chain(organ) == []
    request.refresh_from_db()
    assert request.applicant.name == "林志强"


def test_the_applicants_other_requests_keep_their_name(organ, people):
    request, _process = stuck(organ)
    other = submit(organ, applicant=natural_person(name=STUCK_NAME), on="2026-03-03")
    assert other.applicant_id == request.applicant_id
    request_correct_applicant_name(
        request=request, name="林志强", reason=REASON, acting_user=people.registrar
    )
    other.refresh_from_db()
    request.refresh_from_db()
    assert other.applicant.name == STUCK_NAME
    assert request.applicant.name == "林志强"
    assert request.applicant.document_number == other.applicant.document_number


@pytest.mark.parametrize("role", ["handler", "ogi_head", "supervisor", "leader", "reviewer"])
def test_other_roles_are_refused_and_nothing_changes(organ, people, role):
    request, _process = stuck(organ)
    events = AuditEvent.objects.count()
    with pytest.raises(RequestActError, match="登记"):
        request_correct_applicant_name(
            request=request, name="林志强", reason=REASON, acting_user=getattr(people, role)
        )
    request.refresh_from_db()
    assert request.applicant.name == STUCK_NAME
    assert AuditEvent.objects.count() == events


def test_the_applicant_and_another_organs_registrar_are_refused(organ, people):
    request, _process = stuck(organ)
    elsewhere = staff(another_organ(), Role.REGISTRAR, "elsewhere_registrar")
    with pytest.raises(RequestActError, match="无权办理"):
        request_correct_applicant_name(
            request=request, name="林志强", reason=REASON, acting_user=elsewhere
        )
    with pytest.raises(RequestActError):
        request_correct_applicant_name(request=request, name="林志强", reason=REASON, acting_user=None)
    request.refresh_from_db()
    assert request.applicant.name == STUCK_NAME


def test_a_closed_request_is_refused(organ, people):
    request, _process = stuck(organ)
    request_withdraw(request=request, acting_user=people.registrar, reason="申请人电话撤回")
    events = AuditEvent.objects.count()
    with pytest.raises(RequestActError, match="已撤回"):
        request_correct_applicant_name(
            request=request, name="林志强", reason=REASON, acting_user=people.registrar
        )
    request.refresh_from_db()
    assert request.applicant.name == STUCK_NAME
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("name", "reason", "message"),
    [
        ("林志强", "  ", "请写明更正的理由"),
        ("  ", REASON, "请填写更正后的申请人姓名"),
        (STUCK_NAME, REASON, "与原姓名相同"),
        ("林\u200b志强", REASON, r"U\+200B"),
        ("林" * 201, REASON, "200"),
        ("林志强", "理" * 501, "500"),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(organ, people, name, reason, message):
    request, _process = stuck(organ)
    events = AuditEvent.objects.count()
    with pytest.raises(RequestActError, match=message):
        request_correct_applicant_name(
            request=request, name=name, reason=reason, acting_user=people.registrar
        )
    request.refresh_from_db()
    assert request.applicant.name == STUCK_NAME
    assert AuditEvent.objects.count() == events


# ---- the request page -------------------------------------------------------------------


def page_url(request) -> str:
    return reverse("workflow:request", args=[request.public_id])


def act_url(request) -> str:
    return reverse("workflow:applicant_name", args=[request.public_id])


def shown(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_registrar_corrects_the_name_on_the_request_page(client, organ, people):
    request, process = stuck(organ)
    client.force_login(people.registrar)
    page = client.get(page_url(request)).content.decode()
    assert act_url(request) in page and "更正申请人姓名" in page
    response = client.post(act_url(request), {"name": "林志强", "reason": REASON})
    assert response.status_code == 302 and response["Location"] == page_url(request)
    assert "已更正申请人姓名。" in shown(response)
    request.refresh_from_db()
    assert request.applicant.name == "林志强"
    history = client.get(page_url(request)).content.decode()
    assert "更正申请人姓名" in history and REASON in history
    do(process, "register", people.registrar)
    assert "林志强：" in receipt_text(request)


def test_the_form_is_offered_to_registrars_only_and_only_while_open(client, organ, people):
    request, _process = stuck(organ)
    client.force_login(people.handler)
    assert act_url(request) not in client.get(page_url(request)).content.decode()
    request_withdraw(request=request, acting_user=people.registrar, reason="申请人电话撤回")
    client.force_login(people.registrar)
    assert act_url(request) not in client.get(page_url(request)).content.decode()


def test_a_handler_posting_the_form_is_refused_with_a_message(client, organ, people):
    request, _process = stuck(organ)
    client.force_login(people.handler)
    response = client.post(act_url(request), {"name": "林志强", "reason": REASON})
    assert response.status_code == 302
    assert any("登记员" in m for m in shown(response)), shown(response)
    request.refresh_from_db()
    assert request.applicant.name == STUCK_NAME


def test_a_new_name_the_letters_cannot_print_is_refused_naming_the_character(client, organ, people):
    request, _process = stuck(organ)
    client.force_login(people.registrar)
    events = AuditEvent.objects.count()
    response = client.post(act_url(request), {"name": "林\U00018b00强", "reason": REASON})
    assert any("以下字符无法在文书中打印：\U00018b00（U+18B00）" in m for m in shown(response))
    response = client.post(act_url(request), {"name": "林志强", "reason": ""})
    assert "请写明更正的理由和依据。" in shown(response)
    request.refresh_from_db()
    assert request.applicant.name == STUCK_NAME
    assert AuditEvent.objects.count() == events


def test_another_organs_request_is_not_found(client, organ, people):
    request, _process = stuck(organ)
    client.force_login(staff(another_organ(), Role.REGISTRAR, "elsewhere_registrar"))
    assert client.post(act_url(request), {"name": "林志强", "reason": REASON}).status_code == 404
    request.refresh_from_db()
    assert request.applicant.name == STUCK_NAME

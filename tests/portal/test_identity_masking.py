"""The applicant's identity number on the portal and in e-mails: never in full. The
applicant sees his own number masked too (last four); the form takes the mask back."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from requests.identity import mask_document_number
from requests.models import Applicant, DisclosureRequest

from .conftest import RESIDENT_ID, application_data, pdf
from .kit import in_processing

URL = reverse("portal:submit")
MASKED = mask_document_number(RESIDENT_ID)


def submit(client, **overrides):
    return client.post(URL, {**application_data(**overrides), "proof_of_identity": pdf()})


def test_the_applicants_own_pages_show_no_full_number(organ, people, applicant,
                                                      applicant_client):
    request = in_processing(organ, people, applicant)
    assert request.applicant.document_number == RESIDENT_ID
    for url in (
        reverse("portal:home"),
        reverse("portal:request", args=[request.public_id]),
        reverse("portal:submitted", args=[request.public_id]),
        URL,
    ):
        response = applicant_client.get(url)
        assert response.status_code == 200, url
        assert RESIDENT_ID not in response.content.decode(), url


def test_the_form_shows_the_last_number_masked_and_takes_the_mask_back(
    organ, people, applicant, applicant_client
):
    assert submit(applicant_client).status_code == 302
    page = applicant_client.get(URL).content.decode()
    assert f'value="{MASKED}"' in page and RESIDENT_ID not in page
    assert "只显示后四位" in page

    response = submit(applicant_client, document_number=MASKED)
    assert response.status_code == 302
    latest = Applicant.objects.filter(account=applicant).latest("pk")
    assert latest.document_number == RESIDENT_ID
    assert DisclosureRequest.objects.count() == 2


@pytest.mark.parametrize("overrides", [
    {"document_number": "**************0021"},  # a mask of another number
    {"document_number": MASKED, "document_type": "passport"},  # another document
    {"document_number": "1101051949123*002X"},  # a masked character typed by hand
])
def test_a_masked_number_that_is_not_the_last_one_is_refused(
    organ, people, applicant, applicant_client, overrides
):
    assert submit(applicant_client).status_code == 302
    response = submit(applicant_client, **overrides)
    assert response.status_code == 200
    assert "请填写完整的证件号码" in response.content.decode()
    assert DisclosureRequest.objects.count() == 1


def test_a_first_application_with_a_masked_number_is_refused(organ, people, applicant_client):
    response = submit(applicant_client, document_number=MASKED)
    assert response.status_code == 200
    assert response.context["form"].errors["document_number"] == ["请填写完整的证件号码。"]
    assert not DisclosureRequest.objects.exists()


def test_notification_e_mails_carry_no_identity_number(
    organ, people, applicant, applicant_client, mailoutbox, django_capture_on_commit_callbacks
):
    # The applicant's acknowledgement, then the flow's notices to staff and applicant.
    with django_capture_on_commit_callbacks(execute=True):
        assert submit(applicant_client).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        in_processing(organ, people, applicant)
    # The deadline sweep long after the due date: the overdue notice to the OGI office
    # head, e-mailed.
    people.ogi_head.email = "ogi.head@pthb.example.cn"
    people.ogi_head.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("sweep_deadlines", "--today", "2026-06-30", stdout=StringIO())
    subjects = [message.subject for message in mailoutbox]
    assert any(m.to == ["ogi.head@pthb.example.cn"] for m in mailoutbox), subjects
    for message in mailoutbox:
        assert RESIDENT_ID not in message.subject + message.body
        assert all(RESIDENT_ID not in str(body) for body, _type in message.alternatives)

"""What the applicant's acts store is written in the organ's language, whatever the
language of the applicant's page."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from requests.choices import Status
from requests.models import AuditEvent
from requests.models.audit import Act

from .conftest import application_data, pdf
from .kit import in_processing

pytestmark = pytest.mark.django_db


def test_a_withdrawal_from_an_english_page_stores_chinese(organ, people, applicant, applicant_client):
    request = in_processing(organ, people, applicant)
    applicant_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("portal:withdraw", args=[request.public_id])
    response = applicant_client.post(url, {"reason": "", "confirm": "on"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.WITHDRAWN
    event = AuditEvent.objects.get(request=request, act=Act.WITHDRAW)
    assert event.comment == "申请人通过网上平台撤回申请。"
    # The page itself speaks English.
    page = applicant_client.get(response["Location"]).content.decode()
    assert 'lang="en"' in page


def test_a_submission_from_an_english_page_names_the_applicant_in_chinese(
    organ, applicant, applicant_client
):
    applicant_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = applicant_client.post(
        reverse("portal:submit"), {**application_data(), "proof_of_identity": pdf()}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(act=Act.SUBMIT, request__organ=organ)
    assert event.actor_name.startswith("申请人 ")

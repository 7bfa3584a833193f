"""Submissions are limited per account and per client address."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from portal.throttle import RateLimitError, throttle_check, throttle_record
from requests.models import DisclosureRequest

from .conftest import application_data, make_applicant, pdf
from .kit import online

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.PORTAL_RATE_LIMITS = {"submit": {"account": (2, 3600), "address": (3, 3600)}}


def submit_page(client, address):
    return client.post(
        reverse("portal:submit"),
        {**application_data(), "proof_of_identity": pdf()},
        REMOTE_ADDR=address,
    )


def test_an_account_over_its_limit_is_refused_and_nothing_is_stored(
    organ, people, applicant_client, limits
):
    for _ in range(2):
        assert submit_page(applicant_client, "198.51.100.1").status_code == 302
    response = submit_page(applicant_client, "198.51.100.2")
    assert response.status_code == 200
    assert "操作过于频繁：1小时内最多2次" in response.content.decode()
    assert DisclosureRequest.objects.count() == 2


def test_an_address_over_its_limit_is_refused_whoever_submits(client, organ, people, limits):
    for n in range(3):
        client.force_login(make_applicant(f"person{n}@example.com"))
        assert submit_page(client, "198.51.100.9").status_code == 302
    client.force_login(make_applicant("person9@example.com"))
    assert "操作过于频繁" in submit_page(client, "198.51.100.9").content.decode()
    assert submit_page(client, "198.51.100.10").status_code == 302


def test_the_window_slides(organ, people, applicant, limits):
    start = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
    for minutes in (0, 10):
        throttle_record("submit", account=applicant, now=start + datetime.timedelta(minutes=minutes))
    with pytest.raises(RateLimitError, match="请在1分钟后再试"):
        throttle_check("submit", account=applicant, now=start + datetime.timedelta(minutes=59))
    throttle_check("submit", account=applicant, now=start + datetime.timedelta(minutes=61))


def test_refused_submissions_do_not_count(organ, people, applicant, applicant_client, limits):
    for _ in range(3):
        response = applicant_client.post(
            reverse("portal:submit"), application_data(), REMOTE_ADDR="198.51.100.3"
        )
        assert response.status_code == 200  # no proof of identity
    assert submit_page(applicant_client, "198.51.100.3").status_code == 302


def test_the_service_refuses_too(organ, people, applicant, limits):
    online(organ, applicant)
    online(organ, applicant)
    with pytest.raises(RateLimitError):
        online(organ, applicant)

"""Only the owner sees a request: every portal URL naming a request (and every staff intake
URL naming one) answers 404 to anyone else — found by walking the URLconf, so a new URL is
covered the day it is added."""

from __future__ import annotations

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from letters.models import IssuedLetter
from records.models import ReleasedFile
from requests.choices import Role
from requests.models import Attachment
from requests.models.attachment import AttachmentKind
from requests.services import attachment_store
from tests.factories import DepartmentFactory, OrganFactory, staff
from tests.records.releasekit import released_file

from .conftest import pdf
from .kit import awaiting_correction

pytestmark = pytest.mark.django_db


def patterns_of(namespace: str) -> list[tuple[str, list[str]]]:
    """(name, parameter names) of every pattern of ``namespace`` that takes parameters."""
    resolver = next(
        r for r in get_resolver().url_patterns
        if isinstance(r, URLResolver) and r.namespace == namespace
    )
    found = []
    for pattern in resolver.url_patterns:
        assert isinstance(pattern, URLPattern)
        params = list(pattern.pattern.converters)
        if params:
            found.append((pattern.name, params))
    return found


@pytest.fixture
def owned(organ, people, applicant):
    """A request of ``applicant`` with a letter (the correction notice), a file, and a file
    released to the applicant (as the dispatch of a reply freezes one)."""
    request = awaiting_correction(organ, people, applicant)
    attachment_store(organ=organ, upload=pdf(), kind=AttachmentKind.SUPPORTING,
                     uploaded_by=applicant, request=request)
    released_file(request)
    return request


def kwargs_for(params, request) -> dict:
    values = {
        "public_id": request.public_id,
        "letter_id": IssuedLetter.objects.filter(request=request).first().public_id,
        "file_id": Attachment.objects.filter(request=request).first().public_id,
        "released_id": ReleasedFile.objects.filter(request=request).first().public_id,
    }
    return {name: values[name] for name in params}


REQUEST_PARAMS = {"public_id", "letter_id", "file_id", "released_id"}


def test_every_portal_url_of_a_request_is_the_owners_alone(client, owned, applicant, other_applicant):
    patterns = [(name, params) for name, params in patterns_of("portal")
                if set(params) <= REQUEST_PARAMS]
    names = {name for name, _ in patterns}
    assert {"request", "submitted", "correction", "withdraw", "letter", "file",
            "released_file"} <= names
    for name, params in patterns:
        url = reverse(f"portal:{name}", kwargs=kwargs_for(params, owned))
        client.force_login(applicant)
        assert client.get(url).status_code in (200, 302), url  # the owner gets in
        client.force_login(other_applicant)
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"confirm": "on", "note": "x"}).status_code == 404, url
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and "/portal/login/" in response["Location"], url
    owned.refresh_from_db()
    assert owned.status == "awaiting_correction"  # nobody else changed anything


def test_the_other_patterns_take_no_request_identifier():
    others = [(n, p) for n, p in patterns_of("portal") if not set(p) <= REQUEST_PARAMS]
    # Only the account links (their tokens are checked by Django's token generators).
    assert sorted(n for n, _ in others) == ["password_reset_confirm", "signup_confirm"]


def test_unknown_identifiers_are_404(applicant_client, owned):
    missing = uuid.uuid4()
    for url in (
        reverse("portal:request", args=[missing]),
        reverse("portal:letter", args=[owned.public_id, missing]),
        reverse("portal:file", args=[owned.public_id, missing]),
        reverse("portal:released_file", args=[owned.public_id, missing]),
    ):
        assert applicant_client.get(url).status_code == 404


def test_a_letter_or_file_of_another_request_is_404_even_to_its_owner(
    applicant_client, organ, people, applicant, owned
):
    from .kit import registered

    second = registered(organ, people, applicant, items=["木兰溪2025年水质月报"])
    letter = IssuedLetter.objects.filter(request=owned).first()
    file = Attachment.objects.filter(request=owned).first()
    assert applicant_client.get(reverse("portal:letter", args=[second.public_id, letter.public_id])).status_code == 404
    assert applicant_client.get(reverse("portal:file", args=[second.public_id, file.public_id])).status_code == 404


def test_every_intake_url_of_a_request_is_for_its_organs_registrars(client, owned, people):
    other_organ = OrganFactory(name="莆田市水利局", short_name="莆田市水利局", code="PTSL",
                               letter_number_prefix="莆水信公开")
    stranger = staff(other_organ, Role.REGISTRAR, "stranger",
                     DepartmentFactory(organ=other_organ, name="办公室"))
    values = {
        "public_id": owned.public_id,
        "letter_id": IssuedLetter.objects.filter(request=owned).first().public_id,
    }
    patterns = patterns_of("intake")
    assert {n for n, _ in patterns} == {"done", "on_the_spot", "letter"}
    for name, params in patterns:
        url = reverse(f"intake:{name}", kwargs={p: values[p] for p in params})
        client.force_login(people.registrar)
        assert client.get(url).status_code in (200, 302), url
        client.force_login(stranger)
        assert client.get(url).status_code == 404, url
        client.force_login(people.handler)  # staff, but not a registrar
        assert client.get(url).status_code == 403, url
    client.force_login(people.handler)
    assert client.get(reverse("intake:new")).status_code == 403


def test_an_applicant_cannot_reach_staff_pages(applicant_client, owned):
    assert applicant_client.get(reverse("intake:new")).status_code == 403
    assert applicant_client.get(reverse("workflow:request", args=[owned.public_id])).status_code == 403

"""Fixtures of the portal tests: applicants with accounts, uploads, a valid form."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from requests.choices import Channel
from tests.factories import natural_person, submit
from tests.uploads import real_pdf, real_png

PASSWORD = "Lin-Zhiqiang-2026!"
PDF = real_pdf()
PNG = real_png()
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
#: Valid identity documents (check characters computed by the foundation's rules).
RESIDENT_ID = "11010519491231002X"
USCC = "91350300MA2XXXXX0A"  # replaced below by a computed one


def make_applicant(email: str = "lin.zhiqiang@example.com", *, active: bool = True):
    user = get_user_model().objects.create_user(
        username=email, email=email, password=PASSWORD, is_active=active
    )
    return user


@pytest.fixture
def applicant(db):
    return make_applicant()


@pytest.fixture
def other_applicant(db):
    return make_applicant("chen.yaqin@example.com")


@pytest.fixture
def applicant_client(client, applicant):
    client.force_login(applicant)
    return client


def pdf(name: str = "身份证.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def application_data(**overrides) -> dict:
    """A complete, valid POST of the portal's application form (one organ)."""
    data = {
        "kind": "natural_person",
        "name": "林志强",
        "document_type": "resident_id",
        "document_number": RESIDENT_ID,
        "phone": "13905940001",
        "email": "lin.zhiqiang@example.com",
        "postal_address": "福建省莆田市荔城区镇海街道八二一南街88号",
        "postcode": "351100",
        "form_wanted": "electronic_file",
        "obtain_method": "online_download",
        "purpose": "了解住所附近企业的环境影响情况",
        "special_needs": "",
        "declaration": "on",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "50",
        "items-0-description": "莆田市2025年度城厢区华亭镇某化工企业环境影响评价报告书及批复文件",
        "items-0-document_reference": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def owned_request(organ, account, **kwargs):
    """A request submitted online by ``account``."""
    from requests.models import DisclosureRequest

    request = submit(organ, channel=Channel.ONLINE, **kwargs)
    applicant_row = request.applicant
    applicant_row.account = account
    applicant_row.save(update_fields=["account"])
    return DisclosureRequest.objects.get(pk=request.pk)


__all__ = ["natural_person"]

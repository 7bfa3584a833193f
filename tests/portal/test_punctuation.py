"""On the applicant's pages in English, the brackets, colons and list marks around data are
English ones (「莆环审〔2025〕12号」 in brackets reads " (…)", not 「（…）」); in Chinese they
stay Chinese. The data itself (an organ's name, a document number) is left as written."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from letters.acts import issue_fee_notice_with_letter
from requests.choices import FeeStandard
from requests.models import DisclosureRequest
from tests.factories import OrganFactory
from tests.portal.kit import ITEM, registered
from tests.workflow.flowkit import do
from workflow.models import TriageDecision

from .conftest import application_data, pdf
from .test_printable_text import UNPRINTABLE

pytestmark = pytest.mark.django_db
REFERENCE = "莆环审〔2025〕12号"


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def pages(organ, people, applicant, applicant_client):
    """An applicant's request in processing: its item with a document number, its due
    date provisional (the year's calendar not yet confirmed), a fee notice issued."""
    request = registered(organ, people, applicant, today=True)
    do(request.process, "triage", people.registrar, decision=TriageDecision.CLEAR,
       department=people.dept)
    request.refresh_from_db()
    request.items.update(document_reference=REFERENCE)
    issue_fee_notice_with_letter(request=request, acting_user=people.handler,
                                 standard=FeeStandard.PER_PAGE, quantity=150)
    DisclosureRequest.objects.filter(pk=request.pk).update(due_is_provisional=True)

    def get(name, language):
        applicant_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        args = [] if name == "portal:home" else [request.public_id]
        return applicant_client.get(reverse(name, args=args)).content.decode()

    return get


def test_a_document_number_is_bracketed_in_the_pages_language(pages):
    for name in ("portal:request", "portal:submitted"):
        assert f"{ITEM} ({REFERENCE})" in pages(name, "en")
        assert f"{ITEM}（{REFERENCE}）" in pages(name, "zh-hans")


def test_a_provisional_due_date_is_marked_in_the_pages_language(pages):
    assert " (provisional)" in pages("portal:home", "en")
    assert "（暂定）" in pages("portal:home", "zh-hans")


def test_the_fee_notice_line_has_the_pages_colon(pages):
    english_page = pages("portal:request", "en")
    line = english_page[english_page.index("Information processing fee of"):]
    line = line[:line.index("</li>")]
    assert "：" not in line and "), notified on " in line and ": " in line
    chinese_page = pages("portal:request", "zh-hans")
    line = chinese_page[chinese_page.index("信息处理费"):]
    assert "通知：" in line[:line.index("</li>")]


def test_the_landing_page_lists_the_organs_with_the_pages_list_mark(client):
    OrganFactory(name="莆田市生态环境局", short_name="莆田市生态环境局")
    OrganFactory(name="莆田市水利局", short_name="莆田市水利局", code="PTSL",
                 letter_number_prefix="莆水信公开")
    page = english(client).get(reverse("landing")).content.decode()
    assert "莆田市水利局, 莆田市生态环境局" in page or "莆田市生态环境局, 莆田市水利局" in page
    assert "、" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.get(reverse("landing")).content.decode()
    assert "莆田市水利局、莆田市生态环境局" in page or "莆田市生态环境局、莆田市水利局" in page


def test_an_unprintable_character_is_named_with_english_punctuation(organ, applicant_client):
    response = english(applicant_client).post(reverse("portal:submit"), {
        **application_data(name=f"林{UNPRINTABLE}{UNPRINTABLE}强\U00018b00"),
        "proof_of_identity": pdf(),
    })
    (message,) = response.context["form"].errors["name"]
    assert f"{UNPRINTABLE} (U+30000), \U00018b00 (U+18B00)." in message
    assert not set(message) & set("（）、：。")

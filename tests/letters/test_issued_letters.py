"""Every letter kind and the reply for every outcome, issued through the acts and read
back from the stored PDF: A4, fonts embedded and covering every character, and the words
each letter must say (LETTERS.md)."""

import hashlib

import pytest
from django.db import transaction

from requests.legal_basis import LEGAL_BASIS
from requests.outcomes import REPLY_OUTCOMES, Remedy
from tests.letters import pdfs
from tests.letters.cases import build_cases
from tests.letters.helpers import make_organ, make_people

ORGAN = "莆田市生态环境局"
REMEDY = "申请行政复议"
RECONSIDERATION_FIRST = "应当先自收到本答复书之日起60日内向莆田市人民政府申请行政复议"
CHOICE = "6个月内向莆田市城厢区人民法院提起行政诉讼"

# The module fixture builds in the test database, which exists only for marked tests.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def cases(django_db_setup, django_db_blocker):
    """Built once, in a transaction rolled back at once: the tests only read the PDFs."""
    with django_db_blocker.unblock(), transaction.atomic():
        organ = make_organ()
        built = build_cases(organ, make_people(organ))
        transaction.set_rollback(True)
    for case in built:
        case.text = pdfs.text(case.pdf)
    return {case.name: case for case in built}


def test_there_is_a_case_for_every_kind_and_every_reply_outcome(cases):
    from letters.kinds import LetterKind

    assert {case.kind for case in cases.values()} == set(LetterKind.values)
    assert {case.outcome for case in cases.values() if case.kind == "reply"} >= set(
        REPLY_OUTCOMES
    )


NAMES = [
    "receipt", "correction_notice", "reasons_notice", "extension_notice",
    "third_party_consultation", "organ_consultation", "third_party_notice", "fee_notice",
    "termination_notice", "reply-on-the-spot", *(f"reply-{o}" for o in REPLY_OUTCOMES),
]


@pytest.mark.parametrize("name", NAMES)
def test_letter_is_a4_with_embedded_fonts_covering_every_character(cases, name):
    case = cases[name]
    pdfs.check_pdf(case.pdf)
    assert len(pdfs.reader(case.pdf).pages) == case.page_count


@pytest.mark.parametrize("name", NAMES)
def test_letter_says_organ_number_addressee_dates_and_article(cases, name):
    case = cases[name]
    text = case.text
    assert text.count(ORGAN) >= 3, "organ mark, title and signature"
    assert case.number in text
    assert case.addressee + "：" in text
    assert case.issued_on in text
    if case.kind not in ("third_party_consultation", "third_party_notice"):
        assert case.received_on in text
    if case.kind not in ("third_party_consultation", "third_party_notice"):
        assert case.registration_number in text
    for article in case.articles:
        assert article in text, article
    assert "《中华人民共和国政府信息公开条例》（以下简称《条例》）" in text
    for words in case.must_say:
        assert words.replace(" ", "") in text, words


@pytest.mark.parametrize("name", NAMES)
def test_remedy_notice_only_on_decisions_with_the_routes_the_law_leaves(cases, name):
    case = cases[name]
    text = case.text
    if not case.remedy:
        assert REMEDY not in text and "行政诉讼" not in text
        return
    assert REMEDY in text and "60日内" in text
    if case.kind == "reply" and case.outcome:
        routes = LEGAL_BASIS[case.outcome].routes
        assert ("复议决定书之日起15日内" in text) == (Remedy.RECONSIDERATION_FIRST in routes)
        assert (CHOICE in text) == (Remedy.RECONSIDERATION_OR_LITIGATION in routes)
        if Remedy.RECONSIDERATION_FIRST in routes:
            assert RECONSIDERATION_FIRST in text
            assert "第二十三条第一款第（四）项" in text
        if routes == (Remedy.RECONSIDERATION_ONLY,):
            assert "行政诉讼" not in text


def test_third_party_letters_do_not_name_the_applicant(cases):
    for name in ("third_party_consultation", "organ_consultation", "third_party_notice"):
        assert "林志强" not in cases[name].text, name


def test_stored_file_is_the_rendered_pdf_with_its_sha256(cases):
    for case in cases.values():
        assert hashlib.sha256(case.stored).hexdigest() == case.sha256


def test_numbers_run_per_family(cases):
    families = {}
    for case in cases.values():
        prefix = case.number.split("〔")[0]
        families.setdefault(prefix, []).append(int(case.number.split("〕")[1].rstrip("号")))
    assert set(families) == {"莆环信公开", "莆环信公开告", "莆环信公开函", "莆环信公开登"}
    for serials in families.values():
        assert sorted(serials) == list(range(1, len(serials) + 1))
    assert cases["receipt"].number == "莆环信公开登〔2026〕1号"


def test_consultation_letters_carry_a_reply_slip_and_copy_no_section_of_the_organ(cases):
    for name in ("third_party_consultation", "organ_consultation"):
        text = cases[name].text
        assert "附件：征求意见回执" in text
        assert "□同意公开" in text and "□不同意公开" in text
        assert "抄送" not in text and "本机关污防科" not in text

"""Every reply, held to the reviewed legal basis (requests/legal_basis.py).

For every outcome × every applicant kind × one item or several, the words of the reply
(no PDF) must cite the article of the table, offer exactly the remedies it leaves — the
reconsideration-first sentence, litigation and its 6 months, reconsideration's 60 days —
and tell the applicant how to obtain the information or where to turn instead.
"""

import datetime

import pytest

from letters.context import build_letter
from letters.kinds import LetterKind
from requests.choices import ApplicantKind, IdDocumentType
from requests.legal_basis import CHOICE, FIRST, LEGAL_BASIS, ONLY
from requests.outcomes import REPLY_OUTCOMES, Outcome
from tests.factories import natural_person
from tests.letters.cases import signed_off
from tests.requests import machine as m

RECONSIDERATION_FIRST = "第二十三条第一款第（四）项的规定，应当先自收到本答复书之日起60日内"
LITIGATION = "提起行政诉讼"
SIX_MONTHS = "自收到本答复书之日起6个月内"
SIXTY_DAYS = "自收到本答复书之日起60日内"
#: How provided information reaches an applicant who asked for it by e-mail (the factories').
BY_EMAIL = "随本答复书一并发送至您提供的电子邮箱"

ORGANISATIONS = {
    ApplicantKind.COMMERCIAL_ENTERPRISE: "莆田市兴荔新材料科技有限公司",
    ApplicantKind.RESEARCH_INSTITUTION: "福建省环境科学研究院",
    ApplicantKind.SOCIAL_WELFARE_ORG: "莆田市绿色家园环保志愿者协会",
    ApplicantKind.LEGAL_SERVICES_ORG: "福建莆阳律师事务所",
    ApplicantKind.OTHER_ORG: "莆田市城厢区龙桥街道凤山社区居民委员会",
}


def applicant(kind):
    if kind == ApplicantKind.NATURAL_PERSON:
        return natural_person()
    return natural_person(
        kind=kind, name=ORGANISATIONS[kind],
        document_type=IdDocumentType.UNIFIED_SOCIAL_CREDIT_CODE,
        document_number="91350100M000100Y43", contact_person="陈雅琴",
    )


def test_the_table_covers_every_reply_outcome():
    assert set(LEGAL_BASIS) == set(REPLY_OUTCOMES)


def companion(outcome):
    """The other item of a request asking several: provided (not held if this is provided)."""
    return Outcome.NOT_HELD if outcome == Outcome.PROVIDED else Outcome.PROVIDED


@pytest.mark.parametrize("items", ["single", "multi"])
@pytest.mark.parametrize("kind", ApplicantKind.values)
@pytest.mark.parametrize("outcome", REPLY_OUTCOMES)
def test_reply_says_what_the_legal_basis_says(organ, people, outcome, kind, items):
    outcomes = [outcome] if items == "single" else [outcome, companion(outcome)]
    request = signed_off(organ, people, outcomes, applicant=applicant(kind))
    letter = build_letter(request=request, kind=LetterKind.REPLY, number="莆环信公开〔2026〕9号",
                          issued_on=datetime.date.fromisoformat(m.REPLIED_ON))
    basis = LEGAL_BASIS[outcome]
    decision = next(d["text"] for d in letter.extra["decisions"] if d["outcome"] == outcome)

    assert letter.addressee == applicant(kind).name
    assert "《中华人民共和国政府信息公开条例》（以下简称《条例》）" in letter.opening[0]
    assert f"依据《条例》{basis.cites}的规定" in decision
    for words in basis.tells:
        assert words in decision, words
    for words in basis.never:
        assert words not in decision, words
    assert (BY_EMAIL in decision) == basis.releases

    routes = {route for o in outcomes for route in LEGAL_BASIS[o].routes}
    remedy = letter.remedy
    assert SIXTY_DAYS in remedy
    assert (RECONSIDERATION_FIRST in remedy) == (FIRST in routes)
    assert (LITIGATION in remedy) == bool(routes & {FIRST, CHOICE})
    assert (SIX_MONTHS in remedy) == (CHOICE in routes)
    if len(routes) > 1:
        # Each route names what it lies against.
        assert remedy.startswith("对本答复")
        if outcome != Outcome.PARTIAL:
            assert "第1项的决定" in remedy
    else:
        assert remedy.startswith("如对本答复不服，")
    if routes == {ONLY}:
        assert remedy.endswith("申请行政复议。")


def test_a_partial_reply_sends_the_withheld_part_to_reconsideration_first(organ, people):
    request = signed_off(organ, people, [Outcome.PARTIAL])
    remedy = build_letter(request=request, kind=LetterKind.REPLY, number="莆环信公开〔2026〕9号",
                          issued_on=datetime.date.fromisoformat(m.REPLIED_ON)).remedy
    withheld, rest = remedy.split("。对本答复中予以公开的部分不服的，")
    assert withheld.startswith("对本答复中不予公开的部分不服的，依据《中华人民共和国行政复议法》"
                               "第二十三条第一款第（四）项的规定，应当先")
    assert "可以自收到本答复书之日起60日内向莆田市人民政府申请行政复议，或者自收到本答复书之日起6个月内" \
        "向莆田市城厢区人民法院提起行政诉讼" in rest

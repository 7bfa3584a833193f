"""Document numbers: gap-free per organ, family and year, also when acts fail or race."""

import pytest
from django.db import transaction

from letters import acts, services
from letters.errors import LetterError
from letters.kinds import LetterKind
from letters.models import IssuedLetter
from letters.numbering import peek_number, take_number
from requests.choices import Status
from requests.models import DisclosureRequest, Sequence
from requests.services import request_register
from tests.factories import OrganFactory, at, submit
from tests.letters.helpers import make_people
from tests.requests import machine as m
from tests.requests.machine import build
from tests.requests.test_concurrency import at_once, on_postgres


def serials(kind_prefix: str) -> list[int]:
    return sorted(
        letter.serial for letter in IssuedLetter.objects.all() if letter.number.startswith(
            kind_prefix + "〔")
    )


def test_numbers_count_up_within_a_family_and_apart_between_families(organ, people):
    for _ in range(3):
        request = submit(organ, on=m.SUBMITTED_ON)
        acts.register_and_send_receipt(request=request, acting_user=people.registrar,
                                       at=at(m.REGISTERED_ON))
    correction = build(Status.REGISTERED, organ, people)
    first = acts.issue_correction_notice(request=correction, acting_user=people.registrar,
                                         points=m.CORRECTION_POINTS, at=at(m.CORRECTION_ON))
    fee = build(Status.PROCESSING, organ, people)
    second = acts.issue_fee_notice_with_letter(request=fee, acting_user=people.handler,
                                               standard="per_page", quantity=120,
                                               at=at(m.PAUSED_ON))
    assert serials("莆环信公开登") == [1, 2, 3]
    assert (first.number, second.number) == ("莆环信公开告〔2026〕1号", "莆环信公开告〔2026〕2号")
    assert Sequence.objects.get(series="letter:receipt").last_value == 3


def test_each_year_and_each_organ_starts_at_one(organ):
    other = OrganFactory(name="莆田市水利局", short_name="莆田市水利局", code="PTSL",
                         letter_number_prefix="莆水信公开")
    with transaction.atomic():
        assert take_number(organ=organ, kind=LetterKind.REPLY, year=2026).serial == 1
        assert take_number(organ=organ, kind=LetterKind.REPLY, year=2026).serial == 2
        assert take_number(organ=organ, kind=LetterKind.REPLY, year=2027).text == (
            "莆环信公开〔2027〕1号")
        assert take_number(organ=other, kind=LetterKind.REPLY, year=2026).text == (
            "莆水信公开〔2026〕1号")
    assert peek_number(organ=organ, kind=LetterKind.REPLY, year=2026).serial == 3
    assert peek_number(organ=organ, kind=LetterKind.RECEIPT, year=2026).serial == 1


def test_a_failed_letter_gives_its_number_back(organ, people, monkeypatch):
    request = submit(organ, on=m.SUBMITTED_ON)
    real_html = services.letter_html
    monkeypatch.setattr(services, "letter_html", lambda letter: "<img src='http://x/y.png'>")
    with pytest.raises(LetterError):
        acts.register_and_send_receipt(request=request, acting_user=people.registrar,
                                       at=at(m.REGISTERED_ON))
    monkeypatch.setattr(services, "letter_html", real_html)
    letter = acts.register_and_send_receipt(request=request, acting_user=people.registrar,
                                            at=at(m.REGISTERED_ON))
    assert letter.number == "莆环信公开登〔2026〕1号"
    assert request.registration_number.endswith("-00001")


def test_a_preview_takes_no_number(organ, people):
    request = build(Status.REGISTERED, organ, people)
    pdf = services.letter_preview(request=request, kind=LetterKind.RECEIPT,
                                  at=at(m.REGISTERED_ON))
    assert pdf.data.startswith(b"%PDF")
    assert not Sequence.objects.filter(series__startswith="letter:").exists()
    assert not IssuedLetter.objects.exists()


# ---- PostgreSQL: real threads ------------------------------------------------------------

@on_postgres
def test_parallel_letters_get_distinct_gap_free_numbers_even_when_one_fails(monkeypatch):
    organ = OrganFactory()
    people = make_people(organ)
    requests = []
    for n in range(6):
        request = submit(organ, on=m.SUBMITTED_ON)
        request_register(request=request, acting_user=people.registrar,
                         at=at(m.REGISTERED_ON, 9 + n))
        requests.append(request)
    failing = requests[2].pk
    real_html = services.letter_html

    def sometimes_broken(letter):
        if letter.extra.get("request_pk") == failing:
            return "<img src='http://x/y.png'>"
        return real_html(letter)

    real_build = services.build_letter

    def tagged(**kwargs):
        letter = real_build(**kwargs)
        letter.extra["request_pk"] = kwargs["request"].pk
        return letter

    monkeypatch.setattr(services, "build_letter", tagged)
    monkeypatch.setattr(services, "letter_html", sometimes_broken)

    def issue(request):
        def call():
            with transaction.atomic():
                copy = DisclosureRequest.objects.get(pk=request.pk)
                return services.letter_issue(request=copy, kind=LetterKind.RECEIPT,
                                             acting_user=people.registrar)
        return call

    results = at_once(*(issue(r) for r in requests))
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], LetterError)
    issued = IssuedLetter.objects.filter(organ=organ)
    assert sorted(issued.values_list("serial", flat=True)) == [1, 2, 3, 4, 5]
    assert issued.values("number").distinct().count() == 5
    assert Sequence.objects.get(organ=organ, series="letter:receipt").last_value == 5


@on_postgres
def test_the_same_letter_issued_twice_at_once_is_issued_once():
    organ = OrganFactory()
    people = make_people(organ)
    request = submit(organ, on=m.SUBMITTED_ON)
    request_register(request=request, acting_user=people.registrar, at=at(m.REGISTERED_ON))

    def issue():
        with transaction.atomic():
            copy = DisclosureRequest.objects.get(pk=request.pk)
            return services.letter_issue(request=copy, kind=LetterKind.RECEIPT,
                                         acting_user=people.registrar)

    results = at_once(issue, issue, issue)
    letters = [r for r in results if isinstance(r, IssuedLetter)]
    refusals = [r for r in results if isinstance(r, LetterError)]
    assert len(letters) == 1 and len(refusals) == 2, results
    assert all(r.code == "already_issued" for r in refusals)
    assert Sequence.objects.get(organ=organ, series="letter:receipt").last_value == 1

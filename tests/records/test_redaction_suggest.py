"""Suggested redactions on a WeasyPrint letter and on an OCR'd scan: what is found, where,
and what is not taken for an ID number, a card or a phone number."""

from __future__ import annotations

import pymupdf
import pytest

from records.models import MatchedKind
from records.redaction import RedactionError, suggest
from records.redaction.patterns import id_number_valid, luhn_valid

from . import documents as d

K = MatchedKind


def found(pdf: bytes, names=()) -> dict[str, tuple]:
    return {s.text.replace(" ", ""): (s.kind, s) for s in suggest(pdf, names)}


@pytest.fixture(scope="module")
def letter():
    return found(d.letter_pdf(), d.NAMES)


@pytest.fixture(scope="module")
def scan():
    return found(d.scan_pdf(), d.NAMES)


def test_the_check_digit_of_gb_11643_and_the_luhn_check():
    assert id_number_valid(d.ID_ZHANG) and id_number_valid(d.ID_LI.lower())
    assert not id_number_valid(d.ID_BAD_CHECK)
    assert not id_number_valid(d.ID_ZHANG[:17])
    assert luhn_valid(d.CARD) and luhn_valid("4111111111111111")
    assert not luhn_valid(d.CARD_BAD_LUHN) and not luhn_valid(d.ORDER_NO)


def test_every_kind_is_found_in_the_letter_with_its_kind(letter):
    kinds = {text: kind for text, (kind, _) in letter.items()}
    assert kinds == {
        "张伟": K.PERSON_NAME,
        d.ID_ZHANG: K.ID_NUMBER,
        "13800000000": K.MOBILE,
        d.LANDLINE: K.LANDLINE,
        d.EMAIL: K.EMAIL,
        "13605941234": K.MOBILE,
        d.ID_SPLIT: K.ID_NUMBER,
        d.EMAIL_SPLIT: K.EMAIL,
        "李娜": K.PERSON_NAME,
        d.ID_LI: K.ID_NUMBER,
        "王芳": K.PERSON_NAME,
        d.MOBILE_TABLE: K.MOBILE,
        d.CARD: K.BANK_CARD,
        d.LANDLINE_PARENS: K.LANDLINE,
        d.MOBILE_HYPHENS: K.MOBILE,
        d.EMAIL_2: K.EMAIL,
    }


def test_a_wrong_check_digit_a_failed_luhn_and_a_longer_digit_run_are_not_suggested(letter):
    texts = " ".join(letter)
    assert d.ID_BAD_CHECK not in texts
    assert d.CARD_BAD_LUHN not in texts
    # The 19-digit order number holds a valid ID number: nothing is taken out of it.
    assert d.ORDER_NO not in texts and d.ORDER_NO[1:] not in [t for t in letter]
    page = pymupdf.open(stream=d.letter_pdf())[0]
    order = page.search_for(d.ORDER_NO)[0]
    for _, suggestion in letter.values():
        assert all(not pymupdf.Rect(r).intersects(order) for r in suggestion.rects)


def test_a_number_a_name_and_an_address_broken_over_lines_give_one_rectangle_a_line(letter):
    page = pymupdf.open(stream=d.letter_pdf())[0]
    for text, parts in ((d.ID_SPLIT, [d.ID_SPLIT[:14], "4568，请核实"]),
                        ("李娜", ["确认李", "娜同志"]),
                        (d.EMAIL_SPLIT, ["邮箱xinfang-", "office@putian-ecology-", "bureau.gov.cn"])):
        rects = [pymupdf.Rect(r) for r in letter[text][1].rects]
        assert len(rects) == len(parts)
        for rect, below, part in zip(rects, rects[1:] + [None], parts, strict=True):
            assert rect.intersects(page.search_for(part)[0])
            assert below is None or rect.y1 <= below.y0 + 1  # one line, then the next


def test_each_rectangle_covers_the_words_on_the_page_and_nothing_further(letter):
    page = pymupdf.open(stream=d.letter_pdf())[0]

    def under(rect):  # get_textbox also takes a neighbour that only touches the edge
        return page.get_textbox(pymupdf.Rect(rect) + (0.5, 0, -0.5, 0)).strip()

    for text in (d.ID_ZHANG, d.EMAIL, d.MOBILE_TABLE, "王芳", d.LANDLINE):
        (rect,) = letter[text][1].rects
        assert under(rect) == text
    (rect,) = letter["13800000000"][1].rects
    assert under(rect) == d.MOBILE_SPACED


def test_a_name_is_found_inside_running_chinese_text_and_a_longer_name_first():
    pdf = d.letter_pdf()
    assert [s.text for s in suggest(pdf, ["张伟"]) if s.kind == K.PERSON_NAME] == ["张伟"]
    assert not [s for s in suggest(pdf) if s.kind == K.PERSON_NAME]
    # 张伟 is part of no longer listed name here; a listed name that is not there is no match.
    assert not [s for s in suggest(pdf, ["张伟明"]) if s.kind == K.PERSON_NAME]


def test_suggestions_come_page_by_page_in_reading_order(letter):
    suggestions = suggest(d.letter_pdf(), d.NAMES)
    assert {s.page for s in suggestions} == {1}
    assert [s.text for s in suggestions][:3] == ["张伟", d.ID_ZHANG, d.MOBILE_SPACED]


def test_the_ocr_text_layer_of_a_scan_yields_the_same_kinds_also_across_lines(scan):
    assert scan["张伟"][0] == K.PERSON_NAME
    assert scan[d.ID_ZHANG][0] == K.ID_NUMBER
    assert scan["13800000000"][0] == K.MOBILE
    assert scan[d.EMAIL][0] == K.EMAIL
    assert len(scan["李娜"][1].rects) == 2
    assert scan[d.ID_LI][0] == K.ID_NUMBER and len(scan[d.ID_LI][1].rects) == 2


def test_a_file_that_is_no_pdf_is_refused_with_a_message():
    with pytest.raises(RedactionError, match="不是 PDF"):
        suggest(b"%PDF-1.7 this is not really a PDF")
    with pytest.raises(RedactionError, match="为空"):
        suggest(b"")

"""Suggested redactions: what the handler is offered to withhold for third parties' rights
(Art. 15), each with where it stands on the page and what it matched."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..models import MatchedKind
from . import patterns
from .apply import Box
from .document import PYMUPDF_LOCK, open_pdf
from .pagetext import PageText, page_text

Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class Suggestion:
    """One match: ``page`` counts from 1; ``rects`` has one rectangle per line the match
    runs over (PyMuPDF's coordinates, in points from the page's top left)."""

    page: int
    rects: tuple[Rect, ...]
    kind: MatchedKind
    text: str

    def boxes(self, code: str) -> list[Box]:
        """The boxes that withhold this match, labelled ``code``."""
        return [Box(self.page, *rect, code) for rect in self.rects]


# The order settles overlaps: a valid ID number is no bank card, a card holds no phone.
_NUMBERS: list[tuple[MatchedKind, re.Pattern[str], Callable[[str], bool]]] = [
    (MatchedKind.ID_NUMBER, patterns.ID_NUMBER, patterns.id_number_valid),
    (MatchedKind.BANK_CARD, patterns.BANK_CARD, patterns.luhn_valid),
    (MatchedKind.MOBILE, patterns.MOBILE, lambda number: True),
    (MatchedKind.LANDLINE, patterns.LANDLINE, lambda number: True),
    (MatchedKind.EMAIL, patterns.EMAIL, patterns.email_valid),
]


def _matches(pattern: re.Pattern[str], text: str, valid: Callable[[str], bool]):
    """Every match of ``pattern`` that passes ``valid``; one that fails does not hide a
    valid one starting inside it."""
    position = 0
    while (match := pattern.search(text, position)) is not None:
        if valid(patterns.compact(match.group())):
            yield match.start(), match.end()
            position = match.end()
        else:
            position = match.start() + 1


def _page_suggestions(page_number: int, page: PageText, names: list[re.Pattern[str]]):
    found: list[tuple[int, int, MatchedKind]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, _ in found)

    searches = [(kind, pattern, valid) for kind, pattern, valid in _NUMBERS]
    searches += [(MatchedKind.PERSON_NAME, pattern, lambda name: True) for pattern in names]
    for kind, pattern, valid in searches:
        for start, end in _matches(pattern, page.text, valid):
            if free(start, end):
                found.append((start, end, kind))
    for start, end, kind in sorted(found):
        rects = page.rects(start, end)
        if rects:
            yield Suggestion(page_number, tuple(rects), kind, page.shown(start, end))


def suggest(pdf: bytes, names: Iterable[str] = ()) -> list[Suggestion]:
    """The suggested redactions of ``pdf``, page by page in reading order: ID numbers (check
    digit verified), mobile and landline numbers, bank card numbers (Luhn-checked), e-mail
    addresses, and each of ``names`` (natural persons) wherever it occurs.

    Raises ``RedactionError`` for a file that is no PDF, is broken or encrypted.
    """
    # A longer name first, so 张伟明 is not taken for 张伟 followed by 明.
    ordered = sorted(dict.fromkeys(names), key=len, reverse=True)
    name_patterns = [p for p in map(patterns.name_pattern, ordered) if p]
    with PYMUPDF_LOCK:
        document = open_pdf(pdf)
        try:
            pages = [page_text(page) for page in document]
        finally:
            document.close()
    suggestions: list[Suggestion] = []
    for number, page in enumerate(pages, start=1):
        suggestions.extend(_page_suggestions(number, page, name_patterns))
    return suggestions

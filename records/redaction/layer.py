"""What the redaction screen needs of a page, and the engine's refusal of boxes before any
mark is stored: the same checks ``apply_redactions`` makes, made early."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .apply import Box, _validate
from .document import PYMUPDF_LOCK, RedactionError, open_pdf, unrotated_rect
from .pagetext import PageText, page_text


@dataclass(frozen=True)
class PageLayer:
    """A page's box in points (before its rotation, as the text and the boxes are) and its
    text layer, each character with its box."""

    bounds: tuple[float, float, float, float]
    text: PageText
    page_count: int

    @property
    def width(self) -> float:
        return self.bounds[2] - self.bounds[0]

    @property
    def height(self) -> float:
        return self.bounds[3] - self.bounds[1]


def page_layer(pdf: bytes, page: int) -> PageLayer:
    """Page ``page`` (1 for the first) of ``pdf``; ``RedactionError`` for a page it lacks."""
    with PYMUPDF_LOCK:
        document = open_pdf(pdf)
        try:
            if not 1 <= page <= document.page_count:
                raise RedactionError(_("该页不存在。"))
            sheet = document[page - 1]
            return PageLayer(tuple(unrotated_rect(sheet)), page_text(sheet), document.page_count)
        finally:
            document.close()


def check_boxes(pdf: bytes, boxes: list[Box]) -> None:
    """Refuse, as ``apply_redactions`` would, boxes off a page, without area or on a page
    the document lacks; nothing is made."""
    with PYMUPDF_LOCK:
        document = open_pdf(pdf)
        try:
            _validate(document, boxes)
        finally:
            document.close()

"""A page's text as one string, each character with its box, for matching across lines.

PyMuPDF gives lines of characters; their blocks follow the producer, not the reading (a
WeasyPrint paragraph is one block per line, a table row may be one line). So lines are
joined by where they stand: the next line of the same paragraph — just below, starting
near the same left edge — is joined by a soft break ``SOFT`` that a number or a name may
run across; a line on the same row close to the end of the previous one continues it
(OCR cuts a row into pieces); anything else — another table cell, a column, a heading far
away — is separated by ``HARD``, which no match crosses.
"""

from __future__ import annotations

from dataclasses import dataclass

import pymupdf

from .document import unrotated_rect

SOFT = "\n"
HARD = "\x00"

#: Full-width digits, Latin letters and the marks of an address (０５９４－２２８１２３４,
#: ｚｈａｎｇ＠…) are matched as their ASCII forms; one character stays one character.
_HALF_WIDTH = str.maketrans(
    {chr(0xFF10 + i): chr(0x30 + i) for i in range(10)}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
    | {"＠": "@", "．": ".", "－": "-", "＿": "_", "＋": "+"}
)

_FLAGS = (
    pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_PRESERVE_LIGATURES | pymupdf.TEXT_MEDIABOX_CLIP
)


#: How much wider a box is made around OCR'd text, in line heights on each side: the text
#: layer places its characters from the OCR's word boxes with the font's own widths, so a
#: character may stand up to half a Chinese character off the ink it stands for.
OCR_PADDING = 0.6


@dataclass(frozen=True)
class Line:
    bbox: tuple[float, float, float, float]
    chars: list[tuple[str, tuple[float, float, float, float]]]
    #: Invisible text over an image: the text layer of a scan.
    ocr: bool = False


@dataclass(frozen=True)
class PageText:
    """``text[i]`` is drawn in ``boxes[i]`` on line ``lines[i]``; separators have no box
    and line -1."""

    text: str
    boxes: list[tuple[float, float, float, float] | None]
    lines: list[int]
    ocr_lines: frozenset[int] = frozenset()
    bounds: tuple[float, float, float, float] = (0.0, 0.0, 1e6, 1e6)

    def rects(self, start: int, end: int) -> list[tuple[float, float, float, float]]:
        """One rectangle per line for the characters ``text[start:end]`` (spaces at either
        end of a line's part left out)."""
        parts: dict[int, list[tuple[float, float, float, float]]] = {}
        for index in range(start, end):
            box = self.boxes[index]
            if box is None or not self.text[index].strip():
                continue
            parts.setdefault(self.lines[index], []).append(box)
        rects = []
        for line, boxes in sorted(parts.items()):
            x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
            x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
            if line in self.ocr_lines:
                pad = OCR_PADDING * (y1 - y0)
                left, top, right, bottom = self.bounds
                x0, y0 = max(x0 - pad, left), max(y0 - 1, top)
                x1, y1 = min(x1 + pad, right), min(y1 + 1, bottom)
            rects.append((x0, y0, x1, y1))
        return rects

    def shown(self, start: int, end: int) -> str:
        """The matched text as it reads, without the line breaks."""
        return "".join(c for c in self.text[start:end] if c not in (SOFT, HARD)).strip()


def _invisible(span: dict) -> bool:
    """Text drawn invisibly: OCRmyPDF's layer (render mode 3, which PyMuPDF reports as
    alpha 0; older versions of OCRmyPDF used their GlyphLessFont)."""
    font = span.get("font") or ""
    return font.split("+")[-1] == "GlyphLessFont" or span.get("alpha") == 0


def page_lines(page: pymupdf.Page) -> list[Line]:
    lines = []
    for block in page.get_text("rawdict", flags=_FLAGS)["blocks"]:
        for line in block.get("lines", ()):
            chars = [
                (char["c"], tuple(char["bbox"]))
                for span in line["spans"]
                for char in span["chars"]
                if char["c"]
            ]
            if chars:
                ocr = any(_invisible(span) for span in line["spans"])
                lines.append(Line(tuple(line["bbox"]), chars, ocr))
    return lines


def _joint(previous: Line, line: Line) -> str:
    """How ``line`` follows ``previous`` (the row read so far): continued (""), the next
    line of the same paragraph (``SOFT``) or something else (``HARD``)."""
    px0, py0, px1, py1 = previous.bbox
    x0, y0, x1, y1 = line.bbox
    height = max(py1 - py0, y1 - y0, 1.0)
    overlap = min(py1, y1) - max(py0, y0)
    if overlap > 0.5 * min(py1 - py0, y1 - y0):
        return "" if x0 - px1 <= 0.6 * height else HARD
    below = y0 - py1
    if -0.3 * height <= below <= 0.9 * height and abs(x0 - px0) <= 2.5 * height:
        return SOFT
    return HARD


def _union(row: Line, line: Line) -> Line:
    a, b = row.bbox, line.bbox
    bbox = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
    return Line(bbox, [])


def page_text(page: pymupdf.Page) -> PageText:
    text: list[str] = []
    boxes: list[tuple[float, float, float, float] | None] = []
    numbers: list[int] = []
    ocr_lines = set()
    row = None  # the lines read so far on the current row, as one
    for number, line in enumerate(page_lines(page)):
        if line.ocr:
            ocr_lines.add(number)
        joint = _joint(row, line) if row is not None else HARD
        if row is not None and joint:
            text.append(joint)
            boxes.append(None)
            numbers.append(-1)
        row = _union(row, line) if row is not None and not joint else line
        for char, box in line.chars:
            text.append(char)
            boxes.append(box)
            numbers.append(number)
    return PageText("".join(text).translate(_HALF_WIDTH), boxes, numbers, frozenset(ocr_lines), tuple(unrotated_rect(page)))

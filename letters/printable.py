"""Which characters the letters can print, read from the fonts they actually use.

A letter is a PDF set in the stacks of ``letters.fonts.STACKS``. A character none of a
stack's installed faces draws would be printed as an empty box — so the renderer refuses
the letter, and the act that asked for it (registration, a reply) could never be done. The
text that goes into letters (the applicant's name and address, the items asked for) is
therefore checked when it is typed, against the same faces: a character is printable when
every stack draws it, i.e. when one of each stack's installed faces has it in its
character map (``cmap``).

The character maps are read with fontTools from the font files fontconfig lists for those
families, once per process. Install a face (an organ's licensed 仿宋, a newer Han font)
and restart: its characters become printable, nothing here lists ranges.
"""

from __future__ import annotations

import functools
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from requests.clock import listed

from .fonts import STACKS, family_files

#: Characters shown in the refusal at most.
SHOWN = 10
#: Variation selectors (standardised, Mongolian free, ideographic): they choose a glyph
#: when the face has the sequence and are otherwise not drawn at all, never as a box.
VARIATION_SELECTORS = (range(0xFE00, 0xFE10), range(0x180B, 0x1810), range(0xE0100, 0xE01F0))


@functools.cache
def _file_codepoints(path: str, family: str) -> frozenset[int]:
    """The code points the face ``family`` in the font file ``path`` maps to a glyph (for
    a collection, ``.ttc``, the fonts of the collection named ``family``)."""
    from fontTools.ttLib import TTCollection, TTFont

    try:
        if path.lower().endswith((".ttc", ".otc")):
            fonts = [
                font for font in TTCollection(path, lazy=True).fonts
                if family in _names(font)
            ]
        else:
            fonts = [TTFont(path, lazy=True)]
        points: set[int] = set()
        for font in fonts:
            points.update((font.getBestCmap() or {}).keys())
        return frozenset(points)
    except Exception:  # an unreadable font draws nothing: its characters are not printable
        return frozenset()


def _names(font) -> set[str]:
    """The family names of ``font`` in every language, lower-cased (as fontconfig reads)."""
    table = font["name"] if "name" in font else None
    if table is None:
        return set()
    return {record.toUnicode().lower() for record in table.names if record.nameID in (1, 16)}


@functools.cache
def _family_codepoints(family: str) -> frozenset[int]:
    name = family.lower()
    points: set[int] = set()
    for path in family_files().get(name, ()):
        points.update(_file_codepoints(path, name))
    return frozenset(points)


@functools.cache
def printable_codepoints() -> frozenset[int]:
    """Every code point each of the letters' stacks draws with one of its installed faces."""
    covered: frozenset[int] | None = None
    for stack in STACKS.values():
        points: set[int] = set()
        for family in dict.fromkeys(stack):
            points.update(_family_codepoints(family))
        covered = frozenset(points) if covered is None else covered & points
    return covered or frozenset()


def _never_drawn(char: str) -> bool:
    """Spaces, line breaks and the characters that are not drawn but steer the drawing of
    their neighbours (joiners, direction marks, variation selectors): no glyph, no box."""
    if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
        return True
    point = ord(char)
    return any(point in selectors for selectors in VARIATION_SELECTORS)


def unprintable_characters(text: str) -> list[str]:
    """The distinct characters of ``text`` the letters cannot print, in order of appearance."""
    covered = printable_codepoints()
    found: dict[str, None] = {}
    for char in text:
        if char not in found and ord(char) not in covered and not _never_drawn(char):
            found[char] = None
    return list(found)


def describe(chars: list[str]) -> str:
    """``𠀀（U+20000）、…`` for a message, punctuated in the active language
    (``𠀀 (U+20000), …`` in English)."""
    shown = listed(
        char + gettext("（%(text)s）") % {"text": f"U+{ord(char):04X}"} for char in chars[:SHOWN]
    )
    # Translators: the ellipsis after a list cut short (…… in Chinese).
    return shown + (gettext("……") if len(chars) > SHOWN else "")


def validate_printable(text: str) -> None:
    """Refuse ``text`` (``ValidationError``, code ``unprintable``) when it has a character
    the letters cannot print, naming each; a form field validator."""
    if not text:
        return
    chars = unprintable_characters(str(text))
    if chars:
        raise ValidationError(
            _("以下字符无法在文书中打印：%(chars)s。请改用其他写法（如通用规范汉字）后重新填写。"),
            code="unprintable",
            params={"chars": describe(chars)},
        )

"""Text typed by people: normalised, and refused when it carries characters nobody can see.

Every text field of the portal and of staff intake is a ``TextField`` (one line) or a
``TextField(multiline=True)``. The text is put in Unicode NFC (composed) form; full-width
punctuation, CJK of every plane (e.g. 𠮷) and emoji are kept. Refused, with the code point
named: control characters (other than line breaks and tabs in multi-line text), format
characters (zero-width spaces and joiners, byte-order marks, bidirectional overrides that
can make text read differently from how it is stored), private-use, unassigned and
surrogate code points.
"""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: General categories refused in any text: control, format, surrogate, private use, unassigned.
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
MULTILINE_CONTROLS = frozenset("\n\r\t")
LINE_SEPARATORS = {"\u2028": "\n", "\u2029": "\n"}


def odd_character(text: str, *, multiline: bool) -> str | None:
    """The first character that has no place in typed text, or None."""
    for char in text:
        if multiline and char in MULTILINE_CONTROLS:
            continue
        category = unicodedata.category(char)
        if category in REFUSED_CATEGORIES or (not multiline and category in ("Zl", "Zp")):
            return char
    return None


def clean_text(text: str, *, multiline: bool = False) -> str:
    """NFC-normalised ``text``; ``ValidationError`` if it contains an odd character."""
    text = unicodedata.normalize("NFC", text)
    if multiline:
        for separator, newline in LINE_SEPARATORS.items():
            text = text.replace(separator, newline)
    char = odd_character(text, multiline=multiline)
    if char is not None:
        raise ValidationError(
            _(
                "含有无法显示的控制字符或格式字符（%(code)s，如零宽字符、文字方向控制符），"
                "请删除后重新输入。"
            ),
            code="odd_character",
            params={"code": f"U+{ord(char):04X}"},
        )
    return text


class TextField(forms.CharField):
    """A ``CharField`` for typed text: NFC, stripped, no invisible characters."""

    def __init__(self, *, multiline: bool = False, rows: int = 3, **kwargs) -> None:
        self.multiline = multiline
        if multiline:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        return clean_text(value, multiline=self.multiline)

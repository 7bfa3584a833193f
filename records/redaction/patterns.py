"""What a suggestion matches, as regular expressions over a page's text (``pagetext``), and
the checks a match must pass: the GB 11643-1999 check digit of a resident ID number, the Luhn
check of a bank card number.

Every pattern may run across a soft line break (``\\n``, with the spaces OCR leaves around
it) and never across a hard one. A number is never taken out of a longer run of digits: no
digit may touch it, nor follow it across a line break.
"""

from __future__ import annotations

import re

#: A line break inside a paragraph, with the spaces a text layer may leave beside it.
BREAK = r"(?:[ \u3000]?\n[ \u3000]?)"
#: Between two characters of a number: nothing, one space, or a line break.
GAP = rf"(?:{BREAK}| )?"
#: Between two characters of a number written in groups: also a hyphen.
GROUP = rf"(?:{BREAK}|[ \-－])?"

_NOT_AFTER_DIGIT = r"(?<![0-9])(?<![0-9]\n)(?<![0-9] \n)(?<![0-9]\n )(?<![0-9] \n )"
_NOT_BEFORE_DIGIT = r"(?![0-9])(?![ \u3000]?\n[ \u3000]?[0-9])"


def _digits(count: str, gap: str = GAP) -> str:
    return rf"(?:{gap}[0-9]){count}"


ID_NUMBER = re.compile(
    rf"{_NOT_AFTER_DIGIT}[1-9]{_digits('{16}')}{GAP}[0-9Xx]{_NOT_BEFORE_DIGIT}(?![Xx])"
)
MOBILE = re.compile(rf"{_NOT_AFTER_DIGIT}1{GROUP}[3-9]{_digits('{9}', GROUP)}{_NOT_BEFORE_DIGIT}")
LANDLINE = re.compile(
    rf"{_NOT_AFTER_DIGIT}"
    rf"(?:[（(]{BREAK}?0{_digits('{2,3}', BREAK + '?')}{BREAK}?[）)]|0{_digits('{2,3}', BREAK + '?')})"
    rf"{GROUP}[2-9]{_digits('{6,7}', BREAK + '?')}"
    rf"(?:{BREAK}?(?:[\-－]|转|分机|ext\.?|EXT\.?){BREAK}?[0-9]{_digits('{0,5}', BREAK + '?')})?"
    rf"{_NOT_BEFORE_DIGIT}"
)
# A card number continues over a space (cards are printed in groups of four).
BANK_CARD = re.compile(rf"{_NOT_AFTER_DIGIT}(?<![0-9] )[1-9]{_digits('{15,18}')}{_NOT_BEFORE_DIGIT}(?! [0-9])")
# An address may break over two lines at its @, in its domain, and in its local part after
# a hyphen, dot or underscore (where lines are wrapped); a word ending the line before is
# not taken into it.
EMAIL = re.compile(
    rf"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9](?:[A-Za-z0-9._%+\-]|(?<=[\-._]){BREAK})*{BREAK}?@{BREAK}?"
    rf"[A-Za-z0-9\-](?:{BREAK}?[A-Za-z0-9.\-])*(?<=[A-Za-z])(?![A-Za-z0-9\-])"
)
_EMAIL_WHOLE = re.compile(r"[^@]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")

_ID_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]
_ID_CHECK = "10X98765432"


def compact(matched: str) -> str:
    """The characters of a number without its spaces, hyphens and line breaks."""
    return re.sub(r"[\s\-－]", "", matched)


def id_number_valid(number: str) -> bool:
    """GB 11643-1999: the 18th character is the ISO 7064 MOD 11-2 check of the first 17."""
    number = number.upper()
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number, _ID_WEIGHTS, strict=False))
    return _ID_CHECK[total % 11] == number[17]


def luhn_valid(number: str) -> bool:
    """The Luhn (mod 10) check every bank card number (GB/T 15694, ISO/IEC 7812) passes."""
    if not number.isdigit():
        return False
    total = 0
    for position, digit in enumerate(reversed(number)):
        value = int(digit)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def name_pattern(name: str) -> re.Pattern[str] | None:
    """Each occurrence of ``name`` in running text: Chinese has no word boundaries, so any
    occurrence counts; a Latin name must stand as a word. Spaces inside the name are
    optional, as a text layer may add or drop them, and it may break over two lines."""
    characters = [c for c in name.strip() if not c.isspace()]
    if not characters:
        return None
    between = r"[ \u3000]*(?:\n[ \u3000]*)?"
    body = between.join(re.escape(c) for c in characters)
    if characters[0].isascii() and characters[0].isalnum():
        body = r"(?<![A-Za-z0-9])" + body
    if characters[-1].isascii() and characters[-1].isalnum():
        body += r"(?![A-Za-z0-9])"
    return re.compile(body, re.IGNORECASE)


def email_valid(address: str) -> bool:
    """An address whose domain has a dot and ends in a top-level domain of letters."""
    return _EMAIL_WHOLE.fullmatch(address) is not None

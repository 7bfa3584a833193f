"""Document numbers (文号): gap-free per organ, per family and per year.

The number is taken from ``requests.Sequence`` inside the transaction of the act that
issues the letter, with the series row locked: a rolled-back act gives its number back, and
two acts issuing at the same moment wait for each other instead of sharing a number.
"""

from __future__ import annotations

from dataclasses import dataclass

from requests.models import Organ, Sequence
from requests.services.common import next_in_sequence

from .kinds import document_number, family_of


@dataclass(frozen=True)
class DocumentNumber:
    family: str
    year: int
    serial: int
    text: str


def take_number(*, organ: Organ, kind: str, year: int) -> DocumentNumber:
    """The next number of the kind's family; call inside the issuing transaction."""
    family = family_of(kind)
    serial = next_in_sequence(organ=organ, series=family.series, year=year)
    return DocumentNumber(
        family=family.key, year=year, serial=serial,
        text=document_number(prefix=organ.letter_number_prefix, kind=kind, year=year,
                             serial=serial),
    )


def peek_number(*, organ: Organ, kind: str, year: int) -> DocumentNumber:
    """The number the next letter of the kind would take, for a preview; takes nothing."""
    family = family_of(kind)
    last = (
        Sequence.objects.filter(organ=organ, series=family.series, year=year)
        .values_list("last_value", flat=True)
        .first()
    ) or 0
    return DocumentNumber(
        family=family.key, year=year, serial=last + 1,
        text=document_number(prefix=organ.letter_number_prefix, kind=kind, year=year,
                             serial=last + 1),
    )

"""What a partial disclosure withholds (区分处理, Art. 37), read from the redaction log.

The reply must say, for each withheld part, what it is and which ground and article applies
(LETTERS.md). The log knows it: every accepted redaction of a record released with parts
withheld has its ground, what it matched (an ID number, a telephone number…) or the
handler's note, its page and its record. ``withheld_parts(item)`` groups them by ground, in
the order of the Regulations, so the letter words one sentence per ground; the handler edits
what the sentence says through the redactions' notes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from requests.models import RequestItem

from .grounds import ARTICLES, Ground
from .models import Disclosure, MatchedKind, Redaction, RedactionState


@dataclass(frozen=True)
class Place:
    """A record with parts withheld, and the pages they are on."""

    title: str
    pages: tuple[int, ...]


@dataclass(frozen=True)
class WithheldPart:
    """The parts of one item's records withheld on one ground."""

    ground: str
    article: str  # the article of the Regulations the ground rests on
    what: tuple[str, ...]  # the handler's notes, else the kinds of what was matched
    count: int  # marks: a text over two lines is one place
    places: tuple[Place, ...]


def withheld_parts(item: RequestItem) -> list[WithheldPart]:
    """One entry per ground, in the Regulations' order (one query)."""
    redactions = (
        Redaction.objects.filter(
            record__item=item, record__disclosure=Disclosure.REDACTED,
            state=RedactionState.ACCEPTED,
        )
        .select_related("record")
        .order_by("record__uploaded_at", "record__pk", "page", "y0", "x0", "pk")
    )
    by_ground: dict[str, list[Redaction]] = defaultdict(list)
    for redaction in redactions:
        by_ground[redaction.ground].append(redaction)
    parts = []
    for ground in Ground.values:
        found = by_ground.get(ground)
        if not found:
            continue
        what: list[str] = []
        pages: dict[int, tuple[str, set[int]]] = {}
        for redaction in found:
            words = redaction.note.strip() or (
                MatchedKind(redaction.matched_kind).label if redaction.matched_kind else ""
            )
            if words and str(words) not in what:
                what.append(str(words))
            pages.setdefault(redaction.record_id, (redaction.record.title, set()))[1].add(
                redaction.page
            )
        parts.append(WithheldPart(
            ground=ground, article=ARTICLES[ground], what=tuple(what),
            count=len({redaction.group for redaction in found}),  # marks, not boxes
            places=tuple(Place(title, tuple(sorted(p))) for title, p in pages.values()),
        ))
    return parts

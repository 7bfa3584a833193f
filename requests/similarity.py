"""Text similarity of the information asked for: pure functions, no database.

Used at intake (``requests.selectors.earlier_requests_for_same_information``, Art. 36(6))
and by the supervision reports (``reports.selectors``).

Descriptions of the same information differ in wording ("请提供…", "申请公开…", punctuation,
full- and half-width characters). They are compared on their character bigrams after
normalising: NFKC, lower case, punctuation and spaces removed, and the stock phrases of an
application dropped. Jaccard similarity of the bigram sets is 1 for the same text and 0 for
texts sharing no bigram. A shared document reference (文号, normalised) counts as the same
information whatever the wording.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence

#: Default similarity from which two descriptions are taken to ask for the same information.
DEFAULT_THRESHOLD = 0.5

#: Phrases that say "please give me" rather than what is asked for.
STOCK_PHRASES = (
    "申请公开", "请求公开", "要求公开", "依申请公开", "申请获取", "申请提供", "请提供", "请求提供",
    "要求提供", "请予公开", "予以公开", "提供", "公开", "获取", "申请", "请求", "要求", "我想",
    "本人", "贵局", "贵单位", "贵机关", "相关", "有关", "的",
)
_STOCK = re.compile("|".join(sorted(map(re.escape, STOCK_PHRASES), key=len, reverse=True)))


def normalise(text: str) -> str:
    """Text reduced to what identifies the information: letters, digits and CJK only."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(
        ch for ch in text if unicodedata.category(ch)[0] in {"L", "N"}
    )
    return _STOCK.sub("", text)


def normalise_reference(reference: str) -> str:
    """A document reference (文号) in one spelling: brackets and spaces unified."""
    text = unicodedata.normalize("NFKC", reference).lower()
    text = text.translate(str.maketrans("〔〕［］【】()", "[][][][]"))
    return "".join(ch for ch in text if not ch.isspace())


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of normalised ``text`` (a one-character text is its own gram)."""
    if len(text) < 2:
        return frozenset({text}) if text else frozenset()
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


class Fingerprint:
    """What is compared of one description: its bigrams and its document reference."""

    __slots__ = ("grams", "reference")

    def __init__(self, description: str, reference: str = "") -> None:
        self.grams = bigrams(normalise(description))
        self.reference = normalise_reference(reference)

    def similarity(self, other: Fingerprint) -> float:
        if self.reference and self.reference == other.reference:
            return 1.0
        return jaccard(self.grams, other.grams)


def similar_pairs(
    fingerprints: Sequence[Fingerprint], *, threshold: float = DEFAULT_THRESHOLD
) -> Iterable[tuple[int, int, float]]:
    """The pairs (i, j, similarity), i < j, at or above ``threshold``.

    Candidates come from an inverted index (texts sharing a bigram or the reference), so
    texts with nothing in common are never compared.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for index, fingerprint in enumerate(fingerprints):
        for gram in fingerprint.grams:
            postings[gram].append(index)
        if fingerprint.reference:
            postings["\0ref:" + fingerprint.reference].append(index)
    for index, fingerprint in enumerate(fingerprints):
        candidates: set[int] = set()
        for gram in fingerprint.grams:
            candidates.update(j for j in postings[gram] if j > index)
        if fingerprint.reference:
            candidates.update(
                j for j in postings["\0ref:" + fingerprint.reference] if j > index
            )
        for j in sorted(candidates):
            score = fingerprint.similarity(fingerprints[j])
            if score >= threshold:
                yield index, j, score


def cluster(
    fingerprints: Sequence[Fingerprint], *, threshold: float = DEFAULT_THRESHOLD
) -> list[list[int]]:
    """Groups of indices linked by similarity ≥ ``threshold`` (single linkage), each group
    sorted, groups in order of their first member; singletons included."""
    parent = list(range(len(fingerprints)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, _score in similar_pairs(fingerprints, threshold=threshold):
        root_i, root_j = find(i), find(j)
        if root_i != root_j:
            parent[max(root_i, root_j)] = min(root_i, root_j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(fingerprints)):
        groups[find(i)].append(i)
    return [groups[root] for root in sorted(groups)]

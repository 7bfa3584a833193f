"""Reads of the supervision layer beyond the statute.

* Proactive-disclosure candidates (Art. 44): information asked for by several different
  applicants is a candidate for proactive disclosure. Items asked for are grouped by the
  similarity of their descriptions (``requests.similarity``); a group asked for by at least
  ``min_applicants`` different applicants is a candidate, with the requests behind it.
* Repeat flags (Art. 36(6)): a request whose applicant earlier asked the organ for the same
  or similar information and was already answered; the earlier request's number and reply
  date are what the reply (不予重复处理) cites.

An applicant is the person or organisation behind the identity document (type and
number), not the ``Applicant`` row: a new row is made whenever someone's contact details
change. Each selector reads its rows with one query; the grouping is done in Python.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from requests.models import Organ, RequestItem
from requests.similarity import DEFAULT_THRESHOLD, Fingerprint, cluster

_ITEM_FIELDS = (
    "pk",
    "position",
    "description",
    "document_reference",
    "request_id",
    "request__registration_number",
    "request__submitted_at",
    "request__received_on",
    "request__replied_on",
    "request__status",
    "request__applicant__name",
    "request__applicant__document_type",
    "request__applicant__document_number",
)


@dataclass(frozen=True)
class AskedItem:
    """One item asked for, with the request and applicant behind it."""

    item_id: int
    position: int
    description: str
    document_reference: str
    request_id: int
    registration_number: str | None
    asked_on: datetime.date  # the receipt date, or the submission date before registration
    replied_on: datetime.date | None
    status: str
    applicant_name: str
    applicant_key: tuple[str, str]  # (document type, document number)


def _asked_items(queryset) -> list[AskedItem]:
    items = []
    for row in queryset.order_by("request__submitted_at", "request_id", "position").values_list(
        *_ITEM_FIELDS
    ):
        (pk, position, description, reference, request_id, number, submitted_at, received_on,
         replied_on, status, name, doc_type, doc_number) = row
        items.append(
            AskedItem(
                item_id=pk,
                position=position,
                description=description,
                document_reference=reference,
                request_id=request_id,
                registration_number=number,
                asked_on=received_on or timezone.localdate(submitted_at),
                replied_on=replied_on,
                status=status,
                applicant_name=name,
                applicant_key=(doc_type, doc_number),
            )
        )
    return items


def _in_period(since: datetime.date | None, until: datetime.date | None) -> Q:
    q = Q(request__received_on__isnull=False)
    if since is not None:
        q &= Q(request__received_on__gte=since)
    if until is not None:
        q &= Q(request__received_on__lte=until)
    return q


# ---- proactive-disclosure candidates (Art. 44) ---------------------------------------------


@dataclass(frozen=True)
class DisclosureCandidate:
    """Information asked for by several applicants: a candidate for proactive disclosure."""

    label: str  # the shortest description of the group, to name it
    applicant_count: int
    items: tuple[AskedItem, ...]

    @property
    def request_ids(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys(item.request_id for item in self.items))

    @property
    def request_count(self) -> int:
        return len(self.request_ids)


def proactive_disclosure_candidates(
    *,
    organ: Organ,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    min_applicants: int = 2,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[DisclosureCandidate]:
    """Groups of similar items asked for by ≥ ``min_applicants`` different applicants.

    Counts the items of the organ's registered requests received in [``since``, ``until``]
    (all years when not given). Groups are linked by similarity ≥ ``threshold`` (single
    linkage: A~B and B~C put A, B and C together). Sorted by number of applicants, then
    requests, most first. One query.
    """
    items = _asked_items(
        RequestItem.objects.filter(Q(request__organ=organ) & _in_period(since, until))
    )
    fingerprints = [Fingerprint(i.description, i.document_reference) for i in items]
    candidates = []
    for group in cluster(fingerprints, threshold=threshold):
        members = [items[i] for i in group]
        applicants = {m.applicant_key for m in members}
        if len(applicants) < min_applicants:
            continue
        label = min((m.description for m in members), key=lambda d: (len(d), d))
        candidates.append(
            DisclosureCandidate(label=label, applicant_count=len(applicants), items=tuple(members))
        )
    candidates.sort(key=lambda c: (-c.applicant_count, -c.request_count, c.label))
    return candidates


# ---- repeat flags (Art. 36(6)) -------------------------------------------------------------


@dataclass(frozen=True)
class RepeatFlag:
    """``item`` asks again for what ``earlier`` asked for, and ``earlier`` was answered."""

    item: AskedItem
    earlier: AskedItem
    similarity: float

    @property
    def request_id(self) -> int:
        return self.item.request_id

    @property
    def earlier_registration_number(self) -> str | None:
        return self.earlier.registration_number

    @property
    def earlier_replied_on(self) -> datetime.date | None:
        return self.earlier.replied_on


def repeat_flags(
    *,
    organ: Organ,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[RepeatFlag]:
    """Requests (asked in [``since``, ``until``]) repeating an already answered one.

    A request is flagged when the same applicant (same identity document) had an earlier
    request of the organ that was replied to on or before the day the new one was received
    (submitted, if not yet registered), and some item of the new request is similar
    (≥ ``threshold``) to some item of the earlier one. One flag per item of the new
    request, naming the most similar earlier item (latest reply on a tie). Requests not yet
    registered are checked too, so the registrar sees the flag at registration. One query.
    """
    period = Q()
    if since is not None:
        period &= Q(request__received_on__gte=since) | Q(
            request__received_on__isnull=True, request__submitted_at__date__gte=since
        )
    if until is not None:
        period &= Q(request__received_on__lte=until) | Q(
            request__received_on__isnull=True, request__submitted_at__date__lte=until
        )
    applicants_in_period = RequestItem.objects.filter(Q(request__organ=organ) & period).values(
        "request__applicant__document_number"
    )
    # Every item of those applicants (earlier requests may lie before ``since``).
    items = _asked_items(
        RequestItem.objects.filter(
            request__organ=organ,
            request__applicant__document_number__in=applicants_in_period,
        )
    )
    by_applicant: dict[tuple[str, str], list[AskedItem]] = defaultdict(list)
    for item in items:
        by_applicant[item.applicant_key].append(item)

    flags: list[RepeatFlag] = []
    for asked in by_applicant.values():
        answered = [i for i in asked if i.replied_on is not None]
        if not answered:
            continue
        prints = {i.item_id: Fingerprint(i.description, i.document_reference) for i in asked}
        for item in asked:
            if not _in_window(item.asked_on, since, until):
                continue
            best: tuple[float, datetime.date, AskedItem] | None = None
            for earlier in answered:
                if earlier.request_id == item.request_id or earlier.replied_on > item.asked_on:
                    continue
                score = prints[item.item_id].similarity(prints[earlier.item_id])
                if score >= threshold and (
                    best is None or (score, earlier.replied_on) > (best[0], best[1])
                ):
                    best = (score, earlier.replied_on, earlier)
            if best is not None:
                flags.append(RepeatFlag(item=item, earlier=best[2], similarity=best[0]))
    flags.sort(key=lambda f: (f.item.asked_on, f.item.request_id, f.item.position))
    return flags


def _in_window(day: datetime.date, since: datetime.date | None, until: datetime.date | None) -> bool:
    return (since is None or day >= since) and (until is None or day <= until)

"""Read queries, including the permission-checked ones."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from .calendar import WorkingCalendar
from .clock import ClockFact
from .identity import normalise_document_number
from .models import (
    Attachment,
    CalendarDay,
    CalendarYear,
    DisclosureRequest,
    Organ,
    RequestItem,
    StaffMembership,
)
from .similarity import DEFAULT_THRESHOLD, Fingerprint

_calendar_cache: dict[str, object] = {}


def load_working_calendar() -> WorkingCalendar:
    """The whole calendar table as data.

    Cached per process: one small query reads each year's revision token (changed by
    every edit, import and confirmation), and the days are read again only when a token
    differs from the cached one.
    """
    years = list(CalendarYear.objects.order_by("year").values_list("year", "confirmed", "revision"))
    key = tuple(years)
    cached = _calendar_cache.get("calendar")
    if cached is not None and _calendar_cache.get("key") == key:
        return cached
    days = {
        date: (kind, name)
        for date, kind, name in CalendarDay.objects.values_list("date", "kind", "name")
    }
    calendar = WorkingCalendar(
        days=days,
        table_years=frozenset(d.year for d in days),
        confirmed_years=frozenset(year for year, confirmed, _rev in years if confirmed),
    )
    _calendar_cache.update(key=key, calendar=calendar)
    return calendar


def clock_facts_for(request: DisclosureRequest) -> list[ClockFact]:
    return [
        ClockFact(kind=kind, on=on, days=days, pause_key=pause_key)
        for kind, on, days, pause_key in request.clock_events.order_by("on", "id").values_list(
            "kind", "on", "days", "pause_key"
        )
    ]


def open_requests() -> QuerySet[DisclosureRequest]:
    from .choices import OPEN_STATUSES

    return DisclosureRequest.objects.filter(status__in=OPEN_STATUSES)


def attachment_get_for_user(*, public_id: str, user: AbstractBaseUser) -> Attachment:
    """The attachment if ``user`` may see it: staff of its organ, or the applicant's account.

    Anyone else gets ``Http404``, as if it did not exist.
    """
    attachment = (
        Attachment.objects.select_related("request__applicant", "applicant")
        .filter(public_id=public_id)
        .first()
    )
    if attachment is None or not user.is_authenticated:
        raise Http404
    if StaffMembership.objects.filter(user=user, organ_id=attachment.organ_id).exists():
        return attachment
    owner = attachment.applicant or (attachment.request.applicant if attachment.request else None)
    if owner is not None and owner.account_id == user.pk:
        return attachment
    raise Http404


@dataclass(frozen=True)
class EarlierRequest:
    """An earlier request of the same applicant asking for (nearly) the same information."""

    request: DisclosureRequest
    earlier_item: str  # the earlier request's description that matched best
    asked_item: str  # the new description it matched
    similarity: float

    @property
    def replied(self) -> bool:
        return self.request.replied_on is not None


def earlier_requests_for_same_information(
    *,
    organ: Organ,
    document_type: str,
    document_number: str,
    items: Sequence[tuple[str, str]],
    exclude_request_id: int | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[EarlierRequest]:
    """Earlier requests to ``organ`` by the applicant behind this identity document whose
    items are similar to ``items`` (pairs of description and document reference).

    Art. 36(6): an applicant asking again for information already answered is told the
    request will not be processed again. The registrar is shown these requests at intake;
    whether a reply already went out is on each (``replied``). The applicant is the
    identity document (type and normalised number), not the ``Applicant`` row, which
    changes with the contact details. Newest first; one query.
    """
    prints = [Fingerprint(description, reference) for description, reference in items]
    if not prints:
        return []
    rows = (
        RequestItem.objects.filter(
            request__organ=organ,
            request__applicant__document_type=document_type,
            request__applicant__document_number=normalise_document_number(document_number),
        )
        .select_related("request")
        .order_by("request_id", "position")
    )
    if exclude_request_id is not None:
        rows = rows.exclude(request_id=exclude_request_id)
    best: dict[int, EarlierRequest] = {}
    for row in rows:
        earlier = Fingerprint(row.description, row.document_reference)
        for (description, _reference), fingerprint in zip(items, prints, strict=True):
            score = fingerprint.similarity(earlier)
            current = best.get(row.request_id)
            if score >= threshold and (current is None or score > current.similarity):
                best[row.request_id] = EarlierRequest(
                    request=row.request,
                    earlier_item=row.description,
                    asked_item=description,
                    similarity=score,
                )
    return sorted(best.values(), key=lambda e: e.request.submitted_at, reverse=True)


@dataclass(frozen=True)
class ItemsEarlierThisMonth:
    """How many items the applicant asked this organ for earlier in the calendar month in
    which ``request`` was received: the figure the per-item fee bands count from (国办函
    〔2020〕109号: 按件计收, per applicant per natural month), and where it came from."""

    month: datetime.date | None  # the first day of the month (None: not yet received)
    count: int
    #: The earlier requests counted, oldest first, each with its number of items.
    requests: tuple[tuple[DisclosureRequest, int], ...]


def items_earlier_this_month(request: DisclosureRequest) -> ItemsEarlierThisMonth:
    """The items of the same applicant's earlier requests to the same organ in the calendar
    month ``request`` was received in (Art. 31 receipt date).

    * The applicant is the identity document (type and normalised number): ``Applicant``
      rows are snapshots that change with the contact details.
    * Earlier means received earlier in that month, or received the same day and entered
      before it (a lower primary key). A request not yet received (not registered) counts
      neither here nor for itself.
    * Every application made counts, whatever became of it (withdrawn, abandoned, not
      processed): the measures count the applications an applicant makes in a month.
    * Each item (申请事项) of a request counts as one 件.

    Two queries.
    """
    received = request.received_on
    if received is None:
        return ItemsEarlierThisMonth(month=None, count=0, requests=())
    applicant = request.applicant
    rows = (
        DisclosureRequest.objects.filter(
            organ_id=request.organ_id,
            applicant__document_type=applicant.document_type,
            applicant__document_number=normalise_document_number(applicant.document_number),
            received_on__year=received.year,
            received_on__month=received.month,
        )
        .filter(Q(received_on__lt=received) | Q(received_on=received, pk__lt=request.pk))
        .annotate(item_count=Count("items"))
        .order_by("received_on", "pk")
    )
    counted = tuple((row, row.item_count) for row in rows)
    return ItemsEarlierThisMonth(
        month=received.replace(day=1), count=sum(n for _row, n in counted), requests=counted
    )

"""The row locks of a legal act, taken in the one order declared in ``requests.services``.

Call ``act_locks`` first thing inside the act's transaction, before any other row is read
for update or written; ``organ_lock`` is what a step that writes to the organ's sequences or
audit chain calls to be sure it holds the organ (it waits for nobody when the act holds it
already, as it should).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from ..models import DisclosureRequest, Organ


def _pk(row_or_pk) -> int:
    return row_or_pk if isinstance(row_or_pk, int) else row_or_pk.pk


def _require_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError(
            "Row locks are taken inside the act's transaction (transaction.atomic())."
        )


def organ_locks(organs: Iterable[Organ | int]) -> None:
    """Lock the organs' rows, by primary key: the first lock of an act that touches several
    organs (the confirmation of a year's calendar)."""
    _require_transaction()
    pks = sorted({_pk(o) for o in organs})
    # FOR NO KEY UPDATE: the lock is a mutex for the organ's acts; rows inserted with a
    # foreign key to the organ (requests, audit events, letters) do not wait for it.
    list(Organ.objects.select_for_update(no_key=True).filter(pk__in=pks).order_by("pk")
         .values_list("pk", flat=True))


def organ_lock(organ: Organ | int) -> None:
    """Lock the organ's row (step 1 of the order)."""
    organ_locks([organ])


def act_locks(
    *, organ: Organ | int, request: DisclosureRequest | int | None = None
) -> tuple[int, str] | None:
    """Take an act's first locks in the declared order: the organ's row, then the request's.

    Returns the request's ``(version, status)`` as locked (None when there is no such
    request, or no request was given). Rows of the request's flow and of the act itself
    (task, process, consultation, extension, fee notice, letter), the sequences and the
    audit chain are locked after this, by the code that writes them.
    """
    organ_lock(organ)
    if request is None:
        return None
    return (
        DisclosureRequest.objects.select_for_update()
        .filter(pk=_pk(request))
        .values_list("version", "status")
        .first()
    )

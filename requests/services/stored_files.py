"""Files written inside an act's transaction are kept only if the transaction commits.

A letter's PDF, an attachment or a proof of delivery is written to disk while the act that
records it is still open, so that the act can hash it and read it back; the database row
that points to it is then written in the same transaction. If the transaction rolls back —
the act, or a later step of the same transaction, was refused — the row is gone, and so
must the file be: a rendered letter left behind would carry a real document number that
the next letter takes again.

Django has no hook for a rollback, but it forgets every ``on_commit`` callback of the
transaction (or savepoint) that rolled back. ``keep_only_if_committed`` registers a marker
as such a callback and deletes the file when the marker is forgotten without having run:
at once when the transaction (or savepoint) rolls back, or when the connection closes with
the transaction still open.
"""

from __future__ import annotations

import logging
import weakref

from django.core.files.storage import Storage
from django.db import transaction

logger = logging.getLogger(__name__)


class _Committed:
    """The ``on_commit`` callback: when it runs, the file is kept."""

    __slots__ = ("state", "__weakref__")

    def __init__(self, state: dict) -> None:
        self.state = state

    def __call__(self) -> None:
        self.state["committed"] = True


def _discard_unless_committed(storage: Storage, name: str, state: dict) -> None:
    if state["committed"]:
        return
    try:
        storage.delete(name)
    except OSError:  # the file stays; say so rather than hide the rollback's own error
        logger.exception("A file of a rolled-back transaction could not be deleted: %s", name)


def keep_only_if_committed(storage: Storage, name: str, *, using: str | None = None) -> None:
    """Delete the file ``name`` of ``storage`` unless the current transaction commits.

    Call right after writing the file, inside the transaction that records it. Outside a
    transaction (autocommit) the file is already final and nothing is done.
    """
    if not transaction.get_connection(using).in_atomic_block:
        return
    state = {"committed": False}
    marker = _Committed(state)
    # The marker holds nothing that refers back to it, so it is freed — and the file
    # deleted — the moment Django drops the callbacks of a rolled-back transaction.
    weakref.finalize(marker, _discard_unless_committed, storage, name, state)
    transaction.on_commit(marker, using=using)

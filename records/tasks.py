"""Background tasks of the records (Django's tasks API; ``manage.py db_worker`` runs them)."""

from django.tasks import task

from .preparation import record_prepare


@task()
def prepare_record(record_id: int) -> str | None:
    """Make the working copy of a record just attached (``records.preparation``); the state
    it reached."""
    return record_prepare(record_id=record_id)

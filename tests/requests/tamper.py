"""SQL sent behind the ORM's back, as a person with the database's own rights would send it.

On PostgreSQL the append-only triggers refuse UPDATE and DELETE on the audit table and on
issued letters; the table owner or a superuser can switch triggers off for a session
(``session_replication_role = replica``). These helpers do so for one statement, so the
tests can show what the keyed chain still catches when the triggers are out of the way.
"""

from django.db import connection


def behind_the_orm(sql: str, params=()) -> int:
    """Run one statement with the database's triggers switched off; return the row count."""
    with connection.cursor() as cursor:
        postgres = connection.vendor == "postgresql"
        if postgres:
            cursor.execute("SET LOCAL session_replication_role = replica")
        try:
            cursor.execute(sql, params)
            return cursor.rowcount
        finally:
            if postgres:
                cursor.execute("SET LOCAL session_replication_role = origin")

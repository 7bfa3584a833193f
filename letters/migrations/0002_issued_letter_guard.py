"""On PostgreSQL, a trigger keeps issued letters as they were issued, whoever writes to the
table: no DELETE; an UPDATE may only record the delivery (the columns of
``letters.models.DELIVERY_FIELDS``), and only while none is recorded. Every other column —
the number, the file, its SHA-256, the addressee, the dates, and any column added later —
never changes."""

from django.db import migrations

#: The delivery columns (``DELIVERY_FIELDS``, as database columns), fixed here as they were
#: when this guard was written; a later migration that changes them replaces the function.
DELIVERY_COLUMNS = (
    "delivery_method",
    "delivered_on",
    "delivery_proof",
    "delivery_proof_sha256",
    "delivery_reference",
    "delivery_recorded_by_id",
    "delivery_recorded_at",
)

_columns = "ARRAY[" + ", ".join(f"'{c}'" for c in DELIVERY_COLUMNS) + "]"

FORWARD = f"""
CREATE OR REPLACE FUNCTION letters_issuedletter_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'issued letter % (%) cannot be deleted', OLD.id, OLD.number
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF (to_jsonb(NEW) - {_columns}) IS DISTINCT FROM (to_jsonb(OLD) - {_columns}) THEN
        RAISE EXCEPTION 'issued letter % (%) cannot be changed; only its delivery is recorded',
            OLD.id, OLD.number USING ERRCODE = 'restrict_violation';
    END IF;
    IF OLD.delivery_method <> '' AND to_jsonb(NEW) IS DISTINCT FROM to_jsonb(OLD) THEN
        RAISE EXCEPTION 'the delivery of issued letter % (%) is already recorded',
            OLD.id, OLD.number USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER letters_issuedletter_immutable
    BEFORE UPDATE OR DELETE ON letters_issuedletter
    FOR EACH ROW EXECUTE FUNCTION letters_issuedletter_guard();
"""

REVERSE = """
DROP TRIGGER IF EXISTS letters_issuedletter_immutable ON letters_issuedletter;
DROP FUNCTION IF EXISTS letters_issuedletter_guard();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("letters", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(REVERSE), elidable=False),
    ]

"""The keyed audit chain: each event records the algorithm and the key id that sealed it
(events already written are plain SHA-256, ``algorithm = "sha256"``); on PostgreSQL a
trigger refuses UPDATE and DELETE on the audit table, whoever sends them."""

from django.db import migrations, models

FORWARD = """
CREATE OR REPLACE FUNCTION requests_auditevent_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER requests_auditevent_append_only
    BEFORE UPDATE OR DELETE ON requests_auditevent
    FOR EACH ROW EXECUTE FUNCTION requests_auditevent_refuse_change();
"""

REVERSE = """
DROP TRIGGER IF EXISTS requests_auditevent_append_only ON requests_auditevent;
DROP FUNCTION IF EXISTS requests_auditevent_refuse_change();
"""


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('requests', '0013_security_acts'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='algorithm',
            field=models.CharField(default='sha256', max_length=16),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='key_id',
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(REVERSE), elidable=False),
    ]

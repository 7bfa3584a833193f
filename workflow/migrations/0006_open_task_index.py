"""An index over viewflow's task table for the queue: its lists filter the open tasks by
status and step and read their process, holder and age, which this index answers alone
(PostgreSQL: an index-only scan) instead of visiting every open task's wide row."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("viewflow", "0015_task_scheduled"),
        ("workflow", "0005_task_draft"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX workflow_open_task_idx ON viewflow_task "
            "(status, flow_task, owner_id, process_id, created)",
            "DROP INDEX workflow_open_task_idx",
        ),
    ]

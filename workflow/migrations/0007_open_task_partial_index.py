"""The queue's index over viewflow's task table, narrowed to the open tasks: the lists
filter them by status, step and holder and read their id, process and age; an index of
the open tasks alone (a few thousand rows among hundreds of thousands done) with the id
in it answers them from the index (PostgreSQL: an index-only scan), without visiting the
tasks' rows. It replaces the index of 0006, which held every task and not the id."""

from django.db import migrations

OPEN = "('NEW', 'ASSIGNED', 'STARTED')"


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0006_open_task_index"),
    ]

    operations = [
        migrations.RunSQL(
            "DROP INDEX workflow_open_task_idx",
            "CREATE INDEX workflow_open_task_idx ON viewflow_task "
            "(status, flow_task, owner_id, process_id, created)",
        ),
        migrations.RunSQL(
            "CREATE INDEX workflow_open_tasks_idx ON viewflow_task "
            f"(status, flow_task, owner_id, process_id, created, id) WHERE status IN {OPEN}",
            "DROP INDEX workflow_open_tasks_idx",
        ),
    ]

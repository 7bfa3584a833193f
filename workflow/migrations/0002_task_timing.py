import django.db.models.deletion
from django.db import migrations, models


def fill_task_timings(apps, schema_editor):
    """The timings of the human tasks finished before the table existed."""
    Task = apps.get_model("viewflow", "Task")
    RequestProcess = apps.get_model("workflow", "RequestProcess")
    TaskTiming = apps.get_model("workflow", "TaskTiming")
    DisclosureRequest = apps.get_model("requests", "DisclosureRequest")
    request_of = dict(RequestProcess.objects.values_list("pk", "request_id"))
    organ_of = dict(DisclosureRequest.objects.values_list("pk", "organ_id"))

    def minutes(start, end):
        return max(int((end - start).total_seconds() // 60), 0)

    timings = []
    finished_tasks = Task.objects.filter(
        flow_task_type="HUMAN", status="DONE", finished__isnull=False
    ).values_list("pk", "flow_task", "process_id", "created", "assigned", "finished")
    for pk, node, process_id, created, assigned, finished in finished_tasks.iterator():
        if process_id not in request_of:
            continue
        request_id = request_of[process_id]
        timings.append(TaskTiming(
            task_id=pk, organ_id=organ_of[request_id], request_id=request_id,
            step=getattr(node, "name", str(node).rsplit(".", 1)[-1]), offered_at=created,
            waited_minutes=minutes(created, assigned or finished),
            worked_minutes=minutes(assigned, finished) if assigned else None,
        ))
    TaskTiming.objects.bulk_create(timings, batch_size=5000)


class Migration(migrations.Migration):

    dependencies = [
        ('requests', '0005_supervision_indexes'),
        ('viewflow', '0015_task_scheduled'),
        ('workflow', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='TaskTiming',
            fields=[
                ('task', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='timing', serialize=False, to='viewflow.task')),
                ('step', models.CharField(max_length=50, verbose_name='环节')),
                ('offered_at', models.DateTimeField(verbose_name='进入队列时间')),
                ('waited_minutes', models.PositiveIntegerField(verbose_name='排队等待（分钟）')),
                ('worked_minutes', models.PositiveIntegerField(null=True, verbose_name='办理（分钟）')),
                ('organ', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='requests.organ')),
                ('request', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='task_timings', to='requests.disclosurerequest')),
            ],
            options={
                'verbose_name': '环节用时',
                'verbose_name_plural': '环节用时',
                'indexes': [models.Index(fields=['organ', 'offered_at'], include=('step', 'waited_minutes', 'worked_minutes', 'request'), name='task_timing_offered')],
            },
        ),
        migrations.RunPython(fill_task_timings, migrations.RunPython.noop),
    ]

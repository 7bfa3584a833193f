from django.db import migrations, models


class Migration(migrations.Migration):
    """A notification kind for registrars: a correction or payment period lapsed and waits
    for them to confirm the abandonment or record a good reason (Art. 30, 42)."""

    dependencies = [("workflow", "0003_directory")]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("due_in_5", "答复期限还剩5个工作日"),
                    ("due_in_2", "答复期限还剩2个工作日"),
                    ("overdue", "已超过答复期限"),
                    ("late_correction", "补正告知超过7个工作日"),
                    ("abandoned", "申请视为放弃"),
                    ("lapse_to_confirm", "逾期待确认视为放弃"),
                    ("consultation_lapsed", "征求意见期限届满"),
                    ("late_confirmation", "确认接收超过1个工作日"),
                ],
                max_length=30,
            ),
        ),
    ]

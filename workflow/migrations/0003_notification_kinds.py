from django.db import migrations, models


class Migration(migrations.Migration):
    """The notification kinds of receipt confirmation (a confirmation more than 1 working day
    late), lapsed periods awaiting the registrars' confirmation, consultation letters whose
    delivery is unrecorded, and consultations begun after the reply due date."""

    dependencies = [("workflow", "0002_task_timing")]

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
                    ("delivery_unrecorded", "征求意见文书未登记送达"),
                    ("consultation_after_due", "超过答复期限后开始征求意见"),
                ],
                max_length=30,
            ),
        ),
    ]

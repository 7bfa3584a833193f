"""The clock rules: the later reply date set under Art. 35 (a clock fact, an act, and the
article an extension record is made under)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("requests", "0008_consultation_fee_delivery")]

    operations = [
        migrations.AddField(
            model_name='extension',
            name='article',
            field=models.PositiveSmallIntegerField(choices=[(33, '《条例》第三十三条：延长答复期限'), (35, '《条例》第三十五条：确定延迟答复的合理期限')], default=33, verbose_name='依据'),
        ),
        migrations.AlterField(
            model_name='clockevent',
            name='days',
            field=models.PositiveSmallIntegerField(default=0, help_text='延期的工作日数；确定延迟答复期限（第三十五条）的，为自确定之日至答复期限的日数。'),
        ),
        migrations.AlterField(
            model_name='clockevent',
            name='kind',
            field=models.CharField(choices=[('received', '收到申请'), ('correction_requested', '补正告知（停止计算）'), ('correction_received', '收到补正（重新计算）'), ('pause_started', '暂停计算'), ('pause_ended', '恢复计算'), ('extended', '延期答复'), ('reply_date_set', '确定延迟答复期限（第三十五条）'), ('stopped', '办结')], max_length=30),
        ),
    ]

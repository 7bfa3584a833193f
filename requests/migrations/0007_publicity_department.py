from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('requests', '0006_dispatch_act'),
    ]

    operations = [
        migrations.AddField(
            model_name='department',
            name='is_publicity',
            field=models.BooleanField(default=False, verbose_name='宣传工作机构（会商时出具宣传意见）'),
        ),
    ]

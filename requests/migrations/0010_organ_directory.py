import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("requests", "0009_clock_rules")]

    operations = [
        migrations.CreateModel(
            name="OtherOrgan",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100, verbose_name="机关名称")),
                ("address", models.CharField(blank=True, max_length=200, verbose_name="通讯地址")),
                ("phone", models.CharField(blank=True, max_length=50, verbose_name="联系电话")),
                ("website", models.URLField(blank=True, verbose_name="网站")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="电子邮箱")),
                ("note", models.CharField(blank=True, help_text="仅供本机关工作人员参考，不写入答复书。", max_length=200, verbose_name="备注")),
                ("organ", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="directory", to="requests.organ", verbose_name="所属机关")),
            ],
            options={
                "verbose_name": "其他行政机关",
                "verbose_name_plural": "其他行政机关名录",
                "ordering": ["organ", "name"],
            },
        ),
        migrations.AddField(
            model_name="requestitem",
            name="responsible_organ",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="items", to="requests.otherorgan", verbose_name="负责公开的行政机关"),
        ),
        migrations.AddConstraint(
            model_name="otherorgan",
            constraint=models.UniqueConstraint(fields=("organ", "name"), name="other_organ_unique_name"),
        ),
    ]

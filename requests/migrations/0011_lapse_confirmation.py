from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("requests", "0010_organ_directory")]

    operations = [
        migrations.AddField(
            model_name="disclosurerequest",
            name="correction_new_last_day",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="重新确定的补正期限"
            ),
        ),
    ]

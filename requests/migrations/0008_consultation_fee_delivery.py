"""The periods of a consultation (Art. 32, 34) and of a fee notice (Art. 42) run from the
day the addressee receives the letter, not the day it is sent.

``Consultation.received_on`` and ``FeeNotice.received_on`` record that day (with the
letter's delivery); ``respond_by`` and ``pay_by`` become NULL until it is recorded.

Existing rows keep the ``respond_by`` / ``pay_by`` they were given, which were counted
from the day the letter was sent: the old rule assumed the letter was received the day it
was sent, so their ``received_on`` is set to ``sent_on`` / ``issued_on``, which is what
those stored dates were computed from.
"""

from django.db import migrations, models
from django.db.models import F


def received_as_the_old_rule_assumed(apps, schema_editor):
    Consultation = apps.get_model("requests", "Consultation")  # noqa: N806
    FeeNotice = apps.get_model("requests", "FeeNotice")  # noqa: N806
    Consultation.objects.filter(received_on__isnull=True).update(received_on=F("sent_on"))
    FeeNotice.objects.filter(received_on__isnull=True).update(received_on=F("issued_on"))


class Migration(migrations.Migration):
    dependencies = [("requests", "0007_publicity_department")]

    operations = [
        migrations.AddField(
            model_name="consultation",
            name="received_on",
            field=models.DateField(blank=True, null=True, verbose_name="对方收到日期"),
        ),
        migrations.AlterField(
            model_name="consultation",
            name="respond_by",
            field=models.DateField(blank=True, null=True, verbose_name="答复期限"),
        ),
        migrations.AddField(
            model_name="feenotice",
            name="received_on",
            field=models.DateField(blank=True, null=True, verbose_name="申请人收到日期"),
        ),
        migrations.AlterField(
            model_name="feenotice",
            name="pay_by",
            field=models.DateField(blank=True, null=True, verbose_name="缴费期限"),
        ),
        migrations.RunPython(received_as_the_old_rule_assumed, migrations.RunPython.noop),
    ]

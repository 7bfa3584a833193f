from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("requests", "0008_consultation_fee_delivery")]

    operations = []

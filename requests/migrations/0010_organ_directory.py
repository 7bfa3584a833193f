from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("requests", "0009_clock_rules")]

    operations = []

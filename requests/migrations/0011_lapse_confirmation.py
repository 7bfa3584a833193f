from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("requests", "0010_organ_directory")]

    operations = []

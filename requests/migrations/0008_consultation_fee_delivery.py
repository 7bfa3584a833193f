from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("requests", "0007_publicity_department")]

    operations = []

# A preview is made once per upload and kept (issue 15: each reload ran the whole import again in a write transaction).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('imports', '0002_saved_mappings'),
    ]

    operations = [
        migrations.AddField(
            model_name='pendingimport',
            name='preview',
            field=models.BinaryField(blank=True, help_text="The preview's report, kept.", null=True),
        ),
        migrations.AddField(
            model_name='pendingimport',
            name='preview_of',
            field=models.CharField(blank=True, default='', editable=False, help_text="What the kept preview was made for (the owner's data version, the mapping, the day): another makes it again.", max_length=120),
        ),
    ]

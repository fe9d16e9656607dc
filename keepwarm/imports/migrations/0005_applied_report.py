# An import done in the background keeps its report (issue 18: the API's import job shows what each line did once applied).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('imports', '0004_background_work'),
    ]

    operations = [
        migrations.AddField(
            model_name='pendingimport',
            name='report',
            field=models.BinaryField(blank=True, help_text="What the import did, line by line, once done in the background: kept until the upload is forgotten, for the API's import job to show.", null=True),
        ),
    ]

# A large import works in the background with progress (issue 15: one big import held the database for everyone).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('imports', '0003_kept_preview'),
    ]

    operations = [
        migrations.AddField(
            model_name='pendingimport',
            name='beat_at',
            field=models.DateTimeField(blank=True, help_text='When the work in the background last moved on.', null=True),
        ),
        migrations.AddField(
            model_name='pendingimport',
            name='done_count',
            field=models.PositiveIntegerField(db_default=0, default=0),
        ),
        migrations.AddField(
            model_name='pendingimport',
            name='outcome',
            field=models.TextField(blank=True, db_default='', default='', help_text='What the work ended with, in words.'),
        ),
        migrations.AddField(
            model_name='pendingimport',
            name='state',
            field=models.CharField(blank=True, choices=[('', 'waiting for its owner'), ('previewing', 'working out the preview'), ('importing', 'importing'), ('done', 'imported'), ('failed', 'not imported')], db_default='', default='', help_text='Work on it in the background (a large file), and how it ended.', max_length=12),
        ),
        migrations.AddField(
            model_name='pendingimport',
            name='total_count',
            field=models.PositiveIntegerField(db_default=0, default=0),
        ),
    ]

"""Imported extras and organisations on people; a country as written on addresses.

Adding a column with a default makes SQLite rebuild ``contacts_person``, which
drops the search index 0002 made outside the model's Meta: it is made again.
"""

from importlib import import_module

from django.db import migrations, models

search_index = import_module("keepwarm.contacts.migrations.0002_sqlite_search_index")


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0006_job'),
    ]

    operations = [
        migrations.AddField(
            model_name='address',
            name='country_name',
            field=models.CharField(blank=True, help_text='Only for a country without a two-letter code: as the file wrote it.', max_length=100, verbose_name='country as written'),
        ),
        migrations.AddField(
            model_name='person',
            name='extras',
            field=models.TextField(blank=True, help_text='Values from imported files that have no field of their own, kept as written: one per line, after the name of what it was (X-SKYPE: jane.doe).', verbose_name='imported extras'),
        ),
        migrations.AddField(
            model_name='person',
            name='is_organization',
            field=models.BooleanField(default=False, help_text='A company or another organisation rather than a person.', verbose_name='an organisation'),
        ),
        migrations.RunPython(search_index.create, migrations.RunPython.noop, elidable=False),
    ]

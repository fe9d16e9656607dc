# Imported people wait to be sorted into a circle (a null circle), and each keeps the other imports that held them: existing people keep their circle.

import importlib

import django.db.models.deletion
from django.db import migrations, models

# Making the circle nullable rebuilds the table on SQLite, which drops the
# covering search index made outside the model (0002): it is made again.
search_index = importlib.import_module("keepwarm.contacts.migrations.0002_sqlite_search_index")


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0010_person_sort_name'),
    ]

    operations = [
        migrations.AddField(
            model_name='person',
            name='also_in',
            field=models.TextField(blank=True, default='', editable=False, help_text='The other imports that held this person (their files, one a line): someone in several address books is likely someone you keep.', verbose_name='also in imports'),
        ),
        migrations.AlterField(
            model_name='circle',
            name='is_default',
            field=models.BooleanField(default=False, help_text='People you add go to this circle (imported people wait to be sorted).'),
        ),
        migrations.AlterField(
            model_name='person',
            name='circle',
            field=models.ForeignKey(blank=True, help_text='Empty for someone imported and not sorted yet (``WAITING``): never planned until sorted into a circle.', null=True, on_delete=django.db.models.deletion.RESTRICT, related_name='people', to='contacts.circle'),
        ),
        migrations.RunPython(search_index.create, migrations.RunPython.noop, elidable=False),
    ]

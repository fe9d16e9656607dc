"""``Person.plan_mark``: the user's plan version of the last change to what the
planner reads of a person, so that a snapshot reads again only the people
changed since the last one (``planning/snapshot.py``)."""

import importlib

from django.db import migrations, models

_search_index = importlib.import_module("keepwarm.contacts.migrations.0002_sqlite_search_index")


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0008_phones_read_as_typed"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="plan_mark",
            field=models.PositiveBigIntegerField(
                default=0,
                editable=False,
                help_text="The user's plan version of the last change to what the planner "
                "reads of this person: a plan made after it reads them again, the others it "
                "keeps.",
            ),
        ),
        # SQLite rebuilds the table for the new column, without the index kept
        # outside the model's Meta: make it again.
        migrations.RunPython(_search_index.create, migrations.RunPython.noop, elidable=False),
    ]

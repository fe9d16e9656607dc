# People file by family then given name, never by a title: a sort name the database keeps.

import importlib

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

# Adding a column rebuilds the table on SQLite, which drops the SQLite-only
# covering index made outside the model state: make it again.
_search_index = importlib.import_module("keepwarm.contacts.migrations.0002_sqlite_search_index")


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0009_person_plan_mark"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="person",
            options={"ordering": ["sort_name", "id"]},
        ),
        migrations.RemoveIndex(
            model_name="person",
            name="person_owner_name",
        ),
        migrations.AddField(
            model_name="person",
            name="sort_name",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Lower(
                    django.db.models.functions.text.Trim(
                        models.Case(
                            models.When(
                                models.Q(
                                    ("is_organization", True),
                                    models.Q(("family_name", ""), ("given_name", "")),
                                    _connector="OR",
                                ),
                                then=models.F("display_name"),
                            ),
                            default=django.db.models.functions.text.Concat(
                                "family_name",
                                models.Value(" "),
                                "given_name",
                                models.Value(" "),
                                "additional_names",
                            ),
                            output_field=models.CharField(),
                        )
                    )
                ),
                output_field=models.CharField(max_length=310),
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["owner", "sort_name"], name="person_owner_sort_name"),
        ),
        migrations.RunPython(_search_index.create, migrations.RunPython.noop, elidable=False),
    ]

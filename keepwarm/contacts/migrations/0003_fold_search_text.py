"""Recompute every person's search text with accents and apostrophes folded.

Search now ignores accents and apostrophes ("Zoe" finds "Zoë", "obrien" finds
"O'Brien"); rows written before need their ``search_text`` folded the same way.
People are read and written in batches, so a large network migrates in seconds.
The column and its SQLite covering index (0002) are unchanged.
"""

from django.db import migrations

from keepwarm.contacts.search import search_texts

BATCH = 1000
FIELDS = [
    "id",
    "display_name",
    "prefix",
    "given_name",
    "additional_names",
    "family_name",
    "suffix",
    "nickname",
    "company",
    "job_title",
    "industry",
    "city",
    "search_text",
]


def refold(apps, schema_editor):
    person_model = apps.get_model("contacts", "Person")
    point_model = apps.get_model("contacts", "ContactPoint")
    people = person_model.objects.using(schema_editor.connection.alias).only(*FIELDS)
    last = 0
    while True:
        batch = list(people.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not batch:
            return
        search_texts(person_model, point_model, batch)
        people.bulk_update(batch, ["search_text"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("contacts", "0002_sqlite_search_index")]
    operations = [migrations.RunPython(refold, migrations.RunPython.noop, elidable=True)]

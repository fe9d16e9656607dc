from django.db import migrations

# Frozen here: the default party kind before and after (minutes, setup, batchable).
BEFORE = (1, 180, True)
AFTER = (1, 150, True)


def reprice_party(apps, schema_editor):
    """The default "party" nobody edited: 150 minutes of hosting (the shopping,
    the cooking, the clearing up), not 180. A kind the user changed keeps theirs."""
    touch_kind = apps.get_model("touches", "TouchKind")
    minutes, setup, batchable = BEFORE
    touch_kind.objects.filter(
        label="party", occasion="party", minutes=minutes, setup_minutes=setup, batchable=batchable
    ).update(setup_minutes=AFTER[1])


class Migration(migrations.Migration):

    dependencies = [
        ("touches", "0004_touchkind_setup_minutes"),
    ]

    operations = [
        migrations.RunPython(reprice_party, migrations.RunPython.noop),
    ]

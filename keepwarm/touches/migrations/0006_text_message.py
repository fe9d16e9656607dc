from django.db import migrations

# Frozen here: the kind as the catalogue first had it.
TEXT = {
    "label": "text message",
    "minutes": 5,
    "channel": "digital",
    "needs": "phone",
    "warmth_weight": "0.8",
    "batchable": False,
    "setup_minutes": 0,
    "occasion": "",
}


def add_text_message(apps, schema_editor):
    """Every account made before it gets the catalogue's text message, after its
    other kinds: a plain touch now alternates a text and a note (docs/planner.md).
    An account that already has a kind of that label (in any case) keeps its own."""
    touch_kind = apps.get_model("touches", "TouchKind")
    owners = touch_kind.objects.values_list("owner_id", flat=True).distinct()
    for owner in owners:
        mine = touch_kind.objects.filter(owner_id=owner)
        if mine.filter(label__iexact=TEXT["label"]).exists():
            continue
        last = mine.order_by("-position").values_list("position", flat=True).first() or 0
        touch_kind.objects.create(owner_id=owner, position=last + 1, **TEXT)


class Migration(migrations.Migration):
    dependencies = [("touches", "0005_party_setup")]

    operations = [migrations.RunPython(add_text_message, migrations.RunPython.noop)]

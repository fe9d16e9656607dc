from django.db import migrations


def meetings_need_the_same_city(apps, schema_editor):
    """A meeting is in person: the default kind needs the person in the user's city."""
    touch_kind = apps.get_model("touches", "TouchKind")
    touch_kind.objects.filter(label="meeting", channel="in_person", needs="").update(
        needs="same_city"
    )


class Migration(migrations.Migration):
    dependencies = [("touches", "0002_touchkind_occasion")]

    operations = [migrations.RunPython(meetings_need_the_same_city, migrations.RunPython.noop)]

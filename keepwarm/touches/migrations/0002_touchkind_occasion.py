from django.db import migrations, models

from keepwarm.planner.catalogue import DEFAULT_KINDS


def label_occasions(apps, schema_editor):
    """Existing accounts' default kinds get the occasion the planner keeps them for."""
    touch_kind = apps.get_model("touches", "TouchKind")
    for kind in DEFAULT_KINDS:
        if kind.occasion:
            touch_kind.objects.filter(label=kind.label).update(occasion=kind.occasion)


class Migration(migrations.Migration):
    dependencies = [("touches", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="touchkind",
            name="occasion",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "any day (routine)"),
                    ("birthday", "birthdays"),
                    ("holiday", "holiday-card season"),
                    ("trip", "your trips (postcards)"),
                    ("gathering", "invitations to a gathering"),
                    ("condolence", "a bereavement"),
                    ("help", "a move, an illness, a home project"),
                    ("congratulate", "good news (new job, baby, wedding)"),
                    ("party", "a party you host (logged, never planned)"),
                ],
                default="",
                help_text="What the planner keeps this kind for; routine kinds can be planned any day.",
                max_length=20,
            ),
        ),
        migrations.RunPython(label_occasions, migrations.RunPython.noop),
    ]

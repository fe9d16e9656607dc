"""Email goes out only for an account whose address is confirmed.

The accounts that exist when this runs keep sending as before: their address
counts as confirmed (they were made by the administrator, or have been using
it); the demo's never does.
"""

from django.db import migrations, models
from django.db.models import F


def confirm_existing(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(is_demo=False).exclude(email="").update(email_confirmed=F("email"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_confirmed",
            field=models.EmailField(
                blank=True,
                default="",
                db_default="",
                help_text="The address the user showed they read (a link sent to it was "
                "opened, or the administrator gave it): keepwarm sends email for them only "
                "while it is still their email.",
                max_length=254,
            ),
        ),
        migrations.RunPython(confirm_existing, migrations.RunPython.noop),
    ]

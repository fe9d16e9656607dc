# The confirmation email: an outbox message of its own kind.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reminders', '0002_birthday_autosend'),
    ]

    operations = [
        migrations.AlterField(
            model_name='outboxmessage',
            name='kind',
            field=models.CharField(choices=[('digest', 'weekly digest'), ('daily', 'daily email'), ('greeting', 'greeting'), ('invitation', 'invitation'), ('follow_up', 'follow-up reminder'), ('test', 'test email'), ('confirm', 'address confirmation')], max_length=20),
        ),
    ]

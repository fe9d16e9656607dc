# A touch logged offline carries the id its device gave it, so a retry never logs it twice.

import django.core.validators
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0011_person_waiting_to_be_sorted'),
        ('touches', '0006_text_message'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='touch',
            name='client_id',
            field=models.CharField(blank=True, default='', help_text='Made by the device that logged it (a phone offline): a retry finds it.', max_length=64, validators=[django.core.validators.RegexValidator('^[A-Za-z0-9_-]{8,64}\\Z', 'A client id is 8 to 64 letters, digits, - or _.')]),
        ),
        migrations.AddConstraint(
            model_name='touch',
            constraint=models.UniqueConstraint(condition=models.Q(('client_id', ''), _negated=True), fields=('owner', 'client_id'), name='touch_owner_client_id'),
        ),
    ]

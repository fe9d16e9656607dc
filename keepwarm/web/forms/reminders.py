"""The reminder settings form: digest day and hour, the daily email, emails on or off."""

from __future__ import annotations

from typing import Any

from django import forms

from keepwarm.reminders.models import ReminderSettings
from keepwarm.web.forms.accounts import Unsuffixed

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]
HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]


class ReminderSettingsForm(Unsuffixed, forms.ModelForm):
    digest_weekday = forms.TypedChoiceField(
        label="Weekly digest on",
        choices=WEEKDAYS,
        coerce=int,
        error_messages={"invalid_choice": "Pick a day of the week, Monday to Sunday."},
    )
    digest_hour = forms.TypedChoiceField(
        label="At",
        choices=HOURS,
        coerce=int,
        error_messages={"invalid_choice": "Pick an hour from 00:00 to 23:00."},
    )

    class Meta:
        model = ReminderSettings
        fields = ["emails_on", "digest_weekday", "digest_hour", "daily_email"]
        labels = {"emails_on": "Send me emails", "daily_email": "Daily email"}
        help_texts = {
            "emails_on": "The weekly digest and the daily email. Off stops both.",
            "daily_email": "At the same hour, only on days with something in it: "
            "a birthday, an item of today's agenda or a follow-up due.",
        }

    def __init__(self, *args: Any, zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["digest_hour"].help_text = f"In your time zone, {zone}."

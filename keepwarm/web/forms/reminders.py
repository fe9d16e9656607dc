"""The reminder settings form: digest day and hour, the daily email, emails on or
off, and birthday greetings sent by themselves at a chosen hour."""

from __future__ import annotations

from typing import Any

from django import forms

from keepwarm.mail.models import ReminderSettings
from keepwarm.owned import validate_one_line
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
    autosend_hour = forms.TypedChoiceField(
        label="Greetings go out at",
        choices=HOURS,
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Pick an hour from 00:00 to 23:00."},
    )

    class Meta:
        model = ReminderSettings
        fields = [
            "emails_on",
            "digest_weekday",
            "digest_hour",
            "daily_email",
            "birthday_autosend",
            "autosend_hour",
        ]
        labels = {
            "emails_on": "Send me emails",
            "daily_email": "Daily email",
            "birthday_autosend": "Send birthday greetings for me",
        }
        help_texts = {
            "emails_on": "The weekly digest and the daily email. Off stops both.",
            "daily_email": "At the same hour, only on days with something in it: "
            "a birthday, an item of today's agenda or a follow-up due.",
            "birthday_autosend": "Your birthday greeting (Occasions → Greetings) goes out "
            "by email on the day, once a year, to people with an email address. Never "
            "late: a birthday missed while keepwarm was down is left to you.",
        }

    def __init__(self, *args: Any, zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["digest_hour"].help_text = f"In your time zone, {zone}."
        self.fields["autosend_hour"].help_text = f"On the birthday, in your time zone, {zone}."

    def clean_autosend_hour(self) -> int:
        """Left out (as by a form from before greetings), the hour stays as it was."""
        hour = self.cleaned_data.get("autosend_hour")
        return self.instance.autosend_hour if hour is None else hour


class DismissNoticeForm(forms.Form):
    """The banner's Dismiss button: the situation it showed."""

    situation = forms.CharField(max_length=200, validators=[validate_one_line])

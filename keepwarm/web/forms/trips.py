"""Forms of trips: a new trip, who gets a postcard, and who got one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from keepwarm.occasions.models import Postcard, Trip
from keepwarm.occasions.travel import sent_date
from keepwarm.web.forms.accounts import Unsuffixed
from keepwarm.web.forms.cards import date_field
from keepwarm.web.forms.touches import IdsField

MAX_DAYS = 366
YEARS_AHEAD = 2


class TripForm(Unsuffixed, forms.ModelForm):
    start = date_field("From")
    end = date_field("Until")

    class Meta:
        model = Trip
        fields = ["place", "start", "end", "note"]
        labels = {"place": "Where to", "note": "Note"}
        help_texts = {"place": "Lisbon, the Dolomites, a week at the lake…"}
        error_messages = {"place": {"required": "Say where you are going."}}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is None or end is None:
            return cleaned
        today = timezone.localdate()
        # The model says when it ends before it starts.
        if (end - start).days >= MAX_DAYS:
            self.add_error("end", "A trip of more than a year? Enter it as a few trips.")
        if start.year < 2000:
            self.add_error("start", "Pick a day in 2000 or later.")
        if end.year > today.year + YEARS_AHEAD:
            self.add_error("end", f"Pick a day at most {YEARS_AHEAD} years ahead.")
        return cleaned


class ChooseForm(forms.Form):
    """The postcards ticked to write (the others stay on the list, unticked)."""

    chosen = IdsField(
        Postcard.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "One of those postcards is not on this trip."},
    )

    def __init__(self, *args: Any, trip: Trip, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chosen"].queryset = trip.postcards.all()


class SentForm(Unsuffixed, forms.Form):
    """Exactly the postcards that went out, and the day they did."""

    sent = IdsField(
        Postcard.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "One of those postcards is not on this trip."},
    )
    date = date_field("Sent on", required=False)

    def __init__(self, *args: Any, trip: Trip, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.trip = trip
        self.fields["sent"].queryset = trip.postcards.all()
        self.fields["date"].help_text = "Empty: the last day of the trip (or today, if sooner)."

    def clean_date(self) -> dt.date:
        return sent_date(self.trip, self.cleaned_data.get("date"))

"""Forms behind the agenda's buttons (Done, Skip, Swap, Snooze) and the plan page's sort."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from keepwarm.owned import parse_id

ITEM_ID = RegexValidator(
    r"\A[A-Za-z0-9][A-Za-z0-9_.:-]*\Z", "That is not an item of your plan.", "invalid"
)
SNOOZE_PRESETS = {"2w": "2 weeks", "1m": "1 month", "3m": "3 months"}
MAX_SNOOZE_DAYS = 5 * 365


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last))


class ItemForm(forms.Form):
    """An agenda item, by the id the planner gave it."""

    item = forms.CharField(
        max_length=80,
        validators=[ITEM_ID],
        error_messages={
            "required": "Choose an item of your agenda.",
            "max_length": "That is not an item of your plan.",
        },
    )


class SwapForm(ItemForm):
    kind = forms.CharField(
        label="Do it as",
        max_length=12,
        error_messages={
            "required": "Choose what to do instead.",
            "max_length": "Choose one of the kinds offered.",
        },
    )

    def clean_kind(self) -> int:
        kind = parse_id(self.cleaned_data["kind"])
        if kind is None:
            raise ValidationError("Choose one of the kinds offered.", code="invalid")
        return kind


class SnoozeForm(ItemForm):
    """Snooze the item's people until a day: one of the presets, or a date."""

    preset = forms.ChoiceField(
        choices=[("", "—"), *SNOOZE_PRESETS.items()],
        required=False,
        error_messages={"invalid_choice": "Snooze for 2 weeks, 1 month, 3 months or until a date."},
    )
    until = forms.DateField(
        label="Until",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a real date, like 2027-01-15."},
    )

    def __init__(self, data: Any, *, today: dt.date) -> None:
        super().__init__(data)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        preset, until = data.get("preset"), data.get("until")
        if self.errors:
            return data
        if preset:
            until = {
                "2w": self.today + dt.timedelta(days=14),
                "1m": add_months(self.today, 1),
                "3m": add_months(self.today, 3),
            }[preset]
        if until is None:
            raise ValidationError("Choose how long to snooze, or a date.", code="required")
        if until <= self.today:
            raise ValidationError("Snooze until a day after today.", code="past")
        if until > self.today + dt.timedelta(days=MAX_SNOOZE_DAYS):
            raise ValidationError("Snooze for at most five years.", code="far")
        data["until"] = until
        return data


class PlanSortForm(forms.Form):
    """The plan page's ``?sort=``; a bad value falls back to the default."""

    SORTS = {
        "circle": "Circle",
        "short": "Furthest below target",
        "warmth": "Coldest first",
        "name": "Name",
    }
    sort = forms.ChoiceField(label="Sort", required=False, choices=list(SORTS.items()))

    def __init__(self, data: Any) -> None:
        super().__init__(data, label_suffix="")
        self.fields["sort"].widget.attrs["data-autosubmit"] = ""

    def value(self, name: str, default: Any) -> Any:
        if not self.is_bound:
            return default
        self.is_valid()  # fields that fail keep their default
        return self.cleaned_data.get(name) or default

"""Forms of the page that sorts imported newcomers into circles: what to show
(``?view=``, ``?at=``; ``keepwarm.web.paging`` reads ``?page=``), one person's
place, a page of places, the rest at once. Every value is checked: a bad one is
a message, never an error page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from keepwarm.contacts.models import Circle
from keepwarm.imports.suggest import OUT

MAX_ID = 2**62
ROWS_PER_PAGE = 50
LATER = ""
"""A row of the list left for later."""


def place_choices(circles: list[Circle]) -> list[tuple[str, str]]:
    return [*((str(c.pk), c.name) for c in circles), (OUT, "Not in my network")]


class TriageViewForm(forms.Form):
    """What the page shows; a bad value falls back to the default."""

    view = forms.ChoiceField(
        required=False, choices=[("one", "One at a time"), ("list", "As a list")]
    )
    at = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    def value(self, name: str, default: Any) -> Any:
        if not self.is_bound:
            return default
        self.is_valid()  # fields that fail keep their default
        return self.cleaned_data.get(name) or default


class _Placing(forms.Form):
    """A form whose ``place`` is one of the user's circles, or out of the network."""

    def __init__(self, data: Any, *, circles: list[Circle]) -> None:
        super().__init__(data)
        self.fields["place"].choices = place_choices(circles)


class PlaceForm(_Placing):
    """One newcomer's place (a circle of the user's, or not in my network)."""

    person = forms.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        error_messages={
            "required": "Choose someone to sort.",
            "invalid": "Choose someone to sort.",
        },
    )
    place = forms.ChoiceField(
        error_messages={
            "required": "Choose a circle, or “not in my network”.",
            "invalid_choice": "Choose one of your circles, or “not in my network”.",
        }
    )


class RestForm(_Placing):
    """Everyone still waiting (up to ``upto``, the newest the page counted) to one place."""

    place = forms.ChoiceField(
        error_messages={
            "required": "Choose where the rest go.",
            "invalid_choice": "Choose one of your circles, or “not in my network”.",
        }
    )
    upto = forms.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        error_messages={
            "required": "Reload the page: it did not say whom to sort.",
            "invalid": "Reload the page: it did not say whom to sort.",
        },
    )


class RowsForm(forms.Form):
    """A page of the list: ``row`` lists its people's ids; ``place-<id>`` is each
    one's place, or empty for later. ``suggested`` takes the suggestion of every
    row left for later."""

    row = forms.CharField(required=False, max_length=ROWS_PER_PAGE * 21)
    page = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)
    take = forms.ChoiceField(required=False, choices=[("chosen", "chosen"), ("suggested", "all")])

    def __init__(self, data: Any, *, circles: list[Circle]) -> None:
        super().__init__(data)
        self.choices = dict(place_choices(circles))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ids: list[int] = []
        for part in (data.get("row") or "").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or len(part) > 18:
                raise ValidationError("The page sent a row that is not one of your people.")
            ids.append(int(part))
        if len(ids) > ROWS_PER_PAGE:
            raise ValidationError(f"At most {ROWS_PER_PAGE} people at a time.")
        chosen: dict[int, str] = {}
        for pk in dict.fromkeys(ids):
            value = str(self.data.get(f"place-{pk}", LATER))
            if value != LATER and value not in self.choices:
                raise ValidationError("Choose one of your circles, or “not in my network”.")
            chosen[pk] = value
        data["chosen"] = chosen
        return data

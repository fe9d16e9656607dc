"""Forms for the duplicates pages: the choice of who stays."""

from __future__ import annotations

from typing import Any

from django import forms

from keepwarm.contacts.models import Person


class MergeForm(forms.Form):
    """Which of the two people stays; the other is folded into them."""

    keep = forms.ChoiceField(
        label="Who stays",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who stays.",
            "invalid_choice": "Choose one of these two people to keep.",
        },
    )

    def __init__(self, data: Any, *, first: Person, second: Person, default: Person) -> None:
        super().__init__(data, initial={"keep": str(default.pk)}, label_suffix="")
        self.people = {str(first.pk): first, str(second.pk): second}
        self.fields["keep"].choices = [(key, who.display_name) for key, who in self.people.items()]

    def chosen(self) -> tuple[Person, Person]:
        """``(keep, absorb)`` from a valid form."""
        keep_key = self.cleaned_data["keep"]
        absorb_key = next(key for key in self.people if key != keep_key)
        return self.people[keep_key], self.people[absorb_key]

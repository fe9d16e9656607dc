"""A new API token: its name, what it may do and how long it works."""

from __future__ import annotations

from typing import Any

from django import forms

from keepwarm.accounts.models import ApiToken, TokenScope
from keepwarm.web.forms.accounts import Unsuffixed

EXPIRIES = [("", "Never"), ("30", "In 30 days"), ("90", "In 90 days"), ("365", "In a year")]


class TokenForm(Unsuffixed, forms.Form):
    """What ``accounts.tokens.create_token`` takes; it checks the rest (a name in use)."""

    name = forms.CharField(
        label="Name",
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text="What uses it, such as “laptop backup” or “phone shortcuts”.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    scope = forms.ChoiceField(
        label="It may",
        choices=[(TokenScope.READ, "Read only"), (TokenScope.WRITE, "Read and write")],
        initial=TokenScope.READ,
        help_text="Read only is enough for a backup or a report.",
        error_messages={"invalid_choice": "Pick read only, or read and write."},
    )
    expires_days = forms.TypedChoiceField(
        label="Expires",
        choices=EXPIRIES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text="You can revoke it here at any time.",
        error_messages={"invalid_choice": "Pick never, 30 days, 90 days or a year."},
    )

    def focus_first_error(self) -> None:
        """Put the cursor in the first field with an error: on a phone the form
        is below the list, and the page opens at its top."""
        for name in self.fields:
            if name in self.errors:
                self.fields[name].widget.attrs["autofocus"] = True
                return

    def made(self) -> dict[str, Any]:
        """The keyword arguments of ``create_token``."""
        data = self.cleaned_data
        return {"name": data["name"], "scope": data["scope"], "expires_days": data["expires_days"]}

"""The "Who do I know at …?" search: its query parameters, each one checked."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from keepwarm.contacts.search import fold

FIELDS = ("company", "industry", "role", "text")


class WhoForm(forms.Form):
    """Company, industry, role and free text; any of them, all of them must match."""

    company = forms.CharField(
        label="Company",
        required=False,
        max_length=150,
        help_text="Where they work or worked.",
        widget=forms.TextInput(attrs={"placeholder": "Acme", "autocomplete": "off"}),
    )
    industry = forms.CharField(
        label="Industry",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "fintech, healthcare…"}),
    )
    role = forms.CharField(
        label="Role",
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"placeholder": "engineer, recruiter…"}),
    )
    text = forms.CharField(
        label="Anything else",
        required=False,
        max_length=200,
        help_text="Names, cities, tags, notes.",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "#school, Berlin…"}),
    )

    def __init__(self, data: Any = None) -> None:
        super().__init__(data, label_suffix="")

    def _clean_words(self, name: str) -> str:
        value = " ".join(self.cleaned_data[name].split())
        if value and len(fold(value).lstrip("#").strip()) < 2:
            raise ValidationError("Type at least two letters.")
        return value

    def clean_company(self) -> str:
        return self._clean_words("company")

    def clean_industry(self) -> str:
        return self._clean_words("industry")

    def clean_role(self) -> str:
        return self._clean_words("role")

    def clean_text(self) -> str:
        return self._clean_words("text")

    def criteria(self) -> dict[str, str]:
        """The valid, non-empty criteria, by name (call after ``is_valid``)."""
        return {name: self.cleaned_data[name] for name in FIELDS if self.cleaned_data.get(name)}

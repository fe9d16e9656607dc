"""Forms of job-hunt mode: the goal, the company searched, and a call's outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError

from keepwarm.contacts.models import Tag
from keepwarm.owned import owned
from keepwarm.touches.queries import active_people
from keepwarm.warmcalls.models import CallOutcome, JobHunt
from keepwarm.warmcalls.ranking import lines
from keepwarm.web.forms.accounts import Unsuffixed
from keepwarm.web.forms.touches import IdField, IdsField

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

MAX_LINES = 30
MAX_LINE = 150
LIST_FIELDS = ("companies", "roles", "industries", "cities")


class GoalForm(Unsuffixed, forms.ModelForm):
    """What the user is looking for: each list one value per line."""

    tags = IdsField(
        Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="People with any of these tags count as relevant.",
        error_messages={
            "invalid_choice": "Pick tags from your own list.",
            "invalid_pk_value": "Pick tags from your own list.",
        },
    )

    class Meta:
        model = JobHunt
        fields = ["companies", "roles", "industries", "cities", "tags", "note"]
        labels = {
            "companies": "Target companies",
            "roles": "Roles",
            "industries": "Industries",
            "cities": "Cities",
            "note": "Note to self",
        }
        help_texts = {
            "companies": "One per line: Acme, Globex…",
            "roles": "One per line: product manager, data engineer…",
            "industries": "One per line: fintech, healthcare…",
            "cities": "One per line: Berlin, remote…",
            "note": "What you are looking for, in your words.",
        }
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in LIST_FIELDS} | {
            "note": forms.Textarea(attrs={"rows": 2})
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tags"].queryset = owned(Tag, user)
        self.fields["tags"].label = "Tags"

    def _clean_lines(self, name: str) -> str:
        values = lines(self.cleaned_data.get(name, ""))
        label = str(self.fields[name].label).lower()
        if len(values) > MAX_LINES:
            raise ValidationError(f"At most {MAX_LINES} {label}, one per line.")
        long = next((v for v in values if len(v) > MAX_LINE), "")
        if long:
            raise ValidationError(f"“{long[:30]}…” is too long: at most {MAX_LINE} characters.")
        return "\n".join(values)

    def clean_companies(self) -> str:
        return self._clean_lines("companies")

    def clean_roles(self) -> str:
        return self._clean_lines("roles")

    def clean_industries(self) -> str:
        return self._clean_lines("industries")

    def clean_cities(self) -> str:
        return self._clean_lines("cities")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if not any(cleaned.get(name) for name in LIST_FIELDS) and not cleaned.get("tags"):
            raise ValidationError(
                "Name at least one company, role, industry, city or tag to look for."
            )
        return cleaned


class SearchForm(forms.Form):
    """The company searched on the warm-calls page (empty: the goal's)."""

    company = forms.CharField(required=False, max_length=MAX_LINE, strip=True)

    def company_or_empty(self) -> str:
        """The company typed."""
        self.is_valid()
        return " ".join(self.cleaned_data.get("company", "").split())


class OutcomeForm(forms.Form):
    """One call's outcome: the person (one of the user's) and what happened."""

    person = IdField(
        active_people(None),
        error_messages={
            "required": "Pick the person you called.",
            "invalid_choice": "That person is not in your network.",
        },
    )
    outcome = forms.ChoiceField(
        choices=CallOutcome.Outcome.choices,
        error_messages={
            "required": "Pick how the call went.",
            "invalid_choice": "Pick how the call went: no answer, talked, intro promised, "
            "referral or not now.",
        },
    )
    note = forms.CharField(required=False, max_length=500, strip=True)
    company = forms.CharField(required=False, max_length=MAX_LINE)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = active_people(user)
        self.fields["note"].error_messages["max_length"] = (
            "Keep the note to 500 characters or fewer."
        )

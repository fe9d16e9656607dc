"""Forms of the greetings: a template per occasion, and the draft to send."""

from __future__ import annotations

from typing import Any

from django import forms

from keepwarm.occasions.greetings import FROM_PLAN, Occasion, check_placeholders
from keepwarm.occasions.models import GreetingTemplate
from keepwarm.owned import validate_one_line
from keepwarm.web.forms.accounts import Unsuffixed

SUBJECT_MAX = 200
BODY_MAX = 5000


class TemplateForm(Unsuffixed, forms.ModelForm):
    """One occasion's subject and body; unknown placeholders are listed."""

    class Meta:
        model = GreetingTemplate
        fields = ["subject", "body"]
        labels = {"body": "Greeting"}
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        error_messages = {
            "subject": {"max_length": f"Keep the subject under {SUBJECT_MAX} characters."},
            "body": {"max_length": f"Keep the greeting under {BODY_MAX} characters."},
        }

    def clean_subject(self) -> str:
        subject = self.cleaned_data["subject"].strip()
        check_placeholders(subject)
        return subject

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        check_placeholders(body)
        return body


class OccasionForm(forms.Form):
    """Which template a POST on the templates page is for."""

    occasion = forms.ChoiceField(
        choices=Occasion.choices,
        error_messages={"invalid_choice": "Pick one of the four occasions."},
    )


def occasion_or_default(value: Any) -> str:
    """The greeting occasion named by a query parameter (an agenda item's occasion
    works too); birthday for anything else."""
    found = FROM_PLAN.get(str(value or "").strip().lower())
    return str(found or Occasion.BIRTHDAY)


class DraftForm(Unsuffixed, forms.Form):
    """The filled greeting, as edited: where it goes, its subject and words."""

    to = forms.ChoiceField(
        label="To",
        required=False,
        error_messages={"invalid_choice": "Pick one of their email addresses."},
    )
    subject = forms.CharField(
        validators=[validate_one_line],
        max_length=SUBJECT_MAX,
        error_messages={
            "required": "Give the greeting a subject.",
            "max_length": f"Keep the subject under {SUBJECT_MAX} characters.",
        },
    )
    body = forms.CharField(
        label="Greeting",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 10, "data-greeting-body": ""}),
        error_messages={
            "required": "Write a few words first.",
            "max_length": f"Keep the greeting under {BODY_MAX} characters.",
        },
    )

    def __init__(self, *args: Any, emails: list[str], by_email: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.by_email = by_email
        self.fields["to"].choices = [(e, e) for e in emails]
        self.fields["subject"].widget.attrs["data-greeting-subject"] = ""
        self.fields["to"].widget.attrs["data-greeting-to"] = ""
        if not emails:
            self.fields["to"].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.by_email and not data.get("to") and "to" not in self.errors:
            where = "to" if self.fields["to"].choices else None  # a hidden field shows no error
            self.add_error(where, "Pick an email address to send it to.")
        return data

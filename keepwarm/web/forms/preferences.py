"""Settings: the profile form and the owner-scoped formsets for circles and touch kinds."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, ProtectedError, RestrictedError
from django.forms import BaseModelFormSet, modelformset_factory

from keepwarm.accounts.models import Profile
from keepwarm.contacts.models import Circle
from keepwarm.owned import owned
from keepwarm.touches.models import TouchKind
from keepwarm.web.forms.accounts import (
    Unsuffixed,
    all_time_zones,
    country_choices,
    time_zone_choices,
)

if TYPE_CHECKING:
    from keepwarm.accounts.models import User


class ProfileForm(Unsuffixed, forms.ModelForm):
    """The user's settings, and the account's email (which lives on the user)."""

    email = forms.EmailField(
        required=False,
        max_length=254,
        help_text="For reminders and the weekly digest. Leave it empty for none.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    country = forms.ChoiceField(
        choices=country_choices, help_text="For public holidays, and the default for phone numbers."
    )
    time_zone = forms.ChoiceField(
        choices=time_zone_choices, help_text="Your days start and end here."
    )

    class Meta:
        model = Profile
        fields = [
            "weekly_budget_minutes",
            "week_start",
            "country",
            "region",
            "home_city",
            "time_zone",
        ]
        labels = {"weekly_budget_minutes": "Weekly budget (minutes)"}
        help_texts = {
            "weekly_budget_minutes": "Time you give your network each week: 60 is an hour.",
            "home_city": "Coffee and lunch are suggested for people in your city; "
            "guests elsewhere are flagged on a party's invitations.",
            "region": "State or province code such as CA or BY, for public holidays.",
            "week_start": "The first day of your weekly agenda.",
        }
        widgets = {
            "weekly_budget_minutes": forms.NumberInput(attrs={"min": 0, "max": 2400}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = self.instance.user
        self.fields["email"].initial = self.user.email
        if self.user.is_demo:  # visitors share the demo account: no mail goes anywhere
            self.fields["email"].disabled = True
            self.fields["email"].help_text = "The demo account has no email."
        self.order_fields(["email"])
        zone = self.instance.time_zone
        if zone and zone not in all_time_zones():  # keep an unusual but valid zone selectable
            self.fields["time_zone"].choices = [*time_zone_choices(), ("Current", [(zone, zone)])]

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip()
        if self.user.is_demo:
            return self.user.email
        others = type(self.user).objects.exclude(pk=self.user.pk)
        if email and others.filter(email__iexact=email).exists():
            raise forms.ValidationError("Another account uses this email.")
        return email

    def save(self, commit: bool = True) -> Profile:
        profile = super().save(commit=commit)
        if commit and self.user.email != self.cleaned_data["email"]:
            self.user.email = self.cleaned_data["email"]
            self.user.save(update_fields=["email"])
        return profile

    def clean_region(self) -> str:
        return str(self.cleaned_data["region"]).strip().upper()


class OwnedFormSet(BaseModelFormSet):
    """A model formset over the signed-in user's rows only.

    The hidden id of every row is checked against the user's rows, so a posted
    id of someone else's row is an error, never an edit. ``usage`` names the
    relation whose rows forbid deleting (people in a circle, touches of a kind).
    """

    usage = ""
    name_field = ""
    noun = ""

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        queryset = owned(self.model, user).annotate(usage_count=Count(self.usage))
        super().__init__(*args, queryset=queryset, **kwargs)

    def add_fields(self, form: forms.ModelForm, index: int | None) -> None:
        super().add_fields(form, index)
        row_id = form.fields[self.model._meta.pk.name]
        row_id.queryset = self.get_queryset()
        row_id.error_messages["invalid_choice"] = (
            f"This {self.noun} no longer exists: reload the page."
        )

    def live_forms(self) -> list[forms.ModelForm]:
        """Rows that will exist after saving: kept rows and filled-in new ones."""
        return [
            f
            for f in self.forms
            if not self._should_delete_form(f) and (f.instance.pk or f.has_changed())
        ]

    def clean(self) -> None:
        super().clean()
        if any(self.errors) or self.non_form_errors():  # e.g. a tampered management form
            return
        live = self.live_forms()
        if not live:
            raise forms.ValidationError(f"Keep at least one {self.noun}.")
        names = Counter(str(f.cleaned_data[self.name_field]).strip().casefold() for f in live)
        for form in live:
            if names[str(form.cleaned_data[self.name_field]).strip().casefold()] > 1:
                form.add_error(self.name_field, f"Another {self.noun} has this name.")
        for form in self.forms:
            if self._should_delete_form(form) and form.instance.pk and form.instance.usage_count:
                raise forms.ValidationError(self.in_use_message(form.instance))

    def in_use_message(self, instance: Any) -> str:
        raise NotImplementedError

    def save_all(self) -> bool:
        """Delete, update and add in one transaction; False (with an error) if it clashed."""
        try:
            with transaction.atomic():
                instances = self.save(commit=False)
                for obj in self.deleted_objects:
                    obj.delete()
                position = owned(self.model, self.user).aggregate(m=Max("position"))["m"] or 0
                for obj in instances:
                    if obj.pk is None:
                        position += 1
                        obj.owner, obj.position = self.user, position
                    obj.save()
        except (IntegrityError, ProtectedError, RestrictedError):
            self._non_form_errors = self.error_class(
                ["Those changes clash (two names swapped?): save them in two steps."]
            )
            return False
        return True


class RowRadio(forms.CheckboxInput):
    """A yes/no field of a formset row drawn as one radio of a group across all
    rows, so only one row can have it: the group is named ``PREFIX-default`` and
    each radio's value is its row's prefix (``circles-2``)."""

    input_type = "radio"

    @staticmethod
    def _row_and_group(name: str) -> tuple[str, str]:
        row = name.rsplit("-", 1)[0]
        return row, f"{row.split('-', 1)[0]}-default"

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        row, group = self._row_and_group(name)
        context["widget"].update(name=group, value=row)
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> bool:
        row, group = self._row_and_group(name)
        return data.get(group) == row

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False


class CircleForm(Unsuffixed, forms.ModelForm):
    class Meta:
        model = Circle
        fields = ["name", "touches_per_year", "is_default"]
        labels = {"touches_per_year": "Touches a year", "is_default": "Default"}
        help_texts = {"touches_per_year": "", "is_default": ""}
        widgets = {
            "touches_per_year": forms.NumberInput(attrs={"min": 0, "max": 365}),
            "is_default": RowRadio,
        }


class BaseCircleFormSet(OwnedFormSet):
    usage = "people"
    name_field = "name"
    noun = "circle"

    def clean(self) -> None:
        super().clean()
        if any(self.errors) or self.non_form_errors():
            return
        defaults = [f for f in self.live_forms() if f.cleaned_data.get("is_default")]
        if len(defaults) != 1:
            raise forms.ValidationError(
                "Choose one circle as the default (one that you keep): new people go there."
            )

    def in_use_message(self, instance: Any) -> str:
        count = instance.usage_count
        people = "1 person is" if count == 1 else f"{count} people are"
        return f"{people} in “{instance.name}”: move them to another circle before deleting it."


class TouchKindForm(Unsuffixed, forms.ModelForm):
    setup_minutes = forms.IntegerField(
        label="Setup",
        required=False,
        min_value=0,
        max_value=600,
        widget=forms.NumberInput(attrs={"min": 0, "max": 600}),
    )

    def clean_setup_minutes(self) -> int:
        """Empty is none: only a batch kind has a setup per session."""
        return self.cleaned_data.get("setup_minutes") or 0

    class Meta:
        model = TouchKind
        fields = [
            "label",
            "minutes",
            "channel",
            "needs",
            "occasion",
            "warmth_weight",
            "batchable",
            "setup_minutes",
        ]
        labels = {
            "minutes": "Minutes each",
            "warmth_weight": "Warmth",
            "batchable": "Batch",
            "occasion": "Planned for",
        }
        help_texts = {
            "minutes": "",
            "warmth_weight": "",
            "batchable": "",
            "occasion": "",
        }
        widgets = {
            "minutes": forms.NumberInput(attrs={"min": 1, "max": 600}),
            "warmth_weight": forms.NumberInput(attrs={"min": 0, "max": 10, "step": "0.5"}),
        }


class BaseTouchKindFormSet(OwnedFormSet):
    usage = "touches"
    name_field = "label"
    noun = "touch kind"

    def in_use_message(self, instance: Any) -> str:
        count = instance.usage_count
        touches = "1 touch" if count == 1 else f"{count} touches"
        return f"“{instance.label}” is used by {touches}, so it cannot be deleted."


CircleFormSet = modelformset_factory(
    Circle,
    form=CircleForm,
    formset=BaseCircleFormSet,
    extra=0,
    can_delete=True,
    max_num=30,
    validate_max=True,
)
TouchKindFormSet = modelformset_factory(
    TouchKind,
    form=TouchKindForm,
    formset=BaseTouchKindFormSet,
    extra=0,
    can_delete=True,
    max_num=60,
    validate_max=True,
)

"""The person form's inline rows (contact points, addresses, dates, relationships,
life events, work history) and the editor that validates everything and saves it
in one transaction (``contacts.editing.save_person``)."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory

from keepwarm.contacts import limits, rows
from keepwarm.contacts.editing import check_cap, check_rows, save_person
from keepwarm.contacts.limits import Cap
from keepwarm.contacts.models import (
    Address,
    Circle,
    ContactPoint,
    Job,
    KeyDate,
    LifeEvent,
    Person,
    Relationship,
)
from keepwarm.owned import owned
from keepwarm.web.forms.people import MONTH_CHOICES, DateInput, PersonForm

if TYPE_CHECKING:
    from keepwarm.accounts.models import User


class OwnedRowForm(forms.ModelForm):
    """A row that belongs to a person; knows the owner for lookups."""

    def __init__(self, *args: Any, owner: User = None, **kwargs: Any) -> None:
        super().__init__(*args, label_suffix="", **kwargs)
        self.owner = owner
        self.instance.owner = owner


class ContactPointForm(OwnedRowForm):
    class Meta:
        model = ContactPoint
        fields = ["kind", "label", "value", "preferred"]
        help_texts = {"label": ""}
        widgets = {"label": forms.TextInput(attrs={"placeholder": "home, work…"})}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind, value = data.get("kind"), data.get("value")
        if kind and value:
            try:
                self.instance.normalized = rows.typed_contact(kind, value, self.owner)
            except ValidationError as exc:
                self.add_error("value", exc)
        return data


class AddressForm(OwnedRowForm):
    country = forms.CharField(
        label="Country",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "US", "size": 3}),
    )

    class Meta:
        model = Address
        fields = ["label", "street", "locality", "region", "postcode", "country", "is_mailing"]
        labels = {"is_mailing": "Mailing address", "region": "State/region"}
        help_texts = {"label": "", "country": ""}
        widgets = {
            "street": forms.Textarea(attrs={"rows": 2}),
            "label": forms.TextInput(attrs={"placeholder": "home, work…"}),
            "country": forms.TextInput(attrs={"placeholder": "US", "size": 3}),
        }

    def clean_country(self) -> str:
        """A two-letter code, or a country's name (``rows.typed_country``)."""
        return rows.typed_country(self.cleaned_data["country"])


class KeyDateForm(OwnedRowForm):
    month = forms.TypedChoiceField(choices=MONTH_CHOICES, coerce=int, empty_value=None)

    class Meta:
        model = KeyDate
        fields = ["label", "month", "day", "year"]
        help_texts = {"label": ""}
        widgets = {
            "label": forms.TextInput(attrs={"placeholder": "anniversary, name day…"}),
            "day": forms.NumberInput(attrs={"min": 1, "max": 31}),
            "year": forms.NumberInput(),
        }


ID_SUFFIX = re.compile(r"^(?P<name>.*?)\s*\(#(?P<id>\d{1,18})\)$")


def contact_choice(person: Person) -> str:
    """How a linked contact shows in the relationship input: "Jane Doe (#12)"."""
    return f"{person.display_name} (#{person.pk})"


class RelationshipForm(OwnedRowForm):
    who = forms.CharField(
        label="Contact or name",
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "list": "people-options",
                "autocomplete": "off",
                "data-suggest": "people-options",
            }
        ),
    )

    class Meta:
        model = Relationship
        fields = ["kind"]
        labels = {"kind": "Relationship"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "—"), *self.fields["kind"].choices[1:]]
        if self.instance.pk:
            other = self.instance.other
            who = contact_choice(other) if other else self.instance.other_name
            self.fields["who"].initial = who

    def clean_who(self) -> str:
        text = " ".join(self.cleaned_data["who"].split())
        people = owned(Person, self.owner)
        match = ID_SUFFIX.match(text)
        if match:
            other = rows.related_contact(self.owner, match["id"])
        else:
            found = list(people.filter(display_name__iexact=text)[:2])
            if len(found) > 1:
                raise ValidationError(
                    f"Several contacts are called “{text}”: pick one from the suggestions."
                )
            other = found[0] if found else None
        self.instance.other = other
        self.instance.other_name = "" if other else text
        return text


class LifeEventForm(OwnedRowForm):
    class Meta:
        model = LifeEvent
        fields = ["kind", "date", "note"]
        widgets = {"date": DateInput(), "note": forms.TextInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "—"), *self.fields["kind"].choices[1:]]


class JobForm(OwnedRowForm):
    """One job in the work history: where, what, and when (both dates optional)."""

    class Meta:
        model = Job
        fields = ["company", "role", "industry", "started", "ended"]
        labels = {"started": "From", "ended": "Until"}
        help_texts = {"ended": ""}
        widgets = {
            "company": forms.TextInput(attrs={"placeholder": "Acme"}),
            "role": forms.TextInput(attrs={"placeholder": "engineer, manager…"}),
            "started": DateInput(),
            "ended": DateInput(),
        }

    def clean_started(self) -> dt.date | None:
        started = self.cleaned_data["started"]
        rows.check_job_start(started)
        return started

    def clean_ended(self) -> dt.date | None:
        ended = self.cleaned_data["ended"]
        rows.check_job_end(ended)
        return ended


class RowFormSet(BaseInlineFormSet):
    """Inline rows that know their owner, and rules across rows: at most
    ``cap.limit`` rows per person (``contacts.limits``), and those of
    ``contacts.editing`` (one preferred email, one mailing address), said here
    as the form's error before the editor saves.

    A person saved by an older version with more rows than that shows the
    first ``cap.limit`` of them (``hidden`` says how many more there are): the
    page stays quick, the rows shown can be changed or removed, and nothing
    more can be added until the person is under the cap."""

    cap: Cap
    hidden = 0

    def __init__(self, *args: Any, owner: User, **kwargs: Any) -> None:
        self.owner = owner
        super().__init__(*args, **kwargs)

    def get_queryset(self) -> Any:
        if not hasattr(self, "_queryset"):
            saved = super().get_queryset()
            shown = saved[: self.cap.limit]
            if self.instance.pk is not None and len(shown) == self.cap.limit:
                self.hidden = saved.count() - self.cap.limit
            self._queryset = shown
        return self._queryset

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "owner": self.owner}

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove"

    def clean(self) -> None:
        super().clean()
        if any(form.instance.pk is None for form in self.initial_forms):
            raise ValidationError(
                "One of these rows no longer exists; it may have been changed in another "
                "window. Reload the page and try again."
            )
        kept = [form.instance for form in self.kept()]
        gone = [f.instance for f in self.initial_forms if self._should_delete_form(f)]
        check_cap(self.instance, self.model, kept, gone)
        check_rows(self.instance, self.model, kept, gone)

    def kept(self) -> list[forms.Form]:
        """Rows that will be saved (filled in and not marked for removal)."""
        return [
            form
            for form in self.forms
            if (form.instance.pk or form.has_changed()) and not self._should_delete_form(form)
        ]

    def changes(self) -> tuple[list[Any], list[Any]]:
        """The rows to save (new or changed) and those to remove; nothing written."""
        return self.save(commit=False), list(self.deleted_objects)


class RelationshipFormSet(RowFormSet):
    def get_queryset(self) -> Any:
        if not hasattr(self, "_queryset"):
            self.queryset = self.queryset.select_related("other")
        return super().get_queryset()


def _formset(model: type, form: type, cap: Cap, base: type = RowFormSet) -> Any:
    """Rows of ``model`` on the person form; no blank row is offered at the cap,
    and a post with far more rows than the cap is refused before they are read."""
    formset = inlineformset_factory(
        Person,
        model,
        form=form,
        formset=base,
        fk_name="person",
        extra=1,
        can_delete=True,
        can_delete_extra=False,
        max_num=cap.limit,
    )
    formset.cap = cap
    formset.default_error_messages = {"too_many_forms": cap.refusal()}
    return formset


INLINES = {
    # prefix: (title, formset class)
    "contacts": (
        "Email, phone and web",
        _formset(ContactPoint, ContactPointForm, limits.CONTACT_POINTS),
    ),
    "addresses": ("Addresses", _formset(Address, AddressForm, limits.ADDRESSES)),
    "dates": ("Key dates", _formset(KeyDate, KeyDateForm, limits.KEY_DATES)),
    "relations": (
        "Family and relationships",
        _formset(Relationship, RelationshipForm, limits.RELATIONSHIPS, RelationshipFormSet),
    ),
    "events": ("Life events", _formset(LifeEvent, LifeEventForm, limits.LIFE_EVENTS)),
    "jobs": ("Work history", _formset(Job, JobForm, limits.JOBS)),
}


class PersonEditor:
    """The person form and its inline formsets, validated and saved as one."""

    def __init__(
        self, owner: User, person: Person | None = None, data: Any = None, files: Any = None
    ) -> None:
        self.owner = owner
        self.person = person or Person(owner=owner)
        self.circles = list(owned(Circle, owner))
        self.form = PersonForm(data, files, instance=self.person, owner=owner, circles=self.circles)
        self.formsets = {
            prefix: formset_class(data, instance=self.person, prefix=prefix, owner=owner)
            for prefix, (_, formset_class) in INLINES.items()
        }

    def is_valid(self) -> bool:
        results = [self.form.is_valid(), *(fs.is_valid() for fs in self.formsets.values())]
        return all(results)

    @property
    def sections(self) -> list[tuple[str, str, Any]]:
        return [(prefix, INLINES[prefix][0], fs) for prefix, fs in self.formsets.items()]

    def save(self) -> Person:
        """Save everything (``save_person``); ``ValidationError`` if a rule refuses it."""
        person = self.form.save(commit=False)
        person.owner = self.owner
        saved: list[Any] = []
        deleted: list[Any] = []
        for formset in self.formsets.values():
            rows, gone = formset.changes()
            saved += rows
            deleted += gone
        data = self.form.cleaned_data
        return save_person(
            person,
            tags=data["tag_names"],
            saved=saved,
            deleted=deleted,
            photo=data.get("photo_upload"),
            remove_photo=bool(data.get("remove_photo")),
        )

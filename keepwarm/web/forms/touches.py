"""Forms for the touch log and follow-ups, with a people picker that scales to a
network of thousands: chosen people travel as ids, typed names are looked up."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from keepwarm.contacts.models import Person
from keepwarm.contacts.services import AmbiguousPerson, find_person
from keepwarm.owned import owned, parse_id
from keepwarm.touches.models import (
    FollowUp,
    Touch,
    TouchKind,
    validate_due_date,
    validate_touch_date,
)
from keepwarm.web.forms.accounts import Unsuffixed

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

MAX_PEOPLE = 500
DUE_CHOICES = (("tomorrow", 1), ("in 3 days", 3), ("in 10 days", 10), ("in a month", 30))
MAX_TYPED = 30


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form: on its field when the form has one."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _name_list(people: list[Person], limit: int = 5) -> str:
    names = [p.display_name for p in people[:limit]]
    more = len(people) - len(names)
    if more:
        return ", ".join(names) + f" and {more} more"
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def resolve_names(user: User, text: str) -> tuple[list[Person], list[str], list[str]]:
    """People for names or emails separated by ``;``: (found, unresolved pieces, problems)."""
    found: list[Person] = []
    unresolved: list[str] = []
    problems: list[str] = []
    pieces = [piece.strip() for piece in text.split(";") if piece.strip()]
    if len(pieces) > MAX_TYPED:
        return [], pieces, [f"Type at most {MAX_TYPED} names; pick more from the suggestions."]
    for piece in pieces:
        try:
            found.append(find_person(user, piece))
        except AmbiguousPerson as exc:
            unresolved.append(piece)
            problems.append(
                f"“{piece}” matches {_name_list(exc.candidates)}: "
                "type more of the name, or an email."
            )
        except Person.DoesNotExist:
            unresolved.append(piece)
            problems.append(f"No one in your network is called “{piece}”.")
    return found, unresolved, problems


class IdsField(forms.ModelMultipleChoiceField):
    """Chosen rows by id. Anything but a plain id (too large for any database,
    "²", "١٢") is an invalid value, not a crash nor someone else's row."""

    def _check_values(self, value: Any) -> Any:
        ids = [parse_id(pk) for pk in value]
        for pk, parsed in zip(value, ids, strict=True):
            if parsed is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(ids)


class IdField(forms.ModelChoiceField):
    """One chosen row by id; anything but a plain id is an invalid choice."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if parse_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(parse_id(value))


class PeoplePickerForm(Unsuffixed, forms.Form):
    """Picks people two ways. The type-ahead adds chosen people as ticked
    checkboxes named ``people`` (ids); without JavaScript, names or emails typed
    into ``people_text`` and separated by ``;`` are looked up with ``find_person``."""

    many = True
    people = IdsField(Person.objects.none(), required=False, widget=forms.MultipleHiddenInput)
    people_text = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args: Any, user: User, preselect: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["people"].queryset = owned(Person, user)
        self.fields["people_text"].label = "People" if self.many else "Person"
        self.picked: list[Person] = list(self.initial.get("people", []))
        if not self.is_bound and preselect and not self.picked:
            self.picked = list(owned(Person, user).filter(pk=parse_id(preselect)))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        chosen = cleaned.get("people")
        if chosen is None:  # a bad id: keep the good ones on screen
            ids = [parse_id(v) for v in self.data.getlist(self.add_prefix("people"))]
            chosen = owned(Person, self.user).filter(pk__in=[i for i in ids if i][:MAX_PEOPLE])
        typed, unresolved, problems = resolve_names(self.user, cleaned.get("people_text", ""))
        people = list({p.pk: p for p in [*chosen, *typed]}.values())
        cleaned["people"] = self.picked = people
        for problem in problems:
            self.add_error("people_text", problem)
        if not self.has_error("people") and not problems:
            self._check_count(people)
        if self.errors:
            self._reshow(unresolved)
        return cleaned

    def _check_count(self, people: list[Person]) -> None:
        if not people:
            message = "Pick at least one person." if self.many else "Pick a person."
            self.add_error("people_text", message)
        elif not self.many and len(people) > 1:
            self.add_error("people_text", "Pick one person only.")
        elif len(people) > MAX_PEOPLE:
            self.add_error("people_text", f"Pick at most {MAX_PEOPLE} people.")

    def _reshow(self, unresolved: list[str]) -> None:
        """Found names become chips; only the names that need work stay typed."""
        data = self.data.copy()
        data[self.add_prefix("people_text")] = "; ".join(unresolved)
        self.data = data

    @property
    def picker_errors(self) -> list[str]:
        return [*self.errors.get("people", []), *self.errors.get("people_text", [])]


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TouchForm(PeoplePickerForm):
    date = forms.DateField(widget=_date_input(), validators=[validate_touch_date])
    kind = IdField(TouchKind.objects.none(), empty_label="Pick a kind…")
    note = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you talked about, what they are up to.",
    )
    follow_up = forms.CharField(
        label="What you promised",
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": "e.g. send a thank-you note"}),
        help_text="One follow-up for each person.",
    )
    follow_up_due = forms.DateField(
        label="Due", required=False, widget=_date_input(), validators=[validate_due_date]
    )

    def __init__(self, *args: Any, touch: Touch | None = None, **kwargs: Any) -> None:
        if touch is not None:
            kwargs["initial"] = {
                "people": list(touch.people.order_by("sort_name", "id")),
                "date": touch.date,
                "kind": touch.kind_id,
                "note": touch.note,
            }
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = owned(TouchKind, self.user)
        today = timezone.localdate()
        self.fields["date"].initial = today
        self.fields["date"].widget.attrs["max"] = today.isoformat()
        self.fields["follow_up_due"].initial = today + dt.timedelta(days=1)
        if touch is not None:
            del self.fields["follow_up"], self.fields["follow_up_due"]

    @property
    def due_choices(self) -> list[tuple[str, str]]:
        """Quick picks for the follow-up's due date: (label, ISO date)."""
        today = timezone.localdate()
        return [(label, (today + dt.timedelta(days=n)).isoformat()) for label, n in DUE_CHOICES]


class FollowUpForm(PeoplePickerForm):
    many = False
    text = forms.CharField(
        label="What you promised",
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": "e.g. send the article about sourdough"}),
    )
    due = forms.DateField(widget=_date_input(), validators=[validate_due_date])

    def __init__(self, *args: Any, instance: FollowUp | None = None, **kwargs: Any) -> None:
        if instance is not None:
            kwargs["initial"] = {
                "people": [instance.person],
                "text": instance.text,
                "due": instance.due,
            }
        super().__init__(*args, **kwargs)
        self.fields["due"].initial = timezone.localdate() + dt.timedelta(days=1)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        people = cleaned.get("people") or []
        cleaned["person"] = people[0] if len(people) == 1 else None
        return cleaned


class FollowUpTabForm(forms.Form):
    TABS = (
        ("overdue", "Overdue"),
        ("due", "Due today"),
        ("upcoming", "Upcoming"),
        ("done", "Done"),
    )
    tab = forms.ChoiceField(choices=TABS, required=False)

    def tab_or(self, default: str) -> str:
        return (self.is_valid() and self.cleaned_data["tab"]) or default


class TouchFilterForm(Unsuffixed, forms.Form):
    kind = IdField(
        TouchKind.objects.none(),
        required=False,
        empty_label="All kinds",
        widget=forms.Select(attrs={"data-autosubmit": ""}),
    )
    person = IdField(Person.objects.none(), required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = owned(TouchKind, user)
        self.fields["person"].queryset = owned(Person, user)

    def filters(self) -> dict[str, Any]:
        """The valid filters; a bad value is dropped (the page shows everything instead)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in ("kind", "person")}

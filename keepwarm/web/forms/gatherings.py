"""Forms for gatherings: the gathering itself, the invitations, and the answers
and attendance table. Every choice of people or invitations is owner-scoped."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from keepwarm.contacts.models import Person
from keepwarm.mail import outbox
from keepwarm.mail.models import OutboxMessage
from keepwarm.occasions.hosting import words
from keepwarm.occasions.models import Gathering, Invitation, Phase
from keepwarm.owned import owned, parse_id, validate_one_line
from keepwarm.web.forms.accounts import Unsuffixed
from keepwarm.web.forms.touches import IdsField, PeoplePickerForm

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

MAX_CAPACITY = 1000
YEARS_AHEAD = 5
YEARS_BACK = 50


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GatheringForm(Unsuffixed, forms.ModelForm):
    capacity = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_CAPACITY,
        help_text="How many guests fit. Suggestions stop there; leave empty for no limit.",
        error_messages={
            "invalid": "Type the number of guests, like 12.",
            "min_value": "At least one guest.",
            "max_value": f"At most {MAX_CAPACITY} guests.",
        },
    )

    class Meta:
        model = Gathering
        fields = ["title", "date", "time", "place", "capacity", "yearly", "note"]
        widgets = {
            "date": _date_input(),
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "note": forms.Textarea(attrs={"rows": 3}),
            "title": forms.TextInput(attrs={"placeholder": "Chili party — football kickoff"}),
            "place": forms.TextInput(attrs={"placeholder": "Our place, Karl-Heine-Straße 12"}),
        }
        labels = {"yearly": "Every year", "time": "Starts at"}
        error_messages = {
            "title": {"required": "Give the gathering a name."},
            "date": {
                "required": "Pick the day.",
                "invalid": "Pick a real day, like 2027-01-09.",
            },
            "time": {"invalid": "Type a time like 18:30."},
        }
        help_texts = {
            "title": "",
            "yearly": "After the day, keepwarm offers to plan next year's with the same guests.",
            "note": "For you: what to cook, who brings what.",
        }

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError("Give the gathering a name.")
        return title

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        today = timezone.localdate()
        if day.year > today.year + YEARS_AHEAD:
            raise ValidationError(f"Pick a day within the next {YEARS_AHEAD} years.")
        if day.year < today.year - YEARS_BACK:
            raise ValidationError(f"Pick a day after {today.year - YEARS_BACK}.")
        return day

    @property
    def in_the_past(self) -> bool:
        day = self.cleaned_data.get("date")
        return bool(day and day < timezone.localdate())


class CopyForm(forms.Form):
    """``?copy=<id>``: start a new gathering from one of the user's own."""

    copy = forms.CharField(required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def source(self) -> Gathering | None:
        if not self.is_valid():
            return None
        pk = parse_id(self.cleaned_data["copy"])
        if pk is None:
            return None
        return owned(Gathering, self.user).filter(pk=pk).first()


class InviteForm(PeoplePickerForm):
    """Who to invite (ticked suggestions and anyone picked by name), and how: by
    email (previewed first: ``action`` "send" confirms, "edit" goes back to the
    form) or by the user themself."""

    EMAIL, COPY = "email", "copy"
    how = forms.ChoiceField(
        label="How",
        choices=[
            (EMAIL, "Preview the emails"),
            (COPY, "I'll invite them myself (copy the text)"),
        ],
        initial=EMAIL,
    )
    subject = forms.CharField(max_length=200, validators=[validate_one_line])
    text = forms.CharField(
        label="Invitation",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="{first_name} becomes each guest's first name.",
    )
    action = forms.ChoiceField(
        required=False, choices=[("", "preview"), ("send", "send"), ("edit", "edit")]
    )

    def __init__(self, *args: Any, gathering: Gathering, **kwargs: Any) -> None:
        subject, text = words(gathering)
        kwargs.setdefault("initial", {}).update(subject=subject, text=text)
        super().__init__(*args, **kwargs)
        self.gathering = gathering
        self.fields["people"].queryset = owned(Person, self.user).active()
        self.fields["people_text"].label = "Someone else"
        # The demo, or an address not confirmed yet: inviting by hand only.
        self.refused = outbox.refusal(self.user, OutboxMessage.Kind.INVITATION)

    def clean_text(self) -> str:
        return str(self.cleaned_data["text"]).replace("\r\n", "\n")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        gone = [p.display_name for p in cleaned.get("people") or [] if p.deceased or p.archived]
        if gone:
            self.add_error(
                "people_text", f"{', '.join(gone)} cannot be invited (died or archived)."
            )
        if cleaned.get("how") == self.EMAIL and self.refused is not None:
            self.add_error("how", self.refused)
        return cleaned

    @property
    def sending(self) -> bool:
        """Confirmed from the preview: queue the emails now."""
        return self.cleaned_data.get("action") == "send"

    @property
    def editing(self) -> bool:
        """Back from the preview to the form, everything kept."""
        return self.cleaned_data.get("action") == "edit"


class AnswersForm(Unsuffixed, forms.Form):
    """One answer select per invitation and, from the day on, who came."""

    came = IdsField(Invitation.objects.none(), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, gathering: Gathering, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.gathering = gathering
        self.invitations = list(gathering.invitations.select_related("person", "person__circle"))
        for invitation in self.invitations:
            self.fields[f"answer_{invitation.pk}"] = forms.ChoiceField(
                label=f"Answer of {invitation.person.display_name}",
                choices=Invitation.Answer.choices,
                required=False,
                initial=invitation.answer,
            )
        self.attendance = gathering.phase_on(today) != Phase.COMING
        if self.attendance:
            self.fields["came"].queryset = gathering.invitations.all()
        else:
            del self.fields["came"]

    def answers(self) -> dict[int, str]:
        return {i.pk: self.cleaned_data.get(f"answer_{i.pk}") or "" for i in self.invitations}

    def came_ids(self) -> list[int]:
        return [i.person_id for i in self.cleaned_data.get("came") or []]

    def rows(self) -> list[tuple[Invitation, forms.BoundField]]:
        return [(i, self[f"answer_{i.pk}"]) for i in self.invitations]

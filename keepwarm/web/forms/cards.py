"""Forms of the holiday-card runs: a new run, a card's status, marking cards sent."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from keepwarm.contacts.models import Circle, Tag
from keepwarm.lib.dates import span_problem
from keepwarm.occasions.card_runs import Season, coming_seasons, find_season, sent_date, to_send
from keepwarm.occasions.models import CardRecipient, CardRun
from keepwarm.owned import owned
from keepwarm.web.forms.accounts import Unsuffixed
from keepwarm.web.forms.touches import IdField, IdsField

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

Status = CardRecipient.Status
YEARS_AHEAD = 2
SWITCHABLE = (Status.PLANNED, Status.ASK_ADDRESS, Status.CALL_INSTEAD, Status.LEFT_OUT)
DATE_INPUT = {"input_formats": ["%Y-%m-%d"], "error_messages": {"invalid": "Enter a real date."}}


def date_field(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **DATE_INPUT,
        **kwargs,
    )


def season_label(season: Season) -> str:
    return f"{season.name} — {season.date:%a} {season.date.day} {season.date:%b %Y}"


class CardRunForm(Unsuffixed, forms.Form):
    name = forms.CharField(label="Name", max_length=120, help_text="What you call this run.")
    season = forms.ChoiceField(
        label="Season",
        error_messages={"invalid_choice": "Pick one of the seasons offered."},
    )
    send_from = date_field("Send from", required=False)
    send_until = date_field(
        "Send until", required=False, help_text="Empty: the season's window, to arrive in time."
    )
    circles = IdsField(
        Circle.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Pick among your circles."},
    )
    tags = IdsField(
        Tag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Pick among your tags."},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.today = timezone.localdate()
        self.country = user.profile.country
        self.seasons = coming_seasons(self.country, self.today)
        local = [(s.choice, season_label(s)) for s in self.seasons if s.local]
        other = [(s.choice, season_label(s)) for s in self.seasons if not s.local]
        self.fields["season"].choices = (
            [
                (f"Holidays in {self.country or 'your country'}", local),
                ("Other holidays", other),
            ]
            if local
            else other
        )
        self.fields["circles"].queryset = owned(Circle, user)
        self.fields["tags"].queryset = owned(Tag, user)
        if not self.is_bound and self.seasons:
            first = self.seasons[0]
            self.initial.setdefault("season", first.choice)
            self.initial.setdefault("name", f"{first.name} cards {first.send_until.year}")
            self.initial.setdefault("send_from", first.send_from)
            self.initial.setdefault("send_until", first.send_until)

    def clean_season(self) -> Season:
        season = find_season(self.country, self.cleaned_data["season"])
        if season is None:
            raise ValidationError("Pick one of the seasons offered.")
        return season

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        season = cleaned.get("season")
        if isinstance(season, Season):
            cleaned["send_from"] = cleaned.get("send_from") or season.send_from
            cleaned["send_until"] = cleaned.get("send_until") or season.send_until
        self._check_window(cleaned.get("send_from"), cleaned.get("send_until"))
        picked = cleaned.get("circles") or cleaned.get("tags")
        if not (picked or self.has_error("circles") or self.has_error("tags")):
            raise ValidationError("Pick at least one circle or tag to send cards to.")
        return cleaned

    def _check_window(self, start: dt.date | None, end: dt.date | None) -> None:
        if start is None or end is None:
            return
        if problem := span_problem(start, end, "The window"):
            self.add_error("send_until", problem)
        latest = self.today.replace(year=self.today.year + YEARS_AHEAD, day=min(self.today.day, 28))
        if end > latest:
            self.add_error("send_until", f"Pick a day at most {YEARS_AHEAD} years ahead.")
        if start.year < 2000:
            self.add_error("send_from", "Pick a day in 2000 or later.")

    def season_key(self) -> str:
        return self.cleaned_data["season"].key


class RecipientStatusForm(forms.Form):
    """A card's new status, from its row on the run page."""

    recipient = IdField(
        CardRecipient.objects.none(),
        error_messages={
            "required": "Pick a card of this run.",
            "invalid_choice": "That card is not in this run.",
        },
    )
    status = forms.ChoiceField(
        choices=[(s.value, s.label) for s in SWITCHABLE],
        error_messages={
            "invalid_choice": "Pick to send, ask for the address, call instead or leave out."
        },
    )

    def __init__(self, *args: Any, run: CardRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = run.recipients.all()


class MarkSentForm(Unsuffixed, forms.Form):
    """Mark the ticked cards (or all cards to send) sent on a day; or undo one."""

    ACTIONS = (("selected", "selected"), ("all", "all"), ("undo", "undo"))
    action = forms.ChoiceField(
        choices=ACTIONS, error_messages={"invalid_choice": "Unknown action."}
    )
    cards = IdsField(
        CardRecipient.objects.none(),
        required=False,
        error_messages={"invalid_choice": "One of those cards is not in this run."},
    )
    date = date_field("Sent on", required=False)

    def __init__(self, *args: Any, run: CardRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cards"].queryset = run.recipients.all()
        self.run = run

    def clean_date(self) -> dt.date:
        return sent_date(self.cleaned_data.get("date"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == "all":
            cleaned["cards"] = list(to_send(self.run))
        elif action and not self.has_error("cards") and not cleaned.get("cards"):
            raise ValidationError("Tick the cards first.")
        return cleaned

"""Sign-up, and the time zone and country choices that sign-up and settings share."""

from __future__ import annotations

import functools
import re
import unicodedata
import zoneinfo
from typing import Any

import phonenumbers
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from phonenumbers.geocoder import country_name_for_number

from keepwarm.accounts.services import create_user

# Names phonenumbers does not carry (regions without an example number).
EXTRA_COUNTRY_NAMES = {
    "AC": "Ascension Island",
    "BL": "Saint Barthélemy",
    "EH": "Western Sahara",
    "MF": "Saint Martin",
    "TA": "Tristan da Cunha",
    "XK": "Kosovo",
}
NOT_TIME_ZONES = {"Factory", "localtime", "posixrules"}
TIME_ZONE_REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


def _country_name(code: str) -> str:
    """The English name of a region, from phonenumbers' own data."""
    example = phonenumbers.example_number(code)
    name = country_name_for_number(example, "en") if example else ""
    return name or EXTRA_COUNTRY_NAMES.get(code, code)


@functools.cache
def country_choices() -> list[tuple[str, str]]:
    """Every country phone numbers know, as (code, "Name (CODE)"), by name."""
    named = [(code, _country_name(code)) for code in phonenumbers.SUPPORTED_REGIONS]
    named.sort(key=lambda pair: unicodedata.normalize("NFKD", pair[1]).casefold())
    return [(code, f"{name} ({code})") for code, name in named]


@functools.cache
def time_zone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every time zone, sorted, grouped by region (legacy names under "Other")."""
    groups: dict[str, list[tuple[str, str]]] = {region: [] for region in TIME_ZONE_REGIONS}
    groups["Other"] = []
    for zone in sorted(zoneinfo.available_timezones() - NOT_TIME_ZONES):
        region = zone.split("/", 1)[0]
        group = groups[region] if region in groups and "/" in zone else groups["Other"]
        group.append((zone, zone.replace("_", " ")))
    return [(region, zones) for region, zones in groups.items() if zones]


def all_time_zones() -> set[str]:
    return {zone for _, zones in time_zone_choices() for zone, _ in zones}


def guess_country(accept_language: str) -> str:
    """The country of the browser's first language with a region ("de-AT" → AT)."""
    for match in re.finditer(r"[a-zA-Z]{2,3}[-_]([a-zA-Z]{2})\b", accept_language or ""):
        code = match.group(1).upper()
        if code in phonenumbers.SUPPORTED_REGIONS:
            return code
    return "US"


class Unsuffixed:
    """Labels without a trailing colon, like every form of the app."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]


class SignupForm(Unsuffixed, forms.Form):
    username = forms.CharField(
        label="User name",
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="Letters, digits and @ . + - _ only.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    email = forms.EmailField(
        required=False,
        help_text="Optional: for reminders and the weekly digest.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        help_text="At least 8 characters; not only digits, not a common password.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    time_zone = forms.ChoiceField(
        choices=time_zone_choices,
        help_text="Your days start and end here.",
        widget=forms.Select(attrs={"data-detect-timezone": ""}),
    )
    country = forms.ChoiceField(
        choices=country_choices,
        help_text="For public holidays and phone numbers.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:  # keep the zone the user picked when the form comes back
            self.fields["time_zone"].widget.attrs.pop("data-detect-timezone", None)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError("That user name is taken: pick another.")
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords differ.")
        elif first:
            user = get_user_model()(
                username=cleaned.get("username", ""), email=cleaned.get("email", "")
            )
            try:
                validate_password(first, user)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned

    def save(self) -> Any:
        data = self.cleaned_data
        return create_user(
            data["username"],
            data["password1"],
            email=data.get("email", ""),
            time_zone=data["time_zone"],
            country=data["country"],
        )


def signup_initial(request: Any) -> dict[str, str]:
    return {
        "time_zone": settings.KEEPWARM_DEFAULT_TIME_ZONE,
        "country": guess_country(request.META.get("HTTP_ACCEPT_LANGUAGE", "")),
    }

"""Where guests live, seen from a party in the user's home city and country
(Settings), without any geocoding: a guest who lives elsewhere is flagged
"lives in Lisbon, Portugal"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from babel import Locale

from keepwarm.contacts.models import Address, Person
from keepwarm.occasions.households import fold
from keepwarm.owned import owned

if TYPE_CHECKING:
    from keepwarm.accounts.models import User


@dataclass(frozen=True)
class Place:
    """Where a person lives, as far as keepwarm knows, seen from the party."""

    city: str
    """Their city as written, "" when not known."""
    abroad: str
    """Their country (its English name, or as written) when it is not the
    user's, else ""."""
    near: bool | None
    """In the party's city; False: elsewhere; None: not known."""

    @property
    def far(self) -> str:
        """The flag of a guest far from the party: "lives in Lisbon, Portugal"."""
        if self.near is not False:
            return ""
        return "lives in " + ", ".join(part for part in (self.city, self.abroad) if part)


def country_label(code: str) -> str:
    """A two-letter country code's English name ("PT" → "Portugal")."""
    return str(Locale("en").territories.get(code.upper(), code))


def _mailing_addresses(user: User, people: Sequence[Person]) -> dict[int, Address]:
    rows = owned(Address, user).filter(person_id__in=[p.pk for p in people])
    found: dict[int, Address] = {}
    for address in rows.order_by("-is_mailing", "id"):
        found.setdefault(address.person_id, address)
    return found


def places(user: User, people: Sequence[Person]) -> dict[int, Place]:
    """Where each person lives, seen from the party in the user's home city and
    country: their city (theirs, else their mailing address's) against the home
    city when both are known, else their address's country against the user's
    (an address without a country is in the user's)."""
    home_city = fold(user.profile.home_city)
    home_country = (user.profile.country or "").upper()
    addresses = _mailing_addresses(user, people)
    found = {}
    for person in people:
        address = addresses.get(person.pk)
        city = person.city.strip() or (address.locality.strip() if address else "")
        code = address.country.strip().upper() if address else ""
        abroad = ""
        if code and code != home_country:
            abroad = country_label(code)
        elif address and not code:
            abroad = address.country_name.strip()  # a country without a code
        near: bool | None = None
        if city and home_city:
            near = fold(city) == home_city
        elif abroad:
            near = False
        found[person.pk] = Place(city, abroad if near is False else "", near)
    return found


def far_away(user: User, people: Sequence[Person]) -> dict[int, str]:
    """Person id → "lives in Lisbon, Portugal", for the people far from the party."""
    return {pid: place.far for pid, place in places(user, people).items() if place.far}

"""One card per household: people who live at the same place share a card.

Two people share a household when their mailing addresses are the same place
(street, postcode, city and country compared after folding case, accents,
punctuation, spacing and the usual abbreviations: "12 Main St." is
"12 main street"), or when they are spouses or partners and only one of them
has an address (the other is taken to live there too).

The name on the card:

* one person: their name ("Jane Doe");
* everyone shares one family name: "Jane & John Doe", for three or more
  "Jane, John & Lily Doe";
* otherwise each full name: "Jane Doe & John Roe", "Jane Doe, John Roe & Lily Doe".

Deceased and archived people are never on a card. The grouping itself is a
pure function over plain ``Member`` records, so it is tested without a database.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from keepwarm.contacts import search
from keepwarm.contacts.models import Address, Person, RelationKind, Relationship

MAX_NAME = 200
"""``CardRecipient.name_on_card`` holds this many characters."""

# Spelled-out and abbreviated words of addresses, folded to one form.
_ABBREVIATIONS = {
    "st": "street",
    "str": "strasse",
    "ave": "avenue",
    "av": "avenue",
    "rd": "road",
    "dr": "drive",
    "ln": "lane",
    "blvd": "boulevard",
    "ct": "court",
    "pl": "place",
    "sq": "square",
    "apt": "apartment",
    "no": "number",
    "nr": "number",
}
_PARTNERS = (RelationKind.SPOUSE, RelationKind.PARTNER)


def fold(text: str) -> str:
    """Compared as search compares (``contacts.search.fold``: case, accents and
    apostrophes aside), with punctuation as spaces and single spaces."""
    return " ".join(re.sub(r"[^\w]+", " ", search.fold(text)).split())


def _street_words(street: str) -> str:
    words = []
    for word in fold(street).split():
        # "Hauptstr" and "hauptstrasse" are the same street.
        if word.endswith("str") and len(word) > 3:
            word = word + "asse"
        words.append(_ABBREVIATIONS.get(word, word))
    return " ".join(words)


def place_key(address: Address, home_country: str = "") -> tuple[str, str, str, str]:
    """What makes two addresses the same place. An address without a country
    is taken to be in ``home_country`` (the user's own)."""
    country = (address.country or home_country).upper()
    postcode = fold(address.postcode).replace(" ", "")
    return (_street_words(address.street), postcode, fold(address.locality), country)


@dataclass(frozen=True)
class Member:
    """What grouping needs to know of one person."""

    id: int
    given: str
    family: str
    full: str
    place: tuple[str, ...] | None = None
    partners: frozenset[int] = field(default_factory=frozenset)


def group(members: Sequence[Member]) -> list[list[Member]]:
    """Members sharing a place, and partners without a place joined to theirs;
    everyone in exactly one group, groups and members in a stable order."""
    by_id = {m.id: m for m in members}
    groups: dict[tuple[str, ...] | int, list[Member]] = defaultdict(list)
    for member in sorted(members, key=lambda m: m.id):
        groups[_key(member, by_id)].append(member)
    return sorted(groups.values(), key=lambda g: (fold(name_on_card(g)), g[0].id))


def _key(member: Member, by_id: dict[int, Member]) -> tuple[str, ...] | int:
    if member.place is not None:
        return member.place
    homes = sorted(
        (by_id[p].place, p) for p in member.partners if p in by_id and by_id[p].place is not None
    )
    return homes[0][0] if homes else member.id  # type: ignore[return-value]


def name_on_card(members: Sequence[Member]) -> str:
    """ "Jane Doe", "Jane & John Doe", "Jane Doe & John Roe" (see the module's rule)."""
    if len(members) == 1:
        return members[0].full[:MAX_NAME]
    families = {fold(m.family) for m in members}
    if len(families) == 1 and "" not in families and all(m.given for m in members):
        text = f"{_and([m.given for m in members])} {members[0].family}"
    else:
        text = _and([m.full for m in members])
    if len(text) > MAX_NAME:
        family = members[0].family or members[0].full
        text = f"The {family} household"
    return text[:MAX_NAME]


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} & {names[-1]}"


@dataclass
class Household:
    name_on_card: str
    people: list[Person]
    address: Address | None


def mailing_addresses(people: Iterable[Person]) -> dict[int, Address]:
    """Each person's mailing address: the one marked so, else their first."""
    ids = [p.pk for p in people]
    found: dict[int, Address] = {}
    for address in Address.objects.filter(person_id__in=ids).order_by("-is_mailing", "id"):
        found.setdefault(address.person_id, address)
    return found


def _partners(ids: list[int]) -> dict[int, set[int]]:
    links = Relationship.objects.filter(
        person_id__in=ids, other_id__in=ids, kind__in=_PARTNERS
    ).values_list("person_id", "other_id")
    partners: dict[int, set[int]] = defaultdict(set)
    for one, two in links:
        partners[one].add(two)
        partners[two].add(one)
    return partners


def _member(person: Person, address: Address | None, partners: set[int], home: str) -> Member:
    family = person.family_name.strip()
    given = person.given_name.strip()
    if not given and family and person.display_name.endswith(family):
        given = person.display_name[: -len(family)].strip()
    return Member(
        id=person.pk,
        given=given,
        family=family,
        full=person.display_name,
        place=place_key(address, home) if address is not None else None,
        partners=frozenset(partners),
    )


def households(people: Iterable[Person], *, home_country: str = "") -> list[Household]:
    """The cards ``people`` need: one per household, the deceased and archived left out."""
    living = [p for p in people if not (p.deceased or p.archived)]
    by_id = {p.pk: p for p in living}
    addresses = mailing_addresses(living)
    partners = _partners(list(by_id))
    members = [_member(p, addresses.get(p.pk), partners[p.pk], home_country) for p in living]
    result = []
    for members_of_one in group(members):
        ours = [by_id[m.id] for m in members_of_one]
        address = next((addresses[p.pk] for p in ours if p.pk in addresses), None)
        result.append(Household(name_on_card(members_of_one), ours, address))
    return result

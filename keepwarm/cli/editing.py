"""Changing a person and the account settings: validated, all or nothing.

Import after Django is set up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from keepwarm.cli import lookup
from keepwarm.cli.app import USAGE_ERROR, CliError
from keepwarm.contacts.editing import save_person
from keepwarm.contacts.models import Address, ContactPoint, Person
from keepwarm.contacts.sameness import text_key
from keepwarm.contacts.services import default_region, normalize_contact

TEXT_FIELDS = ("company", "job_title", "city")


def update_person(
    person: Person,
    changes: dict[str, Any],
    *,
    add_tags: Sequence[str] = (),
    remove_tags: Sequence[str] = (),
    prefer: Sequence[str] = (),
    mailing: Sequence[str] = (),
) -> Person:
    """Apply the options that were given (``contacts.editing.save_person``);
    nothing is saved if any is invalid."""
    given = any(v is not None for v in changes.values())
    if not (given or add_tags or remove_tags or prefer or mailing):
        raise CliError("Nothing to change: give an option such as --circle.", USAGE_ERROR)
    apply_changes(person, changes)
    rows = [*preferred_points(person, prefer), *mailing_addresses(person, mailing)]
    return save_person(person, add_tags=add_tags, remove_tags=remove_tags, saved=rows)


def apply_changes(person: Person, changes: dict[str, Any]) -> None:
    if changes.get("circle") is not None:
        person.circle = lookup.circle(person.owner, changes["circle"])
    birthday = changes.get("birthday")
    if birthday is not None:
        person.birthday_month, person.birthday_day = birthday.month, birthday.day
        person.birthday_year = birthday.year
    for field in TEXT_FIELDS:
        if changes.get(field) is not None:
            setattr(person, field, changes[field].strip())
    if changes.get("deceased") is not None:
        person.deceased, person.deceased_on = True, changes["deceased"]
    if changes.get("archived") is not None:
        person.archived = changes["archived"]


def preferred_points(person: Person, typed: Sequence[str]) -> list[ContactPoint]:
    """The contact points ``--prefer`` changes: each one named becomes the
    preferred one of its kind, the others of that kind are not (naming two of
    one kind is refused by ``save_person``)."""
    if not typed:
        return []
    points = list(person.contact_points.all())
    named = [_point(person, points, value) for value in typed]
    kinds = {point.kind for point in named}
    changed = []
    for point in points:
        wanted = point in named
        if point.kind in kinds and point.preferred != wanted:
            point.preferred = wanted
            changed.append(point)
    return changed


def _point(person: Person, points: list[ContactPoint], typed: str) -> ContactPoint:
    region = default_region(person.owner)
    for point in points:
        try:
            if normalize_contact(point.kind, typed, region, lenient=True) == point.normalized:
                return point
        except ValidationError:
            continue
    has = ", ".join(point.value for point in points) or "none"
    raise CliError(
        f"{person.display_name} has no email, phone or web address {typed} (has: {has})."
    )


def mailing_addresses(person: Person, typed: Sequence[str]) -> list[Address]:
    """The addresses ``--mailing`` changes: the one named becomes the mailing
    address and the others are not (naming two is refused by ``save_person``)."""
    if not typed:
        return []
    addresses = list(person.addresses.all())
    named = [_address(person, addresses, words) for words in typed]
    changed = []
    for address in addresses:
        wanted = address in named
        if address.is_mailing != wanted:
            address.is_mailing = wanted
            changed.append(address)
    return changed


def _address(person: Person, addresses: list[Address], typed: str) -> Address:
    """The one address whose lines hold the words typed ("Hauptstr", "10115 Berlin")."""
    words = text_key(typed)
    found = [a for a in addresses if words and words in text_key(" ".join(a.lines()))]
    if len(found) == 1:
        return found[0]
    if not found:
        raise CliError(f"{person.display_name} has no address with {typed!r} in it.")
    raise CliError(
        f"{typed!r} is in {len(found)} of {person.display_name}'s addresses: "
        "give more of the one you mean."
    )


@transaction.atomic
def update_profile(profile: Any, changes: dict[str, Any]) -> Any:
    for field, value in changes.items():
        setattr(profile, field, value.strip() if isinstance(value, str) else value)
    profile.country = profile.country.upper()
    profile.full_clean()
    profile.save()
    return profile

"""Changing a person and the account settings: validated, all or nothing.

Import after Django is set up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q

from keepwarm.cli import lookup
from keepwarm.cli.app import USAGE_ERROR, CliError
from keepwarm.contacts.models import Person, Tag
from keepwarm.contacts.services import refresh_search_text, tags_from_names
from keepwarm.owned import owned

TEXT_FIELDS = ("company", "job_title", "city")


@transaction.atomic
def update_person(
    person: Person,
    changes: dict[str, Any],
    *,
    add_tags: Sequence[str] = (),
    remove_tags: Sequence[str] = (),
) -> Person:
    """Apply the options that were given; nothing is saved if any is invalid."""
    if not (add_tags or remove_tags or any(v is not None for v in changes.values())):
        raise CliError("Nothing to change: give an option such as --circle.", USAGE_ERROR)
    removed = tags_to_remove(person, remove_tags)
    apply_changes(person, changes)
    person.full_clean()
    person.save()
    if add_tags:
        person.tags.add(*tags_from_names(person.owner, add_tags))
    person.tags.remove(*removed)
    refresh_search_text([person])
    return person


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


def tags_to_remove(person: Person, names: Sequence[str]) -> list[Tag]:
    wanted = {n.strip().casefold() for n in names if n.strip()}
    condition = Q()
    for name in wanted:
        condition |= Q(name__iexact=name)
    tags = list(owned(Tag, person.owner).filter(condition, people=person)) if wanted else []
    missing = wanted - {t.name.casefold() for t in tags}
    if missing:
        has = ", ".join(t.name for t in person.tags.all()) or "none"
        raise CliError(
            f"{person.display_name} has no tag {', '.join(sorted(missing))} (tags: {has})."
        )
    return tags


@transaction.atomic
def update_profile(profile: Any, changes: dict[str, Any]) -> Any:
    for field, value in changes.items():
        setattr(profile, field, value.strip() if isinstance(value, str) else value)
    profile.country = profile.country.upper()
    profile.full_clean()
    profile.save()
    return profile

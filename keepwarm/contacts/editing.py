"""Changing a person: the one way every door saves a person it changed (the
person form, the command line, the API, and later sync), with the rules
across a person's rows kept here: one preferred contact point of each kind,
one mailing address, no more rows of a kind than its cap (``limits``).

A door sets the fields it changes on the person, gathers the rows it adds,
changes or removes, and calls ``save_person``: everything is saved in one
transaction, or nothing is and ``ValidationError`` says why. A door that
shows a rule next to its fields (the person form's rows) asks ``check_rows``
and ``check_cap`` first, so the message is the same wherever the rule is met.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q

from keepwarm.contacts import limits
from keepwarm.contacts.models import (
    Address,
    ContactKind,
    ContactPoint,
    Job,
    KeyDate,
    LifeEvent,
    Person,
    Relationship,
    Tag,
)
from keepwarm.contacts.services import refresh_search_text, tags_from_names
from keepwarm.owned import owned


def one_preferred(points: Iterable[ContactPoint]) -> None:
    """At most one preferred email, one preferred phone, and so on."""
    preferred = [point.kind for point in points if point.preferred]
    doubled = sorted({kind for kind in preferred if preferred.count(kind) > 1})
    if doubled:
        label = ContactKind(doubled[0]).label.lower()
        raise ValidationError(f"Mark only one {label} as preferred.")


def one_mailing(addresses: Iterable[Address]) -> None:
    """At most one mailing address."""
    if sum(1 for address in addresses if address.is_mailing) > 1:
        raise ValidationError("Only one address can be the mailing address.")


RULES: dict[type[models.Model], Callable[[list[Any]], None]] = {
    ContactPoint: one_preferred,
    Address: one_mailing,
}
"""The rules across a person's rows of a kind: each raises ``ValidationError``."""


def rows_after(
    person: Person, model: type[models.Model], saved: Iterable[Any], deleted: Iterable[Any] = ()
) -> list[Any]:
    """The person's rows of ``model`` once ``saved`` are saved and ``deleted``
    removed: the rows in the database neither names, then ``saved``. A door
    need not hold every row (the person form shows a capped number)."""
    saved = [row for row in saved if isinstance(row, model)]
    named = {row.pk for row in [*saved, *deleted] if row.pk is not None}
    if person.pk is None:
        return saved
    kept = model._default_manager.filter(person_id=person.pk).exclude(pk__in=named)
    return [*kept, *saved]


def check_rows(
    person: Person, model: type[models.Model], saved: Iterable[Any], deleted: Iterable[Any] = ()
) -> None:
    """``ValidationError`` when the person's rows of ``model``, changed so,
    would break a rule across them (``RULES``)."""
    rule = RULES.get(model)
    if rule is not None:
        rule(rows_after(person, model, saved, deleted))


CAPS: dict[type[models.Model], limits.Cap] = {
    ContactPoint: limits.CONTACT_POINTS,
    Address: limits.ADDRESSES,
    KeyDate: limits.KEY_DATES,
    Relationship: limits.RELATIONSHIPS,
    LifeEvent: limits.LIFE_EVENTS,
    Job: limits.JOBS,
}
"""The cap of each kind of row on a person."""


def check_cap(
    person: Person, model: type[models.Model], saved: Iterable[Any], deleted: Iterable[Any] = ()
) -> None:
    """``ValidationError`` when ``saved`` adds rows of ``model`` beyond its cap.
    Rows may be changed and removed at any count, added only up to the cap,
    counted in the database (a door need not hold every row)."""
    added = sum(1 for row in saved if isinstance(row, model) and row.pk is None)
    if not added:
        return
    gone = {row.pk for row in deleted if isinstance(row, model) and row.pk is not None}
    rows = model._default_manager.filter(person_id=person.pk).exclude(pk__in=gone)
    count = (rows.count() if person.pk is not None else 0) + added
    cap = CAPS[model]
    if count > cap.limit:
        raise ValidationError(cap.refusal(count))


def tags_named(person: Person, names: Iterable[str]) -> list[Tag]:
    """The person's tags of these names (any case); ``ValidationError`` naming
    one they do not have."""
    wanted = {name.strip().casefold() for name in names if name.strip()}
    if not wanted:
        return []
    condition = Q()
    for name in wanted:
        condition |= Q(name__iexact=name)
    tags = list(owned(Tag, person.owner).filter(condition, people=person))
    missing = wanted - {tag.name.casefold() for tag in tags}
    if missing:
        has = ", ".join(tag.name for tag in person.tags.all()) or "none"
        raise ValidationError(
            f"{person.display_name} has no tag {', '.join(sorted(missing))} (tags: {has})."
        )
    return tags


@transaction.atomic
def save_person(
    person: Person,
    *,
    tags: Sequence[str] | None = None,
    add_tags: Sequence[str] = (),
    remove_tags: Sequence[str] = (),
    saved: Sequence[Any] = (),
    deleted: Sequence[Any] = (),
    photo: Any = None,
    remove_photo: bool = False,
) -> Person:
    """Save ``person`` as a door changed it, with its rows, tags and photo.

    ``tags`` names all the person's tags (or None to leave them), ``add_tags``
    and ``remove_tags`` change some; ``saved`` are the person's rows to add or
    change (contact points, addresses, dates…), ``deleted`` those to remove;
    ``photo`` is a new picture (made small already). The person's own fields
    are validated here, and the rules across rows (``check_rows``, ``check_cap``);
    each row comes validated by the door (a form, ``rows.clean_typed``). The
    old photo's file goes once the change is committed."""
    removed = tags_named(person, remove_tags) if person.pk is not None else []
    person.full_clean()
    for model in RULES:
        check_rows(person, model, saved, deleted)
    for model in CAPS:
        check_cap(person, model, saved, deleted)
    old_photo = Person.objects.filter(pk=person.pk).values_list("photo", flat=True).first() or ""
    if photo is not None:
        person.photo.save(photo.name, photo, save=False)
    elif remove_photo:
        person.photo = ""
    person.save()
    if tags is not None:
        person.tags.set(tags_from_names(person.owner, tags))
    if add_tags:
        person.tags.add(*tags_from_names(person.owner, add_tags))
    person.tags.remove(*removed)
    for row in saved:
        row.owner, row.person = person.owner, person
        row.save()
    for row in deleted:
        row.delete()
    refresh_search_text([person])
    if old_photo and old_photo != person.photo.name:
        storage = person.photo.storage
        transaction.on_commit(lambda: storage.delete(old_photo))
    return person

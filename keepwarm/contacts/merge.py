"""Make two people one, keeping every contact point, date, address, touch and
note; and undo it, putting both back as they were.

A merge folds the absorbed person into the kept one in one transaction:
fields the kept person lacks are filled, notes are joined, every row that
belonged to the absorbed person moves over, and a row that would only repeat
one the kept person has (the same email, the same address) is dropped. The
``Merge`` row records the absorbed person and every row of theirs as they
were, and what changed on the kept person, so an undo restores both. What the
user changed on the kept person since the merge wins over the undo.

A merge that would give the kept person more of a kind of row than a person
can have (``contacts.limits``) is not done: it would have to leave some out,
so it says what to remove first instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from keepwarm.contacts.limits import CAPS
from keepwarm.contacts.models import (
    NAME_FIELDS,
    WORK_FIELDS,
    Address,
    Circle,
    ContactPoint,
    Job,
    KeyDate,
    LifeEvent,
    Merge,
    NotDuplicate,
    Person,
    Relationship,
)
from keepwarm.contacts.sameness import address_key, date_key, point_key, relation_key, text_key
from keepwarm.contacts.services import (
    add_extras,
    add_notes,
    default_circle,
    refresh_search_text,
)
from keepwarm.formats.records import extras_lines, extras_pairs
from keepwarm.owned import owned

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

FILLED = (
    *NAME_FIELDS,
    *WORK_FIELDS,
    "industry",
    "city",
    "how_we_met",
    "external_uid",
    "photo",
    "deceased",
    "deceased_on",
)
"""Fields the kept person takes from the absorbed one when their own is empty
(``fills``: the birthday too); the compare page says each one it will fill."""
SPELLING = tuple(name for name in NAME_FIELDS if name != "nickname")
"""The parts that spell out a person's name: taken all together, by a kept
person who has none of them. One who has some keeps their own name as it is
spelled, and the other name goes to the notes ("Also known as")."""
KEPT_FIELDS = (
    *FILLED,
    "notes",
    "extras",
    "is_organization",
    "birthday_month",
    "birthday_day",
    "birthday_year",
    "circle_id",
    "also_in",
    "created_at",
)


class MergeError(Exception):
    """A merge or an undo that cannot be done, with a message for the user."""


# Rows as JSON and back ------------------------------------------------------


def _dump(row: models.Model) -> dict[str, Any]:
    values = {}
    for f in row._meta.concrete_fields:
        value = getattr(row, f.attname)
        values[f.attname] = value.name if isinstance(f, models.FileField) else value
    return values


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, str | int | bool):
        return value
    if isinstance(value, dt.date):  # datetimes too, to the microsecond
        return value.isoformat()
    return DjangoJSONEncoder().default(value)


def _row(row: models.Model) -> dict[str, Any]:
    return {name: _encode(value) for name, value in _dump(row).items()}


def _load(model: type[models.Model], data: dict[str, Any]) -> models.Model:
    values = {}
    for f in model._meta.concrete_fields:
        if f.attname in data:
            raw = data[f.attname]
            values[f.attname] = raw if raw is None or f.is_relation else f.to_python(raw)
    return model(**values)


# Which rows are the absorbed person's, and which of them only repeat ----------

Repeats = Callable[[Person], Callable[[Any], bool]]
"""Given the kept person: whether a row of the absorbed person only repeats one of theirs."""


@dataclass(frozen=True)
class Part:
    """A kind of row that names a person: a merge moves the absorbed person's
    rows of it to the kept one (or drops those that only repeat), and keeps
    them as they were for the undo."""

    model: type[models.Model]
    rows: Callable[[Person], Any]
    """The absorbed person's rows (a queryset)."""
    field: str = "person"
    """The field that names the person, set to the kept one."""
    repeats: Repeats | None = None


PARTS: dict[str, Part] = {}
"""Every kind of row a merge moves, by a stable name (the undo's record uses it).
The contacts' own are below; an app above with rows that name a person adds
its own from its ``ready()`` (``add_part``: touches and follow-ups)."""
_MERGED: list[Callable[[list[int]], None]] = []


def add_part(name: str, part: Part) -> None:
    PARTS[name] = part


def when_merged(hook: Callable[[list[int]], None]) -> None:
    """Have ``hook(person_ids)`` run after a merge or its undo changed these people."""
    if hook not in _MERGED:
        _MERGED.append(hook)


def _same_point(keep: Person) -> Callable[[Any], bool]:
    rows = keep.contact_points.values_list("kind", "normalized", "value")
    points = {point_key(*row) for row in rows}
    return lambda p: point_key(p.kind, p.normalized, p.value) in points


def _same_address(keep: Person) -> Callable[[Any], bool]:
    rows = keep.addresses.values_list("street", "locality", "postcode")
    addresses = {address_key(*row) for row in rows}
    return lambda a: address_key(a.street, a.locality, a.postcode) in addresses


def _same_date(keep: Person) -> Callable[[Any], bool]:
    dates = {date_key(*row) for row in keep.key_dates.values_list("label", "month", "day")}
    return lambda d: date_key(d.label, d.month, d.day) in dates


def _same_relation(keep: Person) -> Callable[[Any], bool]:
    rows = keep.relationships.values_list("kind", "other_id", "other_name")
    relations = {relation_key(*row) for row in rows}
    return lambda r: (
        r.other_id == keep.pk or relation_key(r.kind, r.other_id, r.other_name) in relations
    )


def _same_relation_in(keep: Person) -> Callable[[Any], bool]:
    incoming = set(Relationship.objects.filter(other=keep).values_list("person_id", "kind"))
    return lambda r: r.person_id == keep.pk or (r.person_id, r.kind) in incoming


def _always(keep: Person) -> Callable[[Any], bool]:
    """A mark between the absorbed person and anyone goes: it is said of the
    kept one or of no one any more."""
    return lambda _row: True


for _name, _part in {
    "contact_points": Part(
        ContactPoint, lambda a: ContactPoint.objects.filter(person=a), repeats=_same_point
    ),
    "addresses": Part(Address, lambda a: Address.objects.filter(person=a), repeats=_same_address),
    "key_dates": Part(KeyDate, lambda a: KeyDate.objects.filter(person=a), repeats=_same_date),
    "life_events": Part(LifeEvent, lambda a: LifeEvent.objects.filter(person=a)),
    "jobs": Part(Job, lambda a: Job.objects.filter(person=a)),
    "relationships": Part(
        Relationship, lambda a: Relationship.objects.filter(person=a), repeats=_same_relation
    ),
    "relationships_in": Part(
        Relationship,
        lambda a: Relationship.objects.filter(other=a),
        field="other",
        repeats=_same_relation_in,
    ),
    "not_duplicates": Part(
        NotDuplicate,
        lambda a: NotDuplicate.objects.filter(models.Q(first=a) | models.Q(second=a)),
        repeats=_always,
    ),
}.items():
    add_part(_name, _part)


def _part_sets(absorb: Person) -> dict[str, Any]:
    """Every row that names the absorbed person, by its part's name."""
    return {name: part.rows(absorb) for name, part in PARTS.items()}


def _repeats(keep: Person) -> dict[str, Callable[[Any], bool]]:
    """For each kind of row, whether a row of the absorbed person repeats one of the kept's."""
    return {name: part.repeats(keep) for name, part in PARTS.items() if part.repeats}


# What a merge does ------------------------------------------------------------


def _never(_row: Any) -> bool:
    return False


def _moving(
    parts: dict[str, Any], repeats: dict[str, Callable[[Any], bool]]
) -> dict[str, list[Any]]:
    """The absorbed person's rows that move to the kept one, by part: all but
    those that only repeat one of the kept person's."""
    return {
        name: [row for row in rows.order_by("pk") if not repeats.get(name, _never)(row)]
        for name, rows in parts.items()
    }


def fills(keep: Person, absorb: Person) -> list[str]:
    """What the kept person takes from the absorbed one: each of ``FILLED``
    that is empty on the kept person and not on the other (the name's parts
    only when the kept person has none, ``SPELLING``), then "birthday"
    (the day and its year) when only the absorbed person has one, or
    "birthday_year" when both have the same day and only theirs has a year."""
    spelled = any(getattr(keep, name) for name in SPELLING)
    found = [
        name
        for name in FILLED
        if not getattr(keep, name) and getattr(absorb, name) and not (spelled and name in SPELLING)
    ]
    if keep.birthday_month is None and absorb.birthday_month is not None:
        found.append("birthday")
    elif _same_day(keep, absorb) and keep.birthday_year is None and absorb.birthday_year:
        found.append("birthday_year")
    return found


def _same_day(keep: Person, absorb: Person) -> bool:
    return (keep.birthday_month, keep.birthday_day) == (absorb.birthday_month, absorb.birthday_day)


def _birthdays_differ(keep: Person, absorb: Person) -> bool:
    mine = (keep.birthday_month, keep.birthday_day)
    theirs = (absorb.birthday_month, absorb.birthday_day)
    return None not in mine and None not in theirs and mine != theirs


def _closer_circle(keep: Person, absorb: Person) -> Circle | None:
    """The absorbed person's circle when it is the closer of the two (a
    newcomer has none, and is sorted by it): the kept person moves to it."""
    if absorb.circle is not None and (
        keep.circle is None or absorb.circle.position < keep.circle.position
    ):
        return absorb.circle
    return None


def _also_known_as(keep: Person, absorb: Person) -> str:
    """The note that keeps the absorbed person's name, when it is another name."""
    if text_key(absorb.display_name) == text_key(keep.display_name):
        return ""
    return f"Also known as {absorb.display_name}."


def _new_tags(keep: Person, absorb: Person) -> list[int]:
    kept = set(keep.tags.values_list("pk", flat=True))
    return sorted(set(absorb.tags.values_list("pk", flat=True)) - kept)


@dataclass(frozen=True)
class Preview:
    """What merging one person into another would do, worked out without
    writing anything: ``merge_people`` does exactly this, and the compare page
    says it."""

    moved: dict[str, list[Any]]
    """The absorbed person's rows that move, by part (``PARTS``)."""
    tags: list[int]
    """The tags the kept person gains."""
    filled: list[str]
    """What the kept person takes (``fills``)."""
    notes: bool
    """The absorbed person's notes are added to the kept person's."""
    name_kept: str
    """The note that keeps the absorbed person's name, if it is another."""
    other_birthday: bool
    """The absorbed person's birthday differs, and is kept as a key date."""
    circle: Circle | None
    """The closer circle the kept person moves to, if any."""


def _added_notes(keep: Person, notes: list[str]) -> list[bool]:
    """Whether each note would be added to the kept person's (``add_notes``:
    one already there is not repeated)."""
    trial = Person(notes=keep.notes)
    added = []
    for note in notes:
        before = trial.notes
        left = add_notes(trial, [note])  # what does not fit goes to the extras
        added.append(bool(left) or trial.notes != before)
    return added


def preview(keep: Person, absorb: Person) -> Preview:
    """What ``merge_people(user, keep, absorb)`` would do now."""
    name = _also_known_as(keep, absorb)
    name_added, notes_added = _added_notes(keep, [name, absorb.notes])
    return Preview(
        moved=_moving(_part_sets(absorb), _repeats(keep)),
        tags=_new_tags(keep, absorb),
        filled=fills(keep, absorb),
        notes=notes_added,
        name_kept=name if name_added else "",
        other_birthday=_birthdays_differ(keep, absorb),
        circle=_closer_circle(keep, absorb),
    )


# Merge -----------------------------------------------------------------------


def _fold_fields(keep: Person, absorb: Person) -> None:
    for name in fills(keep, absorb):
        if name == "birthday":
            keep.birthday_month, keep.birthday_day = absorb.birthday_month, absorb.birthday_day
            keep.birthday_year = keep.birthday_year or absorb.birthday_year
        else:
            setattr(keep, name, getattr(absorb, name))
    notes = [_also_known_as(keep, absorb), absorb.notes]
    # What does not fit in the notes is kept whole with the extras.
    left = add_notes(keep, notes)
    add_extras(keep, extras_lines([("note", note) for note in left]))
    add_extras(keep, extras_lines(extras_pairs(absorb.extras)))
    keep.circle = _closer_circle(keep, absorb) or keep.circle
    others = [s for s in absorb.sources if s not in keep.sources]
    keep.also_in = "\n".join([*keep.also_in.splitlines(), *others])
    keep.created_at = min(keep.created_at, absorb.created_at)


def _other_birthday(keep: Person, absorb: Person) -> list[int]:
    """The absorbed person's birthday, when it differs, kept as a dated fact."""
    if not _birthdays_differ(keep, absorb):
        return []
    fact = KeyDate.objects.create(
        owner=keep.owner,
        person=keep,
        label=f"birthday ({absorb.display_name})"[:60],
        month=absorb.birthday_month,
        day=absorb.birthday_day or 1,
        year=absorb.birthday_year,
    )
    return [fact.pk]


def _move(name: str, row: Any, keep: Person, preferred: set[str], mailing: bool) -> None:
    if name == "contact_points":
        if row.kind in preferred:
            row.preferred = False
        elif row.preferred:
            preferred.add(row.kind)
    elif name == "addresses":
        row.is_mailing = row.is_mailing and not mailing
    setattr(row, PARTS[name].field, keep)
    row.save()


def _check_room(keep: Person, absorb: Person, moving: dict[str, list[Any]]) -> None:
    """``MergeError`` when the merged person would hold more of a kind of row
    than a person can (``contacts.limits``): the merge would have to leave some
    out, so it is not done, and the message says what to remove first."""
    for key, cap in CAPS.items():
        mine = getattr(keep, key).count()
        moved = len(moving[key])
        if key == "relationships":  # the kept person's own links to the absorbed go
            mine -= Relationship.objects.filter(person=keep, other=absorb).count()
        if key == "key_dates":  # a birthday of the absorbed's that differs is kept as one
            moved += _birthdays_differ(keep, absorb)
        count = mine + moved
        if count > cap.limit and moved:
            refusal = cap.refusal(count)
            raise MergeError(
                f"{absorb.display_name} cannot be merged into {keep.display_name}: "
                f"{refusal[0].lower()}{refusal[1:]}"
            )


def _move_rows(
    keep: Person, repeats: dict[str, Callable[[Any], bool]], parts: dict[str, Any]
) -> dict[str, list[dict[str, Any]]]:
    """Move or drop every row of the absorbed person; return them as they were.

    Each part is read as its turn comes: a row in two parts (a relationship
    of the absorbed person with themselves) is read again as the first left it."""
    preferred = set(keep.contact_points.filter(preferred=True).values_list("kind", flat=True))
    mailing = keep.addresses.filter(is_mailing=True).exists()
    before: dict[str, list[dict[str, Any]]] = {}
    for name, rows in parts.items():
        before[name] = []
        for row in rows.order_by("pk"):
            before[name].append(_row(row))
            if repeats.get(name, _never)(row):
                row.delete()
            else:
                _move(name, row, keep, preferred, mailing)
    return before


def _kept_values(person: Person) -> dict[str, Any]:
    values = {name: _encode(getattr(person, name)) for name in KEPT_FIELDS if name != "photo"}
    return {**values, "photo": person.photo.name}


@transaction.atomic
def merge_people(user: User, keep: Person, absorb: Person) -> Merge:
    """Fold ``absorb`` into ``keep`` in one transaction; ``absorb`` is deleted."""
    # Only the people are locked: PostgreSQL locks no row of an outer join (a
    # newcomer waiting to be sorted has no circle).
    people = owned(Person, user).select_for_update(of=("self",)).select_related("circle")
    found = people.in_bulk([keep.pk, absorb.pk])
    if keep.pk == absorb.pk:
        raise MergeError("A person cannot be merged with themselves.")
    if len(found) != 2:
        raise MergeError("Both people must be in your network.")
    keep, absorb = found[keep.pk], found[absorb.pk]
    kept_before = _kept_values(keep)
    absorbed = _row(absorb)
    absorbed["tag_ids"] = sorted(absorb.tags.values_list("pk", flat=True))
    repeats, parts = _repeats(keep), _part_sets(absorb)
    _check_room(keep, absorb, _moving({key: parts[key] for key in CAPS}, repeats))
    added_tags = _new_tags(keep, absorb)
    rows = _move_rows(keep, repeats, parts)
    keep.tags.add(*added_tags)
    added_dates = _other_birthday(keep, absorb)
    _fold_fields(keep, absorb)
    Person.objects.filter(pk=absorb.pk).delete()
    keep.save()
    merged = _kept_values(keep)
    _refresh([keep.pk])
    snapshot = {
        "version": 1,
        "absorbed": absorbed,
        "rows": rows,
        "kept_before": kept_before,
        "kept_after": merged,
        "added_tags": added_tags,
        "added_dates": added_dates,
    }
    return Merge.objects.create(
        owner=user,
        kept=keep,
        kept_name=keep.display_name[:200],
        absorbed_id=absorb.pk,
        absorbed_name=absorb.display_name[:200],
        snapshot=snapshot,
    )


def _refresh(person_ids: Iterable[int]) -> None:
    ids = list(person_ids)
    refresh_search_text(Person.objects.filter(pk__in=ids))
    for hook in _MERGED:
        hook(ids)


# Undo ------------------------------------------------------------------------


def _restore_absorbed(user: User, data: dict[str, Any]) -> Person:
    person = _load(Person, {k: v for k, v in data.items() if k != "tag_ids"})
    circle = person.circle_id  # type: ignore[attr-defined]
    if circle is not None and not owned(Circle, user).filter(pk=circle).exists():
        person.circle = default_circle(user)
    person.owner = user
    person.save(force_insert=True)
    tags = owned_tag_ids(user, data.get("tag_ids", []))
    person.tags.add(*tags)
    return person


def owned_tag_ids(user: User, ids: Iterable[int]) -> list[int]:
    from keepwarm.contacts.models import Tag

    return list(owned(Tag, user).filter(pk__in=list(ids)).values_list("pk", flat=True))


def _still_there(model: type[models.Model], data: dict[str, Any]) -> bool:
    """Whether every row this one points at still exists (a touch, a related person)."""
    for f in model._meta.concrete_fields:
        target = data.get(f.attname)
        if not f.is_relation or target is None or f.related_model is None:
            continue
        manager = f.related_model._default_manager  # type: ignore[union-attr]
        if not manager.filter(pk=target).exists():
            return False
    return True


def _restore_rows(rows: dict[str, list[dict[str, Any]]]) -> None:
    for name, part in PARTS.items():
        model = part.model
        for data in rows.get(name, []):
            if not _still_there(model, data):
                continue  # deleted since, with what it pointed at
            row = _load(model, data)
            if model._default_manager.filter(pk=data["id"]).exists():
                row.save(force_update=True)
            else:
                row.save(force_insert=True)


def _restore_kept(keep: Person, snapshot: dict[str, Any]) -> None:
    """Put back what the merge changed on the kept person, unless the user changed it since."""
    before, after = snapshot["kept_before"], snapshot["kept_after"]
    now = _kept_values(keep)
    for name in KEPT_FIELDS:
        if now[name] == after.get(name) and before.get(name) != after.get(name):
            field = Person._meta.get_field(name.removesuffix("_id"))
            value = before[name]
            setattr(
                keep, name, value if value is None or field.is_relation else field.to_python(value)
            )
    keep.tags.remove(*snapshot.get("added_tags", []))
    KeyDate.objects.filter(person=keep, pk__in=snapshot.get("added_dates", [])).delete()
    keep.save()


@transaction.atomic
def undo_merge(user: User, merge: Merge) -> Person:
    """Bring the absorbed person back with everything they had; returns them."""
    merge = owned(Merge, user).select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise MergeError(f"The merge of {merge.absorbed_name} was already undone.")
    if merge.kept_id is None:
        raise MergeError(f"{merge.kept_name} was deleted since the merge, so it cannot be undone.")
    if Person.objects.filter(pk=merge.absorbed_id).exists():
        raise MergeError(f"{merge.absorbed_name} is already back.")
    keep = owned(Person, user).get(pk=merge.kept_id)
    absorbed = _restore_absorbed(user, merge.snapshot["absorbed"])
    _restore_rows(merge.snapshot["rows"])
    _restore_kept(keep, merge.snapshot)
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_at"])
    _refresh([keep.pk, absorbed.pk])
    return absorbed


UNDO_BANNER = dt.timedelta(hours=1)
"""How long the kept person's page offers to undo a merge."""


def undoable_merge_into(user: User, person: Person) -> Merge | None:
    """A merge into ``person`` in the last hour that can still be undone."""
    since = timezone.now() - UNDO_BANNER
    merges = owned(Merge, user).filter(kept=person, undone_at__isnull=True, created_at__gte=since)
    return merges.first()


def recent_merges(user: User, limit: int = 20) -> Any:
    """The user's latest merges, newest first (a queryset of Merge)."""
    return owned(Merge, user).select_related("kept").order_by("-created_at", "-id")[:limit]

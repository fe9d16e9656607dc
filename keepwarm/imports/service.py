"""Parsed contact records into a user's network: preview, then one transaction.

Each record is matched to someone already there — by the file's UID, then an
email, then a phone, then name and company — and either adds a new person,
adds what the person does not have yet (never overwriting what the user
wrote), or changes nothing. So importing the same file twice adds nothing.
A record that cannot be used is skipped with its line and reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from keepwarm.contacts.models import (
    Address,
    ContactPoint,
    KeyDate,
    Person,
    RelationKind,
    Relationship,
)
from keepwarm.contacts.services import (
    default_circle,
    default_region,
    normalize_contact,
    refresh_search_text,
    tags_from_names,
)
from keepwarm.formats.records import ContactRecord, DateFact, ParseResult
from keepwarm.imports.matching import Matcher, record_name

NEW, UPDATED, SAME, SKIPPED = "new", "updated", "same", "skipped"
SCALARS = (
    "prefix",
    "given_name",
    "additional_names",
    "family_name",
    "suffix",
    "nickname",
    "company",
    "job_title",
)


@dataclass
class Outcome:
    line: int
    action: str
    name: str
    person_id: int | None = None
    changes: list[str] = field(default_factory=list)
    reason: str = ""


@dataclass
class Report:
    format: str
    outcomes: list[Outcome]

    @property
    def counts(self) -> Counter[str]:
        return Counter(outcome.action for outcome in self.outcomes)

    def summary(self) -> str:
        counts = self.counts
        return ", ".join(f"{counts[a]} {a}" for a in (NEW, UPDATED, SAME, SKIPPED))


def preview(user: Any, parsed: ParseResult, *, tags: Iterable[str] = ()) -> Report:
    """What importing would do, writing nothing."""
    with transaction.atomic():
        report = _run(user, parsed, tags=tags, source="")
        transaction.set_rollback(True)
    for outcome in report.outcomes:
        if outcome.action == NEW:
            outcome.person_id = None
    return report


@transaction.atomic
def apply(
    user: Any,
    parsed: ParseResult,
    *,
    source: str,
    circle: Any = None,
    tags: Iterable[str] = (),
) -> Report:
    """Import in one transaction: everything or, on any error, nothing."""
    return _run(user, parsed, tags=tags, source=source, circle=circle)


def _run(
    user: Any, parsed: ParseResult, *, tags: Iterable[str], source: str, circle: Any = None
) -> Report:
    matcher = Matcher(user)
    region = default_region(user)
    home = circle or default_circle(user)
    tag_names = list(tags)
    outcomes = [Outcome(s.line, SKIPPED, "", reason=s.reason) for s in parsed.skipped]
    touched: list[Person] = []
    for record in parsed.records:
        name = record_name(record)
        if not name:
            outcomes.append(Outcome(record.line, SKIPPED, "", reason="no name, email or phone"))
            continue
        person = matcher.find(record, region)
        if person is None:
            person = _create(user, record, name, home, source)
            outcome = Outcome(record.line, NEW, name, person.pk)
        else:
            outcome = Outcome(record.line, SAME, person.display_name, person.pk)
        outcome.changes = _merge(person, record, region, [*record.categories, *tag_names])
        if outcome.action == SAME and outcome.changes:
            outcome.action = UPDATED
        matcher.remember(person, record, region)
        touched.append(person)
        outcomes.append(outcome)
    refresh_search_text({p.pk: p for p in touched}.values())
    outcomes.sort(key=lambda o: o.line)
    return Report(parsed.format, outcomes)


def _create(user: Any, record: ContactRecord, name: str, circle: Any, source: str) -> Person:
    person = Person(owner=user, display_name=name[:200], circle=circle, source=source[:200])
    person.external_uid = record.uid[:255]
    person.full_clean(validate_unique=False)
    person.save()
    return person


def _merge(person: Person, record: ContactRecord, region: str, tags: list[str]) -> list[str]:
    """Add what the person lacks; return what changed, in words."""
    changes = _merge_scalars(person, record)
    changes += _merge_points(person, record, region)
    changes += _merge_addresses(person, record)
    changes += _merge_dates(person, record)
    changes += _merge_relations(person, record)
    if tags:
        have = set(person.tags.values_list("name", flat=True))
        wanted = [t for t in dict.fromkeys(t.strip() for t in tags) if t and t not in have]
        if wanted:
            person.tags.add(*tags_from_names(person.owner, wanted))
            changes.append("tags " + ", ".join(wanted))
    return changes


def _merge_scalars(person: Person, record: ContactRecord) -> list[str]:
    changed = []
    for name in SCALARS:
        value = str(getattr(record, name)).strip()
        if value and not getattr(person, name):
            setattr(person, name, value[: Person._meta.get_field(name).max_length])
            changed.append(name.replace("_", " "))
    note = record.notes.strip()
    if note and note not in person.notes:
        person.notes = f"{person.notes}\n\n{note}".strip()[:20_000]
        changed.append("notes")
    uid_added = bool(record.uid and not person.external_uid)
    if uid_added:
        person.external_uid = record.uid[:255]
    birthday = record.birthday
    if birthday and birthday.day and person.birthday_month is None:
        day = birthday.day
        person.birthday_month, person.birthday_day = day.month, day.day
        person.birthday_year = None if birthday.doubtful else day.year
        changed.append("birthday")
    if changed or uid_added:
        person.full_clean(validate_unique=False)
        person.save()
    return changed


def _merge_points(person: Person, record: ContactRecord, region: str) -> list[str]:
    have = set(person.contact_points.values_list("kind", "normalized"))
    added = []
    for kind, values in (("email", record.emails), ("phone", record.phones), ("url", record.urls)):
        for item in values:
            try:
                normalized = normalize_contact(kind, item.value, region)
            except ValidationError:
                continue  # an unreadable value: the rest of the record still counts
            if (kind, normalized) in have:
                continue
            point = ContactPoint(
                owner=person.owner,
                person=person,
                kind=kind,
                value=item.value.strip()[:254],
                label=item.label[:40],
                normalized=normalized,
                preferred=item.preferred or not any(k == kind for k, _ in have),
            )
            try:
                point.full_clean(exclude=["person"])
            except ValidationError:
                continue
            point.save()
            have.add((kind, normalized))
            added.append(f"{kind} {item.value.strip()}")
    return added


def _merge_addresses(person: Person, record: ContactRecord) -> list[str]:
    def key(street: str, locality: str, postcode: str) -> tuple[str, ...]:
        return tuple(" ".join(part.split()).casefold() for part in (street, locality, postcode))

    have = {key(a.street, a.locality, a.postcode) for a in person.addresses.all()}
    added = []
    for item in record.addresses:
        country, street = item.country.strip(), item.street.strip()
        if country and not (len(country) == 2 and country.isalpha()):
            street, country = f"{street}\n{country}".strip(), ""  # a name, kept as a line
        if (
            not (street or item.locality or item.postcode)
            or key(street, item.locality, item.postcode) in have
        ):
            continue
        address = Address(
            owner=person.owner,
            person=person,
            label=item.label[:40],
            street=street,
            locality=item.locality[:120],
            region=item.region[:120],
            postcode=item.postcode[:20],
            country=country.upper(),
            is_mailing=not have,
        )
        try:
            address.full_clean(exclude=["person"])
        except ValidationError:
            continue
        address.save()
        have.add(key(street, item.locality, item.postcode))
        added.append("address")
    return added


def _merge_dates(person: Person, record: ContactRecord) -> list[str]:
    have = set(person.key_dates.values_list("label", "month", "day"))
    added = []
    for fact in record.dates:
        if fact.day is None:
            continue
        label = (fact.label or "date")[:60]
        if (label, fact.day.month, fact.day.day) in have:
            continue
        KeyDate.objects.create(
            owner=person.owner,
            person=person,
            label=label,
            month=fact.day.month,
            day=fact.day.day,
            year=_year(fact),
        )
        have.add((label, fact.day.month, fact.day.day))
        added.append(label)
    return added


def _year(fact: DateFact) -> int | None:
    return None if fact.doubtful or fact.day is None else fact.day.year


def _merge_relations(person: Person, record: ContactRecord) -> list[str]:
    have = {(k, n.casefold()) for k, n in person.relationships.values_list("kind", "other_name")}
    added = []
    for relation in record.relations:
        kind = relation.kind if relation.kind in RelationKind.values else RelationKind.OTHER
        name = " ".join(relation.name.split())[:200]
        if not name or (kind, name.casefold()) in have:
            continue
        Relationship.objects.create(owner=person.owner, person=person, kind=kind, other_name=name)
        have.add((kind, name.casefold()))
        added.append(f"{kind} {name}")
    return added

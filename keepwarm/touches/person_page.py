"""A person's page: their details from ``contacts.queries`` with the touches
(the timeline by year), open follow-ups and the kinds one can log with them;
and what deleting them would take.

Each function runs a fixed number of queries whatever the size of the network.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count

from keepwarm.contacts.models import (
    Address,
    ContactPoint,
    Job,
    KeyDate,
    LifeEvent,
    Person,
    Relationship,
    Tag,
)
from keepwarm.contacts.queries import (
    Birthday,
    Relation,
    WorkEntry,
    birthday_of,
    possible_kinds,
    relations_of,
    work_of,
)
from keepwarm.owned import owned
from keepwarm.touches.models import FollowUp, Touch, TouchKind, TouchPerson

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

YEAR_SHOWN = 10
"""Touches an open year of a person's timeline shows before "Show the other N"."""
KINDS_NAMED = 3
"""Kinds a collapsed year's one-line summary names; the rest are counted."""


@dataclass
class TimelineEntry:
    touch: Any  # keepwarm.touches.models.Touch, with its kind
    others: list[Person] = field(default_factory=list)


@dataclass(frozen=True)
class TimelineYear:
    """One year of a person's timeline: its count and kinds (the one-line
    summary of a collapsed year) and, for an open year, its touches."""

    year: int
    count: int
    kinds: list[tuple[str, int]]
    """Each kind's label and count, the most frequent first."""
    entries: list[TimelineEntry] | None = None
    """Newest first; None while the year is collapsed (not read)."""

    @property
    def is_open(self) -> bool:
        return self.entries is not None

    @property
    def named_kinds(self) -> list[tuple[str, int]]:
        return self.kinds[:KINDS_NAMED]

    @property
    def other_kinds(self) -> int:
        return max(len(self.kinds) - KINDS_NAMED, 0)

    @property
    def more(self) -> int:
        """The year's touches not shown yet (an open year shows ``YEAR_SHOWN`` first)."""
        return self.count - len(self.entries) if self.entries is not None else 0


@dataclass(frozen=True)
class Timeline:
    years: list[TimelineYear]
    """Newest first; each with touches."""

    @property
    def total(self) -> int:
        return sum(year.count for year in self.years)


def _year_counts(person: Person) -> dict[int, list[tuple[str, int]]]:
    """Per year (newest first), each kind's label and count: one grouped read."""
    rows = (
        TouchPerson.objects.filter(person=person)
        .values_list("date__year", "touch__kind__label")
        .annotate(n=Count("pk"))
        .order_by()
    )
    years: dict[int, list[tuple[str, int]]] = {}
    for year, kind, n in rows:
        years.setdefault(year, []).append((kind, n))
    for kinds in years.values():
        kinds.sort(key=lambda pair: (-pair[1], pair[0].casefold()))
    return dict(sorted(years.items(), reverse=True))


def year_entries(person: Person, year: int, limit: int | None) -> list[TimelineEntry]:
    """The person's touches in ``year``, newest first (the first ``limit``), each
    with the others it reached: two reads, through the (person, date) index."""
    links = TouchPerson.objects.filter(
        person=person, date__gte=dt.date(year, 1, 1), date__lt=dt.date(year + 1, 1, 1)
    )
    links = links.select_related("touch__kind").order_by("-date", "-touch_id")
    rows = list(links if limit is None else links[:limit])
    entries = {link.touch_id: TimelineEntry(link.touch) for link in rows}
    if entries:
        together = (
            TouchPerson.objects.filter(touch_id__in=list(entries))
            .exclude(person=person)
            .select_related("person")
            .order_by("person__sort_name", "person_id")
        )
        for link in together:
            entries[link.touch_id].others.append(link.person)
    return list(entries.values())


def timeline_of(
    owner: User, person: Person, *, year: int | None = None, whole_year: bool = False
) -> Timeline:
    """The owner's touches with the person by year, newest first. The newest
    year is open and so is ``year`` if it has touches; an open year holds its
    first ``YEAR_SHOWN`` touches (``whole_year``: all of ``year``'s). The other
    years are only counted, by kind."""
    if person.owner_id != owner.pk:
        return Timeline([])
    # By the person alone (their touches are their owner's: ``log_touch`` checks),
    # so SQLite reads the (person, date) index, not every touch of the owner.
    counts = _year_counts(person)
    wanted = {next(iter(counts), None), year}
    years = []
    for number, kinds in counts.items():
        entries = None
        if number in wanted:
            limit = None if whole_year and number == year else YEAR_SHOWN
            entries = year_entries(person, number, limit)
        years.append(TimelineYear(number, sum(n for _, n in kinds), kinds, entries))
    return Timeline(years)


def loggable_kinds(owner: User, person: Person, home_city: str = "") -> list[Any]:
    """The owner's touch kinds possible with ``person`` (for the one-click log)."""
    points = list(owned(ContactPoint, owner).filter(person=person))
    addresses = list(owned(Address, owner).filter(person=person)[:1])
    return possible_kinds(person, list(owned(TouchKind, owner)), points, addresses, home_city)


@dataclass
class PersonPage:
    person: Person
    tags: list[Tag]
    contact_points: list[ContactPoint]
    addresses: list[Address]
    key_dates: list[KeyDate]
    relations: list[Relation]
    life_events: list[LifeEvent]
    work: list[WorkEntry]
    follow_ups: list[Any]
    kinds: list[Any]
    birthday: Birthday | None

    @property
    def family(self) -> list[Relation]:
        return [r for r in self.relations if r.is_family]

    @property
    def others(self) -> list[Relation]:
        return [r for r in self.relations if not r.is_family]


def person_page(owner: User, person: Person, *, today: dt.date, home_city: str = "") -> PersonPage:
    """Everything on the owner's page of ``person`` except the timeline (see ``timeline_of``).

    Every query is scoped to ``owner``: another user's person shows nothing.
    """

    def mine(model: Any) -> Any:
        return owned(model, owner).filter(person=person)

    points = list(mine(ContactPoint).order_by("kind", "-preferred", "id"))
    addresses = list(mine(Address))
    kinds = list(owned(TouchKind, owner))
    return PersonPage(
        person=person,
        tags=list(owned(Tag, owner).filter(people=person)),
        contact_points=points,
        addresses=addresses,
        key_dates=list(mine(KeyDate)),
        relations=relations_of(owner, person),
        life_events=list(mine(LifeEvent)),
        work=work_of(person, mine(Job)),
        follow_ups=list(mine(FollowUp).open()),
        kinds=possible_kinds(person, kinds, points, addresses, home_city),
        birthday=birthday_of(person, today),
    )


@dataclass(frozen=True)
class DeletionSummary:
    """What deleting a person takes with them, for the confirmation page."""

    solo_touches: int
    shared_touches: int
    follow_ups: int
    details: int
    mentioned_by: int


def deletion_summary(owner: User, person: Person) -> DeletionSummary:
    touch_ids = TouchPerson.objects.filter(person=person).values("touch_id")
    sized = owned(Touch, owner).filter(pk__in=touch_ids).annotate(n=Count("touchperson"))
    details = sum(
        owned(model, owner).filter(person=person).count()
        for model in (ContactPoint, Address, KeyDate, LifeEvent, Relationship)
    )
    return DeletionSummary(
        solo_touches=sized.filter(n=1).count(),
        shared_touches=sized.filter(n__gt=1).count(),
        follow_ups=owned(FollowUp, owner).filter(person=person).count(),
        details=details,
        mentioned_by=owned(Relationship, owner).filter(other=person).count(),
    )

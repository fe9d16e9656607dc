"""Read-side queries for people: the people list and a person's own details
(relations, work, birthday), which ``touches.person_page`` puts on their page.

Each function runs a fixed number of queries whatever the size of the network,
so the list and the person page stay fast with thousands of people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Prefetch, QuerySet

from keepwarm.contacts.models import (
    FAMILY,
    INVERSE_RELATION,
    Address,
    Circle,
    ContactKind,
    ContactPoint,
    Job,
    Person,
    RelationKind,
    Relationship,
    Tag,
)
from keepwarm.contacts.search import fold
from keepwarm.contacts.services import search_filter
from keepwarm.owned import owned
from keepwarm.planner.warmth import label

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

# Sort keys (also used in URLs) and their labels, in the order the list offers them.
SORTS: dict[str, tuple[str, tuple[Any, ...]]] = {
    "name": ("Name", ("sort_name", "id")),
    "-created": ("Recently added", ("-created_at", "-id")),
    "warmth": ("Coldest first", ("sort_name", "id")),
    "-warmth": ("Warmest first", ("sort_name", "id")),
    "coldest": ("Last touch, oldest", (F("last_touch_on").asc(nulls_first=True), "sort_name")),
    "recent": ("Last touch, newest", (F("last_touch_on").desc(nulls_last=True), "sort_name")),
}
DEFAULT_SORT = "name"
WARMTH_SORTS = {"warmth", "-warmth"}
"""Sorts by the planner's warmth: not a column, so ordered in Python (``people_by_warmth``)."""


@dataclass(frozen=True)
class PeopleFilter:
    """What the people list shows: already validated values."""

    search: str = ""
    circle_id: int | None = None
    tag_id: int | None = None
    archived: bool = False
    sort: str = DEFAULT_SORT
    warmth: str = ""
    """One of ``WARMTH_WORDS`` (``lib.words``): only people whose warmth reads so."""

    @property
    def narrowed(self) -> bool:
        return bool(self.search or self.circle_id or self.tag_id or self.warmth)

    @property
    def by_warmth(self) -> bool:
        return bool(self.warmth) or self.sort in WARMTH_SORTS


def filter_options(owner: User) -> tuple[list[Circle], list[Tag]]:
    """The owner's circles and tags, for the list's filters and the person form."""
    return list(owned(Circle, owner)), list(owned(Tag, owner))


def circles_with_counts(owner: User) -> QuerySet[Circle]:
    """The owner's circles, each with ``people_count``: everyone in it, the
    archived and the deceased included."""
    return owned(Circle, owner).annotate(people_count=Count("people"))


def tags_with_counts(owner: User) -> QuerySet[Tag]:
    """The owner's tags, each with ``people_count``: everyone who carries it."""
    return owned(Tag, owner).annotate(people_count=Count("people"))


def people_list(
    owner: User, wanted: PeopleFilter, warmth: Callable[[], Mapping[int, int]] | None = None
) -> QuerySet[Person] | PeopleByIds:
    """The owner's people as ``wanted``; each row carries its circle, tags and emails.

    Filtering or sorting by warmth needs ``warmth``: it gives every active
    person's warmth by id (from the cached plan)."""
    people = _people_rows(owner, wanted)
    if wanted.by_warmth and warmth is not None:
        return people_by_warmth(people, wanted, warmth())
    return people


def _people_rows(owner: User, wanted: PeopleFilter) -> QuerySet[Person]:
    people = owned(Person, owner)
    if not wanted.archived:
        people = people.filter(archived=False)
    if wanted.search.strip():
        people = people.filter(search_filter(wanted.search))
    if wanted.circle_id:
        people = people.filter(circle_id=wanted.circle_id)
    if wanted.tag_id:
        people = people.filter(tags=wanted.tag_id)
    emails = ContactPoint.objects.filter(kind=ContactKind.EMAIL).order_by("-preferred", "id")
    order = SORTS.get(wanted.sort, SORTS[DEFAULT_SORT])[1]
    return (
        people.select_related("circle")
        .prefetch_related("tags", Prefetch("contact_points", queryset=emails, to_attr="emails"))
        .order_by(*order)
    )


class PeopleByIds:
    """People in a given order of ids, fetched a page at a time (a Paginator's list)."""

    def __init__(self, ids: list[int], rows: QuerySet[Person]) -> None:
        self.ids = ids
        self.rows = rows

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: slice) -> list[Person]:
        wanted = self.ids[index]
        found = {who.pk: who for who in self.rows.filter(pk__in=wanted)}
        return [found[pk] for pk in wanted if pk in found]


def people_by_warmth(
    people: QuerySet[Person], wanted: PeopleFilter, warmth: Mapping[int, int]
) -> PeopleByIds:
    """``people`` narrowed to a warmth label and/or sorted by warmth (ties by name;
    people without a warmth, such as the archived, last)."""
    ids = list(people.values_list("id", flat=True))
    if wanted.warmth:
        ids = [pk for pk in ids if pk in warmth and label(warmth[pk]) == wanted.warmth]
    if wanted.sort in WARMTH_SORTS:
        sign = 1 if wanted.sort == "warmth" else -1
        ids.sort(key=lambda pk: (pk not in warmth, sign * warmth.get(pk, 0)))
    return PeopleByIds(ids, people)


def has_people(owner: User) -> bool:
    return owned(Person, owner).exists()


def suggestions(
    owner: User, text: str, *, exclude: Iterable[int] = (), limit: int = 12
) -> list[Person]:
    """People whose name, email, company or tag match ``text``, for a picker."""
    if not text.strip():
        return []
    people = owned(Person, owner).filter(search_filter(text)).select_related("circle")
    excluded = list(exclude)
    if excluded:
        people = people.exclude(pk__in=excluded)
    return list(people.order_by("sort_name", "id")[:limit])


# The person page ---------------------------------------------------------------------


@dataclass(frozen=True)
class Birthday:
    """A person's next birthday, seen from today."""

    person: Person
    date: dt.date  # the next birthday: today or later
    days_away: int
    age: int | None  # completed years today, when the year is known

    @property
    def turning(self) -> int | None:
        """The age on ``date`` (the same as ``age`` when that is today)."""
        if self.age is None:
            return None
        return self.age if self.days_away == 0 else self.age + 1


def birthday_of(person: Person, today: dt.date) -> Birthday | None:
    day = person.birthday
    if day is None:
        return None
    date = day.next_on_or_after(today)
    return Birthday(person, date, (date - today).days, day.age_on(today))


@dataclass(frozen=True)
class Relation:
    """Someone related to the person, seen from the person's side."""

    kind: str  # a RelationKind value: "parent" means "they are the person's parent"
    name: str
    contact: Person | None = None

    @property
    def label(self) -> str:
        return RelationKind(self.kind).label

    @property
    def is_family(self) -> bool:
        return self.kind in FAMILY


def relations_of(owner: User, person: Person) -> list[Relation]:
    """Both directions: whom the person lists, and who lists the person.

    "Tom lists Jane as his child" shows on Jane's page as "Tom, parent". A
    pair entered on both sides shows once.
    """
    relationships = owned(Relationship, owner)
    mine = relationships.filter(person=person).select_related("other")
    found = [Relation(r.kind, r.other_display, r.other) for r in mine]
    seen = {r.contact.pk for r in found if r.contact}
    theirs = (
        relationships.filter(other=person)
        .exclude(person_id__in=seen)
        .select_related("person")
        .order_by("kind", "id")
    )
    for rel in theirs:
        if rel.person_id in seen:
            continue
        seen.add(rel.person_id)
        kind = INVERSE_RELATION.get(RelationKind(rel.kind), rel.kind)
        found.append(Relation(str(kind), rel.person.display_name, rel.person))
    order = list(RelationKind)
    return sorted(found, key=lambda r: (order.index(RelationKind(r.kind)), r.name.casefold()))


def possible_kinds(
    person: Person,
    kinds: list[Any],
    points: list[ContactPoint],
    addresses: list[Address],
    home_city: str = "",
) -> list[Any]:
    """The touch kinds one can do with this person now (none for someone who has died)."""
    if person.deceased:
        return []
    point_kinds = {p.kind for p in points}
    city = person.city.strip().casefold()
    home = home_city.strip().casefold()
    has = {
        "": True,
        "address": bool(addresses),
        "phone": ContactKind.PHONE in point_kinds,
        "email": ContactKind.EMAIL in point_kinds,
        "birthday": person.birthday is not None,
        # Only hide meeting in person when both cities are known and differ.
        "same_city": not (city and home and city != home),
    }
    return [k for k in kinds if has.get(k.needs, True)]


def job_span(started: dt.date | None, ended: dt.date | None) -> str:
    """A job's years in words: "2019-2023" (with an en dash), "since 2021", "until 2020" or ""."""
    if started and ended:
        if started.year == ended.year:
            return str(started.year)
        return f"{started.year}\u2013{ended.year}"
    if started:
        return f"since {started.year}"
    return f"until {ended.year}" if ended else ""


@dataclass(frozen=True)
class WorkEntry:
    """One line of the person's work: the current job first, then the history."""

    company: str
    role: str = ""
    industry: str = ""
    years: str = ""
    current: bool = False


def work_of(person: Person, jobs: Iterable[Job]) -> list[WorkEntry]:
    """The current job (``Person.company``/``job_title``) and the work history, newest first.

    A history row for the current company without an end date is the current job
    (its start year shown), not a second line.
    """
    entries: list[WorkEntry] = []
    here = fold(person.company.strip())
    since = ""
    for job in sorted(jobs, key=_newest_first):
        current = job.ended is None
        if current and here and fold(job.company) == here and not since:
            since = job_span(job.started, None) or " "
            continue
        years = job_span(job.started, job.ended)
        entries.append(WorkEntry(job.company, job.role, job.industry, years, current))
    if person.company or person.job_title:
        head = WorkEntry(
            person.company, person.job_title, person.industry, since.strip(), current=True
        )
        entries.insert(0, head)
    return entries


def _newest_first(job: Job) -> tuple[bool, int, int]:
    never = dt.date.min
    return (
        job.ended is not None,
        -(job.ended or never).toordinal(),
        -(job.started or never).toordinal(),
    )

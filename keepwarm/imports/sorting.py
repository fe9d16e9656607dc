"""Sorting the newcomers of imports into circles, for the web and the CLI.

An import adds people without a circle (``contacts.models.WAITING``): they are
not planned until the user sorts them, one at a time, a page at a time or the
rest at once, into a circle or out of the network (archived: hidden from the
list and the plan, and brought back by un-archiving). Each sort can be put
back (``put_back``). What is known of each newcomer suggests a place
(``suggest``); it is read here for a page of them at a time.

The queue is in the order of every list of people (``Person.sort_name``:
family name first), so a family comes together and the first one sorted
suggests the place of the others.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from keepwarm.contacts.models import WAITING, Circle, Person, Relationship
from keepwarm.contacts.search import fold
from keepwarm.contacts.services import default_circle
from keepwarm.imports import suggest
from keepwarm.imports.suggest import OUT, Facts, Known, Suggestion
from keepwarm.owned import owned
from keepwarm.plans.services import invalidate
from keepwarm.touches.models import TouchPerson

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

Place = Circle | str
"""Where someone is sorted to: a circle, or ``OUT`` (not in my network)."""
KNOWN_KEPT = 20
"""Relatives, family or colleagues read per newcomer at most (enough to vote)."""
MARKED_ONE_BY_ONE = 500
"""Up to this many people sorted at once are marked for the plan one by one;
more, and the next plan reads everyone again (as after an import)."""
PER_UPDATE = 500


def waiting(user: User) -> Any:
    """The user's newcomers waiting to be sorted, in the queue's order."""
    return owned(Person, user).filter(WAITING).order_by("sort_name", "id")


def waiting_count(user: User) -> int:
    return int(owned(Person, user).filter(WAITING).count())


def circles(user: User) -> list[Circle]:
    """The user's circles, closest first: the keys 1, 2, 3… choose them in this order."""
    return list(owned(Circle, user).order_by("position", "name", "id"))


def place_named(user: User, value: str) -> Place:
    """``OUT``, or one of the user's circles by id; ``ValidationError`` for anything else."""
    value = str(value).strip()
    if value == OUT:
        return OUT
    if value.isdigit() and len(value) < 19:
        found = owned(Circle, user).filter(pk=int(value)).first()
        if found is not None:
            return found  # type: ignore[no-any-return]
    raise ValidationError("Choose one of your circles, or “not in my network”.")


def place_words(place: Place) -> str:
    """ "in Close", "not in your network"."""
    return "not in your network" if place == OUT else f"in {place}"


def neighbour(user: User, person: Person | None, *, back: bool = False) -> Person | None:
    """The waiting person after ``person`` in the queue (before it, with ``back``),
    round to the start (the end) when there is none; the first (last) without
    ``person``. ``person`` itself need not be waiting any more."""
    queue = waiting(user)
    if back:
        queue = queue.reverse()
    if person is None:
        return queue.first()  # type: ignore[no-any-return]
    key = person.sort_name
    past = Q(sort_name__lt=key) | Q(sort_name=key, id__lt=person.pk)
    ahead = Q(sort_name__gt=key) | Q(sort_name=key, id__gt=person.pk)
    found = queue.filter(past if back else ahead).first()
    return found or queue.exclude(pk=person.pk).first()  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Sorted:
    """What one sort did: who moved, and where (to say it, and to put it back)."""

    ids: tuple[int, ...]
    place: Place
    at: dt.datetime | None = None
    """When: Undo puts back only those not changed since (``put_back``)."""

    @property
    def count(self) -> int:
        return len(self.ids)


def sort(user: User, ids: Iterable[int], place: Place) -> Sorted:
    """Sort these of the user's newcomers (those still waiting) to ``place``."""
    wanted = sorted({int(pk) for pk in ids})
    with transaction.atomic():
        found: list[int] = []
        for start in range(0, len(wanted), PER_UPDATE):
            chunk = wanted[start : start + PER_UPDATE]
            people = owned(Person, user).filter(WAITING, pk__in=chunk)
            found += list(people.values_list("pk", flat=True))
        at = _move(user, found, place)
    return Sorted(tuple(found), place, at)


def sort_rest(user: User, place: Place, upto: int | None = None) -> Sorted:
    """Sort every newcomer still waiting (up to the id ``upto``: those the page
    saying how many wait counted, not those of an import since) to ``place``."""
    people = owned(Person, user).filter(WAITING)
    if upto is not None:
        people = people.filter(pk__lte=upto)
    with transaction.atomic():
        found = list(people.order_by("pk").values_list("pk", flat=True))
        at = _move(user, found, place)
    return Sorted(tuple(found), place, at)


def put_back(user: User, ids: Iterable[int], at: dt.datetime | None = None) -> int:
    """Undo a sort made ``at``: these people wait to be sorted again, but for
    anyone changed since (moved to another circle by hand, archived, edited),
    whose change is kept. How many wait again."""
    wanted = sorted({int(pk) for pk in ids})
    moved = 0
    with transaction.atomic():
        for start in range(0, len(wanted), PER_UPDATE):
            chunk = wanted[start : start + PER_UPDATE]
            people = owned(Person, user).filter(pk__in=chunk).exclude(WAITING)
            if at is not None:
                people = people.filter(updated_at__lte=at)
            moved += people.update(circle=None, archived=False, updated_at=timezone.now())
        if moved:
            invalidate(user.pk, wanted if len(wanted) <= MARKED_ONE_BY_ONE else None)
    return moved


def _move(user: User, ids: list[int], place: Place) -> dt.datetime:
    """In the caller's transaction, with the plan told (bulk updates send no
    signals); when they were moved."""
    at = timezone.now()
    if not ids:
        return at
    values: dict[str, Any] = {"updated_at": at}
    if place == OUT:
        values["archived"] = True
    else:
        values["circle"] = place
    for start in range(0, len(ids), PER_UPDATE):
        owned(Person, user).filter(pk__in=ids[start : start + PER_UPDATE]).update(**values)
    invalidate(user.pk, ids if len(ids) <= MARKED_ONE_BY_ONE else None)
    return at


# What is known of the newcomers -------------------------------------------------


@dataclass(frozen=True)
class Newcomer:
    person: Person
    facts: Facts
    suggestion: Suggestion | None
    sources: tuple[str, ...]
    suggested_circle: Circle | None = None
    """The suggested circle (None for none, or for "not in my network")."""

    @property
    def suggested_name(self) -> str:
        if self.suggestion is None:
            return ""
        return self.suggested_circle.name if self.suggested_circle else "Not in my network"


def newcomers(user: User, people: Sequence[Person], today: dt.date) -> list[Newcomer]:
    """``people`` with what is known of them and the place it suggests."""
    if not people:
        return []
    ordered = circles(user)
    shown = [suggest.Circle(c.pk, c.name, c.touches_per_year) for c in ordered]
    default = default_circle(user).pk if ordered else None
    facts = read_facts(user, people, today)
    by_id = {c.pk: c for c in ordered}
    found = []
    for person in people:
        suggestion = suggest.suggest(facts[person.pk], shown, default)
        circle = by_id.get(suggestion.place) if suggestion and suggestion.place != OUT else None
        found.append(Newcomer(person, facts[person.pk], suggestion, tuple(person.sources), circle))
    return found


def _family(person: Any) -> str:
    return "" if person.is_organization else fold(person.family_name).strip()


def _company(person: Any) -> str:
    return fold(person.company).strip()


@dataclass(frozen=True)
class _Sorted:
    """Someone already sorted, as the suggestions read them."""

    id: int
    name: str
    family: str
    company: str
    place: suggest.Place


def _sorted_people(user: User, families: set[str], companies: set[str]) -> list[_Sorted]:
    """The sorted people who share a family name or a company with a newcomer
    (the names compared folded: case and accents ignored)."""
    fields = ("pk", "display_name", "family_name", "company", "is_organization")
    rows = owned(Person, user).exclude(WAITING).exclude(family_name="", company="")
    found = []
    for pk, name, family, company, organisation, circle, archived in rows.values_list(
        *fields, "circle_id", "archived"
    ):
        family = "" if organisation else fold(family).strip()
        company = fold(company).strip()
        if family in families or company in companies:
            place = OUT if archived or circle is None else circle
            found.append(_Sorted(pk, name, family, company, place))
    return found


def read_facts(user: User, people: Sequence[Person], today: dt.date) -> dict[int, Facts]:
    """What is known of each of ``people`` (a page of newcomers), in a few queries."""
    ids = [p.pk for p in people]
    families = {_family(p) for p in people} - {""}
    companies = {_company(p) for p in people} - {""}
    family: dict[str, list[Known]] = defaultdict(list)
    colleagues: dict[str, list[Known]] = defaultdict(list)
    for other in _sorted_people(user, families, companies):
        if other.family in families and len(family[other.family]) < KNOWN_KEPT:
            family[other.family].append(Known(other.name, other.place))
        if other.company in companies and len(colleagues[other.company]) < KNOWN_KEPT:
            colleagues[other.company].append(Known(other.name, other.place))
    since = today - dt.timedelta(days=365)
    touched = dict(
        TouchPerson.objects.filter(person_id__in=ids, date__gte=since, date__lte=today)
        .values("person_id")
        .annotate(n=Count("id"))
        .values_list("person_id", "n")
    )
    relatives = _relatives(user, people)
    return {
        p.pk: Facts(
            touches=touched.get(p.pk, 0),
            relatives=tuple(relatives.get(p.pk, ())),
            family_name=p.family_name,
            family=tuple(family.get(_family(p), ())),
            company=p.company,
            colleagues=tuple(colleagues.get(_company(p), ())),
            sources=max(1, len(p.sources)),
            organisation=p.is_organization,
        )
        for p in people
    }


def _relatives(user: User, people: Sequence[Person]) -> dict[int, list[Known]]:
    """Each newcomer's relationships with people already sorted, either way round:
    a link to the contact, or the contact's name as the file wrote it."""
    ids = {p.pk for p in people}
    by_name = {fold(p.display_name): p.pk for p in people}
    links = owned(Relationship, user).filter(
        Q(person_id__in=ids)
        | Q(other_id__in=ids)
        | Q(other_name__in=[p.display_name for p in people])
    )
    rows = list(links.values_list("person_id", "kind", "other_id", "other_name")[:5000])
    named = {fold(name) for _, _, other, name in rows if other is None and name}
    wanted = {pid for pid, _, other, _ in rows} | {other for _, _, other, _ in rows if other}
    sorted_people = owned(Person, user).exclude(WAITING)
    found_people: dict[int, tuple[str, suggest.Place]] = {}
    found_names: dict[str, tuple[str, suggest.Place]] = {}
    for pk, name, circle, archived in sorted_people.filter(
        Q(pk__in=wanted) | Q(display_name__in=[n for _, _, _, n in rows if n])
    ).values_list("pk", "display_name", "circle_id", "archived")[:5000]:
        place = OUT if archived or circle is None else circle
        found_people[pk] = (name, place)
        if fold(name) in named:
            found_names[fold(name)] = (name, place)
    result: dict[int, list[Known]] = defaultdict(list)

    def add(newcomer: int, known: Known) -> None:  # once per relative, either way round
        if all(k.name != known.name for k in result[newcomer]):
            result[newcomer].append(known)

    for pid, kind, other, other_name in rows:
        if pid in ids:  # the newcomer names a relative: "their spouse Tom"
            relative = found_people.get(other) if other else found_names.get(fold(other_name))
            if relative is not None:
                name, place = relative
                add(pid, Known(name, place, f"Their {kind} {name}"))
        newcomer = other if other in ids else by_name.get(fold(other_name))
        if newcomer is not None and pid in found_people:  # a sorted person names them
            name, place = found_people[pid]
            add(newcomer, Known(name, place, f"{name}\u2019s {kind}"))
    return result

"""Birthdays and key dates of the coming days, and anniversaries of a death for
the family left behind. The deceased themselves are never listed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q

from keepwarm.contacts.models import FAMILY, KeyDate, Person, Relationship, falls_between
from keepwarm.lib.dates import MonthDay
from keepwarm.owned import owned
from keepwarm.touches import queries

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

DAYS = 30
SAD_WORDS = ("death", "died", "passed", "memorial", "funeral", "loss")


@dataclass(frozen=True)
class Coming:
    date: dt.date
    person: Person
    what: str
    """"Birthday", a key date's label, or "A year since Karl Doe died"."""
    occasion: str
    """The greeting that fits: birthday, congratulations or condolence."""
    turning: int | None = None
    leap_note: str = ""
    """"29 February (28 February this year)" for a leap-day birthday in a common year."""
    gentle: bool = False
    """An anniversary of a death in the family: a gentle touch, if you like."""


def leap_note(month_day: MonthDay, on: dt.date) -> str:
    if (month_day.month, month_day.day) == (2, 29) and on.day == 28:
        return "29 February (28 February this year)"
    return ""


def birthdays(user: User, today: dt.date, days: int) -> list[Coming]:
    found = []
    for birthday in queries.coming_birthdays(user, today, days):
        found.append(
            Coming(
                date=birthday.date,
                person=birthday.person,
                what="Birthday",
                occasion="birthday",
                turning=birthday.turning,
                leap_note=leap_note(birthday.person.birthday, birthday.date),  # type: ignore[arg-type]
            )
        )
    return found


def key_dates(user: User, today: dt.date, days: int) -> list[Coming]:
    end = today + dt.timedelta(days=days)
    rows = owned(KeyDate, user).filter(
        falls_between(today, end), person__in=queries.in_network(user)
    )
    found = []
    for key_date in rows.select_related("person"):
        date = key_date.month_day.next_on_or_after(today)
        if date > end:
            continue
        sad = any(word in key_date.label.casefold() for word in SAD_WORDS)
        years = key_date.month_day.age_on(date)
        found.append(
            Coming(
                date=date,
                person=key_date.person,
                what=key_date.label[:1].upper() + key_date.label[1:],
                occasion="condolence" if sad else "congratulations",
                turning=years or None,
                leap_note=leap_note(key_date.month_day, date),
            )
        )
    return found


def death_anniversaries(user: User, today: dt.date, days: int) -> list[Coming]:
    """For each contact who died, the anniversary of the death for their family
    among the living contacts: a gentle touch, never a greeting to the dead."""
    end = today + dt.timedelta(days=days)
    died = {}
    for person in owned(Person, user).filter(deceased=True, deceased_on__isnull=False):
        day = person.deceased_on
        date = MonthDay(day.month, day.day).next_on_or_after(today)
        if date <= end and date.year > day.year:
            died[person.pk] = (person, date, date.year - day.year)
    if not died:
        return []
    family = _families(user, set(died))
    found = []
    for dead_id, relatives in family.items():
        dead, date, years = died[dead_id]
        what = f"{'A year' if years == 1 else f'{years} years'} since {dead.display_name} died"
        for relative in relatives:
            found.append(Coming(date, relative, what, "condolence", gentle=True))
    return found


def _families(user: User, dead: set[int]) -> dict[int, list[Person]]:
    links = owned(Relationship, user).filter(
        Q(person_id__in=dead) | Q(other_id__in=dead), other__isnull=False, kind__in=FAMILY
    )
    pairs: set[tuple[int, int]] = set()
    for one, two in links.values_list("person_id", "other_id"):
        if one in dead and two not in dead:
            pairs.add((one, two))
        if two in dead and one not in dead:
            pairs.add((two, one))
    living = queries.active_people(user).filter(pk__in={r for _, r in pairs})
    people = {p.pk: p for p in living}
    family: dict[int, list[Person]] = {}
    for dead_id, relative in sorted(pairs):
        if relative in people:
            family.setdefault(dead_id, []).append(people[relative])
    return family


def coming(user: User, today: dt.date, days: int = DAYS, *, gentle: bool = True) -> list[Coming]:
    """Birthdays and key dates of the next ``days`` days, soonest first; with
    ``gentle``, also the anniversaries of a death for the family."""
    found = birthdays(user, today, days) + key_dates(user, today, days)
    if gentle:
        found += death_anniversaries(user, today, days)
    return sorted(found, key=lambda c: (c.date, c.gentle, c.person.display_name.casefold()))

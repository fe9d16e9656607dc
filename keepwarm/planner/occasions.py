"""Fixed occasions: touches whose day is set by life, not by the planner.

Birthdays (greeting on the day, writable a few days ahead and scheduled),
life events (condolences within days of a bereavement, an offer to help after a
move or an illness, congratulations on a new job or a baby) and gatherings (the
invitation three weeks ahead). Holiday cards and vacation postcards are not
here: they are kinds the routine fill picks when a routine touch falls inside
the card season or a trip (see ``routine.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from keepwarm.planner.model import LIFE_EVENT_OCCASION, Kind, Person, Snapshot
from keepwarm.planner.text import day_phrase, short_date

GREETING_LEAD_DAYS = 3
"""A greeting can be written and scheduled this many days before the birthday."""
LIFE_EVENT_LOOKBACK_DAYS = 21
"""A life event this recent still calls for a response."""
INVITE_LEAD_DAYS = 21

# Lower runs first when a week is short.
PRIORITY = {"condolence": 0, "birthday": 1, "help": 2, "gathering": 3, "congratulate": 4}


@dataclass(frozen=True)
class Occasion:
    id: str
    date: dt.date
    opens: dt.date
    kind: Kind
    people: tuple[int, ...]
    reason: str
    priority: int
    latest: dt.date
    """The last day it still makes sense (a condolence two weeks on, a greeting on the day)."""
    occasion: str


def can(person: Person, kind: Kind) -> bool:
    if kind.needs == "birthday":
        return person.birthday is not None
    return not kind.needs or kind.needs in person.has


def first_possible(person: Person, kinds: list[Kind]) -> Kind | None:
    return next((kind for kind in kinds if can(person, kind)), None)


def paused_on(person: Person, day: dt.date) -> bool:
    return person.paused_until is not None and day < person.paused_until


def collect(snapshot: Snapshot, end: dt.date, by_occasion: dict[str, list[Kind]]) -> list[Occasion]:
    """Every occasion between today and ``end`` that still needs a touch."""
    found: list[Occasion] = []
    for person in snapshot.people:
        if not person.active:
            continue
        found.extend(_birthdays(snapshot, person, end, by_occasion.get("birthday", [])))
        found.extend(_life_events(snapshot, person, end, by_occasion))
    found.extend(_gatherings(snapshot, end, by_occasion.get("gathering", [])))
    return [o for o in found if o.id not in snapshot.skipped and o.id not in snapshot.done]


def _touched_with(person: Person, kinds: list[Kind], start: dt.date, end: dt.date) -> bool:
    ids = {kind.id for kind in kinds}
    return any(start <= t.date <= end and t.kind_id in ids for t in person.history)


def _birthdays(
    snapshot: Snapshot, person: Person, end: dt.date, kinds: list[Kind]
) -> list[Occasion]:
    kind = first_possible(person, kinds)
    if kind is None or person.birthday is None:
        return []
    today = snapshot.today
    found = []
    for year in range(today.year, end.year + 1):
        day = person.birthday.occurrence(year)
        if not today <= day <= end or paused_on(person, day):
            continue
        opens = max(today, day - dt.timedelta(days=GREETING_LEAD_DAYS))
        if _touched_with(person, kinds, day - dt.timedelta(days=GREETING_LEAD_DAYS), day):
            continue
        age = person.birthday.age_on(day)
        turns = f" (turns {age})" if age else ""
        found.append(
            Occasion(
                id=f"birthday-{person.id}-{year}",
                date=day,
                opens=opens,
                kind=kind,
                people=(person.id,),
                reason=f"birthday {day_phrase(day, today)}{turns}",
                priority=PRIORITY["birthday"],
                latest=day,
                occasion="birthday",
            )
        )
    return found


def _life_events(
    snapshot: Snapshot, person: Person, end: dt.date, by_occasion: dict[str, list[Kind]]
) -> list[Occasion]:
    today = snapshot.today
    found = []
    for event in person.life_events:
        occasion = LIFE_EVENT_OCCASION.get(event.kind)
        if occasion is None:
            continue
        if not today - dt.timedelta(days=LIFE_EVENT_LOOKBACK_DAYS) <= event.date <= end:
            continue
        kinds = by_occasion.get(occasion) or by_occasion.get("", [])
        kind = first_possible(person, kinds)
        if kind is None or _touched_with(person, kinds, event.date, today):
            continue
        day = max(today, event.date, person.paused_until or today)
        latest = max(max(today, event.date), event.date + dt.timedelta(days=14))
        if day > latest:
            continue
        label = event.kind.replace("_", " ")
        what = event.note if event.note and len(event.note) <= 60 else label
        when = "today" if event.date == today else short_date(event.date)
        verb = {"condolence": "condolences", "help": "offer a hand", "congratulate": "congratulate"}
        found.append(
            Occasion(
                id=f"{occasion}-{person.id}-{event.id}",
                date=day,
                opens=day,
                kind=kind,
                people=(person.id,),
                reason=f"{what} ({when}): {verb[occasion]}",
                priority=PRIORITY[occasion],
                latest=latest,
                occasion=occasion,
            )
        )
    return found


def _gatherings(snapshot: Snapshot, end: dt.date, kinds: list[Kind]) -> list[Occasion]:
    today = snapshot.today
    people = {p.id: p for p in snapshot.people}
    found = []
    for gathering in snapshot.gatherings:
        send = max(today, gathering.date - dt.timedelta(days=INVITE_LEAD_DAYS))
        if send >= gathering.date or send > end or not kinds:
            continue
        kind = kinds[0]
        since = gathering.date - dt.timedelta(days=60)
        guests = tuple(
            pid
            for pid in gathering.invitees
            if pid in people
            and people[pid].active
            and can(people[pid], kind)
            and not paused_on(people[pid], send)
            and not _touched_with(people[pid], kinds, since, today)
        )
        if not guests:
            continue
        found.append(
            Occasion(
                id=f"gathering-{gathering.id}",
                date=send,
                opens=send,
                kind=kind,
                people=guests,
                reason=f"{gathering.label} on {short_date(gathering.date)}: send the invitations",
                priority=PRIORITY["gathering"],
                latest=gathering.date - dt.timedelta(days=1),
                occasion="gathering",
            )
        )
    return found

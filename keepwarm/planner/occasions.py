"""Fixed occasions: touches whose day is set by life, not by the planner.

Birthdays (greeting on the day, writable a few days ahead and scheduled),
life events (each kind brings its response, see ``LIFE_EVENT_RESPONSES``: a
bereavement a condolence within three days, a check-in a month on and a word on
the first anniversary; good news congratulations within a week; an illness or a
home project an offer to help; a move a note asking for the new address) and
gatherings (the invitation three weeks ahead). Holiday cards and vacation postcards are not
here: they are kinds the routine fill picks when a routine touch falls inside
the card season or a trip (see ``routine.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar

from keepwarm.lib.dates import MonthDay
from keepwarm.lib.words import day_month, day_phrase, short_date
from keepwarm.planner.model import Kind, LifeEvent, Person, Snapshot

EMAIL_NEEDS = frozenset({"", "email"})
"""What a kind may need to be done by an email (a greeting keepwarm sends)."""
GREETING_LEAD_DAYS = 3
"""A greeting can be written and scheduled this many days before the birthday."""
INVITE_LEAD_DAYS = 21

# Lower runs first when a week is short.
PRIORITY = {
    "condolence": 0,
    "birthday": 1,
    "anniversary": 1,
    "help": 2,
    "address": 2,
    "checkin": 2,
    "gathering": 3,
    "congratulate": 4,
}


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


def of_person(
    today: dt.date, person: Person, end: dt.date, by_occasion: dict[str, list[Kind]]
) -> tuple[Occasion, ...]:
    """A person's birthdays and answers to their life events from ``today`` to
    ``end`` (what they depend on: the person, today, ``end`` and the kinds)."""
    return (
        *_birthdays(today, person, end, by_occasion.get("birthday", [])),
        *_life_events(today, person, end, by_occasion),
    )


def losses_of(
    today: dt.date, person: Person, end: dt.date, by_occasion: dict[str, list[Kind]]
) -> tuple[Occasion, ...]:
    """The answers to a person's bereavements when they are planned nothing else
    (``Person.consoled_only``); none for anyone else."""
    if not (person.consoled_only and person.life_events):
        return ()
    return tuple(_life_events(today, person, end, by_occasion, only="bereavement"))


def touched_between(
    person: Person, start: dt.date, end: dt.date, kinds: list[Kind] | None = None
) -> bool:
    """A logged touch from ``start`` to ``end`` (of one of ``kinds``, when given)."""
    ids = None if kinds is None else {kind.id for kind in kinds}
    return any(start <= t.date <= end and (ids is None or t.kind_id in ids) for t in person.history)


def _birthdays(today: dt.date, person: Person, end: dt.date, kinds: list[Kind]) -> list[Occasion]:
    kind = first_possible(person, kinds)
    if kind is None or person.birthday is None:
        return []
    found = []
    for year in range(today.year, end.year + 1):
        day = person.birthday.occurrence(year)
        if not today <= day <= end or paused_on(person, day):
            continue
        opens = max(today, day - dt.timedelta(days=GREETING_LEAD_DAYS))
        if touched_between(person, day - dt.timedelta(days=GREETING_LEAD_DAYS), day, kinds):
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


@dataclass(frozen=True)
class Response:
    """One step of the answer to a life event."""

    step: str
    """The item's occasion, and the first part of its id (``checkin-12-7``)."""
    kinds: str
    """Which kinds may answer: those kept for this occasion, else routine ones ("")."""
    after: int
    """Days after the event it is due from; ``ANNIVERSARY`` for a year to the day."""
    within: int
    """Days from then it is due within (a condolence within three days)."""
    stays: int
    """Days from then it is still offered when it could not be done in time."""
    early: int
    """Days before it is due that it may be done (and a touch already answers it)."""
    say: str


ANNIVERSARY = -1
QUICK_MINUTES = 30
"""A check-in is the warmest routine kind of at most this many minutes (a call)."""

_CONDOLENCE = Response("condolence", "condolence", 0, 3, 21, 0, "condolences")
_CONGRATULATE = Response("congratulate", "congratulate", 0, 7, 21, 0, "congratulate")
_HELP = Response("help", "help", 0, 7, 21, 0, "offer a hand")

LIFE_EVENT_RESPONSES: dict[str, tuple[Response, ...]] = {
    "bereavement": (
        _CONDOLENCE,
        Response("checkin", "", 30, 7, 21, 5, "a check-in, a month on"),
        Response("anniversary", "", ANNIVERSARY, 2, 7, GREETING_LEAD_DAYS, "a gentle word"),
    ),
    "new_job": (_CONGRATULATE,),
    "baby": (_CONGRATULATE,),
    "wedding": (_CONGRATULATE,),
    "graduation": (_CONGRATULATE,),
    "retirement": (_CONGRATULATE,),
    "illness": (_HELP,),
    "home_project": (_HELP,),
    "move": (Response("address", "", 0, 14, 30, 0, "ask for the new address"),),
}
LIFE_EVENT_MEMORY_DAYS = 366 + 7 + 1
"""How far back a life event may still call for a step (the first anniversary)."""
MOURNING_DAYS = 6 * 7
"""The six weeks from a death in someone's family (the day itself is the
first) in which they are recently bereaved: long enough for the condolence and
the check-in a month on. Nothing asks anything of them then (a call card opens
with condolences and holds its ask)."""


class Dated(Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def date(self) -> dt.date: ...


E = TypeVar("E", bound=Dated)


def recent_bereavement(events: Iterable[E], today: dt.date) -> E | None:
    """The latest bereavement of the last ``MOURNING_DAYS`` (today included, none
    dated ahead), or None: the one rule for "recently bereaved". A death in the
    family comes as a bereavement of each relative (``planning.snapshot``)."""
    since = today - dt.timedelta(days=MOURNING_DAYS)
    recent = [e for e in events if e.kind == "bereavement" and since < e.date <= today]
    return max(recent, key=lambda e: e.date, default=None)


def response_start(event: LifeEvent, response: Response) -> dt.date:
    """The day a step is due from (29 February's anniversary on 28 February)."""
    if response.after == ANNIVERSARY:
        return MonthDay(event.date.month, event.date.day).occurrence(event.date.year + 1)
    return event.date + dt.timedelta(days=response.after)


def _response_kind(
    person: Person, response: Response, by_occasion: dict[str, list[Kind]]
) -> Kind | None:
    if response.step in ("checkin", "anniversary"):
        quick = [
            k for k in by_occasion.get("", []) if k.minutes <= QUICK_MINUTES and can(person, k)
        ]
        return max(quick, key=lambda k: (k.weight, -k.minutes, -k.id), default=None)
    kinds = by_occasion.get(response.kinds) or by_occasion.get("", [])
    if response.step == "congratulate" and not by_occasion.get(response.kinds):
        # Borrowed from the routine: one a greeting sent by email can be, as the
        # agenda's "Send greeting" logs it (``greetings.touch_kind_for``).
        kinds = sorted(kinds, key=lambda k: k.needs not in EMAIL_NEEDS)
    return first_possible(person, kinds)


def _life_events(
    today: dt.date,
    person: Person,
    end: dt.date,
    by_occasion: dict[str, list[Kind]],
    only: str = "",
) -> list[Occasion]:
    found = []
    for event in person.life_events:
        if only and event.kind != only:
            continue
        for response in LIFE_EVENT_RESPONSES.get(event.kind, ()):
            occasion = _respond(today, person, event, response, end, by_occasion)
            if occasion is not None:
                found.append(occasion)
    return found


def _respond(
    today: dt.date,
    person: Person,
    event: LifeEvent,
    response: Response,
    end: dt.date,
    by_occasion: dict[str, list[Kind]],
) -> Occasion | None:
    """One step of the answer to ``event``, when it is due, possible and not done yet."""
    start = response_start(event, response)
    last_offer = start + dt.timedelta(days=response.stays)
    if start > end or today > last_offer:
        return None
    kind = _response_kind(person, response, by_occasion)
    if kind is None:
        return None
    answers = by_occasion.get(response.kinds) or by_occasion.get("", [])
    if response.step in ("checkin", "anniversary"):
        answers = [k for kinds in by_occasion.values() for k in kinds]
    early = start - dt.timedelta(days=response.early)
    if touched_between(person, max(early, event.date), today, [*answers, kind]):
        return None
    day = max(today, start, person.paused_until or today)
    latest = max(start + dt.timedelta(days=response.within), min(today, last_offer))
    if day > latest:
        return None
    return Occasion(
        id=f"{response.step}-{person.id}-{event.id}",
        date=day,
        opens=max(today, min(day, early)),
        kind=kind,
        people=(person.id,),
        reason=_response_reason(event, response, today),
        priority=PRIORITY[response.step],
        latest=latest,
        occasion=response.step,
    )


def _response_reason(event: LifeEvent, response: Response, today: dt.date) -> str:
    label = event.kind.replace("_", " ")
    what = event.note if event.note and len(event.note) <= 60 else label
    if response.after == ANNIVERSARY:
        return f"{what}, a year ago ({short_date(event.date)}): {response.say}"
    when = "today" if event.date == today else day_month(event.date)
    return f"{what} ({when}): {response.say}"


def gatherings(
    snapshot: Snapshot, people: Mapping[int, Person], end: dt.date, kinds: list[Kind]
) -> list[Occasion]:
    """The invitations to each gathering the user hosts (``people``: everyone by id)."""
    today = snapshot.today
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
            and not touched_between(people[pid], since, today, kinds)
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
                reason=f"{gathering.label} on {day_month(gathering.date)}: send the invitations",
                priority=PRIORITY["gathering"],
                latest=gathering.date - dt.timedelta(days=1),
                occasion="gathering",
            )
        )
    return found

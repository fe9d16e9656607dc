"""Two years of touches: routine catch-ups, birthdays and holiday cards.

``History`` keeps the rules every generated touch obeys: nothing today or in
the future, nothing before the user met the person, nothing after they died,
were archived, paused or went cold.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from collections.abc import Iterable, Sequence

from keepwarm.demo.phrases import NOTES, SENIOR_NEWS, SLOTS, VISITING
from keepwarm.demo.spec import GatheringSpec, HuntSpec, PersonSpec, TouchSpec
from keepwarm.lib.dates import MonthDay

YEARS = 2
# Routine touches a year (coffee, calls, notes) per circle, before noise.
ROUTINE = {"Close": 19.0, "Core": 7.5, "Wide": 1.8}
BIRTHDAY_GREETED = {"Close": 0.95, "Core": 0.75, "Wide": 0.3}
CARD_SENT = {"Close": 0.95, "Core": 0.75, "Wide": 0.35}
# Fewer coffees and calls with people who live elsewhere.
FAR_AWAY = 0.75
# A bereavement this recent: the person is away for the funeral, and the
# condolence is still to do (the planner suggests it).
FRESH_GRIEF_DAYS = 30


class History:
    def __init__(self, rng: random.Random, people: list[PersonSpec], today: dt.date):
        self.rng = rng
        self.people = people
        self.today = today
        self.start = today - dt.timedelta(days=365 * YEARS)
        self.touches: list[TouchSpec] = []
        self.gatherings: list[GatheringSpec] = []
        self.hunt: HuntSpec | None = None
        self.ends = [self._end(p) for p in people]

    def _end(self, person: PersonSpec) -> dt.date:
        """The last day anything happens with ``person``."""
        end = self.today - dt.timedelta(days=1)
        if person.deceased_on:
            end = min(end, person.deceased_on - dt.timedelta(days=1))
        if person.archived:
            end = min(end, person.quiet_after or self.today - dt.timedelta(days=540))
        if person.paused_until:
            end = min(end, self.today - dt.timedelta(days=40))
        if person.quiet_after:
            end = min(end, person.quiet_after)
        for event in person.events:
            if event.kind == "bereavement" and self.is_fresh(event.date):
                end = min(end, event.date - dt.timedelta(days=1))
        return end

    def is_fresh(self, day: dt.date) -> bool:
        return 0 <= (self.today - day).days < FRESH_GRIEF_DAYS

    def begin(self, index: int) -> dt.date:
        met = self.people[index].met_on
        return max(self.start, met) if met else self.start

    def active(self, index: int, day: dt.date) -> bool:
        return self.begin(index) <= day <= self.ends[index]

    def reachable(self, index: int, day: dt.date) -> bool:
        """Whether a hand-told story may touch the person: met, alive, in the past."""
        died = self.people[index].deceased_on
        return self.begin(index) <= day < self.today and (died is None or day < died)

    def add(
        self, day: dt.date, kind: str, people: Iterable[int], note: str = "", story: bool = False
    ) -> int | None:
        """Log a touch with those of ``people`` it can reach that day; its index.

        A ``story`` touch reaches people who are otherwise quiet (grieving, paused).
        """
        can = self.reachable if story else self.active
        reached = tuple(i for i in dict.fromkeys(people) if can(i, day))
        if not reached:
            return None
        self.touches.append(TouchSpec(day, kind, reached, note))
        return len(self.touches) - 1

    def say(self, templates: Sequence[str], person: PersonSpec | None = None, **extra: str) -> str:
        """One of ``templates`` with its slots filled."""
        template = self.rng.choice(templates)
        values = {name: self.rng.choice(options) for name, options in SLOTS.items()}
        if person and self.today.year - person.birth_year >= 66:
            values["news"] = self.rng.choice(SENIOR_NEWS)
        values["first"] = person.first if person else ""
        values.update(extra)
        wanted = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        return template.format(**{k: v for k, v in values.items() if k in wanted})

    def days(self, first: dt.date, last: dt.date, count: int) -> list[dt.date]:
        """``count`` days spread over [first, last], one in each equal slot."""
        span = (last - first).days
        if count <= 0 or span <= 0:
            return []
        slot = span / count
        return [
            first + dt.timedelta(days=int(slot * (i + self.rng.uniform(0.1, 0.9))))
            for i in range(count)
        ]

    def home_friends(self, group: str) -> list[int]:
        return [i for i, p in enumerate(self.people) if p.group == group and p.is_home]


def routine_kinds(person: PersonSpec) -> list[tuple[str, float]]:
    kinds = [("email or note", 3.0)]
    kinds += (
        [("coffee", 3.0), ("lunch", 2.0)] if person.is_home else [("coffee", 0.2), ("lunch", 0.15)]
    )
    if person.has("phone"):
        kinds.append(("check-in call", 2.0 if person.is_home else 3.5))
    if person.group in {"former colleagues", "work", "conference"}:
        kinds.append(("meeting", 1.2 if person.is_home else 0.2))
    if person.has("email"):
        kinds.append(("offer to help", 0.35))
    return kinds


def add_routine(history: History) -> None:
    """Coffees, lunches, calls and notes, spread over each person's active time."""
    rng = history.rng
    for index, person in enumerate(history.people):
        first, last = history.begin(index), history.ends[index]
        years = max(0, (last - first).days) / 365
        rate = ROUTINE[person.circle] * (1 if person.is_home else FAR_AWAY)
        count = round(rate * years * rng.uniform(0.6, 1.4))
        kinds = routine_kinds(person)
        for day in history.days(first, last, count):
            kind = rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]
            if kind == "email or note" and person.has("phone") and (index + day.toordinal()) % 2:
                kind = "text message"  # every other note to a phone (no draw: same demo)
            note = history.say(NOTES[kind], person) if kind in NOTES else ""
            if kind in {"coffee", "lunch"} and not person.is_home:
                note = history.say(VISITING, person)
            history.add(day, kind, [index, *companion(history, index, kind, day)], note)


def companion(history: History, index: int, kind: str, day: dt.date) -> list[int]:
    """Now and then a friend from the same group comes along for coffee or lunch."""
    person = history.people[index]
    if kind not in {"coffee", "lunch"} or not person.is_home or history.rng.random() > 0.12:
        return []
    friends = [
        i for i in history.home_friends(person.group) if i != index and history.active(i, day)
    ]
    return [history.rng.choice(friends)] if friends else []


def add_birthdays(history: History) -> None:
    rng = history.rng
    for index, person in enumerate(history.people):
        if person.birthday is None:
            continue
        birthday = MonthDay(person.birthday.month, person.birthday.day)
        for year in range(history.start.year, history.today.year + 1):
            day = birthday.occurrence(year)
            if rng.random() > BIRTHDAY_GREETED[person.circle]:
                continue
            note = history.say(NOTES["birthday greeting"], person)
            if rng.random() < 0.08:
                day, note = day + dt.timedelta(days=1), "A day late. Sorry!"
            history.add(day, "birthday greeting", [index], note)


def partners(people: Sequence[PersonSpec]) -> dict[int, int]:
    """Couples who are both contacts (one household, one card): index → index."""
    at = {id(p): i for i, p in enumerate(people)}
    found: dict[int, int] = {}
    for index, person in enumerate(people):
        for relation in person.relations:
            if relation.kind in {"spouse", "partner"} and id(relation.other) in at:
                other = at[id(relation.other)]
                found[index], found[other] = other, index
    return found


def card_evenings(history: History, year: int) -> list[dt.date]:
    """Three evenings of December for the cards; this December's first one is
    already past once the season has begun (a run in progress has cards out)."""
    evenings = sorted(dt.date(year, 12, d) for d in history.rng.sample(range(4, 19), 3))
    today = history.today
    if (today.year, today.month) == (year, 12) and 1 < today.day <= evenings[0].day:
        evenings[0] = dt.date(year, 12, history.rng.randint(1, today.day - 1))
    return evenings


def add_holiday_cards(history: History) -> None:
    """A card run every December, in a few evenings, one touch per card (a couple
    who are both contacts share theirs)."""
    rng = history.rng
    couples = partners(history.people)
    for year in range(history.start.year, history.today.year + 1):
        evenings = card_evenings(history, year)
        for index, person in enumerate(history.people):
            partner = couples.get(index)
            if partner is not None and partner < index:
                continue  # on the card to the partner
            household = [index] if partner is None else [index, partner]
            addressed = any(history.people[i].addresses for i in household)
            if not addressed or rng.random() > CARD_SENT[person.circle]:
                continue
            day = rng.choice(evenings)
            note = history.say(NOTES["holiday card"], person)
            if any(
                e.kind == "bereavement" and 0 < (day - e.date).days < 365 for e in person.events
            ):
                note = "Card: thinking of you, this first holiday season."
            if any(history.active(i, day) for i in household):  # then to the whole household
                reached = [i for i in household if not history.people[i].archived]
                history.add(day, "holiday card", reached, note, story=True)


def card_year(history: History) -> int | None:
    """The December of the card run in progress: the last one with a card out."""
    years = [t.date.year for t in history.touches if t.kind == "holiday card"]
    return max(years, default=None)

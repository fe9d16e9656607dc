"""A year in the life of a busy user, to measure a reminder strategy.

The simulated user has ``budget`` minutes a week, looks at what the strategy
shows each day and does each shown item with probability 0.8 while the week's
minutes last (an occasion the plan keeps beyond them, such as a birthday
greeting or a party they host, whatever the week holds); they take a
three-week vacation (entered as a trip: all they do on it is a postcard run
and the birthday greetings) and have a four-week crunch with no time at all
(and tell nobody), every year they run. A party they host they do host: its
evening is done on its day whatever the week holds (about half the guests
come), unless it falls in the crunch or the vacation.
Strategies: the keepwarm planner (re-planned every morning) and the two models
peers use (``baselines.py``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Protocol

from keepwarm.planner.bound import bound, capped_touches, minutes_of
from keepwarm.planner.model import Gathering, Item, Kind, PastTouch, Person, Snapshot, Trip
from keepwarm.planner.occasions import GREETING_LEAD_DAYS, INVITE_LEAD_DAYS
from keepwarm.planner.parties import ATTENDANCE, PROPOSAL
from keepwarm.planner.plan import plan
from keepwarm.planner.synthetic import network

START = dt.date(2027, 1, 4)
"""A Monday; the simulated year starts here."""
DONE_PROBABILITY = 0.8
VACATION_WEEKS = range(14, 17)
CRUNCH_WEEKS = range(30, 34)
GAP_DAYS = 120
ON_VACATION = ("trip", "birthday")
"""What the user does on vacation: the postcard run, and a birthday greeting
from their phone (one that opens there and falls due just after)."""


@dataclass(frozen=True)
class Shown:
    """One suggestion as the user sees it on a day."""

    id: str
    kind_id: int
    minutes: int
    people: tuple[int, ...]
    planned_for: dt.date | None = None
    """The day it is planned for; a greeting written ahead spends that week's minutes."""
    occasion: str = ""
    fixed: bool = False
    """An occasion the plan keeps beyond the budget (``Item.fixed``): the user does
    it even when the week's minutes are spent (a birthday, a party they host)."""


@dataclass
class World:
    people: dict[int, Person]
    kinds: tuple[Kind, ...]
    budget: int
    spent: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    routine: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    """Of ``spent``, what went to anything but occasions (``Shown.fixed``)."""
    log: list[tuple[dt.date, int, int]] = field(default_factory=list)
    """(day, person, kind) of every touch done in the simulated year."""
    answered: set[str] = field(default_factory=set)
    hosted: list[Gathering] = field(default_factory=list)
    """Parties the user planned from a proposal (``parties.py``)."""

    def week(self, day: dt.date) -> int:
        return (day - START).days // 7

    def do(self, day: dt.date, item: Shown, rng: random.Random | None = None) -> None:
        self.spent[self.week(item.planned_for or day)] += item.minutes
        if not item.fixed:
            self.routine[self.week(item.planned_for or day)] += item.minutes
        self.answered.add(item.id)
        people = item.people
        if item.id.startswith(PROPOSAL) and item.occasion == "gathering":
            # "Plan it": the party is on, three weeks on, for these guests.
            party = (item.planned_for or day) + dt.timedelta(days=INVITE_LEAD_DAYS)
            self.hosted.append(Gathering(len(self.hosted) + 1, party, "party", (), people))
        if item.occasion == "party" and rng is not None:
            # A party: about half the guests come; as the gathering page logs
            # it, they have the party besides their invitation.
            people = tuple(pid for pid in people if rng.random() < ATTENDANCE)
        for pid in people:
            person = self.people[pid]
            touch = PastTouch(day, item.kind_id)
            self.people[pid] = replace(person, history=(*person.history, touch))
            self.log.append((day, pid, item.kind_id))


class Strategy(Protocol):
    name: str

    def today(self, day: dt.date, world: World) -> tuple[list[Shown], list[Shown]]:
        """What the user may do today, and everything the strategy asks of them this week."""
        ...


class Planner:
    name = "keepwarm planner"

    def today(self, day: dt.date, world: World) -> tuple[list[Shown], list[Shown]]:
        snapshot = Snapshot(
            today=day,
            budget_minutes=world.budget,
            people=tuple(world.people.values()),
            kinds=world.kinds,
            spent_this_week=world.spent[world.week(day)],
            trips=vacations(day),
            done=frozenset(world.answered),
            gatherings=tuple(world.hosted),
        )
        this_week, next_week = plan(snapshot, weeks=2).weeks
        # Next week's greetings can be written ahead (and scheduled) from today.
        early = [i for i in next_week.items if (i.opens or i.date) <= day]
        now = [i for i in this_week.items if (i.opens or i.date) <= day] + early
        return [_shown(i) for i in now], [_shown(i) for i in this_week.items]


def _shown(item: Item) -> Shown:
    return Shown(
        item.id, item.kind_id, item.minutes, item.people, item.date, item.occasion, item.fixed
    )


def vacations(day: dt.date) -> tuple[Trip, ...]:
    """The vacation of the year holding ``day`` (and of the next), as the trip the
    user entered."""
    year = (day - START).days // 364
    return tuple(
        Trip(
            START + dt.timedelta(weeks=52 * y + VACATION_WEEKS[0]),
            START + dt.timedelta(weeks=52 * y + VACATION_WEEKS[-1] + 1, days=-1),
            "vacation",
        )
        for y in (year, year + 1)
    )


@dataclass
class Metrics:
    strategy: str
    reached_target: float
    inner_gap_over_120: float
    inner_gap_keepable: float
    """As ``inner_gap_over_120``, of those who could be kept under it: silent for
    less than ``GAP_DAYS`` when the year begins."""
    birthdays_on_the_day: float
    peak_week_over_budget: float
    routine_peak_over_budget: float
    """As ``peak_week_over_budget``, counting only what is not an occasion kept
    beyond the budget: routine touches, sessions, proposals."""
    most_items_in_a_week: int
    kinds_per_person: float
    touches: int

    def as_dict(self) -> dict[str, float | int | str]:
        return dict(self.__dict__)


def run(strategy: Strategy, size: int, budget: int, seed: int, days: int = 364) -> Metrics:
    people, kinds = network(size, seed, START - dt.timedelta(days=1))
    world = World({p.id: p for p in people}, kinds, budget)
    user = random.Random(seed)
    peak_minutes: dict[int, int] = defaultdict(int)
    peak_routine: dict[int, int] = defaultdict(int)
    shown_ids: dict[int, set[str]] = defaultdict(set)
    for offset in range(days):
        day = START + dt.timedelta(days=offset)
        week = world.week(day)
        now, asked = strategy.today(day, world)
        shown_ids[week].update(item.id for item in asked)
        asked_minutes = world.spent[week] + sum(item.minutes for item in asked)
        peak_minutes[week] = max(peak_minutes[week], asked_minutes)
        routine = world.routine[week] + sum(i.minutes for i in asked if not i.fixed)
        peak_routine[week] = max(peak_routine[week], routine)
        if week % 52 in CRUNCH_WEEKS:
            continue
        for item in now:
            if week % 52 in VACATION_WEEKS and item.occasion not in ON_VACATION:
                continue
            spent = world.spent[world.week(item.planned_for or day)]
            # An occasion (a birthday, a party the guests were invited to) is done
            # whatever the week holds; everything else while its minutes last.
            room = item.fixed or spent + item.minutes <= budget
            hosting = item.fixed and item.occasion == "party" and item.planned_for == day
            if hosting or (user.random() < DONE_PROBABILITY and room):
                world.do(day, item, user)
    peaks = (peak_minutes, peak_routine)
    return _metrics(strategy.name, people, world, budget, days, peaks, shown_ids)


def _metrics(
    name: str,
    start_people: tuple[Person, ...],
    world: World,
    budget: int,
    days: int,
    peaks: tuple[dict[int, int], dict[int, int]],
    shown_ids: dict[int, set[str]],
) -> Metrics:
    end = START + dt.timedelta(days=days - 1)
    counts: dict[int, int] = defaultdict(int)
    touched: dict[int, list[dt.date]] = defaultdict(list)
    kinds_of: dict[int, set[int]] = defaultdict(set)
    for day, pid, kind in world.log:
        counts[pid] += 1
        touched[pid].append(day)
        kinds_of[pid].add(kind)
    active = [p for p in start_people if p.active]
    inner = [p for p in active if p.inner]
    reached = sum(1 for p in active if counts[p.id] >= p.target)
    gaps = sum(1 for p in inner if _longest_gap(p, touched[p.id], end) > GAP_DAYS)
    keepable = [p for p in inner if _silent_at_start(p) < GAP_DAYS]
    kept_gaps = sum(1 for p in keepable if _longest_gap(p, touched[p.id], end) > GAP_DAYS)
    on_day, known = _birthdays(active, world, end)
    with_touches = [p for p in active if kinds_of[p.id]]
    return Metrics(
        strategy=name,
        reached_target=reached / len(active),
        inner_gap_over_120=gaps / len(inner) if inner else 0.0,
        inner_gap_keepable=kept_gaps / len(keepable) if keepable else 0.0,
        birthdays_on_the_day=on_day / known if known else 1.0,
        peak_week_over_budget=max(peaks[0].values(), default=0) / max(budget, 1),
        routine_peak_over_budget=max(peaks[1].values(), default=0) / max(budget, 1),
        most_items_in_a_week=max((len(ids) for ids in shown_ids.values()), default=0),
        kinds_per_person=sum(len(kinds_of[p.id]) for p in with_touches) / max(len(with_touches), 1),
        touches=len(world.log),
    )


def _last_before(person: Person) -> dt.date:
    """The last touch before the year (its first day for someone never touched)."""
    return max((t.date for t in person.history if t.date < START), default=START)


def _silent_at_start(person: Person) -> int:
    return (START - _last_before(person)).days


def _longest_gap(person: Person, days: list[dt.date], end: dt.date) -> int:
    points = [_last_before(person), *sorted(days), end]
    return max((b - a).days for a, b in itertools.pairwise(points))


def _birthdays(active: list[Person], world: World, end: dt.date) -> tuple[int, int]:
    """Greetings done by the day (written ahead, scheduled) / birthdays the user was
    there for: the day in an active week, and its whole greeting window inside the
    year and outside the crunch (a window cut short leaves the user fewer mornings
    to see it than any strategy can give)."""
    greeting_kinds = {k.id for k in world.kinds if k.occasion == "birthday"}
    done = {(pid, day) for day, pid, kind in world.log if kind in greeting_kinds}
    any_touch = {(pid, day) for day, pid, _kind in world.log}
    on_day = known = 0
    for person in active:
        if person.birthday is None:
            continue
        for year in range(START.year, end.year + 1):
            day = person.birthday.occurrence(year)
            week = world.week(day) % 52
            window = {day - dt.timedelta(days=n) for n in range(GREETING_LEAD_DAYS + 1)}
            if not START <= min(window) <= day <= end or week in VACATION_WEEKS:
                continue
            if any(world.week(d) % 52 in CRUNCH_WEEKS for d in window):
                continue
            known += 1
            if any((person.id, d) in done for d in window) or (person.id, day) in any_touch:
                on_day += 1
    return on_day, known


def already_silent(size: int, seed: int) -> float:
    """The share of Close/Core silent for ``GAP_DAYS`` or more when the year begins:
    the floor of ``inner_gap_over_120`` for any strategy."""
    people, _kinds = network(size, seed, START - dt.timedelta(days=1))
    inner = [p for p in people if p.active and p.inner]
    return sum(_silent_at_start(p) >= GAP_DAYS for p in inner) / len(inner) if inner else 0.0


def plan_over_bound(size: int, budget: int, seed: int) -> tuple[int, float]:
    """Target-capped touches in the first-morning plan of 52 weeks, and the bound for them."""
    people, kinds = network(size, seed, START - dt.timedelta(days=1))
    snapshot = Snapshot(
        today=START, budget_minutes=budget, people=people, kinds=kinds, trips=vacations(START)
    )
    year = plan(snapshot, weeks=52)
    return capped_touches(dict(year.expected), people), bound(snapshot, minutes_of(year))

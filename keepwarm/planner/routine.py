"""Routine touches: each person's yearly target spread evenly, kinds rotated.

A person with ``n`` touches a year (their target, or their share of a short
budget, see ``budget.py``) is due every ``365 / n`` days after their last
touch. ``plan.py`` serves them earliest due first, the coldest first on a tie.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from keepwarm.lib.words import month_phrase
from keepwarm.planner.model import Kind, Person, Snapshot
from keepwarm.planner.occasions import can

MIN_GAP_SHARE = 0.5
"""Two touches of one person are at least half their interval apart…"""
MIN_GAP_BOUNDS = (7, 60)
"""…but never less than a week, and a two-month gap is always enough."""
NEWCOMER_SPREAD_DAYS = 56
"""People never touched are spread over the first eight weeks, not all due at once."""
QUIET_LIMIT_DAYS = 120
"""Nobody close should go this long without a touch."""
GUARD_DAYS = 90
"""An inner-circle friend is due at the latest this long after their last touch
and, silent this long but not yet ``QUIET_LIMIT_DAYS``, ranks before anyone
else overdue, the nearest the limit first."""
COUNTED = ("birthday", "holiday", "trip", "gathering")
"""Occasions whose touch counts as one of the person's yearly touches: a birthday
greeting, a holiday card (or the season's call), a postcard, an invitation."""
WELCOME_TOUCHES = 5
"""A handful of the people added on one day (a new account, an import) are due
that day while never touched, so the first week is never empty."""


@dataclass(slots=True)
class State:
    person: Person
    interval: float
    min_gap: int
    quota: int
    last_day: dt.date | None
    """The last touch, logged or planned so far."""
    last_kind: int | None
    """The kind of the last logged touch."""
    logged_day: dt.date | None
    year_count: int
    on_cadence: bool = True
    """Has a share of the budget; else only gets touches when minutes are left over."""
    kind_used: dict[int, int] = field(default_factory=dict)
    """Kind id → ordinal of the last day it was used, for rotation."""
    occasion_days: list[dt.date] = field(default_factory=list)
    session_days: list[dt.date] = field(default_factory=list)
    """Days of the card evenings and postcard runs they are in."""
    carded: set[int] = field(default_factory=set)
    """Card seasons (by year) and trips (by index + 10_000) already covered."""
    plain: tuple[int, ...] = ()
    """Their plain routine kinds (``plain_kinds``), in turn."""
    plain_cost: float = 0.0
    """What a plain touch of theirs costs (``plain_cost``); 0 when they can have none."""
    allowance: float = 0.0
    """What a routine touch of theirs may cost on average."""
    credit: float = 0.0
    """Minutes their routine touches of the last year (and those planned so far)
    left under their allowance (over it, below 0): a richer kind is paid for by
    the plainer ones before it."""

    @property
    def pid(self) -> int:
        return self.person.id

    def note(self, day: dt.date, kind_id: int) -> None:
        self.last_day = day if self.last_day is None else max(self.last_day, day)
        self.kind_used[kind_id] = day.toordinal()


@dataclass(frozen=True, slots=True)
class Terms:
    """A person's routine terms in one plan, from their share of the budget
    (``cadences.py``): what their ``State`` holds besides their history."""

    quota: int
    interval: float
    min_gap: int
    on_cadence: bool
    plain: tuple[int, ...]
    plain_cost: float
    allowance: float
    credit: float

    def give(self, state: State) -> None:
        """Set these terms on ``state``."""
        state.quota, state.interval, state.min_gap = self.quota, self.interval, self.min_gap
        state.on_cadence, state.plain = self.on_cadence, self.plain
        state.plain_cost, state.allowance, state.credit = (
            self.plain_cost,
            self.allowance,
            self.credit,
        )


@dataclass(frozen=True)
class Digest:
    """What ``new_state`` reads of a person's history (``digest``)."""

    last_date: dt.date | None
    last_kind: int | None
    year_count: int
    kind_used: tuple[tuple[int, int], ...]
    """Kind id and the ordinal of the last day it was used."""


def digest(person: Person, today: dt.date) -> Digest:
    history = person.history
    last = max(history, key=lambda t: t.date) if history else None
    year_ago = today - dt.timedelta(days=365)
    used: dict[int, int] = {}
    for touch in history:
        used[touch.kind_id] = max(used.get(touch.kind_id, 0), touch.date.toordinal())
    return Digest(
        last_date=last.date if last else None,
        last_kind=last.kind_id if last else None,
        year_count=sum(1 for t in history if year_ago < t.date <= today),
        kind_used=tuple(used.items()),
    )


def new_state(person: Person, today: dt.date, read: Digest | None = None) -> State:
    """A person's state before planning (``read``: their ``digest``, when kept)."""
    read = read or digest(person, today)
    interval = 365.0 / person.target
    gap = round(interval * MIN_GAP_SHARE)
    return State(
        person=person,
        interval=interval,
        min_gap=min(max(gap, MIN_GAP_BOUNDS[0]), MIN_GAP_BOUNDS[1]),
        quota=person.target,
        last_day=read.last_date,
        last_kind=read.last_kind,
        logged_day=read.last_date,
        year_count=read.year_count,
        kind_used=dict(read.kind_used),
    )


def welcome(people: Iterable[Person]) -> set[int]:
    """Who gets a welcome touch: of the people added on the same day, the
    ``WELCOME_TOUCHES`` closest (inner circles, then the highest targets, then
    the first added). Who they are depends only on the day they came in, never
    on today or on who has been touched since, so the group (and its item ids)
    stays the same on every re-plan; ``first_due`` makes it due on that day."""
    by_day: dict[dt.date, list[Person]] = {}
    for person in people:
        if person.since is not None and person.target > 0:
            by_day.setdefault(person.since, []).append(person)
    chosen = set()
    for cohort in by_day.values():
        cohort.sort(key=lambda p: (not p.inner, -p.target, p.id))
        chosen |= {p.id for p in cohort[:WELCOME_TOUCHES]}
    return chosen


def first_due(
    person: Person,
    last_day: dt.date | None,
    interval: float,
    today: dt.date,
    welcome: bool = False,
) -> dt.date:
    """After the last touch by the interval; someone never touched a few days to
    weeks after they were added (spread by id), the same day on every re-plan;
    a ``welcome`` touch on the day they were added."""
    if last_day is None and welcome and person.since is not None:
        return person.since
    if last_day is None:
        spread = min(interval, NEWCOMER_SPREAD_DAYS)
        anchor = person.since or today
        return anchor + dt.timedelta(days=int((person.id * 2654435761) % 1000 / 1000 * spread))
    return last_day + dt.timedelta(days=round(interval))


def routine_reason(state: State, kinds: dict[int, Kind], today: dt.date) -> str:
    target = state.person.target
    touches = "touch" if target == 1 else "touches"
    head = f"{state.year_count} of {target} {touches} this year"
    if state.year_count >= target:
        head = f"on target ({state.year_count} in the last 12 months), keeping it warm"
    if state.logged_day is None or state.last_kind is None:
        return f"{head}; no touch logged yet"
    kind = kinds.get(state.last_kind)
    label = kind.label if kind else "a touch"
    return f"{head}; last: {label} {month_phrase(state.logged_day, today)}"


CARD_LEAD_DAYS = 14
"""Holiday cards may be written this many days before the season opens (and
posted from its first day): a card evening in late November counts."""


@dataclass(frozen=True)
class Season:
    """When holiday cards are written and sent, and the trips (postcards)."""

    card_windows: tuple[tuple[dt.date, dt.date], ...]
    """Per season: its first and last day (cards may be written from
    ``CARD_LEAD_DAYS`` before the first)."""
    trips: tuple[tuple[dt.date, dt.date], ...]

    @classmethod
    def of(cls, snapshot: Snapshot, end: dt.date) -> Season:
        start, stop = snapshot.card_season
        windows = []
        for year in range(snapshot.today.year - 1, end.year + 1):
            first = start.occurrence(year)
            last = stop.occurrence(year if stop >= start else year + 1)
            windows.append((first, last))
        return cls(tuple(windows), tuple((t.start, t.end) for t in snapshot.trips))

    def card_season(self, day: dt.date) -> int | None:
        """The season (by the year it opens) whose cards may be written on ``day``."""
        lead = dt.timedelta(days=CARD_LEAD_DAYS)
        return next((a.year for a, b in self.card_windows if a - lead <= day <= b), None)

    def trip(self, day: dt.date) -> int | None:
        return next((i for i, (a, b) in enumerate(self.trips) if a <= day <= b), None)


PLAIN_KINDS = 2
"""A plain routine touch alternates the person's this many cheapest kinds (a
text, a note), so that no one kind is more than half of them…"""
PLAIN_SPREAD = 2
"""…the second costing at most this many times the first…"""
PLAIN_MINUTES = 15
"""…and at most this many minutes: a plain touch is a few minutes (a call or a
coffee never is, whatever the catalogue holds)."""


def plain_kinds(person: Person, routine: list[Kind]) -> list[Kind]:
    """The routine kinds a plain touch of ``person`` alternates (``routine``
    sorted by minutes): the cheapest they can receive, and the next one when
    it costs at most ``PLAIN_SPREAD`` times as much and ``PLAIN_MINUTES``."""
    possible = [k for k in routine if can(person, k)]
    if not possible:
        return []
    top = min(possible[0].minutes * PLAIN_SPREAD, max(PLAIN_MINUTES, possible[0].minutes))
    return [k for k in possible if k.minutes <= top][:PLAIN_KINDS]


def plain_cost(plain: list[Kind]) -> float:
    """The mean minutes of someone's ``plain_kinds``: what a plain touch of theirs
    costs, as they alternate; 0 when they can receive none."""
    return sum(k.minutes for k in plain) / len(plain) if plain else 0.0


def credit_of(state: State, spent: tuple[int, int]) -> float:
    """``State.credit`` from their routine touches of the last year (``spent``)."""
    count, minutes = spent
    return state.allowance * count - minutes


def routine_spent(person: Person, catalogue: dict[int, Kind], today: dt.date) -> tuple[int, int]:
    """How many routine touches ``person`` had in the last year, and their minutes."""
    year_ago = today - dt.timedelta(days=365)
    spent = [
        kind.minutes
        for touch in person.history
        if year_ago < touch.date <= today
        and (kind := catalogue.get(touch.kind_id)) is not None
        and kind.occasion == ""
    ]
    return len(spent), sum(spent)


def choose_kind(
    state: State,
    day: dt.date,
    room: int,
    allowance: float,
    kinds: dict[str, list[Kind]],
) -> Kind | None:
    """The kind for a routine touch on ``day`` costing at most ``room`` minutes:
    the least recently used of their plain kind whose turn it is (the least
    recently used of them: they alternate strictly) and the richer kinds that
    cost no more than ``allowance`` and what their earlier touches left under
    it (``State.credit``); None when none of these fits ``room`` (the touch
    waits for a week with the minutes, never taking the other plain kind out
    of turn). (Holiday cards and postcards are sessions of their own, see
    ``sessions.py``.)"""
    person = state.person
    routine = [k for k in kinds.get("", []) if can(person, k)]
    plain = [k for k in routine if k.id in state.plain]
    turn = min(plain, key=lambda k: (state.kind_used.get(k.id, 0), k.minutes, k.id), default=None)
    budget = allowance + state.credit
    allowed = [
        k
        for k in routine
        if k.minutes <= room and (k is turn or (k.id not in state.plain and k.minutes <= budget))
    ]
    return min(allowed, key=lambda k: (state.kind_used.get(k.id, 0), k.minutes, k.id), default=None)


def remember_season(state: State, occasion: str, day: dt.date, season: Season) -> None:
    """A holiday card on ``day`` covers its card season; a postcard, its trip."""
    found = covered(occasion, day, season)
    if found is not None:
        state.carded.add(found)


def covered(occasion: str, day: dt.date, season: Season) -> int | None:
    """The card season (by year) or trip (by index + 10_000) a touch covers."""
    if occasion == "holiday":
        return season.card_season(day)
    if occasion == "trip":
        trip = season.trip(day)
        if trip is not None:
            return 10_000 + trip
    return None

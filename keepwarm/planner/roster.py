"""Each person's part of a plan that depends on them alone, kept between plans.

A ``Profile`` is what the planner works out from one person: their warmth,
what their history says (last touch, kinds used, touches this year, the card
seasons and trips covered, last year's routine minutes, the last party), their
plain routine kinds, and their birthdays and answers to life events. It depends
on the person and a ``Setting`` (today, the kinds, the plan's weeks, the card
seasons and trips) only.

A ``Roster`` holds the profiles of a user's people and the orders the coupled
passes read them in (the card evenings, the coldest for postcards and party
guests, the season's calls), kept sorted as people change. Given the next
snapshot it works out again only the people whose ``Person`` object is new
(``plans/snapshot.py`` keeps the objects of the unchanged ones), moves
them in the orders, and says who changed; a ``Setting`` of its own empties it.

``States`` is one plan's working state of each person (``routine.State``),
made on first use from their profile: a plan touches few people, and reads
the rest from their profiles and the orders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass

from keepwarm.planner.grid import Grid
from keepwarm.planner.model import Kind, PastTouch, Person, Snapshot
from keepwarm.planner.occasions import Occasion, can, first_possible, losses_of, of_person
from keepwarm.planner.order import Key, Order
from keepwarm.planner.routine import (
    Digest,
    Season,
    State,
    Terms,
    covered,
    digest,
    new_state,
    plain_cost,
    plain_kinds,
    routine_spent,
    welcome,
)
from keepwarm.planner.warmth import warmth


class Setting:
    """What a person's profile depends on besides the person: today, the kinds,
    the plan's weeks and seasons (``key``), and what the planner reads of them."""

    def __init__(self, snapshot: Snapshot, grid: Grid) -> None:
        self.today = snapshot.today
        self.kinds = snapshot.kinds
        self.start, self.end = grid.starts[0], grid.end
        self.season = Season.of(snapshot, grid.end)
        self.key: Hashable = (self.today, self.kinds, self.start, self.end, self.season)
        self.catalogue = {kind.id: kind for kind in self.kinds}
        self.by_occasion = kinds_by_occasion(self.kinds)
        self.weights = {kind.id: kind.weight for kind in self.kinds}
        self.routine = self.by_occasion.get("", [])
        self.cards = self.by_occasion.get("holiday", [])
        invitations, evenings = self.by_occasion.get("gathering"), self.by_occasion.get("party")
        self.invitation = invitations[0] if invitations and evenings else None
        """The kind of a party's invitations, when parties can be planned."""
        self.partying = {invitations[0].id, evenings[0].id} if invitations and evenings else set()


def kinds_by_occasion(kinds: tuple[Kind, ...]) -> dict[str, list[Kind]]:
    """The kinds kept for each occasion ("" for the routine ones), cheapest first."""
    grouped: dict[str, list[Kind]] = {}
    for kind in sorted(kinds, key=lambda k: (k.minutes, k.id)):
        grouped.setdefault(kind.occasion, []).append(kind)
    return grouped


@dataclass(frozen=True, slots=True)
class Profile:
    """What the planner works out from one active person alone (for a ``Setting``)."""

    person: Person
    warmth: int
    read: Digest
    carded: frozenset[int]
    """Card seasons (by year) and trips (by index + 10_000) their touches covered."""
    occasions: tuple[Occasion, ...]
    """Their birthdays and answers to their life events in the plan's weeks."""
    spent: tuple[int, int]
    """Routine touches of the last year, and their minutes (``routine_spent``)."""
    plain: tuple[int, ...]
    plain_cost: float
    recent: tuple[PastTouch, ...]
    """Touches logged since the plan's first week began (the days of it before today)."""
    partied: dt.date | None
    """Their last party or invitation to one."""


def profile_of(person: Person, setting: Setting) -> Profile:
    """Everything ``Profile`` holds, worked out for ``person``."""
    today, history = setting.today, person.history
    plain = plain_kinds(person, setting.routine)
    partied = [t.date for t in history if t.kind_id in setting.partying]
    return Profile(
        person=person,
        warmth=warmth(history, setting.weights, person.target, today),
        read=digest(person, today),
        carded=_seasons_done(person, setting.catalogue, setting.season),
        occasions=of_person(today, person, setting.end, setting.by_occasion),
        spent=routine_spent(person, setting.catalogue, today),
        plain=tuple(k.id for k in plain),
        plain_cost=plain_cost(plain),
        recent=tuple(t for t in history if t.date >= setting.start),
        partied=max(partied, default=None),
    )


def _seasons_done(person: Person, catalogue: dict[int, Kind], season: Season) -> frozenset[int]:
    """A card already sent this season, or a postcard from this trip, counts."""
    found: set[int] = set()
    for touch in person.history:
        kind = catalogue.get(touch.kind_id)
        if kind is not None and kind.occasion in ("holiday", "trip"):
            season_or_trip = covered(kind.occasion, touch.date, season)
            if season_or_trip is not None:
                found.add(season_or_trip)
    return frozenset(found)


def _cards_key(profile: Profile, setting: Setting) -> Key:
    """Card evenings: the inner circles first, then the highest targets and the coldest."""
    person = profile.person
    return (not person.inner, -person.target, profile.warmth, person.id)


def _coldest_key(profile: Profile, setting: Setting) -> Key:
    """Postcards without a list: the coldest first, then the longest untouched."""
    return (profile.warmth, profile.read.last_date or dt.date.min, profile.person.id)


def _guests_key(profile: Profile, setting: Setting) -> Key | None:
    """Party guests: people in town who can get the invitation, the coldest first."""
    person, invitation = profile.person, setting.invitation
    if invitation is None or "same_city" not in person.has or not can(person, invitation):
        return None
    return _coldest_key(profile, setting)


def _calls_key(profile: Profile, setting: Setting) -> Key | None:
    """The season's calls: the inner circles without an address, highest target first."""
    person = profile.person
    if not person.inner or first_possible(person, setting.cards):
        return None
    return (-person.target, person.id)


ORDERS: dict[str, Callable[[Profile, Setting], Key | None]] = {
    "cards": _cards_key,
    "coldest": _coldest_key,
    "guests": _guests_key,
    "calls": _calls_key,
}
"""The orders the coupled passes read people in, each made on first use."""


class Roster:
    """A user's people as the last snapshot had them, with their profiles."""

    def __init__(self, setting: Setting) -> None:
        self.setting = setting
        self.people: dict[int, Person] = {}
        """Everyone in the last snapshot, in its order."""
        self.profiles: dict[int, Profile] = {}
        """The active people's profiles, in the snapshot's order."""
        self.heat: dict[int, int] = {}
        """The active people's warmth, in the snapshot's order."""
        self.need: dict[int, float] = {}
        """What each active person's target costs in plain touches a year."""
        self.recent: dict[int, tuple[PastTouch, ...]] = {}
        """The active people's touches since the plan's first week began, when any."""
        self.losses: dict[int, tuple[Occasion, ...]] = {}
        """The answers to the bereavements of those planned nothing else
        (``Person.consoled_only``)."""
        self.orders: dict[str, Order] = {}
        self.greeted: set[int] | None = None
        """Who gets a welcome touch (``routine.welcome``), once worked out."""
        self.before: dict[int, Person | None] = {}
        """The last refresh's changed people as they were before it (None: new)."""
        self.computed = 0
        """How many profiles the last refresh worked out."""

    def refresh(self, snapshot: Snapshot) -> None:
        """Bring the roster to ``snapshot``: profiles for the people whose
        objects are new, out with those gone (``before`` says who changed)."""
        kept, people, setting = self.people, snapshot.people, self.setting
        fresh = [p for p in people if kept.get(p.id) is not p]
        before: dict[int, Person | None] = {p.id: kept.get(p.id) for p in fresh}
        come = sum(1 for old in before.values() if old is None)
        gone: list[int] = []
        if len(people) != len(kept) + come:
            present = {p.id for p in people}
            gone = [pid for pid in kept if pid not in present]
        made = {p.id: profile_of(p, setting) for p in fresh if p.active}
        losses = {
            p.id: losses_of(setting.today, p, setting.end, setting.by_occasion) for p in fresh
        }
        # The rest cannot fail: the roster is never left half-updated.
        moves: dict[int, Profile | None] = {}
        for pid in gone:
            before[pid] = kept.pop(pid)
            self.losses.pop(pid, None)
            moves[pid] = None
        added = any(pid not in self.profiles for pid in made)
        for person in fresh:
            kept[person.id] = person
            self.losses.pop(person.id, None)
            if losses[person.id]:
                self.losses[person.id] = losses[person.id]
            moves[person.id] = made.get(person.id)
        self._place(moves)
        if added or list(kept) != [p.id for p in people]:
            self._reorder(people)
        if any(
            _may_be_welcomed(old) or _may_be_welcomed(kept.get(pid)) for pid, old in before.items()
        ):
            self.greeted = None
        self.before, self.computed = before, len(made)

    def _place(self, moves: dict[int, Profile | None]) -> None:
        """Put in these active people's profiles everywhere (None: take them out)."""
        for pid, profile in moves.items():
            self.recent.pop(pid, None)
            if profile is None:
                self.profiles.pop(pid, None)
                self.heat.pop(pid, None)
                self.need.pop(pid, None)
                continue
            self.profiles[pid] = profile
            self.heat[pid] = profile.warmth
            self.need[pid] = profile.plain_cost * profile.person.target
            if profile.recent:
                self.recent[pid] = profile.recent
        for name, order in self.orders.items():
            key = ORDERS[name]
            order.update({p: None if f is None else key(f, self.setting) for p, f in moves.items()})

    def _reorder(self, people: tuple[Person, ...]) -> None:
        """The snapshot's order again, after someone came or the order changed."""
        self.people = {p.id: p for p in people}
        self.profiles = {p.id: self.profiles[p.id] for p in people if p.id in self.profiles}
        self.heat = {pid: profile.warmth for pid, profile in self.profiles.items()}
        self.need = {pid: self.need[pid] for pid in self.profiles}

    def order(self, name: str) -> Order:
        """The active people in the order ``name`` of ``ORDERS``."""
        found = self.orders.get(name)
        if found is None:
            key, setting = ORDERS[name], self.setting
            keys = {pid: key(profile, setting) for pid, profile in self.profiles.items()}
            found = self.orders[name] = Order({p: k for p, k in keys.items() if k is not None})
        return found

    def occasions_of(self, pid: int) -> tuple[Occasion, ...]:
        """What ``pid`` brings to the fixed occasions: an active person's birthdays
        and life events, the losses of someone planned nothing else."""
        profile = self.profiles.get(pid)
        return profile.occasions if profile is not None else self.losses.get(pid, ())

    def welcomed(self) -> set[int]:
        """Who gets a welcome touch (``routine.welcome``)."""
        if self.greeted is None:
            self.greeted = welcome(profile.person for profile in self.profiles.values())
        return self.greeted


def _may_be_welcomed(person: Person | None) -> bool:
    """Whether ``person`` counts for the welcome touches (``routine.welcome``)."""
    return person is not None and person.since is not None


class States(Mapping[int, State]):
    """One plan's ``State`` of each active person, made on first use from their
    profile, with their days of occasions in the plan (``days``) and, once the
    routine fill has them, their routine terms (``begin_routine``)."""

    def __init__(self, roster: Roster, days: Mapping[int, tuple[dt.date, ...]]) -> None:
        self.roster = roster
        self.days = days
        self.made: dict[int, State] = {}
        self.terms: Mapping[int, Terms] | None = None

    def __getitem__(self, pid: int) -> State:
        state = self.made.get(pid)
        if state is None:
            profile = self.roster.profiles[pid]
            state = new_state(profile.person, self.roster.setting.today, profile.read)
            state.carded = set(profile.carded)
            state.occasion_days = list(self.days.get(pid, ()))
            if self.terms is not None:
                self.terms[pid].give(state)
            self.made[pid] = state
        return state

    def __contains__(self, pid: object) -> bool:
        return pid in self.roster.profiles

    def __iter__(self) -> Iterator[int]:
        return iter(self.roster.profiles)

    def __len__(self) -> int:
        return len(self.roster.profiles)

    def person(self, pid: int) -> Person:
        """Who ``pid`` is, without making their state."""
        return self.roster.profiles[pid].person

    def begin_routine(self, terms: Mapping[int, Terms]) -> None:
        """Each person's routine terms from now on, the states made so far too."""
        self.terms = terms
        for pid, state in self.made.items():
            terms[pid].give(state)

"""``plan(snapshot)``: 52 weeks of suggested touches inside the weekly budget.

Two passes over a grid of weeks (see docs/planner.md for the worked example):

1. fixed occasions (condolences, birthdays, offers of help, congratulations,
   invitations) go into the week of their day, most urgent first; a life event
   may slip to a later week within its window when its own week is spent, and
   when no week of the window has the minutes it is kept in its first week all
   the same, beyond the budget: an occasion is never dropped for minutes;
2. routine touches fill what is left: people wait in a queue by the day they
   are due; each week everyone due joins a backlog ordered by how overdue they
   are (inner circles and the coldest first), and the backlog is served while
   the week's minutes last. What does not fit waits for the next week — it is
   re-planned, never piled up.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import Counter, defaultdict

from keepwarm.planner import parties, sessions
from keepwarm.planner.budget import Claim, allot
from keepwarm.planner.grid import Grid
from keepwarm.planner.memo import Memo, Table
from keepwarm.planner.model import Item, Kind, Person, Plan, Snapshot, Week
from keepwarm.planner.occasions import Occasion, can, collect, paused_on
from keepwarm.planner.routine import (
    GUARD_DAYS,
    MIN_GAP_BOUNDS,
    MIN_GAP_SHARE,
    QUIET_LIMIT_DAYS,
    Season,
    State,
    choose_kind,
    covered,
    credit_of,
    digest,
    first_due,
    new_state,
    plain_cost,
    plain_kinds,
    routine_reason,
    routine_spent,
    welcome,
)
from keepwarm.planner.warmth import warmth

SLACK = 0.55
"""A budget beyond every target first plans each person's touches up to this
much more often than their target's pace, so that the weeks the user misses (a
vacation, a crunch, a skipped day) still leave them at their target; what is
left beyond it buys richer kinds (``State.allowance``). In the simulation at
360 minutes a week (seven weeks of the year lost, a fifth of items skipped),
a quarter more left 0.977 to 0.993 of people at their target, weekly friends
a touch short; 0.55 more leaves 0.997 to 1.0."""
COUNTED = ("birthday", "holiday", "trip", "gathering")
"""Occasions whose touch counts as one of the person's yearly touches: a birthday
greeting, a holiday card (or the season's call), a postcard, an invitation."""
PULL_FORWARD_TRIES = 60
"""How many people a week with minutes left tries to bring forward before giving up."""


def plan(snapshot: Snapshot, weeks: int = 52, memo: Memo | None = None) -> Plan:
    """The plan for ``weeks`` weeks from the week holding ``snapshot.today``.

    ``memo``: the user's ``Memo`` from their plan before (of as many weeks), to
    work out again only what depends on the people changed since (``memo.py``);
    the plan is the same with or without it."""
    memo = memo if memo is not None else Memo()
    today, kinds = snapshot.today, snapshot.kinds
    grid = Grid.of(snapshot, max(1, weeks))
    catalogue = {kind.id: kind for kind in kinds}
    by_occasion = _kinds_by_occasion(kinds)
    weights = {kind.id: kind.weight for kind in kinds}
    active = [p for p in snapshot.people if p.active]
    warm = memo.table("warmth", (today, kinds))
    heat = {p.id: warm(p, warmth, p.history, weights, p.target, today) for p in active}
    season = Season.of(snapshot, grid.end)
    read = memo.table("digest", today)
    states = {p.id: new_state(p, today, read(p, digest, p, today)) for p in active}
    _mark_seasons_done(states, catalogue, season, memo.table("seasons", (kinds, season)))
    occasions = memo.table("occasions", (today, kinds, grid.end))
    found = collect(snapshot, grid.end, by_occasion, occasions)
    _place_occasions(snapshot, grid, by_occasion, states, catalogue, found)
    parties.place_decided(snapshot, grid, by_occasion, states)
    sessions.place(snapshot, grid, by_occasion, states, heat, season)
    parties.place(snapshot, grid, by_occasion, states, heat)
    spent = memo.table("spent", (today, kinds))
    routine = _Routine(snapshot, grid, by_occasion, states, heat, season, catalogue, spent)
    routine.run()
    sessions.season_calls(snapshot, grid, by_occasion, states, season)
    return _finish(snapshot, grid, heat, routine.coverage())


def _kinds_by_occasion(kinds: tuple[Kind, ...]) -> dict[str, list[Kind]]:
    grouped: dict[str, list[Kind]] = defaultdict(list)
    for kind in sorted(kinds, key=lambda k: (k.minutes, k.id)):
        grouped[kind.occasion].append(kind)
    return grouped


def _mark_seasons_done(
    states: dict[int, State], catalogue: dict[int, Kind], season: Season, done: Table
) -> None:
    """A card already sent this season, or a postcard from this trip, counts."""
    for state in states.values():
        state.carded |= done(state.person, _seasons_done, state.person, catalogue, season)


def _seasons_done(person: Person, catalogue: dict[int, Kind], season: Season) -> frozenset[int]:
    found: set[int] = set()
    for touch in person.history:
        kind = catalogue.get(touch.kind_id)
        if kind is not None and kind.occasion in ("holiday", "trip"):
            season_or_trip = covered(kind.occasion, touch.date, season)
            if season_or_trip is not None:
                found.add(season_or_trip)
    return frozenset(found)


def _swap(
    snapshot: Snapshot,
    item_id: str,
    person: Person | None,
    kind: Kind,
    room: int,
    catalogue: dict[int, Kind],
) -> Kind:
    """The kind the user swapped this item to, when it is still possible."""
    chosen = catalogue.get(snapshot.swaps.get(item_id, kind.id), kind)
    if chosen.cost() > room or (person is not None and not can(person, chosen)):
        return kind
    return chosen


def _alternatives(
    person: Person | None, kind: Kind, kinds: dict[str, list[Kind]]
) -> tuple[int, ...]:
    if person is None:
        return ()
    pool = kinds.get("", []) + ([] if kind.occasion == "" else kinds.get(kind.occasion, []))
    return tuple(k.id for k in pool if k.id != kind.id and can(person, k))


def _place_occasions(
    snapshot: Snapshot,
    grid: Grid,
    by_occasion: dict[str, list[Kind]],
    states: dict[int, State],
    catalogue: dict[int, Kind],
    found: list[Occasion],
) -> None:
    people = {p.id: p for p in snapshot.people}
    found.sort(key=lambda o: (grid.index(o.date), o.priority, o.date, o.id))
    for occasion in found:
        person = people.get(occasion.people[0]) if len(occasion.people) == 1 else None
        first_week = grid.index(occasion.date)
        last_week = min(grid.index(occasion.latest), len(grid.starts) - 1)
        args = (snapshot, grid, occasion)
        for week in range(first_week, last_week + 1):  # the first week with the room…
            item = _occasion_item(*args, week, person, by_occasion, catalogue)
            if item is not None:
                break
        else:
            # …else its first week all the same, beyond the budget: an occasion
            # is never dropped for minutes (the routine yields).
            week = first_week
            item = _occasion_item(*args, week, person, by_occasion, catalogue, force=True)
        if item is None:
            continue
        grid.add(week, item)
        for pid in item.people:
            if pid in states:
                states[pid].occasion_days.append(item.date)


def _occasion_item(
    snapshot: Snapshot,
    grid: Grid,
    occasion: Occasion,
    week: int,
    person: Person | None,
    by_occasion: dict[str, list[Kind]],
    catalogue: dict[int, Kind],
    *,
    force: bool = False,
) -> Item | None:
    """The occasion's item in ``week`` if the week has the minutes (always, when
    ``force``: then as the kind it was planned as, unless swapped to a cheaper one)."""
    if not 0 <= week < len(grid.starts):
        return None
    room = grid.capacity[week]
    count = len(occasion.people)
    if force:
        room = max(room, occasion.kind.cost(count))
    kind = _swap(snapshot, occasion.id, person, occasion.kind, room, catalogue)
    if kind.cost(count) > room:
        return None
    day = max(occasion.date, grid.first_day(week))
    return Item(
        id=occasion.id,
        date=day,
        kind_id=kind.id,
        kind=kind.label,
        minutes=kind.cost(count),
        people=occasion.people,
        reason=occasion.reason,
        occasion=occasion.occasion,
        opens=min(occasion.opens, day),
        swappable=_alternatives(person, kind, by_occasion),
    )


class _Routine:
    """The routine fill: a waiting queue by due day, a backlog by priority."""

    def __init__(
        self,
        snapshot: Snapshot,
        grid: Grid,
        kinds: dict[str, list[Kind]],
        states: dict[int, State],
        heat: dict[int, int],
        season: Season,
        catalogue: dict[int, Kind],
        spent: Table,
    ) -> None:
        self.snapshot = snapshot
        self.grid = grid
        self.kinds = kinds
        self.states = states
        self.heat = heat
        self.season = season
        self.catalogue = catalogue
        self.waiting: list[tuple[int, int, dt.date]] = []
        self.backlog: list[tuple[int, int, dt.date]] = []
        routine = kinds.get("", [])
        self.cheapest = min((k.minutes for k in routine), default=0)
        for state in states.values():
            plain = plain_kinds(state.person, routine)
            state.plain, state.plain_cost = tuple(k.id for k in plain), plain_cost(plain)
        # A budget beyond every target: first touches more often (``SLACK``),
        # then richer kinds.
        surplus = self._richness()
        self.pace = min(surplus, 1 + SLACK)
        self.richness = surplus / self.pace
        self.spare: list[tuple[int, int, dt.date]] = []
        self.occasions = self._yearly_occasions(grid, states)
        shares = self._shares()
        # Short when someone who can have a routine touch gets fewer than their
        # target asks (someone who can have none asks nothing of the budget).
        self.short = any(
            shares.get(s.pid, 0) < s.person.target - self.occasions[s.pid]
            for s in states.values()
            if s.plain_cost
        )
        for state in states.values():
            occasions = self.occasions[state.pid]
            state.quota = max(0, state.person.target - occasions)
            share = shares.get(state.pid, 0)
            yearly = float(max(share, 1) + occasions)
            if not self.short:  # a budget beyond the targets: a touch more often
                yearly *= self.pace
                state.quota = max(0, round(yearly) - occasions)
            state.interval = 365.0 / yearly
            gap = round(state.interval * MIN_GAP_SHARE)
            state.min_gap = min(max(gap, MIN_GAP_BOUNDS[0]), MIN_GAP_BOUNDS[1])
            state.on_cadence = share > 0
            state.allowance = state.plain_cost * self.richness
            person = state.person
            state.credit = credit_of(
                state, spent(person, routine_spent, person, catalogue, snapshot.today)
            )
        greeted = welcome(list(states.values()))
        for state in states.values():
            self.wait(state, first_due(state, snapshot.today, state.pid in greeted))

    @staticmethod
    def _yearly_occasions(grid: Grid, states: dict[int, State]) -> dict[int, int]:
        """Touches each person's occasions and sessions already give in these weeks
        (``COUNTED``): a birthday greeting or a card counts towards the target only
        when it was placed in the plan (a birthday just past, or beyond the last
        week, leaves the routine to give the whole target)."""
        given: Counter[int] = Counter(
            pid
            for items in grid.items
            for item in items
            if item.occasion in COUNTED
            for pid in item.people
        )
        return {pid: given[pid] for pid in states}

    def _shares(self) -> dict[int, int]:
        """Routine touches a year per person: the target, or a share of a short budget."""
        yearly = sum(self.grid.budget) / len(self.grid.budget) * 52
        placed = (i for items in self.grid.items for i in items)
        yearly -= sum(i.minutes for i in placed if i.occasion in COUNTED)
        claims = []
        for state in self.states.values():
            occasions = self.occasions[state.pid]
            if not state.plain_cost:
                continue
            claims.append(
                Claim(
                    pid=state.pid,
                    target=state.person.target,
                    occasions=occasions,
                    cost=state.plain_cost,
                    inner=state.person.inner,
                    warmth=self.heat.get(state.pid, 0),
                )
            )
        return allot(claims, max(0.0, yearly))

    def _richness(self) -> float:
        """A year of budget over the cost of every target in plain touches (≥ 1)."""
        return max(1.0, self.coverage())

    def coverage(self) -> float:
        """A year of budget over what every target costs in plain touches
        (``plain_cost``: a text and a note in turn)."""
        need = sum(s.plain_cost * s.person.target for s in self.states.values())
        yearly = sum(self.grid.budget) / len(self.grid.budget) * 52
        return yearly / need if need else 1.0

    def wait(self, state: State, due: dt.date) -> None:
        """Queue the next touch: by due day on a cadence, else among the spares."""
        if state.quota <= 0:
            return
        if state.on_cadence:
            heapq.heappush(self.waiting, (due.toordinal(), state.pid, due))
        else:
            # Those the budget left out: inner circles first, then the coldest.
            rank = (0 if state.person.inner else 1000) + self.heat.get(state.pid, 0)
            heapq.heappush(self.spare, (rank, state.pid, due))

    def priority(self, state: State, due: dt.date) -> int:
        """Earliest due first; among the overdue (all due today) an inner-circle
        friend silent for ``GUARD_DAYS`` or more before anyone, then the
        furthest behind first."""
        today = self.snapshot.today.toordinal()
        if due.toordinal() > today:
            return due.toordinal() * 100_000
        behind = min(today - due.toordinal(), 49_999)
        last = state.last_day
        silent = today - last.toordinal() if last is not None else 0
        if state.person.inner and GUARD_DAYS <= silent < QUIET_LIMIT_DAYS:
            return today * 100_000 + QUIET_LIMIT_DAYS - silent
        return today * 100_000 + 50_000 + 49_999 - behind

    def run(self) -> None:
        if not self.kinds.get("") or self.cheapest <= 0:
            return
        for week in range(len(self.grid.starts)):
            last = self.grid.last_day(week).toordinal()
            while self.waiting and self.waiting[0][0] <= last:
                _, pid, due = heapq.heappop(self.waiting)
                state = self.states[pid]
                # Lateness is not a debt: someone overdue ranks as due today.
                rank = self.priority(state, due)
                heapq.heappush(self.backlog, (rank, pid, due))
            self.fill(week, self.backlog)
            if not self.short:
                self.enrich(week)
            if self.short:
                # Minutes left over on a short budget: bring touches forward, first
                # on cadence, then for those the budget left out, so none go unused.
                self.fill(week, self.waiting, tries=PULL_FORWARD_TRIES)
                self.fill(week, self.spare, tries=PULL_FORWARD_TRIES)

    def fill(self, week: int, queue: list[tuple[int, int, dt.date]], tries: int = -1) -> None:
        held: list[tuple[int, int, dt.date]] = []
        while queue and self.grid.capacity[week] >= self.cheapest and tries != 0:
            entry = heapq.heappop(queue)
            _, pid, due = entry
            state = self.states[pid]
            item_id = f"r-{pid}-{due.isoformat()}"
            skipped_on = self.snapshot.skipped.get(item_id)
            if skipped_on is not None:
                self.wait(state, max(due, skipped_on) + dt.timedelta(days=state.min_gap))
                continue
            day = self.pick_day(state, week, due, requeue=tries < 0)
            item = self.make_item(state, item_id, day, week) if day else None
            if day is None or item is None:
                tries -= 1
                if day is not None or tries >= 0:
                    held.append(entry)  # kept in its queue for another week
                continue
            self.grid.add(week, item)
            state.quota -= 1
            self.wait(state, day + dt.timedelta(days=round(state.interval)))
        for entry in held:
            heapq.heappush(queue, entry)

    def enrich(self, week: int) -> None:
        """Minutes a generous week has left turn its plain touches (texts and
        notes) into calls, coffees and lunches.

        Inner circles first; for each, the least recently used richer kind that
        fits, the weightiest on a tie. Never changes how many touches there are.
        """
        routine = [
            i
            for i in self.grid.items[week]
            if i.occasion == ""
            and i.kind_id in self.states[i.people[0]].plain
            and i.id not in self.snapshot.swaps
        ]
        # Inner circles first, then the dearest plain touch (the cheapest upgrade).
        routine.sort(
            key=lambda i: (not self.states[i.people[0]].person.inner, -i.minutes, i.date, i.id)
        )
        for item in routine:
            state = self.states[item.people[0]]
            room = self.grid.capacity[week] + item.minutes
            richer = [
                k
                for k in self.kinds.get("", [])
                if item.minutes < k.minutes <= room
                and k.id not in state.plain  # a note is not a text made richer
                and can(state.person, k)
            ]
            if not richer:
                continue
            kind = max(richer, key=lambda k: (-state.kind_used.get(k.id, 0), k.weight, -k.id))
            state.kind_used[kind.id] = item.date.toordinal()
            state.credit -= kind.minutes - item.minutes  # the upgrade is theirs to pay back
            better = Item(
                id=item.id,
                date=item.date,
                kind_id=kind.id,
                kind=kind.label,
                minutes=kind.minutes,
                people=item.people,
                reason=item.reason,
                opens=item.opens,
                swappable=_alternatives(state.person, kind, self.kinds),
            )
            self.grid.replace(week, item, better)

    def pick_day(self, state: State, week: int, due: dt.date, requeue: bool) -> dt.date | None:
        """The day in ``week`` for this touch; None when it cannot be this week
        (re-queued by the day it can be, when ``requeue``)."""
        first, last = self.grid.first_day(week), self.grid.last_day(week)
        day = due if first <= due <= last else self.grid.quietest_day(week) or first
        earliest = first
        person = state.person
        if person.paused_until is not None:
            earliest = max(earliest, person.paused_until)
        if state.last_day is not None:
            earliest = max(earliest, state.last_day + dt.timedelta(days=state.min_gap))
        # A first touch (a welcome) is not put off for a card evening to come.
        sessions = state.session_days if state.last_day is not None else []
        # Nor is an inner-circle friend's touch put off for one that comes only
        # after their silence has passed the limit, when this one is before it.
        limit = (
            state.last_day + dt.timedelta(days=QUIET_LIMIT_DAYS)
            if person.inner and state.last_day is not None
            else dt.date.min
        )
        for other in [*state.occasion_days, *sessions]:
            if day <= limit < other:
                continue
            if abs((other - day).days) < state.min_gap:
                earliest = max(earliest, other + dt.timedelta(days=state.min_gap))
        if earliest > day:
            day = earliest
        if day > last or paused_on(person, day):
            if requeue:
                self.wait(state, day)
            return None
        return day

    def make_item(self, state: State, item_id: str, day: dt.date, week: int) -> Item | None:
        room = self.grid.capacity[week]
        kind = choose_kind(state, day, room, state.allowance, self.kinds)
        if kind is None:
            return None
        kind = _swap(self.snapshot, item_id, state.person, kind, room, self.catalogue)
        state.credit += state.allowance - kind.minutes
        reason = routine_reason(state, self.catalogue, self.snapshot.today)
        state.note(day, kind.id)
        return Item(
            id=item_id,
            date=day,
            kind_id=kind.id,
            kind=kind.label,
            minutes=kind.minutes,
            people=(state.pid,),
            reason=reason,
            occasion=kind.occasion,
            opens=day,
            swappable=_alternatives(state.person, kind, self.kinds),
        )


def _finish(snapshot: Snapshot, grid: Grid, heat: dict[int, int], coverage: float) -> Plan:
    expected: Counter[int] = Counter()
    weeks = []
    invited = {
        i.id: set(i.people) for items in grid.items for i in items if i.occasion == "gathering"
    }
    for index, start in enumerate(grid.starts):
        items = sorted(grid.items[index], key=lambda i: (i.date, i.occasion == "", i.id))
        for item in items:
            people = item.people
            if item.occasion == "party":
                # The invitation is everyone's touch; the party is a second one
                # for only about half of them, so a guest expects the one sure
                # touch (the party itself once the invitation is out).
                counted = invited.get(parties.invitation_of(item.id), set())
                people = tuple(pid for pid in people if pid not in counted)
            expected.update(people)
        spent = snapshot.spent_this_week if index == 0 else 0
        weeks.append(Week(start, grid.budget[index], tuple(items), spent))
    for pid in heat:
        expected.setdefault(pid, 0)
    return Plan(snapshot.today, tuple(weeks), dict(expected), heat, round(coverage, 3))

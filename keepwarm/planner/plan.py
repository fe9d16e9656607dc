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
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable

from keepwarm.planner import fixed, parties, sessions
from keepwarm.planner.cadences import Cadences
from keepwarm.planner.fixed import Fixed, Swappable, order_key, swap
from keepwarm.planner.grid import Grid
from keepwarm.planner.memo import Kept, Memo
from keepwarm.planner.model import Item, Plan, Snapshot, Week
from keepwarm.planner.occasions import can, paused_on
from keepwarm.planner.roster import Setting, States
from keepwarm.planner.routine import (
    GUARD_DAYS,
    QUIET_LIMIT_DAYS,
    State,
    choose_kind,
    routine_reason,
)

SLACK = 0.55
"""A budget beyond every target first plans each person's touches up to this
much more often than their target's pace, so that the weeks the user misses (a
vacation, a crunch, a skipped day) still leave them at their target; what is
left beyond it buys richer kinds (``State.allowance``). In the simulation at
360 minutes a week (seven weeks of the year lost, a fifth of items skipped),
a quarter more left 0.977 to 0.993 of people at their target, weekly friends
a touch short; 0.55 more leaves 0.997 to 1.0."""
PULL_FORWARD_TRIES = 60
"""How many people a week with minutes left tries to bring forward before giving up."""


def plan(snapshot: Snapshot, weeks: int = 52, memo: Memo | None = None) -> Plan:
    """The plan for ``weeks`` weeks from the week holding ``snapshot.today``.

    ``memo``: the user's ``Memo`` from their plan before (of as many weeks), to
    work out again only what depends on the people changed since (``memo.py``);
    the plan is the same with or without it."""
    memo = memo if memo is not None else Memo()
    grid = Grid.of(snapshot, max(1, weeks))
    try:
        return _plan(snapshot, grid, memo.kept(Setting(snapshot, grid)))
    except BaseException:
        memo.forget()  # what it kept may be half brought up to date
        raise


def _plan(snapshot: Snapshot, grid: Grid, kept: Kept) -> Plan:
    """The plan, from what the plans before kept (brought up to date as it goes)."""
    roster = kept.roster
    roster.refresh(snapshot)
    setting = roster.setting
    kinds, season = setting.by_occasion, setting.season
    occasions = fixed.place(snapshot, grid, kinds, setting.catalogue, roster, kept.fixed)
    kept.fixed = occasions
    states = States(roster, occasions.days)
    parties.place_decided(snapshot, grid, kinds, states)
    sessions.place(snapshot, grid, kinds, states, season)
    parties.place(snapshot, grid, kinds, states)
    routine = _Routine(snapshot, grid, states, setting, occasions, kept.cadences)
    routine.run()
    sessions.season_calls(snapshot, grid, kinds, states, season, _planned(grid, occasions))
    return _finish(snapshot, grid, roster.heat, occasions, routine.coverage())


def _planned(grid: Grid, fixed: Fixed) -> Callable[[int], list[dt.date]]:
    """The days of each person's items in ``grid`` as it is now (read on first use)."""
    later: dict[int, list[dt.date]] = {}
    unread = fixed.later(grid)

    def days(pid: int) -> list[dt.date]:
        while unread:
            for item in unread.pop():
                for one in item.people:
                    later.setdefault(one, []).append(item.date)
        return [*fixed.days.get(pid, ()), *later.get(pid, ())]

    return days


class _Routine:
    """The routine fill: a waiting queue by due day, a backlog by priority."""

    def __init__(
        self,
        snapshot: Snapshot,
        grid: Grid,
        states: States,
        setting: Setting,
        fixed: Fixed,
        kept: Cadences,
    ) -> None:
        self.snapshot = snapshot
        self.grid = grid
        self.kinds = setting.by_occasion
        self.states = states
        self.heat = states.roster.heat
        self.catalogue = setting.catalogue
        self.swappable = Swappable(self.kinds)
        self.backlog: list[tuple[int, int, dt.date]] = []
        self.cheapest = min((k.minutes for k in setting.routine), default=0)
        self.need = sum(states.roster.need.values())
        # A budget beyond every target: first touches more often (``SLACK``),
        # then richer kinds.
        surplus = self._richness()
        self.pace = min(surplus, 1 + SLACK)
        self.richness = surplus / self.pace
        self.short = kept.update(
            snapshot.today, grid, states.roster, fixed, self.pace, self.richness
        )
        self.waiting = list(kept.waiting.values())
        self.spare = list(kept.spare.values())
        heapq.heapify(self.waiting)
        heapq.heapify(self.spare)
        states.begin_routine(kept.terms)

    def _richness(self) -> float:
        """A year of budget over the cost of every target in plain touches (≥ 1)."""
        return max(1.0, self.coverage())

    def coverage(self) -> float:
        """A year of budget over what every target costs in plain touches
        (``plain_cost``: a text and a note in turn)."""
        yearly = sum(self.grid.budget) / len(self.grid.budget) * 52
        return yearly / self.need if self.need else 1.0

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
                swappable=self.swappable(state.person, kind),
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
        kind = swap(self.snapshot, item_id, state.person, kind, room, self.catalogue)
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
            swappable=self.swappable(state.person, kind),
        )


def _finish(
    snapshot: Snapshot, grid: Grid, heat: dict[int, int], fixed: Fixed, coverage: float
) -> Plan:
    later = fixed.later(grid)
    invited = dict(fixed.invited)
    invited.update(
        (i.id, frozenset(i.people)) for items in later for i in items if i.occasion == "gathering"
    )
    expected: Counter[int] = Counter(fixed.people)
    weeks = []
    for index, start in enumerate(grid.starts):
        # The week's fixed occasions are listed already: the rest go in between.
        listed, keys = list(fixed.listed[index]), list(fixed.keys[index])
        for item in later[index]:
            key = order_key(item)
            at = bisect_right(keys, key)
            keys.insert(at, key)
            listed.insert(at, item)
        for item in later[index]:
            people = item.people
            if item.occasion == "party":
                # The invitation is everyone's touch; the party is a second one
                # for only about half of them, so a guest expects the one sure
                # touch (the party itself once the invitation is out).
                counted = invited.get(parties.invitation_of(item.id), frozenset())
                people = tuple(pid for pid in people if pid not in counted)
            expected.update(people)
        spent = snapshot.spent_this_week if index == 0 else 0
        weeks.append(Week(start, grid.budget[index], tuple(listed), spent))
    planned = dict.fromkeys(heat, 0)
    planned.update(expected)
    return Plan(snapshot.today, tuple(weeks), planned, dict(heat), round(coverage, 3))

"""Batch sessions: touches done for many people at once, priced as one sitting.

A batchable kind costs its ``setup`` once a session (the cards and stamps out,
the label sheet printed) and its ``minutes`` per person (``Kind.cost``). The
planner groups such touches into sessions, placed after the occasions and
before the routine touches, inside each week's budget (a session is routine:
it never goes past the budget):

* **card evenings**: in the holiday-card season (and the ``CARD_LEAD_DAYS``
  before it: cards written ahead are posted from its first day) everyone with
  a postal address gets a card, the inner circles first, then the highest
  targets and the coldest; one evening a week, as many cards as the week's
  minutes allow. Someone in an inner circle without an address and no touch
  in the season gets a call there (a note without a phone) with the minutes
  the routine leaves (``season_calls``, after the routine);
* **postcard runs**: a sitting in each week of a trip (from its second day),
  up to ``POSTCARDS_PER_SITTING`` cards each, as the week's minutes allow, to
  the people ticked on the trip's page; without a list, to people with an
  address who have had no touch for ``POSTCARD_QUIET_DAYS``, the coldest
  first (as the trip's page proposes them). What a week cannot hold waits for
  the trip's next week.

Invitations to a gathering are one item for all its guests, priced the same way
(``plan.py``). A session's people count each as a touch towards their target,
and the routine keeps its spacing from the session's day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from keepwarm.planner.grid import Grid
from keepwarm.planner.model import Item, Kind, PastTouch, Snapshot, Trip
from keepwarm.planner.occasions import can, first_possible, paused_on, touched_between
from keepwarm.planner.routine import CARD_LEAD_DAYS, Season, State, remember_season
from keepwarm.planner.text import plural

POSTCARDS_PER_SITTING = 40
"""Nobody writes more postcards than this in one sitting (a little over two
hours, the labels printed at home); a trip has a sitting a week."""
POSTCARD_QUIET_DAYS = 30
"""Someone touched this recently gets no postcard (it would crowd them)."""
SEASON_CALL_MINUTES = 30
"""The warmest routine kind up to this long is the season's touch without an address."""
CARDS, POSTCARDS = "cards-", "postcards-"
"""How the ids of card evenings and postcard sittings begin."""


def place(
    snapshot: Snapshot,
    grid: Grid,
    kinds: dict[str, list[Kind]],
    states: dict[int, State],
    heat: dict[int, int],
    season: Season,
) -> None:
    """Put the card evenings and postcard runs of the plan's weeks into ``grid``."""

    def order(state: State) -> tuple[bool, int, int, int]:
        return (not state.person.inner, -state.person.target, heat.get(state.pid, 0), state.pid)

    ranked = sorted(states.values(), key=order)
    # Touches logged since the plan's first week began (the days of it before today).
    recent = [
        touch
        for state in states.values()
        for touch in state.person.history
        if touch.date >= grid.starts[0]
    ]
    for opens, last in season.card_windows:
        first = opens - dt.timedelta(days=CARD_LEAD_DAYS)
        if last >= snapshot.today and first <= grid.end:
            sat = _sat(grid, recent, kinds.get("holiday", []), first, last)
            _card_evenings(snapshot, grid, kinds, ranked, season, opens.year, first, last, sat)
    for index, (start, end) in enumerate(season.trips):
        if end >= snapshot.today and start <= grid.end:
            trip = snapshot.trips[index]
            sat = _sat(grid, recent, kinds.get("trip", []), start, end)
            _postcard_run(snapshot, grid, kinds, states, heat, season, index, trip, sat)


def _sat(
    grid: Grid, recent: list[PastTouch], kinds: list[Kind], first: dt.date, last: dt.date
) -> set[int]:
    """The plan's weeks in which cards of ``kinds`` were already logged between
    ``first`` and ``last`` (ticked on the card run's or the trip's page): the
    week's sitting happened, so no second one is planned in it."""
    ids = {k.id for k in kinds}
    return {grid.index(t.date) for t in recent if t.kind_id in ids and first <= t.date <= last}


def _weeks(grid: Grid, first: dt.date, last: dt.date) -> range:
    start = max(first, grid.today, grid.starts[0])
    stop = min(last, grid.end)
    if start > stop:
        return range(0)
    return range(grid.index(start), grid.index(stop) + 1)


def _card_evenings(
    snapshot: Snapshot,
    grid: Grid,
    kinds: dict[str, list[Kind]],
    ranked: list[State],
    season: Season,
    year: int,
    first: dt.date,
    last: dt.date,
    sat: set[int],
) -> None:
    cards = kinds.get("holiday", [])
    waiting = [s for s in ranked if year not in s.carded and first_possible(s.person, cards)]
    for week in _weeks(grid, first, last):
        day = grid.quietest_day(week, first, last)
        if day is None or week in sat:
            continue
        here = [s for s in waiting if not paused_on(s.person, day)]
        item = _session(
            snapshot, grid, week, day, cards, here, f"{CARDS}{year}-{grid.starts[week]}", _cards
        )
        if item is None:
            continue
        done = set(item.people)
        waiting = [s for s in waiting if s.pid not in done]
        for state in here:
            if state.pid in done:
                _mark(state, item, season)


def _cards(count: int, kind: Kind) -> str:
    return (
        f"holiday-card evening: {plural(count, 'card')}, the closest first "
        f"({kind.setup} minutes to set up, {kind.minutes} a card)"
    )


def season_calls(
    snapshot: Snapshot,
    grid: Grid,
    kinds: dict[str, list[Kind]],
    states: dict[int, State],
    season: Season,
) -> None:
    """Inner-circle people without an address, with no touch in the card season
    and touches of their target still to give: a call there (a note without a
    phone), with the minutes the routine left, never within a week of another
    of their touches."""
    planned: dict[int, list[dt.date]] = {}
    for items in grid.items:
        for item in items:
            for pid in item.people:
                planned.setdefault(pid, []).append(item.date)
    routine = kinds.get("", [])
    cheapest = min((k.minutes for k in routine if k.minutes <= SEASON_CALL_MINUTES), default=None)
    if cheapest is None:
        return
    for opens, last in season.card_windows:
        if last < snapshot.today or opens > grid.end:
            continue
        window = _weeks(grid, opens, last)
        for state in sorted(states.values(), key=lambda s: (-s.person.target, s.pid)):
            if max((grid.capacity[w] for w in window), default=cheapest - 1) < cheapest:
                break  # no week of the window has the minutes for any call left
            person = state.person
            if not person.inner or first_possible(person, kinds.get("holiday", [])):
                continue
            item_id = f"season-{state.pid}-{opens.year}"
            days = planned.get(state.pid, [])
            if item_id in snapshot.skipped or any(opens <= d <= last for d in days):
                continue
            if len(days) >= person.target:  # the season's call is one of their touches
                continue
            if touched_between(person, opens, last):
                continue
            quick = [k for k in routine if k.minutes <= SEASON_CALL_MINUTES and can(person, k)]
            kind = max(quick, key=lambda k: (k.weight, -k.minutes, -k.id), default=None)
            if kind is None:
                continue
            for week in window:
                if grid.capacity[week] < kind.minutes:
                    continue
                day = grid.quietest_day(week, opens, last)
                if day is None or paused_on(person, day):
                    continue
                if any(abs((d - day).days) < 7 for d in days):
                    continue
                grid.add(
                    week,
                    Item(
                        id=item_id,
                        date=day,
                        kind_id=kind.id,
                        kind=kind.label,
                        minutes=kind.minutes,
                        people=(state.pid,),
                        reason="season's greetings (no postal address for a card)",
                        occasion="holiday",
                        opens=day,
                    ),
                )
                break


def _postcard_run(
    snapshot: Snapshot,
    grid: Grid,
    kinds: dict[str, list[Kind]],
    states: dict[int, State],
    heat: dict[int, int],
    season: Season,
    index: int,
    trip: Trip,
    sat: set[int],
) -> None:
    postcards = kinds.get("trip", [])
    quiet = trip.start - dt.timedelta(days=POSTCARD_QUIET_DAYS)
    if trip.people is not None:
        waiting = [states[pid] for pid in trip.people if pid in states]
    else:
        coldest = sorted(
            states.values(),
            key=lambda s: (heat.get(s.pid, 0), s.logged_day or dt.date.min, s.pid),
        )
        waiting = [
            s
            for s in coldest
            if first_possible(s.person, postcards)
            and not touched_between(s.person, quiet, trip.end)
            and not any(quiet <= d <= trip.end for d in [*s.occasion_days, *s.session_days])
        ]
    waiting = [s for s in waiting if 10_000 + index not in s.carded]
    first, _last = sitting_days(trip.start, trip.end)

    def reason(count: int, kind: Kind) -> str:
        place = f"from {trip.label}" if trip.label else "from your trip"
        return (
            f"postcards {place}: {plural(count, 'card')} "
            f"({kind.setup} minutes to set up, {kind.minutes} a card)"
        )

    kind = postcards[0] if postcards else None
    for week in _weeks(grid, first, trip.end):
        day = grid.quietest_day(week, first, trip.end)
        if day is None or not waiting or kind is None or week in sat:
            continue
        here = [s for s in waiting if not paused_on(s.person, day) and can(s.person, kind)]
        here = here[:POSTCARDS_PER_SITTING]
        item_id = postcard_sitting_id(trip, week - grid.index(first) + 1)
        item = _session(snapshot, grid, week, day, postcards, here, item_id, reason)
        if item is None:
            continue
        done = set(item.people)
        for state in here:
            if state.pid in done:
                _mark(state, item, season)
        waiting = [s for s in waiting if s.pid not in done]


def sitting_days(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The days a trip's postcards are written on: from its second day (the first
    is for getting there; a one-day trip's own day) to its last."""
    return min(start + dt.timedelta(days=1), end), end


def sitting_weeks(start: dt.date, end: dt.date, week_start: int) -> int:
    """How many of the user's weeks (starting on ``week_start``, 0 = Monday) hold
    a day of ``sitting_days``: the trip's sittings, one a week."""
    first, last = sitting_days(start, end)

    def week_of(day: dt.date) -> dt.date:
        return day - dt.timedelta(days=(day.weekday() - week_start) % 7)

    return (week_of(last) - week_of(first)).days // 7 + 1


def is_sitting(item_id: str) -> bool:
    return item_id.startswith((CARDS, POSTCARDS))


def postcard_sitting_id(trip: Trip, nth: int) -> str:
    """``postcards-<trip start>`` for the sitting of the trip's first week,
    ``postcards-<trip start>-<nth>`` for a later one (stable as days pass)."""
    first = f"{POSTCARDS}{trip.start}"
    return first if nth == 1 else f"{first}-{nth}"


def _session(
    snapshot: Snapshot,
    grid: Grid,
    week: int,
    day: dt.date,
    kinds: list[Kind],
    waiting: list[State],
    item_id: str,
    reason: Callable[[int, Kind], str],
) -> Item | None:
    """One sitting in ``week`` for as many of ``waiting`` (in order) as its
    minutes allow, of the cheapest kind each can receive; none when the user
    skipped it, or marked it done (the rest wait for another week)."""
    if not waiting or not kinds or item_id in snapshot.skipped or item_id in snapshot.done:
        return None
    kind = kinds[0]
    people = [s.pid for s in waiting if can(s.person, kind)]
    count = min(len(people), kind.fits(grid.capacity[week]))
    if count <= 0:
        return None
    item = Item(
        id=item_id,
        date=day,
        kind_id=kind.id,
        kind=kind.label,
        minutes=kind.cost(count),
        people=tuple(people[:count]),
        reason=reason(count, kind),
        occasion=kind.occasion,
        opens=day,
    )
    grid.add(week, item)
    return item


def _mark(state: State, item: Item, season: Season) -> None:
    remember_season(state, item.occasion, item.date, season)
    state.session_days.append(item.date)
    state.kind_used[item.kind_id] = item.date.toordinal()

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
import itertools
from collections.abc import Callable, Iterator

from keepwarm.lib.words import plural
from keepwarm.planner.grid import Grid
from keepwarm.planner.model import Item, Kind, PastTouch, Snapshot, Trip
from keepwarm.planner.occasions import can, first_possible, paused_on, touched_between
from keepwarm.planner.roster import States
from keepwarm.planner.routine import CARD_LEAD_DAYS, Season, State, remember_season

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
    states: States,
    season: Season,
) -> None:
    """Put the card evenings and postcard runs of the plan's weeks into ``grid``."""
    roster = states.roster
    # Touches logged since the plan's first week began (the days of it before today).
    recent = [touch for touches in roster.recent.values() for touch in touches]
    for opens, last in season.card_windows:
        first = opens - dt.timedelta(days=CARD_LEAD_DAYS)
        if last >= snapshot.today and first <= grid.end:
            sat = _sat(grid, recent, kinds.get("holiday", []), first, last)
            ranked = (states[pid] for pid in roster.order("cards"))
            _card_evenings(snapshot, grid, kinds, ranked, season, opens.year, first, last, sat)
    for index, (start, end) in enumerate(season.trips):
        if end >= snapshot.today and start <= grid.end:
            trip = snapshot.trips[index]
            sat = _sat(grid, recent, kinds.get("trip", []), start, end)
            _postcard_run(snapshot, grid, kinds, states, season, index, trip, sat)


class _Waiting:
    """The people waiting for a sitting, in their order, read only as far as the
    sittings need: those passed over (not free on a sitting's day, or unable to
    get its kind) keep their place before the rest."""

    def __init__(self, ranked: Iterator[State]) -> None:
        self.passed: list[State] = []
        self.rest = ranked

    def __bool__(self) -> bool:
        if not self.passed:
            self.passed.extend(itertools.islice(self.rest, 1))
        return bool(self.passed)

    def take(self, count: int, fits: Callable[[State], bool]) -> list[State]:
        """The first ``count`` of them who ``fits``, out of the queue."""
        taken: list[State] = []
        kept: list[State] = []
        for state in self.passed:
            (taken if len(taken) < count and fits(state) else kept).append(state)
        while len(taken) < count:
            following = next(self.rest, None)
            if following is None:
                break
            (taken if fits(following) else kept).append(following)
        self.passed = kept
        return taken


def _free_for(day: dt.date, kind: Kind) -> Callable[[State], bool]:
    """Whether someone can be in a sitting of ``kind`` on ``day``."""
    return lambda state: not paused_on(state.person, day) and can(state.person, kind)


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
    ranked: Iterator[State],
    season: Season,
    year: int,
    first: dt.date,
    last: dt.date,
    sat: set[int],
) -> None:
    """An evening a week of the season, as many cards as its minutes allow,
    to those in ``ranked`` who can get one and have had none this season."""
    cards = kinds.get("holiday", [])
    waiting = _Waiting(
        s for s in ranked if year not in s.carded and first_possible(s.person, cards)
    )
    for week in _weeks(grid, first, last):
        day = grid.quietest_day(week, first, last)
        if day is None or week in sat or not cards:
            continue
        item_id = f"{CARDS}{year}-{grid.starts[week]}"
        if item_id in snapshot.skipped or item_id in snapshot.done:
            continue
        kind = cards[0]
        here = waiting.take(kind.fits(grid.capacity[week]), _free_for(day, kind))
        if here:
            item = _session(grid, week, day, kind, here, item_id, _cards)
            for state in here:
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
    states: States,
    season: Season,
    planned: Callable[[int], list[dt.date]],
) -> None:
    """Inner-circle people without an address, with no touch in the card season
    and touches of their target still to give: a call there (a note without a
    phone), with the minutes the routine left, never within a week of another
    of their touches (``planned``: the days of a person's items so far)."""
    routine = kinds.get("", [])
    cheapest = min((k.minutes for k in routine if k.minutes <= SEASON_CALL_MINUTES), default=None)
    if cheapest is None:
        return
    for opens, last in season.card_windows:
        if last < snapshot.today or opens > grid.end:
            continue
        window = _weeks(grid, opens, last)
        for pid in states.roster.order("calls"):  # the inner circles without an address
            if max((grid.capacity[w] for w in window), default=cheapest - 1) < cheapest:
                break  # no week of the window has the minutes for any call left
            person = states.person(pid)
            item_id = f"season-{pid}-{opens.year}"
            days = planned(pid)
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
                        people=(pid,),
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
    states: States,
    season: Season,
    index: int,
    trip: Trip,
    sat: set[int],
) -> None:
    postcards = kinds.get("trip", [])
    quiet = trip.start - dt.timedelta(days=POSTCARD_QUIET_DAYS)

    def free(state: State) -> bool:
        """Not touched since ``quiet`` nor to be (an occasion, a sitting)."""
        return (
            first_possible(state.person, postcards) is not None
            and not touched_between(state.person, quiet, trip.end)
            and not any(quiet <= d <= trip.end for d in [*state.occasion_days, *state.session_days])
        )

    if trip.people is not None:
        ticked = (states[pid] for pid in trip.people if pid in states)
    else:  # the coldest first
        ticked = (s for s in (states[pid] for pid in states.roster.order("coldest")) if free(s))
    waiting = _Waiting(s for s in ticked if 10_000 + index not in s.carded)
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
        if day is None or kind is None or week in sat or not waiting:
            continue
        item_id = postcard_sitting_id(trip, week - grid.index(first) + 1)
        if item_id in snapshot.skipped or item_id in snapshot.done:
            continue
        count = min(POSTCARDS_PER_SITTING, kind.fits(grid.capacity[week]))
        here = waiting.take(count, _free_for(day, kind))
        if here:
            item = _session(grid, week, day, kind, here, item_id, reason)
            for state in here:
                _mark(state, item, season)


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
    grid: Grid,
    week: int,
    day: dt.date,
    kind: Kind,
    people: list[State],
    item_id: str,
    reason: Callable[[int, Kind], str],
) -> Item:
    """One sitting of ``kind`` in ``week`` for ``people``, priced as one."""
    item = Item(
        id=item_id,
        date=day,
        kind_id=kind.id,
        kind=kind.label,
        minutes=kind.cost(len(people)),
        people=tuple(state.pid for state in people),
        reason=reason(len(people), kind),
        occasion=kind.occasion,
        opens=day,
    )
    grid.add(week, item)
    return item


def _mark(state: State, item: Item, season: Season) -> None:
    remember_season(state, item.occasion, item.date, season)
    state.session_days.append(item.date)
    state.kind_used[item.kind_id] = item.date.toordinal()

"""A party a season: the planner proposes one when the user hosts none.

One evening and one invitation mail reach dozens of people: the cheapest
touch there is for each of them, and for many a kind they get nowhere else.
So for each season of the plan (``SEASONS``: spring, summer, autumn, winter)
in which the user has no gathering of their own, the planner proposes a
kickoff party: a Saturday of the season, and as guests up to ``GUESTS`` people
who live in the user's city and can get the invitation, the coldest first
(as the gathering page suggests them).

A proposal is two items, placed after the occasions and the card evenings and
before the routine, only where the weeks have the room (a proposal is never
planned beyond the budget, unlike a party the user decided on):

* the invitations, ``INVITE_LEAD_DAYS`` before: one mail to all guests
  (``kickoff-<year>-<month>``; each guest's touch counts towards their target);
* the evening (``kickoff-<year>-<month>-evening``): the party kind's setup and
  a minute for each guest expected (``ATTENDANCE``).

"Plan it" on either item opens a new gathering with that day; once it exists
it replaces the proposal, and its evening is planned like any gathering's
(``place_decided``: on its day, with the occasions, beyond the budget if it
must be, since the guests are invited). Skipping either item drops the
proposal for the season.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator

from keepwarm.lib.words import day_month, plural
from keepwarm.planner.grid import Grid
from keepwarm.planner.model import Item, Kind, Snapshot
from keepwarm.planner.occasions import INVITE_LEAD_DAYS, paused_on
from keepwarm.planner.roster import States

SEASONS = ((3, "spring"), (6, "summer"), (9, "autumn"), (12, "winter"))
"""(first month, name): each season is three months."""
GUESTS = 30
"""Guests proposed for a party."""
MIN_GUESTS = 8
"""Fewer people in town than this: no party is proposed."""
ATTENDANCE = 0.5
"""The share of guests expected to come (for the evening's minutes)."""
PARTY_GAP_DAYS = 150
"""Nobody is proposed as a guest twice in this many days (nor if invited to, or
at, a party in them): two parties a year at most, so that their touches are not
all invitations."""
SATURDAY = 5
QUIET_DAYS = 30
"""Someone touched this recently (or planned to be) is not proposed as a guest."""


def season_of(day: dt.date) -> tuple[dt.date, dt.date, str]:
    """The first and last day of the season holding ``day``, and its name."""
    start_month, name = max(
        ((m, n) for m, n in SEASONS if m <= day.month), default=SEASONS[-1], key=lambda s: s[0]
    )
    year = day.year if day.month >= start_month else day.year - 1
    first = dt.date(year, start_month, 1)
    end_month = start_month + 3
    last = dt.date(year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1) - dt.timedelta(days=1)
    return first, last, name


PROPOSAL = "kickoff-"
INVITATIONS = "gathering-"
"""A hosted gathering's invitations item (``occasions.py``)…"""
EVENING = "party-"
"""…and its evening's (``place_decided``), each followed by the gathering's id."""


def proposal_id(first: dt.date) -> str:
    return f"{PROPOSAL}{first.year}-{first.month:02d}"


def place(
    snapshot: Snapshot,
    grid: Grid,
    kinds: dict[str, list[Kind]],
    states: States,
) -> None:
    """Propose a party in each season of the plan the user hosts nothing in."""
    invitations, evenings = kinds.get("gathering", []), kinds.get("party", [])
    if not invitations or not evenings:
        return
    pool = _Pool(states)
    for gathering in snapshot.gatherings:  # a party the user hosts counts as theirs
        for pid in gathering.guests or gathering.invitees:
            pool.partied[pid] = max(pool.partied.get(pid, dt.date.min), gathering.date)
    if len(pool.ranked) < MIN_GUESTS:
        return
    hosted = [g.date for g in snapshot.gatherings]
    for day, first, last, name in seasons(snapshot.today, grid.end):
        item_id = proposal_id(first)
        answered = {item_id, f"{item_id}-evening"}
        taken = any(i in snapshot.done or i in snapshot.skipped for i in answered)
        if not taken and not any(first <= d <= last for d in hosted):
            args = (invitations[0], evenings[0], pool, item_id, name)
            _propose(snapshot, grid, *args, day, last)


def seasons(today: dt.date, end: dt.date) -> Iterator[tuple[dt.date, dt.date, dt.date, str]]:
    """Each season a party may be proposed in, its invitations (three weeks
    before) falling from ``today`` to ``end``: the earliest party day, the
    season's first and last day, and its name."""
    lead = dt.timedelta(days=INVITE_LEAD_DAYS)
    day = today + lead
    while day - lead <= end:
        first, last, name = season_of(day)
        yield day, first, last, name
        day = last + dt.timedelta(days=1)


class _Pool:
    """Who may be a guest, the coldest first (``Roster.order``): people in town
    who can get the invitation, with their last touch and last party."""

    def __init__(self, states: States) -> None:
        self.states = states
        self.invited: set[int] = set()
        """Proposed as guests by an earlier proposal of this plan."""
        self.partied: dict[int, dt.date] = {}
        """The last party of the user's own each guest is on (their logged
        parties and invitations are in their profiles)."""
        self.ranked = states.roster.order("guests")

    def last_party(self, pid: int) -> dt.date:
        logged = self.states.roster.profiles[pid].partied or dt.date.min
        return max(self.partied.get(pid, dt.date.min), logged)

    def guests(self, invite: dt.date, party: dt.date) -> list[int]:
        """Up to ``GUESTS`` of the ranked who are free for this party."""
        quiet = invite - dt.timedelta(days=QUIET_DAYS)
        partied = invite - dt.timedelta(days=PARTY_GAP_DAYS)
        found: list[int] = []
        for pid in self.ranked:
            state = self.states[pid]
            person = state.person
            if (
                pid in self.invited
                or self.last_party(pid) >= partied  # one party in PARTY_GAP_DAYS
                or paused_on(person, invite)
                or paused_on(person, party)
                or any(quiet <= d <= party for d in [*state.occasion_days, *state.session_days])
            ):
                continue
            if state.logged_day is None:  # just added: their welcome comes first
                if person.since is not None and person.since >= quiet:
                    continue
            elif state.logged_day >= quiet:
                continue
            found.append(pid)
            if len(found) == GUESTS:
                break
        return found


def _propose(
    snapshot: Snapshot,
    grid: Grid,
    invitation: Kind,
    evening: Kind,
    pool: _Pool,
    item_id: str,
    name: str,
    earliest: dt.date,
    last: dt.date,
) -> None:
    """The first Saturday from ``earliest`` to ``last`` whose week holds the
    evening and whose invitation week holds the mail."""
    party = earliest + dt.timedelta(days=(SATURDAY - earliest.weekday()) % 7)
    trips = [(t.start, t.end) for t in snapshot.trips]
    while party <= last:
        invite = party - dt.timedelta(days=INVITE_LEAD_DAYS)
        if invite > grid.end:
            return
        guests = pool.guests(invite, party)
        if len(guests) < MIN_GUESTS:
            return
        mail = invitation.cost(len(guests))
        night = evening.cost(math.ceil(len(guests) * ATTENDANCE))
        week, invite_week = grid.index(party), grid.index(invite)
        room = {invite_week: mail}
        room[week] = room.get(week, 0) + night
        if all(_room(snapshot, grid, w) >= m for w, m in room.items()) and not any(
            a <= party <= b for a, b in trips
        ):
            grid.add(
                invite_week,
                Item(
                    id=item_id,
                    date=invite,
                    kind_id=invitation.id,
                    kind=invitation.label,
                    minutes=mail,
                    people=tuple(guests),
                    reason=(
                        f"a {name} party on Saturday {day_month(party)}: invite "
                        f"{plural(len(guests), 'person', 'people')} in town, "
                        "the coldest first; one mail"
                    ),
                    occasion="gathering",
                    opens=invite,
                    proposed=True,
                ),
            )
            title = f"your {name} party"
            _add_evening(
                grid, evening, pool.states, f"{item_id}-evening", title, party, guests, True
            )
            pool.invited |= set(guests)
            return
        party += dt.timedelta(days=7)


def invitation_of(item_id: str) -> str:
    """The id of the invitations item of a party's evening (itself otherwise)."""
    if item_id.startswith(EVENING):
        return INVITATIONS + item_id.removeprefix(EVENING)
    return item_id.removesuffix("-evening")


def gathering_of(item_id: str) -> int | None:
    """The gathering an item of a hosted party is about (its invitations or its
    evening); None for any other item, a proposal included."""
    for prefix in (INVITATIONS, EVENING):
        pk = item_id.removeprefix(prefix)
        if item_id.startswith(prefix) and pk.isdigit():
            return int(pk)
    return None


def planned_party(item: Item) -> tuple[dt.date, str] | None:
    """The day and the name ("Spring party") of the party a proposed item is
    about; None for an item that is not a proposal."""
    if not item.proposed:
        return None
    lead = 0 if item.occasion == "party" else INVITE_LEAD_DAYS
    day = item.date + dt.timedelta(days=lead)
    return day, f"{season_of(day)[2].capitalize()} party"


def _room(snapshot: Snapshot, grid: Grid, week: int) -> int:
    """Minutes ``week`` has left; beyond a short plan's end, its whole budget."""
    if week < len(grid.starts):
        return grid.capacity[week]
    start = grid.starts[0] + dt.timedelta(weeks=week)
    return max(0, snapshot.week_budgets.get(start, snapshot.budget_minutes))


def place_decided(
    snapshot: Snapshot, grid: Grid, kinds: dict[str, list[Kind]], states: States
) -> None:
    """The evening of each gathering the user hosts, on its day, with the occasions
    (before the card evenings and the routine): once the invitations are out the
    party happens, beyond the week's budget if it must."""
    evenings = kinds.get("party", [])
    if not evenings:
        return
    for gathering in snapshot.gatherings:
        guests = [
            pid
            for pid in gathering.guests or gathering.invitees
            if pid in states and not paused_on(states.person(pid), gathering.date)
        ]
        if guests and snapshot.today <= gathering.date <= grid.end:
            item_id = f"{EVENING}{gathering.id}"
            if item_id not in snapshot.done and item_id not in snapshot.skipped:
                _add_evening(
                    grid, evenings[0], states, item_id, gathering.label, gathering.date, guests
                )


def _add_evening(
    grid: Grid,
    evening: Kind,
    states: States,
    item_id: str,
    title: str,
    party: dt.date,
    guests: list[int],
    proposed: bool = False,
) -> None:
    days = [party - dt.timedelta(days=INVITE_LEAD_DAYS), party]
    for pid in guests:
        # A proposal is like a session: a first touch is not put off for it.
        (states[pid].session_days if proposed else states[pid].occasion_days).extend(days)
    if party > grid.end:
        return
    coming = math.ceil(len(guests) * ATTENDANCE)
    grid.add(
        grid.index(party),
        Item(
            id=item_id,
            date=party,
            kind_id=evening.id,
            kind=evening.label,
            minutes=evening.cost(coming),
            people=tuple(guests),
            reason=f"{title}: about {coming} of {plural(len(guests), 'guest')}",
            occasion="party",
            opens=party,
            proposed=proposed,
        ),
    )

"""Each person's routine terms in a plan, kept between plans.

How many routine touches a year each person gets (their target, or their
share of a short budget, ``budget.py``) less the touches their occasions and
sessions give in these weeks (``COUNTED``), how far apart they come
(``routine.Terms``) and when the first is due. ``Cadences`` keeps them with the
``Memo`` and works them out again only for the people whose profile, counted
touches, share of the budget or welcome changed, and for everyone when the
budget's pace or richness did (a budget beyond the targets, ``plan.SLACK``):
the claims on a short budget stay in the ``budget.Ledger``, in the orders it
serves them in.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping

from keepwarm.planner.budget import Claim, Ledger
from keepwarm.planner.fixed import Fixed
from keepwarm.planner.grid import Grid
from keepwarm.planner.roster import Profile, Roster
from keepwarm.planner.routine import COUNTED, MIN_GAP_BOUNDS, MIN_GAP_SHARE, Terms, first_due

Entry = tuple[int, int, dt.date]
"""A place in one of the routine's queues: its rank, the person's id, the day due."""


class Cadences:
    """Each person's share of the budget, terms and first place in the queues,
    as the plan before worked them out (``update`` brings them to this plan)."""

    def __init__(self) -> None:
        self.ledger = Ledger()
        self.fixed: Fixed | None = None
        """The fixed occasions of the plan before…"""
        self.later: Counter[int] = Counter()
        """…and, per person, the items after them that count as a yearly touch."""
        self.shares: dict[int, int] = {}
        self.greeted: set[int] = set()
        self.pace: tuple[bool, float, float] | None = None
        """Whether the budget was short, its pace and its richness."""
        self.terms: dict[int, Terms] = {}
        self.waiting: dict[int, Entry] = {}
        """Each person's first place among those on a cadence (by the day due)…"""
        self.spare: dict[int, Entry] = {}
        """…or among those the budget left out (inner circles, then the coldest)."""

    def update(
        self,
        today: dt.date,
        grid: Grid,
        roster: Roster,
        fixed: Fixed,
        pace: float,
        richness: float,
    ) -> bool:
        """Bring the terms to this plan (``grid`` holding the occasions and
        sessions); whether the budget is short."""
        counts, later, minutes = _counted(grid, fixed)
        if fixed is self.fixed:  # the same occasions: only the sessions' touches may move
            moved = _changed(later, self.later)
        else:
            before = Counter(self.fixed.counted) + self.later if self.fixed else Counter()
            moved = _changed(counts, before)
        changed = set(roster.before) | moved
        profiles = roster.profiles
        self.ledger.update({pid: _claim(profiles.get(pid), counts[pid]) for pid in changed})
        yearly = sum(grid.budget) / len(grid.budget) * 52 - minutes
        shares = self.ledger.allot(max(0.0, yearly))
        # Short when someone who can have a routine touch gets fewer than their
        # target asks (someone who can have none asks nothing of the budget).
        short = shares != self.ledger.full
        greeted = roster.welcomed()
        if self.pace != (short, pace, richness):
            changed = set(profiles) | set(self.terms)
        else:
            changed |= _changed(shares, self.shares) | (greeted ^ self.greeted)
        for pid in changed:
            self.terms.pop(pid, None)
            self.waiting.pop(pid, None)
            self.spare.pop(pid, None)
            profile = profiles.get(pid)
            if profile is not None:
                args = (shares.get(pid, 0), counts[pid], short, pace, richness)
                self.terms[pid] = terms = terms_of(profile, *args)
                self.enqueue(today, profile, terms, pid in greeted)
        self.fixed, self.later, self.shares, self.greeted = fixed, later, shares, greeted
        self.pace = (short, pace, richness)
        return short

    def enqueue(self, today: dt.date, profile: Profile, terms: Terms, welcome: bool) -> None:
        """A person's first place in the queues (as ``plan._Routine.wait`` puts them)."""
        if terms.quota <= 0:
            return
        person = profile.person
        due = first_due(person, profile.read.last_date, terms.interval, today, welcome)
        if terms.on_cadence:
            self.waiting[person.id] = (due.toordinal(), person.id, due)
        else:
            rank = (0 if person.inner else 1000) + profile.warmth
            self.spare[person.id] = (rank, person.id, due)


def _counted(grid: Grid, fixed: Fixed) -> tuple[Counter[int], Counter[int], int]:
    """Per person, the touches the occasions and sessions placed in ``grid``
    give (``COUNTED``: a birthday greeting or a card counts towards the target
    only when it is in the plan; a birthday just past, or beyond the last week,
    leaves the routine to give the whole target); those of them after the fixed
    occasions; and all their minutes."""
    later: Counter[int] = Counter()
    minutes = fixed.counted_minutes
    for items in fixed.later(grid):
        for item in items:
            if item.occasion in COUNTED:
                later.update(item.people)
                minutes += item.minutes
    counts = Counter(fixed.counted)
    counts.update(later)
    return counts, later, minutes


def _changed(new: Mapping[int, int], old: Mapping[int, int]) -> set[int]:
    """The keys whose values differ between ``new`` and ``old`` (or that only one has)."""
    return {key for key, _ in new.items() ^ old.items()}


def _claim(profile: Profile | None, occasions: int) -> Claim | None:
    """A person's claim on a short budget (none when they can have no routine touch)."""
    if profile is None or not profile.plain_cost:
        return None
    person, cost = profile.person, profile.plain_cost
    return Claim(person.id, person.target, occasions, cost, person.inner, profile.warmth)


def terms_of(
    profile: Profile, share: int, occasions: int, short: bool, pace: float, richness: float
) -> Terms:
    """A person's ``Terms`` from their share of the budget and the touches their
    occasions give: a budget beyond the targets spaces them ``pace`` times as
    often, and lets each cost ``richness`` times a plain touch on average."""
    target = profile.person.target
    quota = max(0, target - occasions)
    yearly = float(max(share, 1) + occasions)
    if not short:  # a budget beyond the targets: a touch more often
        yearly *= pace
        quota = max(0, round(yearly) - occasions)
    interval = 365.0 / yearly
    gap = round(interval * MIN_GAP_SHARE)
    allowance = profile.plain_cost * richness
    count, minutes = profile.spent
    return Terms(
        quota=quota,
        interval=interval,
        min_gap=min(max(gap, MIN_GAP_BOUNDS[0]), MIN_GAP_BOUNDS[1]),
        on_cadence=share > 0,
        plain=profile.plain,
        plain_cost=profile.plain_cost,
        allowance=allowance,
        credit=allowance * count - minutes,  # ``routine.credit_of``
    )

"""How a short budget is shared: routine touches a year for each person.

When a year of the weekly budget covers every circle target at the cheapest
kinds, everyone gets their target. When it does not, spreading the shortfall
evenly would leave nobody warm (everybody touched once a year, every Close
friend gone quiet for months), so the minutes go, in this order, to:

1. occasions: each birthday greeting (cheap, and on the day) — planned apart;
   every inner-circle person without one gets one routine touch first, so
   everyone in Close and Core gets something;
2. a floor for the inner circles (Close, Core): ``INNER_FLOOR`` touches a
   year (their birthday greeting and card included), a touch every ten weeks
   or so, before any whole target: nobody close goes silent while the budget
   allows. When the floor for everyone would take more than
   ``WHOLE_FLOOR_SHARE`` of the routine minutes, it takes ``FLOOR_SHARE`` of
   them, Close before Core and the coldest first;
3. whole targets, the cheapest to complete first (a Wide friend whose birthday
   greeting is one of their three touches needs two notes), so as many people as
   the budget allows reach their circle's aim rather than everyone falling short;
4. whatever remains raises the rest towards their target, inner first.

Each person's touches are then spaced evenly over the year (``routine.py``).

A ``Ledger`` keeps the claims between a user's plans, with the orders the
phases serve them in: a plan moves only the claims that changed, and the
phases stop as soon as no touch fits the minutes left, so a short budget costs
a plan the people it reaches, not everyone.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from keepwarm.planner.order import Key, Order

INNER_FLOOR = 5
"""Touches a year (occasions included) that keep an inner-circle friend under
120 days between touches even when a week or two is missed."""
WHOLE_FLOOR_SHARE = 0.9
"""The floor goes to every inner-circle friend when it takes at most this share of
the routine minutes…"""
FLOOR_SHARE = 0.3
"""…else it takes at most this share, so that Wide friends still reach their aim
(Close before Core, the coldest first). At 90 minutes a week for 300 people it
is what decides between the two: with half, 3 to 9 % of people reached their
target in the simulation (a fixed timer 10 to 12 %) and 64 to 73 % of Close/Core
had a silence over 120 days; with 0.3, 16 to 31 % and 76 to 83 % (the timer's
96 to 100 %)."""
RESERVE = 0.2
"""Kept out of the shares for missed weeks; the plan fills it by bringing touches forward."""


@dataclass(frozen=True)
class Claim:
    pid: int
    target: int
    occasions: int
    """Touches a year that occasions already give (a birthday greeting)."""
    cost: float
    """Minutes of a plain routine touch for this person (``routine.plain_cost``)."""
    inner: bool
    warmth: int


def allot(claims: Iterable[Claim], minutes: float) -> dict[int, int]:
    """Routine touches a year per person, for ``minutes`` of routine time a year."""
    ledger = Ledger()
    ledger.update({claim.pid: claim for claim in claims})
    return ledger.allot(minutes)


class Ledger:
    """The claims of a user's plans and the orders ``allot`` serves them in,
    kept between plans: a plan moves only the claims that changed, and the
    phases stop as soon as the minutes are spent."""

    def __init__(self) -> None:
        self.claims: dict[int, Claim] = {}
        self.full: dict[int, int] = {}
        """Each claim's whole target less its occasions, by id…"""
        self.full_minutes: dict[int, float] = {}
        """…and its minutes, by id."""
        self.costs: Counter[float] = Counter()
        self.by_id = True
        """Whether ``full`` and ``full_minutes`` are in the order of the ids…"""
        self.last = -1
        """…the largest of which is this."""
        self.inner = Order()
        """The inner circles: the highest targets, then the coldest, first."""
        self.warmth = Order()
        """Everyone: the inner circles, then the coldest, first."""
        self.cheapest = Order()
        """Everyone: the cheapest whole target first (for those given nothing yet)."""

    def update(self, claims: Mapping[int, Claim | None]) -> None:
        """Put in (or, with None, take out) the claims of these ids."""
        inner: dict[int, Key | None] = {}
        warmth: dict[int, Key | None] = {}
        cheapest: dict[int, Key | None] = {}
        for pid, claim in claims.items():
            old = self.claims.pop(pid, None)
            if old is not None:
                self.costs[old.cost] -= 1
            if claim is None:
                if old is not None:
                    del self.full[pid], self.full_minutes[pid]
                inner[pid] = warmth[pid] = cheapest[pid] = None
                continue
            if old is None:  # a new id: still in order when it is the largest
                self.by_id = self.by_id and pid > self.last
                self.last = max(self.last, pid)
            self.claims[pid] = claim
            self.costs[claim.cost] += 1
            full = self.full[pid] = max(0, claim.target - claim.occasions)
            self.full_minutes[pid] = full * claim.cost
            inner[pid] = (-claim.target, claim.warmth, pid) if claim.inner else None
            warmth[pid] = (not claim.inner, claim.warmth, pid)
            cheapest[pid] = (full * claim.cost, not claim.inner, pid)
        self.inner.update(inner)
        self.warmth.update(warmth)
        self.cheapest.update(cheapest)

    def allot(self, minutes: float) -> dict[int, int]:
        """``allot`` of the claims held."""
        if not self.by_id:
            self.full = {pid: self.full[pid] for pid in sorted(self.full)}
            self.full_minutes = {pid: self.full_minutes[pid] for pid in self.full}
            self.by_id = True
        claims, full = self.claims, self.full
        if sum(self.full_minutes.values()) <= minutes:
            return dict(full)
        given = dict.fromkeys(full, 0)
        gave: set[int] = set()
        least = min((cost for cost, count in self.costs.items() if count), default=0.0)
        left = minutes * (1 - RESERVE)

        def give(claim: Claim, count: int) -> None:
            nonlocal left
            count = min(count, full[claim.pid] - given[claim.pid], int(left // claim.cost))
            if count > 0:
                given[claim.pid] += count
                gave.add(claim.pid)
                left -= count * claim.cost

        for pid in self.inner:  # everyone in an inner circle gets something
            if left < least:
                return given  # nothing more fits anyone
            if claims[pid].occasions == 0:
                give(claims[pid], 1)
        if left < least:
            return given
        inner = [claims[pid] for pid in self.inner]
        needs = [max(0, min(c.target, INNER_FLOOR) - c.occasions - given[c.pid]) for c in inner]
        floor_budget: float = sum(need * c.cost for need, c in zip(needs, inner, strict=True))
        if floor_budget > left * WHOLE_FLOOR_SHARE:
            floor_budget = left * FLOOR_SHARE
        for need, claim in zip(
            needs, inner, strict=True
        ):  # then nobody close is left silent for months
            if left < least or floor_budget < least:
                break
            count = min(need, int(floor_budget // claim.cost))
            floor_budget -= count * claim.cost
            give(claim, count)
        # Whole targets, the cheapest to complete first: those given nothing yet
        # keep their place in ``cheapest``, the others are sorted again.
        partly = sorted(
            ((full[pid] - given[pid]) * claims[pid].cost, not claims[pid].inner, pid)
            for pid in gave
        )
        rest = (key for key in self.cheapest.sorted if key[-1] not in gave)
        for key in heapq.merge(partly, rest):
            claim = claims[key[-1]]
            if (full[claim.pid] - given[claim.pid]) * claim.cost > left:
                break  # and so are all after it
            give(claim, full[claim.pid])
        for pid in self.warmth:
            if left < least:
                break
            give(claims[pid], 1)
        return given

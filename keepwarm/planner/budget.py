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
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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
    claims = sorted(claims, key=lambda c: c.pid)
    full = {c.pid: max(0, c.target - c.occasions) for c in claims}
    if sum(full[c.pid] * c.cost for c in claims) <= minutes:
        return full
    given = dict.fromkeys(full, 0)
    left = minutes * (1 - RESERVE)

    def give(claim: Claim, count: int) -> None:
        nonlocal left
        count = min(count, full[claim.pid] - given[claim.pid], int(left // claim.cost))
        if count > 0:
            given[claim.pid] += count
            left -= count * claim.cost

    inner = sorted((c for c in claims if c.inner), key=lambda c: (-c.target, c.warmth, c.pid))
    for claim in inner:  # everyone in an inner circle gets something
        if claim.occasions == 0:
            give(claim, 1)
    needs = {c.pid: max(0, min(c.target, INNER_FLOOR) - c.occasions - given[c.pid]) for c in inner}
    floor_budget: float = sum(needs[c.pid] * c.cost for c in inner)
    if floor_budget > left * WHOLE_FLOOR_SHARE:
        floor_budget = left * FLOOR_SHARE
    for claim in inner:  # then nobody close is left silent for months
        count = min(needs[claim.pid], int(floor_budget // claim.cost))
        floor_budget -= count * claim.cost
        give(claim, count)
    by_cost = sorted(
        claims, key=lambda c: ((full[c.pid] - given[c.pid]) * c.cost, not c.inner, c.pid)
    )
    for claim in by_cost:
        if (full[claim.pid] - given[claim.pid]) * claim.cost <= left:
            give(claim, full[claim.pid])
    for claim in sorted(claims, key=lambda c: (not c.inner, c.warmth, c.pid)):
        give(claim, 1)
    return given

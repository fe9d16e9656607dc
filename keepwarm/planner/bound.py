"""An upper bound on the touches a budget can buy, to measure the plan against.

The quantity is *target-capped touches*: a touch counts when its person has not
yet had their circle's target in the period (an eighth email to a Wide friend
adds nothing). The bound solves the linear relaxation of "most capped touches
for the total minutes" exactly, without an LP solver:

* each person offers *opportunities*, each costing its kind's minutes: one
  birthday greeting per birthday in the period, one holiday card per card
  season, one postcard per trip, an invitation and an evening per gathering and, for people in
  town, per season a party may be proposed in (when a week's budget can hold
  the smallest party), one answer per life event, and
  any number of routine touches: the plain kinds alternate strictly
  (``routine.choose_kind``), so the first costs at least the cheapest plain
  kind and each after at least their mean (a user's own swap aside);
* with every touch worth 1, a person never uses more than their ``target``
  cheapest opportunities (swapping a dearer one for a cheaper one never loses),
  so keep those;
* what remains is a fractional knapsack with unit values: take the cheapest
  opportunities across everyone until the period's minutes run out, the last
  one fractionally. Greedy by cost is optimal for it.

Weekly budgets, day-bound occasions and spacing only constrain the real plan
further, so the result is a true upper bound for the minutes the plan had
(``minutes_of``: the budget, and what occasions took beyond it).
"""

from __future__ import annotations

import datetime as dt
import math

from keepwarm.planner.model import LIFE_EVENT_OCCASION, Kind, Person, Plan, Snapshot
from keepwarm.planner.occasions import first_possible
from keepwarm.planner.parties import ATTENDANCE, MIN_GUESTS, seasons
from keepwarm.planner.routine import plain_cost, plain_kinds


def capped_touches(counts: dict[int, int], people: tuple[Person, ...]) -> int:
    """Touches that count towards a target: ``Σ min(count, target)`` over active people."""
    return sum(min(counts.get(p.id, 0), p.target) for p in people if p.active)


def minutes_of(result: Plan) -> int:
    """The minutes a plan had to spend: each week's budget, less what was already
    spent in the first, or what it planned when occasions took a week beyond
    its budget (they are kept whatever the week holds)."""
    return sum(
        max(week.budget_minutes - week.spent_minutes, week.planned_minutes) for week in result.weeks
    )


def bound(snapshot: Snapshot, minutes: int, days: int = 364) -> float:
    """The most target-capped touches ``minutes`` can buy in ``days`` from today."""
    end = snapshot.today + dt.timedelta(days=days - 1)
    costs: list[float] = []
    kinds = sorted(snapshot.kinds, key=lambda k: (k.minutes, k.id))
    for person in snapshot.people:
        if person.active:
            costs.extend(_opportunities(snapshot, person, kinds, end))
    costs.sort()
    total = 0.0
    left = float(max(minutes, 0))
    for cost in costs:
        if cost > left:
            return total + left / cost
        total += 1
        left -= cost
    return total


def _opportunities(
    snapshot: Snapshot, person: Person, kinds: list[Kind], end: dt.date
) -> list[float]:
    def cheapest(occasion: str) -> Kind | None:
        return first_possible(person, [k for k in kinds if k.occasion == occasion])

    found: list[float] = []
    greeting = cheapest("birthday")
    if greeting and person.birthday:
        for year in range(snapshot.today.year, end.year + 1):
            if snapshot.today <= person.birthday.occurrence(year) <= end:
                found.append(greeting.minutes)
    card = cheapest("holiday")
    if card:
        first, last = snapshot.card_season
        for year in range(snapshot.today.year - 1, end.year + 1):
            opens = first.occurrence(year)
            closes = last.occurrence(year if last >= first else year + 1)
            if opens <= end and closes >= snapshot.today:
                found.append(card.minutes)
    postcard = cheapest("trip")
    if postcard:
        found.extend(postcard.minutes for trip in snapshot.trips if trip.start <= end)
    invitation = cheapest("gathering")
    if invitation:
        found.extend(
            invitation.minutes
            for gathering in snapshot.gatherings
            if person.id in gathering.invitees and snapshot.today < gathering.date <= end
        )
    evening = cheapest("party")
    if evening:  # the evening of a party they were invited to already
        found.extend(
            evening.minutes
            for gathering in snapshot.gatherings
            if person.id in gathering.guests and snapshot.today <= gathering.date <= end
        )
    if invitation and "same_city" in person.has and _parties_fit(snapshot, kinds):
        found.extend(invitation.minutes for _ in seasons(snapshot.today, end))
    for event in person.life_events:
        answer = cheapest(LIFE_EVENT_OCCASION.get(event.kind, "-")) or cheapest("")
        if answer and event.kind in LIFE_EVENT_OCCASION and event.date <= end:
            found.append(answer.minutes)
    plain = plain_kinds(person, [k for k in kinds if k.occasion == ""])
    if plain:
        # Plain kinds alternate strictly, so n routine touches cost at least the
        # cheapest once and their mean each after (5, then 7.5 each for a text
        # and a note): a lower bound on any plan's cost, whichever comes first.
        found.extend([plain[0].minutes, *[plain_cost(plain)] * (person.target - 1)])
    found.sort()
    return found[: person.target]


def _parties_fit(snapshot: Snapshot, kinds: list[Kind]) -> bool:
    """Whether any week's budget can hold the smallest party a proposal makes."""
    evening = next((k for k in kinds if k.occasion == "party"), None)
    if evening is None:
        return False
    smallest = evening.cost(math.ceil(MIN_GUESTS * ATTENDANCE))
    budgets = [snapshot.budget_minutes, *snapshot.week_budgets.values()]
    return max(budgets) >= smallest

"""The planner's input (a snapshot) and output (a plan), as plain frozen dataclasses.

The snapshot is everything the planner may know; it never reads a database or a
clock. One adapter (``keepwarm.plans.snapshot``) builds it from the ORM.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from keepwarm.lib.dates import MonthDay

# What a touch kind may need from a person.
NEEDS = ("address", "phone", "email", "birthday", "same_city")

# What occasion a kind is kept for. "" is a routine kind, usable any day; a
# "party" is logged when it happens, never planned. An occasion without a kind
# of its own (congratulations, by default) borrows the cheapest routine kind.
OCCASIONS = (
    "",
    "birthday",
    "holiday",
    "trip",
    "gathering",
    "condolence",
    "help",
    "congratulate",
    "party",
)

# Which kinds answer a life event first: a kind kept for that occasion, or a
# routine kind ("") when none is. The whole response of each event (the
# condolence, the check-in a month on, the first anniversary…) is in
# ``occasions.LIFE_EVENT_RESPONSES``; this is its first step.
LIFE_EVENT_OCCASION = {
    "bereavement": "condolence",
    "illness": "help",
    "move": "",
    "home_project": "help",
    "new_job": "congratulate",
    "baby": "congratulate",
    "wedding": "congratulate",
    "graduation": "congratulate",
    "retirement": "congratulate",
}


@dataclass(frozen=True)
class Kind:
    id: int
    label: str
    minutes: int
    needs: str = ""
    occasion: str = ""
    weight: float = 1.0
    batchable: bool = False
    setup: int = 0
    """Minutes once per session of a batchable kind (the cards and stamps, printing
    the label sheet), on top of ``minutes`` per person."""

    def cost(self, count: int = 1) -> int:
        """Minutes to do this kind for ``count`` people at once: a batchable kind's
        setup once, then its minutes per person; any other kind per person."""
        setup = self.setup if self.batchable and count > 0 else 0
        return setup + self.minutes * count

    def fits(self, minutes: int) -> int:
        """How many people one session of this kind reaches in ``minutes``."""
        return batch_size(minutes, self.minutes, self.setup if self.batchable else 0)


def batch_size(minutes: int, each: int, setup: int = 0) -> int:
    """People a session reaches in ``minutes`` at ``each`` a person after ``setup``."""
    return max(0, minutes - setup) // max(each, 1)


@dataclass(frozen=True)
class PastTouch:
    date: dt.date
    kind_id: int


@dataclass(frozen=True)
class LifeEvent:
    id: int
    kind: str
    date: dt.date
    note: str = ""


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    target: int
    inner: bool = False
    """In a circle that always gets something (Close, Core) even on a short budget."""
    birthday: MonthDay | None = None
    has: frozenset[str] = frozenset()
    """Which of ``NEEDS`` this person satisfies (address, phone, email, same_city)."""
    email: str = ""
    deceased: bool = False
    archived: bool = False
    paused_until: dt.date | None = None
    history: tuple[PastTouch, ...] = ()
    life_events: tuple[LifeEvent, ...] = ()
    since: dt.date | None = None
    """The day they were added; someone never touched is first due soon after it."""

    @property
    def active(self) -> bool:
        return not (self.deceased or self.archived) and self.target > 0

    @property
    def consoled_only(self) -> bool:
        """Someone planned nothing (no yearly target: imported and not sorted
        yet, or in a circle of no touches) but still answered at a loss: the
        condolence and the check-ins after a bereavement, never crowded out."""
        return not (self.deceased or self.archived) and self.target <= 0


@dataclass(frozen=True)
class Trip:
    start: dt.date
    end: dt.date
    label: str = ""
    people: tuple[int, ...] | None = None
    """Who the user ticked for a postcard on the trip's page and has not sent one
    yet; None when there is no list and the planner picks (the same way: the
    coldest first)."""


@dataclass(frozen=True)
class Gathering:
    id: int
    date: dt.date
    label: str
    invitees: tuple[int, ...]
    """Guests whose invitation has not gone out yet (the invitations item)."""
    guests: tuple[int, ...] = ()
    """Everyone invited or to be invited who has not said no (the evening)."""


@dataclass(frozen=True)
class Snapshot:
    today: dt.date
    budget_minutes: int
    people: tuple[Person, ...]
    kinds: tuple[Kind, ...]
    week_start: int = 0
    """0 = Monday … 6 = Sunday."""
    spent_this_week: int = 0
    """Minutes already logged in the current week; they count against its budget."""
    card_season: tuple[MonthDay, MonthDay] = (MonthDay(12, 1), MonthDay(12, 15))
    trips: tuple[Trip, ...] = ()
    gatherings: tuple[Gathering, ...] = ()
    skipped: Mapping[str, dt.date] = field(default_factory=dict)
    """Item id → the day the user skipped it."""
    done: frozenset[str] = frozenset()
    """Items marked done (their touch is in the history; an early greeting stays done)."""
    swaps: Mapping[str, int] = field(default_factory=dict)
    """Item id → the kind the user picked instead."""
    week_budgets: Mapping[dt.date, int] = field(default_factory=dict)
    """Budget for particular weeks (by their first day), e.g. 0 while away."""


@dataclass(frozen=True)
class Item:
    id: str
    date: dt.date
    kind_id: int
    kind: str
    minutes: int
    people: tuple[int, ...]
    reason: str
    occasion: str = ""
    opens: dt.date | None = None
    """The first day the item may be done (a greeting can be written and scheduled ahead)."""
    swappable: tuple[int, ...] = ()
    """Other kinds possible for this item, for Swap."""
    proposed: bool = False
    """The planner's own idea (a party a season, ``parties.py``): planned only
    where the budget has room, like a routine touch."""

    @property
    def fixed(self) -> bool:
        """An occasion placed on its own day (a birthday greeting, a condolence, an
        invitation, a party the user hosts), never dropped for minutes; not a
        routine touch, a card evening, a postcard run or a proposed party."""
        return self.occasion not in ROUTINE_OCCASIONS and not self.proposed


ROUTINE_OCCASIONS = ("", "holiday", "trip")
"""What a routine touch's item may be: a touch any day, a holiday card, a postcard."""


@dataclass(frozen=True)
class Week:
    start: dt.date
    budget_minutes: int
    items: tuple[Item, ...]
    spent_minutes: int = 0

    @property
    def planned_minutes(self) -> int:
        return sum(item.minutes for item in self.items)

    @property
    def beyond_minutes(self) -> int:
        """Minutes the plan's items take beyond what the week had left (its budget
        less what was already spent). Routine touches never go past it; an occasion
        (a birthday on the day, a condolence) is kept even when it does."""
        return max(0, self.planned_minutes - max(0, self.budget_minutes - self.spent_minutes))

    @property
    def occasions(self) -> tuple[Item, ...]:
        """The week's occasion items: greetings, life-event responses, invitations."""
        return tuple(item for item in self.items if item.fixed)

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)


@dataclass(frozen=True)
class Plan:
    today: dt.date
    weeks: tuple[Week, ...]
    expected: Mapping[int, int]
    """Person id → touches planned for them in the plan's weeks."""
    warmth: Mapping[int, int]
    coverage: float = 1.0
    """A year of budget over what all targets cost at the cheapest kinds; below 1 the
    budget is short and is shared (see budget.py)."""

    def items(self) -> list[Item]:
        return [item for week in self.weeks for item in week.items]

    def due_on(self, day: dt.date) -> list[Item]:
        """The items of ``day``: what "today" means on the home page, in
        ``keepwarm today`` and in the daily email."""
        return [item for item in self.items() if item.date == day]

    def open_ahead(self, day: dt.date) -> list[Item]:
        """Items of a later day that may already be done on ``day`` (a birthday
        greeting can be written and scheduled a few days ahead)."""
        return [
            item
            for item in self.items()
            if item.date > day and item.opens is not None and item.opens <= day
        ]

    def find(self, item_id: str) -> Item | None:
        return next((item for item in self.items() if item.id == item_id), None)

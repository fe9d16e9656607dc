"""The plan's weeks: each week's budget, the minutes it still has, its items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from keepwarm.planner.model import Item, Snapshot

ONE_DAY = dt.timedelta(days=1)


@dataclass
class Grid:
    """52 weeks (or fewer) from the week holding today, filled by the planner."""

    today: dt.date
    starts: list[dt.date]
    capacity: list[int]
    budget: list[int]
    items: list[list[Item]] = field(default_factory=list)
    load: dict[dt.date, int] = field(default_factory=dict)

    @classmethod
    def of(cls, snapshot: Snapshot, weeks: int) -> Grid:
        today = snapshot.today
        first = today - dt.timedelta(days=(today.weekday() - snapshot.week_start) % 7)
        starts = [first + dt.timedelta(weeks=i) for i in range(weeks)]
        budget = [max(0, snapshot.week_budgets.get(s, snapshot.budget_minutes)) for s in starts]
        capacity = list(budget)
        if capacity:
            capacity[0] = max(0, capacity[0] - snapshot.spent_this_week)
        return cls(today, starts, capacity, budget, [[] for _ in starts])

    @property
    def end(self) -> dt.date:
        return self.starts[-1] + dt.timedelta(days=6)

    def index(self, day: dt.date) -> int:
        return (day - self.starts[0]).days // 7

    def first_day(self, week: int) -> dt.date:
        return max(self.today, self.starts[week])

    def last_day(self, week: int) -> dt.date:
        return self.starts[week] + dt.timedelta(days=6)

    def quietest_day(
        self, week: int, earliest: dt.date | None = None, latest: dt.date | None = None
    ) -> dt.date | None:
        """The day of ``week`` with the fewest minutes planned (between ``earliest``
        and ``latest`` when given; None when the week has no such day)."""
        first = max(self.first_day(week), earliest or self.today)
        last = min(self.last_day(week), latest or self.last_day(week))
        quietest, least, load, day = None, 0, self.load, first
        while day <= last:  # the first of the days with the fewest minutes
            minutes = load.get(day, 0)
            if quietest is None or minutes < least:
                quietest, least = day, minutes
            day += ONE_DAY
        return quietest

    def add(self, week: int, item: Item) -> None:
        self.items[week].append(item)
        self.capacity[week] -= item.minutes
        self.load[item.date] = self.load.get(item.date, 0) + item.minutes

    def replace(self, week: int, old: Item, new: Item) -> None:
        index = self.items[week].index(old)
        self.items[week][index] = new
        self.capacity[week] -= new.minutes - old.minutes
        self.load[new.date] = self.load.get(new.date, 0) + new.minutes - old.minutes

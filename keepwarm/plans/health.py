"""Warmth over time and the network at a glance: the numbers behind the person
page's sparkline, the people list's warmth filter and the health dashboard.

Warmth comes from the cached plan (``services.current``), which scores every
active person once; the rest is a few grouped queries. Nothing here counts
what was given or received: only touches the user logged, against their own
targets.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Sum

from keepwarm.contacts.models import Circle, Person
from keepwarm.lib.words import WARMTH_WORDS
from keepwarm.owned import owned
from keepwarm.planner import model
from keepwarm.planner.warmth import COLD_BELOW, label, warmth_at, warmth_series
from keepwarm.plans import services
from keepwarm.touches.history import HISTORY_DAYS, histories
from keepwarm.touches.models import TouchPerson

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

SPARKLINE_WEEKS = 104
WENT_COLD_DAYS = 60
TOP_BREADTH = 8


# One person's warmth over time ------------------------------------------------------


@dataclass(frozen=True)
class PersonWarmth:
    value: int
    series: list[tuple[dt.date, int]]
    """Weekly, two years back to today (the last point)."""

    @property
    def label(self) -> str:
        return label(self.value)

    @property
    def year_ago(self) -> int:
        return self.series[-53][1] if len(self.series) >= 53 else self.series[0][1]


def person_warmth(owner: User, person: Person, today: dt.date) -> PersonWarmth | None:
    """The person's warmth today and every week of the last two years (one query).

    None for someone the planner does not keep warm (died, archived, no target)."""
    target = person.circle.touches_per_year if person.circle_id else 0
    if person.deceased or person.archived or target <= 0:
        return None
    start = today - dt.timedelta(weeks=SPARKLINE_WEEKS)
    rows = TouchPerson.objects.filter(
        person=person,
        touch__owner=owner,
        date__gte=start - dt.timedelta(days=HISTORY_DAYS),
        date__lte=today,
    ).values_list("date", "touch__kind_id", "touch__kind__warmth_weight")
    history, weights = [], {}
    for day, kind_id, weight in rows:
        history.append(model.PastTouch(day, kind_id))
        weights[kind_id] = float(weight)
    series = warmth_series(history, weights, target, start, today, horizon_days=HISTORY_DAYS)
    return PersonWarmth(series[-1][1], series)


# Warmth for the people list ---------------------------------------------------------


def warmth_by_id(owner: User, ids: Iterable[int] | None = None) -> dict[int, int]:
    """Warmth (0-100) of the owner's active people, by id (all of them without ``ids``)."""
    warmth = services.current(owner, stale_ok=True).plan.warmth
    if ids is None:
        return dict(warmth)
    return {pid: warmth[pid] for pid in ids if pid in warmth}


# The dashboard ----------------------------------------------------------------------


@dataclass(frozen=True)
class CircleWarmth:
    circle: Circle
    warm: int
    cooling: int
    cold: int

    @property
    def total(self) -> int:
        return self.warm + self.cooling + self.cold

    def count(self, word: str) -> int:
        return int(getattr(self, word))


@dataclass(frozen=True)
class Month:
    start: dt.date
    touches: int
    partial: bool = False
    """The current month, still going."""


@dataclass(frozen=True)
class Breadth:
    title: str
    top: list[tuple[str, int]]
    distinct: int
    unknown: int
    """Active people with nothing filled in."""


@dataclass(frozen=True)
class WentCold:
    person_id: int
    name: str
    was: int
    now: int
    around: dt.date
    """The first day it read "cold"."""


@dataclass(frozen=True)
class Health:
    today: dt.date
    circles: list[CircleWarmth]
    months: list[Month]
    monthly_target: float
    breadth: list[Breadth]
    went_cold: list[WentCold]
    occasions: list[Any]
    """``keepwarm.occasions.coming.Coming`` of the next 30 days."""
    refreshing: bool = False
    """Warmth from the plan before the latest change, while the new one is made."""

    def total(self, word: str) -> int:
        return sum(row.count(word) for row in self.circles)

    @property
    def people(self) -> int:
        return sum(row.total for row in self.circles)

    @property
    def touches_last_12_months(self) -> int:
        return sum(month.touches for month in self.months)


def _active(owner: User) -> Any:
    return owned(Person, owner).active()


def circle_warmth(owner: User, warmth: dict[int, int]) -> list[CircleWarmth]:
    """Warm, cooling and cold people per circle (circles with nobody planned left out)."""
    counts: dict[int, dict[str, int]] = {}
    for pid, circle_id in _active(owner).values_list("id", "circle_id"):
        if pid in warmth:
            words = counts.setdefault(circle_id, dict.fromkeys(WARMTH_WORDS, 0))
            words[label(warmth[pid])] += 1
    circles = owned(Circle, owner).filter(pk__in=list(counts))
    return [CircleWarmth(circle, **counts[circle.pk]) for circle in circles]


def month_starts(today: dt.date, count: int = 12) -> list[dt.date]:
    """The first days of the last ``count`` months, this one last."""
    index = today.year * 12 + today.month - 1
    return [dt.date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def touches_by_month(owner: User, today: dt.date) -> list[Month]:
    """Touches per person per month (a card to 40 people is 40) in the last 12 months.

    Grouped by day in the database (at most 366 rows), then by month here: no
    date functions in SQL, which SQLite would run in Python row by row."""
    starts = month_starts(today)
    rows = (
        TouchPerson.objects.filter(person__owner=owner, date__gte=starts[0], date__lte=today)
        .order_by()
        .values("date")
        .annotate(n=Count("id"))
        .values_list("date", "n")
    )
    counts: Counter[tuple[int, int]] = Counter()
    for day, n in rows:
        counts[day.year, day.month] += n
    last = starts[-1]
    return [
        Month(start, counts[start.year, start.month], partial=start == last) for start in starts
    ]


def monthly_target(owner: User) -> float:
    """What the circles aim at, per month: the sum of everyone's yearly target over 12."""
    people = _active(owner).filter(circle__touches_per_year__gt=0)
    total = people.aggregate(total=Sum("circle__touches_per_year"))["total"] or 0
    return round(total / 12, 1)


def breadth(owner: User) -> list[Breadth]:
    """Industries, companies and cities of the active people: the most common
    (case and spaces ignored, shown as most often written), how many differ, and
    how many people have none."""
    fields = {"industry": "Industries", "company": "Companies", "city": "Cities"}
    counts: dict[str, Counter[str]] = {field: Counter() for field in fields}
    spellings: dict[str, Counter[str]] = {field: Counter() for field in fields}
    unknown: Counter[str] = Counter()
    for row in _active(owner).values_list(*fields):
        for field, value in zip(fields, row, strict=True):
            shown = " ".join(value.split())
            if not shown:
                unknown[field] += 1
                continue
            counts[field][shown.casefold()] += 1
            spellings[field][shown] += 1
    found = []
    for field, title in fields.items():
        spelled = {}
        for shown, _ in sorted(spellings[field].items(), key=lambda kv: (-kv[1], kv[0])):
            spelled.setdefault(shown.casefold(), shown)
        top = sorted(counts[field].items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_BREADTH]
        rows = [(spelled[key], n) for key, n in top]
        found.append(Breadth(title, rows, len(counts[field]), unknown[field]))
    return found


def _crossed(
    history: tuple[model.PastTouch, ...], target: int, weights: dict[int, float], today: dt.date
) -> tuple[int, dt.date] | None:
    """Their warmth ``WENT_COLD_DAYS`` ago and the first day since that they read
    "cold", if they were not cold back then."""
    start = today - dt.timedelta(days=WENT_COLD_DAYS)
    was = warmth_at(history, weights, target, start, horizon_days=HISTORY_DAYS)
    if was < COLD_BELOW:
        return None
    series = warmth_series(history, weights, target, start, today, 1, horizon_days=HISTORY_DAYS)
    around = None
    for day, value in series:
        if value >= COLD_BELOW:
            around = None
        elif around is None:
            around = day
    return (was, around) if around is not None else None


def went_cold(owner: User, plan: services.UserPlan, today: dt.date) -> list[WentCold]:
    """People cold today who were not cold ``WENT_COLD_DAYS`` ago, the latest first
    (the histories of those cold today, in one query)."""
    weights = {kind.id: kind.weight for kind in plan.kinds.values()}
    cold = [pid for pid, now in plan.plan.warmth.items() if now < COLD_BELOW and pid in plan.people]
    history = histories(owner, cold, today)
    found = []
    for pid in cold:
        person, now = plan.people[pid], plan.plan.warmth[pid]
        crossed = _crossed(history[pid], person.target, weights, today)
        if crossed is not None:
            found.append(WentCold(pid, person.name, crossed[0], now, crossed[1]))
    return sorted(found, key=lambda w: (-w.around.toordinal(), w.name.casefold()))


@dataclass(frozen=True)
class _Summary:
    circles: list[CircleWarmth]
    months: list[Month]
    monthly_target: float
    breadth: list[Breadth]
    went_cold: list[WentCold]


_summaries: services.Versioned[_Summary] = services.Versioned(users=services.USERS_KEPT)
"""The dashboard but its coming occasions (which read key dates, not versioned),
kept per user, data version and day."""


def network_health(owner: User, today: dt.date) -> Health:
    from keepwarm.occasions.coming import coming

    version = services.data_version(owner)  # before the plan: the plan is as new or newer
    plan = services.current(owner, today, stale_ok=True)

    def make() -> _Summary:
        return _Summary(
            circles=circle_warmth(owner, dict(plan.plan.warmth)),
            months=touches_by_month(owner, today),
            monthly_target=monthly_target(owner),
            breadth=breadth(owner),
            went_cold=went_cold(owner, plan, today),
        )

    # While the plan is refreshing its warmth is older than the version: not kept.
    summary = make() if plan.refreshing else _summaries.at(owner, version, make, today)
    return Health(
        today=today,
        circles=summary.circles,
        months=summary.months,
        monthly_target=summary.monthly_target,
        breadth=summary.breadth,
        went_cold=summary.went_cold,
        occasions=coming(owner, today, 30),
        refreshing=plan.refreshing,
    )

"""The user's plan shaped for reading: this week's agenda by day, and the year
ahead (minutes per week, expected touches per person). Everything comes from
the cached plan (``services.current``); nothing here plans or scores."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import F
from django.utils import timezone

from keepwarm.contacts.models import Person
from keepwarm.lib.words import day_heading, names_sentence, plural
from keepwarm.owned import owned
from keepwarm.planner import model
from keepwarm.plans import services
from keepwarm.touches import history

if TYPE_CHECKING:
    from keepwarm.accounts.models import User


@dataclass(frozen=True)
class Entry:
    """One agenda item with the people it is for (their rows, for names and avatars)."""

    item: model.Item
    people: list[Person]
    swaps: list[tuple[int, str]]
    """(kind id, label) of the other kinds it may be done as."""


@dataclass(frozen=True)
class Day:
    date: dt.date
    label: str
    entries: list[Entry]


@dataclass(frozen=True)
class Agenda:
    today: dt.date
    week: model.Week
    days: list[Day]
    coming_up: list[Entry]
    anyone: bool
    """Someone in the network the planner can plan for (active, with a target)."""
    next_day: dt.date | None = None
    """The day of the first item after this week, if any."""
    refreshing: bool = False
    """The plan from before the latest change, while the new one is being made."""
    hidden: int = 0
    """Items of later days left out by the page's limit (``week_agenda``)."""

    @property
    def budget(self) -> int:
        return self.week.budget_minutes

    @property
    def planned(self) -> int:
        return self.week.planned_minutes

    @property
    def spent(self) -> int:
        return self.week.spent_minutes

    @property
    def spent_share(self) -> int:
        """Percent of the budget already spent, for the bar (0-100)."""
        return min(100, round(100 * self.spent / self.budget)) if self.budget > 0 else 0

    @property
    def planned_share(self) -> int:
        """Percent of the budget planned, for the bar (0-100 less what is spent)."""
        share = round(100 * self.planned / self.budget) if self.budget > 0 else 0
        return max(0, min(100 - self.spent_share, share))

    @property
    def beyond(self) -> int:
        """Minutes the week's occasions take beyond its budget (0 when it holds)."""
        return self.week.beyond_minutes

    @property
    def beyond_text(self) -> str:
        """The occasions kept this week ("2 birthday greetings and 1 condolence")
        although the week's time is given (said only when ``beyond``)."""
        counts = Counter(item.occasion for item in self.week.occasions)
        parts = [
            plural(n, *OCCASION_WORDS.get(step, ("touch for an occasion", "touches for occasions")))
            for step, n in counts.items()
        ]
        return names_sentence(parts, len(parts))

    @property
    def count(self) -> int:
        return sum(len(day.entries) for day in self.days)

    @property
    def empty_reason(self) -> str:
        """Why nothing is on this week's agenda: "nobody", "no_budget", "spent",
        "done" (touches were logged this week) or "quiet" (nothing was due)."""
        if self.count:
            return ""
        if not self.anyone:
            return "nobody"
        if self.budget <= 0:
            return "no_budget"
        if self.spent >= self.budget:
            return "spent"
        return "done" if self.spent else "quiet"


OCCASION_WORDS = {
    "birthday": ("birthday greeting", "birthday greetings"),
    "condolence": ("condolence", "condolences"),
    "checkin": ("check-in after a loss", "check-ins after a loss"),
    "anniversary": ("word on the anniversary of a loss", "words on anniversaries of a loss"),
    "congratulate": ("congratulation", "congratulations"),
    "help": ("offer to help", "offers to help"),
    "address": ("ask for a new address", "asks for a new address"),
    "gathering": ("invitation", "invitations"),
    "party": ("party", "parties"),
}
"""How the week's occasions are counted in words, one and many, by item occasion."""


def _entries(user: User, plan: services.UserPlan, items: Iterable[model.Item]) -> list[Entry]:
    items = list(items)
    wanted = {pid for item in items for pid in item.people}
    rows = owned(Person, user).filter(pk__in=wanted) if wanted else Person.objects.none()
    people = {person.pk: person for person in rows}
    entries = []
    for item in items:
        found = [people[pid] for pid in item.people if pid in people]
        if not found:
            continue  # deleted since the plan was cached: the next plan drops it
        swaps = [(kid, plan.kinds[kid].label) for kid in item.swappable if kid in plan.kinds]
        entries.append(Entry(item, found, swaps))
    return entries


def week_agenda(user: User, today: dt.date, limit: int | None = None) -> Agenda:
    """This week's items grouped by day, and next week's that may already be done;
    with ``limit``, today's (and earlier) all, then later ones up to ``limit`` items
    in all (``Agenda.hidden`` says how many more there are)."""
    plan = services.current(user, today, stale_ok=True)
    week = plan.plan.weeks[0]
    early = [item for item in plan.plan.open_ahead(today) if item.date > week.end]
    items = [*week.items, *early]
    hidden = 0
    if limit is not None:
        due = [item for item in items if item.date <= today]
        later = [item for item in items if item.date > today]
        room = max(0, limit - len(due))
        items, hidden = due + later[:room], max(0, len(later) - room)
    entries = _entries(user, plan, items)
    by_day: dict[dt.date, list[Entry]] = {}
    coming_up = []
    for entry in entries:
        if entry.item.date <= week.end:
            by_day.setdefault(entry.item.date, []).append(entry)
        else:
            coming_up.append(entry)
    days = [Day(day, day_heading(day, today), rows) for day, rows in sorted(by_day.items())]
    anyone = any(person.active for person in plan.people.values())
    later = (item.date for later in plan.plan.weeks[1:] for item in later.items)
    return Agenda(today, week, days, coming_up, anyone, next(later, None), plan.refreshing, hidden)


def entry_of(user: User, item_id: str, today: dt.date) -> Entry:
    """One item of the user's plan as the agenda shows it, with its people and the
    kinds it may be swapped for (``services.ItemGone`` when it is not there)."""
    item = services.find_item(user, item_id, today)
    found = _entries(user, services.current(user, today, stale_ok=True), [item])
    if not found:
        raise services.ItemGone(f"{item_id!r} is not in your plan: its people are gone.")
    return found[0]


def days_ahead(user: User, today: dt.date, days: int = 7) -> list[Day]:
    """The plan's items from ``today`` to ``days - 1`` days later, by day: the
    week ahead of the weekly digest, whichever day the user's weeks start on (a
    Sunday digest lists Sunday to Saturday, not the week that ends that day)."""
    plan = services.current(user, today)
    last = today + dt.timedelta(days=days - 1)
    items = [item for item in plan.plan.items() if today <= item.date <= last]
    by_day: dict[dt.date, list[Entry]] = {}
    for entry in _entries(user, plan, items):
        by_day.setdefault(entry.item.date, []).append(entry)
    return [Day(day, day_heading(day, today), rows) for day, rows in sorted(by_day.items())]


def todays_entries(user: User, today: dt.date) -> list[Entry]:
    """Today's items (``Plan.due_on``) with their people: the daily email's agenda."""
    plan = services.current(user, today)
    return _entries(user, plan, plan.plan.due_on(today))


# The year ahead --------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRow:
    person: model.Person
    expected: int
    warmth: int
    next_item: model.Item | None

    @property
    def short(self) -> int:
        """Touches planned below the circle's target (0 when on target)."""
        return max(self.person.target - self.expected, 0)


@dataclass(frozen=True)
class Year:
    weeks: tuple[model.Week, ...]
    rows: list[PersonRow]
    touches: int
    minutes: int
    budget: int
    on_target: int
    people: int
    """Active people planned for (``rows`` has one each, when asked for)."""
    kinds: dict[int, str] = field(default_factory=dict)
    coverage: float = 1.0
    """A year of budget over what all targets cost at the cheapest kinds."""
    refreshing: bool = False
    """The plan from before the latest change, while the new one is being made."""
    who: Mapping[int, model.Person] = field(default_factory=dict)
    """Everyone the plan saw, by id: the names of its items' people."""

    @property
    def coverage_percent(self) -> int:
        return round(100 * self.coverage)

    @property
    def average_minutes(self) -> int:
        return round(self.minutes / len(self.weeks)) if self.weeks else 0


SORTS = {
    "circle": lambda row: (-row.person.target, row.person.name.casefold()),
    "name": lambda row: row.person.name.casefold(),
    "warmth": lambda row: (row.warmth, row.person.name.casefold()),
    "short": lambda row: (-row.short, row.warmth, row.person.name.casefold()),
}


def year_ahead(user: User, today: dt.date, sort: str | None = "circle") -> Year:
    """The next 52 weeks: minutes per week, and per active person the touches
    planned against their circle's target, their warmth and their next item
    (in ``sort`` order; with ``sort`` None, no row per person: the weeks and
    the year's figures only, a fifth of the time at 10,000 people)."""
    plan = services.current(user, today, stale_ok=True)
    active = [person for person in plan.people.values() if person.active]
    expected = plan.plan.expected
    weeks = plan.plan.weeks
    return Year(
        weeks=weeks,
        rows=[] if sort is None else _rows(plan, active, sort),
        touches=sum(len(week.items) for week in weeks),
        minutes=sum(week.planned_minutes for week in weeks),
        budget=sum(week.budget_minutes for week in weeks),
        on_target=sum(1 for person in active if expected.get(person.id, 0) >= person.target),
        people=len(active),
        kinds={kid: kind.label for kid, kind in plan.kinds.items()},
        coverage=plan.plan.coverage,
        refreshing=plan.refreshing,
        who=plan.people,
    )


def _rows(plan: services.UserPlan, active: list[model.Person], sort: str) -> list[PersonRow]:
    first: dict[int, model.Item] = {}
    for item in plan.plan.items():
        for pid in item.people:
            first.setdefault(pid, item)
    rows = [
        PersonRow(
            person,
            plan.plan.expected.get(person.id, 0),
            plan.plan.warmth.get(person.id, 0),
            first.get(person.id),
        )
        for person in active
    ]
    rows.sort(key=SORTS.get(sort, SORTS["circle"]))
    return rows


def warmth_of(user: User, ids: Iterable[int], today: dt.date | None = None) -> dict[int, int]:
    """The planner's warmth (0-100) of these people (active ones), by id.

    From the plan of the day kept here (current, or the one before a change
    for the people the change did not touch); otherwise from these people's
    own history (two queries), so a page of 50 never waits for a whole plan.
    """
    wanted = list(ids)
    known, unknown = services.warmth_known(user, wanted, today)
    if unknown or not known:
        known |= history.warmth_of(user, unknown or wanted, today or timezone.localdate())
    return known


@dataclass(frozen=True)
class Outlook:
    """One person in the plan: warmth, touches planned in 52 weeks, the next few."""

    warmth: int
    planned: int
    target: int
    upcoming: list[model.Item]


def outlook(user: User, person_id: int, today: dt.date, count: int = 3) -> Outlook | None:
    """None for someone the planner does not plan for (deceased, archived, target 0)."""
    plan = services.current(user, today, stale_ok=True)
    person = plan.people.get(person_id)
    if person is None or not person.active:
        return None
    upcoming = [item for item in plan.plan.items() if person_id in item.people][:count]
    return Outlook(
        warmth=plan.plan.warmth.get(person_id, 0),
        planned=plan.plan.expected.get(person_id, 0),
        target=person.target,
        upcoming=upcoming,
    )


# The quick-log screen ---------------------------------------------------------

QUICK_LOG_PEOPLE = 300
"""People the quick-log screen holds (a phone filters them with no signal)."""


@dataclass(frozen=True)
class Pick:
    """A person offered on the quick-log screen, with their item on this week's
    agenda, if any."""

    person: Person
    planned: model.Item | None = None


def people_to_log(user: User, today: dt.date, limit: int = QUICK_LOG_PEOPLE) -> list[Pick]:
    """The people a touch is most likely logged with, first: those of this
    week's agenda (and items already open ahead), by day; then the most
    recently touched; then the rest by name. Active people only, ``limit`` in all."""
    plan = services.current(user, today, stale_ok=True)
    items = sorted([*plan.plan.weeks[0].items, *plan.plan.open_ahead(today)], key=lambda i: i.date)
    planned: dict[int, model.Item] = {}
    for item in items:
        for pid in item.people:
            planned.setdefault(pid, item)
    active = owned(Person, user).active()  # type: ignore[attr-defined]
    first = active.in_bulk(list(planned)[:limit])
    picks = [Pick(first[pid], item) for pid, item in planned.items() if pid in first]
    recent = (F("last_touch_on").desc(nulls_last=True), "sort_name", "id")
    rest = active.exclude(pk__in=list(first)).order_by(*recent)[: limit - len(picks)]
    return picks + [Pick(person) for person in rest]

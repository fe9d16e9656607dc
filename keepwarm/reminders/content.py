"""What the digest and the daily email hold: the agenda from the cached plan,
open follow-ups, coming birthdays and key dates, and birthdays that passed with
no greeting logged ("belated"). Each line carries its signed Done and Snooze links."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from keepwarm.contacts.models import KeyDate, falls_between
from keepwarm.lib.words import day_heading, days_from_now, due_phrase, weekday_date
from keepwarm.mail.links import action_url
from keepwarm.owned import owned
from keepwarm.plans.agenda import Day, days_ahead, todays_entries
from keepwarm.touches import queries

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

OCCASION_DAYS = 14
AGENDA_DAYS = 7
"""The digest's agenda: the day it is sent and the six days after it."""
BELATED_DAYS = 7
BELATED_MAX_DAYS = 14


@dataclass(frozen=True)
class Line:
    """One agenda item or follow-up, with its links."""

    title: str
    who: str
    detail: str
    done_url: str
    snooze_url: str
    late: bool = False


@dataclass(frozen=True)
class AgendaDay:
    label: str
    date: dt.date
    lines: list[Line]


@dataclass(frozen=True)
class Occasion:
    date: dt.date
    who: str
    what: str
    when: str


@dataclass(frozen=True)
class Contents:
    today: dt.date
    agenda: list[AgendaDay] = field(default_factory=list)
    follow_ups: list[Line] = field(default_factory=list)
    occasions: list[Occasion] = field(default_factory=list)
    belated: list[Occasion] = field(default_factory=list)

    @property
    def items(self) -> int:
        return sum(len(day.lines) for day in self.agenda)

    @property
    def empty(self) -> bool:
        return not (self.items or self.follow_ups or self.occasions or self.belated)


def _links(user: User, target: str, ident: object) -> dict[str, str]:
    return {
        "done_url": action_url(user, "done", target, ident),
        "snooze_url": action_url(user, "snooze", target, ident),
    }


def agenda(user: User, today: dt.date, *, only_today: bool = False) -> list[AgendaDay]:
    """The agenda of the week ahead by day, today and the six days after it
    (today's only for the daily email)."""
    days = []
    if only_today:
        found = [Day(today, day_heading(today, today), todays_entries(user, today))]
    else:
        found = days_ahead(user, today, AGENDA_DAYS)
    for day in found:
        if not day.entries:
            continue
        lines = [
            Line(
                title=entry.item.kind[:1].upper() + entry.item.kind[1:],
                who=", ".join(person.display_name for person in entry.people),
                detail=f"{entry.item.minutes} min · {entry.item.reason}",
                **_links(user, "item", entry.item.id),
            )
            for entry in day.entries
        ]
        days.append(AgendaDay(day.label, day.date, lines))
    return days


def follow_ups(user: User, today: dt.date, days_ahead: int = 0) -> list[Line]:
    """Open follow-ups due up to ``days_ahead`` days from today, overdue ones first."""
    until = today + dt.timedelta(days=days_ahead)
    due = queries.open_follow_ups(user).filter(due__lte=until).select_related("person")
    return [
        Line(
            title=follow_up.text,
            who=follow_up.person.display_name,
            detail=due_phrase(follow_up.due, today),
            late=follow_up.due < today,
            **_links(user, "follow_up", follow_up.pk),
        )
        for follow_up in due.order_by("due", "id")[:50]
    ]


def occasions(user: User, today: dt.date, days: int = OCCASION_DAYS) -> list[Occasion]:
    """Birthdays and key dates from today to ``days`` ahead, soonest first."""
    found = []
    for birthday in queries.coming_birthdays(user, today, days):
        turning = f", turns {birthday.turning}" if birthday.turning else ""
        name = birthday.person.display_name
        found.append(Occasion(birthday.date, name, f"birthday{turning}", ""))
    end = today + dt.timedelta(days=days)
    dates = owned(KeyDate, user).filter(
        falls_between(today, end), person__in=queries.in_network(user)
    )
    for key_date in dates.select_related("person"):
        date = key_date.month_day.next_on_or_after(today)
        if date <= end:
            found.append(Occasion(date, key_date.person.display_name, key_date.label, ""))
    found.sort(key=lambda o: (o.date, o.who.casefold()))
    return [Occasion(o.date, o.who, o.what, days_from_now((o.date - today).days)) for o in found]


def belated_since(today: dt.date, last_digest_on: dt.date | None) -> dt.date:
    """The first day whose birthdays count as belated: since the last digest (a
    week, and at most two after downtime)."""
    week_ago = today - dt.timedelta(days=BELATED_DAYS)
    earliest = today - dt.timedelta(days=BELATED_MAX_DAYS)
    if last_digest_on is None:
        return week_ago
    return max(earliest, min(last_digest_on, week_ago))


def belated(user: User, today: dt.date, since: dt.date) -> list[Occasion]:
    """Birthdays from ``since`` to yesterday with no touch logged on or after them."""
    end = today - dt.timedelta(days=1)
    if end < since:
        return []
    people = queries.in_network(user).born_between(since, end)
    found = []
    for person in people:
        day = next(
            (d for d in _days(since, end) if person.birthday.occurrence(d.year) == d),  # type: ignore[union-attr]
            None,
        )
        if day is not None and (person.last_touch_on is None or person.last_touch_on < day):
            found.append(
                Occasion(day, person.display_name, "birthday", weekday_date(day, long=True))
            )
    return sorted(found, key=lambda o: (o.date, o.who.casefold()))


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]

"""What the digest and the daily email hold: the agenda from the cached plan,
open follow-ups, coming birthdays and key dates, and birthdays that passed with
no greeting logged ("belated"). Each line carries its signed Done and Snooze links."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import formats

from keepwarm.contacts.models import KeyDate
from keepwarm.mail.links import action_url
from keepwarm.owned import owned
from keepwarm.planning.agenda import Day, day_label, days_ahead, todays_entries
from keepwarm.touches import queries

OCCASION_DAYS = 14
AGENDA_DAYS = 7
"""The digest's agenda: the day it is sent and the six days after it."""
BELATED_DAYS = 7
BELATED_MAX_DAYS = 14


def day_text(day: dt.date) -> str:
    """ "Saturday 28 November"."""
    return formats.date_format(day, "l j F")


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


def _links(user: Any, target: str, ident: object) -> dict[str, str]:
    return {
        "done_url": action_url(user, "done", target, ident),
        "snooze_url": action_url(user, "snooze", target, ident),
    }


def agenda(user: Any, today: dt.date, *, only_today: bool = False) -> list[AgendaDay]:
    """The agenda of the week ahead by day, today and the six days after it
    (today's only for the daily email)."""
    days = []
    if only_today:
        found = [Day(today, day_label(today, today), todays_entries(user, today))]
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


def _due_text(due: dt.date, today: dt.date) -> str:
    days = (due - today).days
    if days < 0:
        return f"{-days} day{'s' if days < -1 else ''} overdue"
    return {0: "due today", 1: "due tomorrow"}.get(days) or f"due {day_text(due)}"


def follow_ups(user: Any, today: dt.date, days_ahead: int = 0) -> list[Line]:
    """Open follow-ups due up to ``days_ahead`` days from today, overdue ones first."""
    until = today + dt.timedelta(days=days_ahead)
    due = queries.open_follow_ups(user).filter(due__lte=until).select_related("person")
    return [
        Line(
            title=follow_up.text,
            who=follow_up.person.display_name,
            detail=_due_text(follow_up.due, today),
            late=follow_up.due < today,
            **_links(user, "follow_up", follow_up.pk),
        )
        for follow_up in due.order_by("due", "id")[:50]
    ]


def _when(day: dt.date, today: dt.date) -> str:
    days = (day - today).days
    return {0: "today", 1: "tomorrow"}.get(days) or f"in {days} days"


def _month_days(start: dt.date, end: dt.date) -> set[tuple[int, int]]:
    """The (month, day) pairs from start to end; 29 February counts on 28
    February in common years."""
    pairs = set()
    for day in _days(start, end):
        pairs.add((day.month, day.day))
        if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
            pairs.add((2, 29))
    return pairs


def _falling(start: dt.date, end: dt.date, month: str, day: str) -> Q:
    """Rows whose ``month``/``day`` fields fall from start to end."""
    condition = Q(pk__in=[])
    for pair in sorted(_month_days(start, end)):
        condition |= Q(**{month: pair[0], day: pair[1]})
    return condition


def occasions(user: Any, today: dt.date, days: int = OCCASION_DAYS) -> list[Occasion]:
    """Birthdays and key dates from today to ``days`` ahead, soonest first."""
    found = []
    for birthday in queries.coming_birthdays(user, today, days):
        turning = f", turns {birthday.turning}" if birthday.turning else ""
        name = birthday.person.display_name
        found.append(Occasion(birthday.date, name, f"birthday{turning}", ""))
    end = today + dt.timedelta(days=days)
    dates = owned(KeyDate, user).filter(
        _falling(today, end, "month", "day"), person__in=queries.in_network(user)
    )
    for key_date in dates.select_related("person"):
        date = key_date.month_day.next_on_or_after(today)
        if date <= end:
            found.append(Occasion(date, key_date.person.display_name, key_date.label, ""))
    found.sort(key=lambda o: (o.date, o.who.casefold()))
    return [Occasion(o.date, o.who, o.what, _when(o.date, today)) for o in found]


def belated_since(today: dt.date, last_digest_on: dt.date | None) -> dt.date:
    """The first day whose birthdays count as belated: since the last digest (a
    week, and at most two after downtime)."""
    week_ago = today - dt.timedelta(days=BELATED_DAYS)
    earliest = today - dt.timedelta(days=BELATED_MAX_DAYS)
    if last_digest_on is None:
        return week_ago
    return max(earliest, min(last_digest_on, week_ago))


def belated(user: Any, today: dt.date, since: dt.date) -> list[Occasion]:
    """Birthdays from ``since`` to yesterday with no touch logged on or after them."""
    end = today - dt.timedelta(days=1)
    if end < since:
        return []
    people = queries.in_network(user).filter(_falling(since, end, "birthday_month", "birthday_day"))
    found = []
    for person in people:
        day = next(
            (d for d in _days(since, end) if person.birthday.occurrence(d.year) == d),  # type: ignore[union-attr]
            None,
        )
        if day is not None and (person.last_touch_on is None or person.last_touch_on < day):
            found.append(Occasion(day, person.display_name, "birthday", day_text(day)))
    return sorted(found, key=lambda o: (o.date, o.who.casefold()))


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]

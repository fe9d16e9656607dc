"""The words every door says: dates, days said from today, counts, lists of
names and the words for warmth. The pages and the emails' templates reach
them through one template library (``{% load words %}``); the emails built in
Python, the planner's reasons and the command line call them here. One home,
so a page, an email and the command line say a date, a count or a warmth the
same way.

Dates are English and day first, in these styles:

- ``short_date`` "3 Dec 2026" and ``long_date`` "3 December 2026";
- ``day_month`` "3 Dec" (long: "3 December"), a day of the year in view;
- ``weekday_date`` "Thu 3 Dec" (long: "Thursday 3 December");
- ``month_year`` "Dec 2026" (long: "December 2026"), ``month_name`` "Dec";
- ``month_day``, a birthday or key date: "29 February", "14 March 1980";
- ``moment`` "3 Dec 2026, 14:05" (without the year: "3 Dec, 14:05").

A moment is written as the user's clock reads it: the caller gives it in the
user's time zone (the template filters do that themselves).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TypeVar

from keepwarm.lib.dates import MONTH_NAMES, WEEKDAY_NAMES, MonthDay

T = TypeVar("T")


# Dates ---------------------------------------------------------------------------------


def month_name(day: dt.date, *, long: bool = False) -> str:
    """ "Dec", or "December"."""
    name = MONTH_NAMES[day.month - 1]
    return name if long else name[:3]


def day_month(day: dt.date, *, long: bool = False) -> str:
    """ "3 Dec", or "3 December"."""
    return f"{day.day} {month_name(day, long=long)}"


def short_date(day: dt.date | None) -> str:
    """ "3 Dec 2026"; empty for no date."""
    return f"{day_month(day)} {day.year}" if day else ""


def long_date(day: dt.date | None) -> str:
    """ "3 December 2026"; empty for no date."""
    return f"{day_month(day, long=True)} {day.year}" if day else ""


def weekday_date(day: dt.date, *, long: bool = False) -> str:
    """ "Thu 3 Dec", or "Thursday 3 December"."""
    name = WEEKDAY_NAMES[day.weekday()]
    return f"{name if long else name[:3]} {day_month(day, long=long)}"


def month_year(day: dt.date, *, long: bool = False) -> str:
    """ "Dec 2026", or "December 2026"."""
    return f"{month_name(day, long=long)} {day.year}"


def month_day(value: MonthDay | None) -> str:
    """A birthday or key date: "29 February", "14 March 1980"; empty for none."""
    if value is None:
        return ""
    text = f"{value.day} {MONTH_NAMES[value.month - 1]}"
    return f"{text} {value.year}" if value.year is not None else text


def moment(value: dt.datetime, *, year: bool = True) -> str:
    """ "3 Dec 2026, 14:05", or "3 Dec, 14:05" without the year."""
    day = short_date(value) if year else day_month(value)
    return f"{day}, {value:%H:%M}"


# Days said from today ------------------------------------------------------------------


def day_phrase(day: dt.date, today: dt.date) -> str:
    """When a planned day is, in a reason: "today", "tomorrow", "on Thursday"
    within the week, else "on 3 Dec"."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if 1 < delta < 7:
        return f"on {WEEKDAY_NAMES[day.weekday()]}"
    return f"on {day_month(day)}"


def month_phrase(day: dt.date, today: dt.date) -> str:
    """ "in June" within the last year, else "in June 2024"."""
    if (today - day).days < 330:
        return f"in {MONTH_NAMES[day.month - 1]}"
    return f"in {MONTH_NAMES[day.month - 1]} {day.year}"


def day_heading(day: dt.date, today: dt.date) -> str:
    """A day of the week's agenda: "Today", "Tomorrow", "Thursday", and
    "Earlier this week" for a day gone by."""
    offset = (day - today).days
    if offset == 0:
        return "Today"
    if offset == 1:
        return "Tomorrow"
    if offset < 0:
        return "Earlier this week"
    return WEEKDAY_NAMES[day.weekday()]


def days_from_now(days: int) -> str:
    """How soon, beside a date: "today", "tomorrow", "in 3 days"."""
    if days == 0:
        return "today"
    return "tomorrow" if days == 1 else f"in {days} days"


def relative_day(day: dt.date | None, today: dt.date, *, long: bool = False) -> str:
    """ "today", "yesterday", "tomorrow", else the short (or long) date."""
    if day is None:
        return ""
    near = {0: "today", -1: "yesterday", 1: "tomorrow"}.get((day - today).days)
    return near or (long_date(day) if long else short_date(day))


def since(day: dt.date | None, today: dt.date) -> str:
    """How long ago: "today", "yesterday", "5 days ago", "3 months ago";
    "never" for no day and "upcoming" for one still ahead."""
    if day is None:
        return "never"
    days = (today - day).days
    if days < 0:
        return "upcoming"
    if days < 2:
        return ("today", "yesterday")[days]
    return f"{duration(dt.timedelta(days=days))} ago"


DAY_UNITS = ((365, "year"), (30, "month"), (7, "week"), (1, "day"))


def duration(length: dt.timedelta) -> str:
    """A length of time in its largest whole unit: "1 minute", "3 hours",
    "5 days", "2 weeks", "1 year" (never less than a minute)."""
    if length.days >= 1:
        size, unit = next((size, unit) for size, unit in DAY_UNITS if length.days >= size)
        return plural(length.days // size, unit)
    seconds = int(length.total_seconds())
    if seconds >= 3600:
        return plural(seconds // 3600, "hour")
    return plural(max(1, seconds // 60), "minute")


def due_phrase(due: dt.date, today: dt.date) -> str:
    """When a follow-up is due, said from today: "due tomorrow", "3 days overdue"."""
    days = (due - today).days
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    if days == -1:
        return "due yesterday"
    if days < 0:
        return f"{-days} days overdue"
    if days < 14:
        return f"due in {days} days"
    return f"due {short_date(due)}"


# Counts and names ----------------------------------------------------------------------


def for_count(count: int, one: str, many: str | None = None) -> str:
    """The word a count takes, without the count: "person" for 1, "people" (or
    the word and an s) for any other. For a word set apart from its number,
    as a label under a big figure, and for a verb that agrees with it ("has",
    "have")."""
    return one if count == 1 else (many or one + "s")


def plural(count: int, one: str, many: str | None = None) -> str:
    """ "1 person", "2 people", "0 cards", "1,234 people": a count with its noun,
    thousands set apart as every page writes them (``intcomma``)."""
    return f"{count:,} {for_count(count, one, many)}"


def split_names(items: Sequence[T], limit: int) -> tuple[list[T], list[T]]:
    """The items to name and the ones folded into "and N others".

    Folding a single item saves nothing, so up to ``limit + 1`` items are all
    named; a longer list names ``limit`` and folds the rest (at least two).
    """
    if len(items) <= limit + 1:
        return list(items), []
    return list(items[:limit]), list(items[limit:])


def names_sentence(names: Sequence[str], limit: int = 3) -> str:
    """ "Ann", "Ann and Ben", "Ann, Ben and Cy", "Ann, Ben, Cy and 4 others"."""
    shown, rest = split_names(names, limit)
    if rest:
        return f"{', '.join(shown)} and {len(rest)} others"
    if len(shown) < 2:
        return "".join(shown)
    return f"{', '.join(shown[:-1])} and {shown[-1]}"


# Warmth --------------------------------------------------------------------------------

WARM = "warm"
COOLING = "cooling"
COLD = "cold"
WARMTH_WORDS = (WARM, COOLING, COLD)
"""The words for a warmth score, warmest first (the planner's ``warmth.label``
says which a score reads): the order of every count, legend and filter."""


def warmth_class(word: str) -> str:
    """The CSS class that colours a warmth word, "warmth-cooling": the one
    palette of app.css (Okabe-Ito, safe for colour-blind readers) for the
    meter, the badges and the dashboard's charts. Empty for no word."""
    return f"warmth-{word}" if word in WARMTH_WORDS else ""

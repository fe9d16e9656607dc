"""How the web pages word things: dates in one short and one long style, due
dates relative to today, and a list of people as "A, B and 3 others".

Templates reach these through ``{% load display %}``; views use them for
their messages, so a page and its flash message say a date the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TypeVar

from django.utils import timezone
from django.utils.dateformat import format as date_format

from keepwarm.planner.dates import MonthDay

# The two date styles of every page: "25 Nov 2026" and "25 November 2026".
SHORT = "j M Y"
LONG = "j F Y"

T = TypeVar("T")


def _day(value: dt.date | dt.datetime) -> dt.date | dt.datetime:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def short_date(value: dt.date | dt.datetime | None) -> str:
    """ "25 Nov 2026"; empty for no date."""
    return date_format(_day(value), SHORT) if value else ""


def long_date(value: dt.date | dt.datetime | None) -> str:
    """ "25 November 2026"; empty for no date."""
    return date_format(_day(value), LONG) if value else ""


def month_day(value: MonthDay | None) -> str:
    """A birthday or key date in the long style: "25 November" or "25 November 1980"."""
    if value is None:
        return ""
    day = dt.date(2000, value.month, value.day)  # 2000 is a leap year: 29 February exists
    text = date_format(day, "j F")
    return f"{text} {value.year}" if value.year is not None else text


def relative_day(
    value: dt.date | None,
    today: dt.date | None = None,
    style: Callable[[dt.date], str] = short_date,
) -> str:
    """ "today", "yesterday", "tomorrow", else the date in ``style``."""
    if value is None:
        return ""
    days = (value - (today or timezone.localdate())).days
    return {0: "today", -1: "yesterday", 1: "tomorrow"}.get(days) or style(value)


def describe_due(due: dt.date, today: dt.date) -> str:
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


# A note longer than this (characters or lines) folds to a preview in lists.
NOTE_PREVIEW_CHARS = 240
NOTE_PREVIEW_LINES = 4


def is_long(text: str) -> bool:
    return len(text) > NOTE_PREVIEW_CHARS or text.count("\n") >= NOTE_PREVIEW_LINES

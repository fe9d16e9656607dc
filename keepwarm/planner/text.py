"""Short English phrases for the reasons the planner gives."""

from __future__ import annotations

import calendar
import datetime as dt

WEEKDAYS = tuple(calendar.day_name)
MONTHS = tuple(calendar.month_name)


def short_date(day: dt.date) -> str:
    """``3 Dec``."""
    return f"{day.day} {calendar.month_abbr[day.month]}"


def day_phrase(day: dt.date, today: dt.date) -> str:
    """``today``, ``tomorrow``, ``on Thursday`` within a week, else ``on 3 Dec``."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if 1 < delta < 7:
        return f"on {WEEKDAYS[day.weekday()]}"
    return f"on {short_date(day)}"


def month_phrase(day: dt.date, today: dt.date) -> str:
    """``in June`` within the last year, else ``in June 2024``."""
    if (today - day).days < 330:
        return f"in {MONTHS[day.month]}"
    return f"in {MONTHS[day.month]} {day.year}"


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 person``, ``2 people``, ``0 touches``: a count with its noun."""
    return f"{count} {one if count == 1 else (many or one + 's')}"

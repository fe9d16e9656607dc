"""Dates without a year (birthdays, anniversaries) as first-class values.

A ``MonthDay`` is a month and day with an optional year. 29 February is a valid
birthday; in a common year it is observed on 28 February. How one reads in
words is ``lib.words.month_day``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""In English whatever the process's locale, as every page and email says them."""
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class InvalidDate(ValueError):
    """A month/day(/year) combination that does not exist."""


def days_in_month(month: int, year: int | None = None) -> int:
    """Days in ``month``; without a year, February has 29 (a leap-day birthday exists)."""
    if not 1 <= month <= 12:
        raise InvalidDate(f"month {month} is not between 1 and 12")
    if month == 2 and year is None:
        return 29
    return calendar.monthrange(year if year is not None else 2001, month)[1]


@dataclass(frozen=True, order=True)
class MonthDay:
    month: int
    day: int
    year: int | None = None

    def __post_init__(self) -> None:
        if self.year is not None and not 1 <= self.year <= 9999:
            raise InvalidDate(f"year {self.year} is out of range")
        last = days_in_month(self.month, self.year)
        if not 1 <= self.day <= last:
            name = MONTH_NAMES[self.month - 1]
            where = f"{name} {self.year}" if self.year is not None else name
            raise InvalidDate(f"{where} has no day {self.day}")

    @classmethod
    def parse(cls, text: str) -> MonthDay:
        """``MM-DD``, ``--MM-DD`` (vCard) or ``YYYY-MM-DD``."""
        raw = text.strip()
        if raw.startswith("--"):
            raw = raw[2:]
        parts = raw.split("-")
        try:
            numbers = [int(p) for p in parts]
        except ValueError:
            raise InvalidDate(f"{text!r} is not a date like 03-14 or 1980-03-14") from None
        if len(parts) == 2 and all(len(p) <= 2 for p in parts):
            return cls(numbers[0], numbers[1])
        if len(parts) == 3 and len(parts[0]) == 4:
            return cls(numbers[1], numbers[2], numbers[0])
        raise InvalidDate(f"{text!r} is not a date like 03-14 or 1980-03-14")

    def occurrence(self, year: int) -> dt.date:
        """The day this falls on in ``year`` (29 February on 28 February in common years)."""
        day = min(self.day, days_in_month(self.month, year))
        return dt.date(year, self.month, day)

    def next_on_or_after(self, today: dt.date) -> dt.date:
        this_year = self.occurrence(today.year)
        return this_year if this_year >= today else self.occurrence(today.year + 1)

    def age_on(self, day: dt.date) -> int | None:
        """Completed years on ``day``, when the year is known and not in the future."""
        if self.year is None:
            return None
        age = day.year - self.year - (1 if day < self.occurrence(day.year) else 0)
        return age if age >= 0 else None

    def iso(self) -> str:
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def span_problem(start: dt.date | None, end: dt.date | None, what: str) -> str | None:
    """What is wrong with a span of days (a job, a trip, a card run's window), or
    None: it may end on the day it starts, never before. ``what``: "The trip"."""
    if start is not None and end is not None and end < start:
        return f"{what} ends before it starts."
    return None

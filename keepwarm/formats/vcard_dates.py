"""Birthdays and anniversaries as vCards write them, read by the FORMATS.md rules.

No year: ``--MMDD``, ``--MM-DD`` and the placeholder year 1604. Doubtful: the
placeholder years 1900, 1970 and 2000, an empty value and Outlook's
``0/0/00``. A time part never moves the calendar day. Text that is not a date
is kept as a note.
"""

from __future__ import annotations

import re

from keepwarm.formats.records import DateFact
from keepwarm.lib.dates import InvalidDate, MonthDay

NO_YEAR = 1604
DOUBTFUL_YEARS = frozenset({1900, 1970, 2000})
_FULL = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")


def date_fact(label: str, text: str, *, as_text: bool = False, omit_year: bool = False) -> DateFact:
    """``text`` read as a date; ``as_text`` for ``VALUE=text`` (kept as a note)."""
    raw = text.strip()
    if not raw or raw in {"0/0/00", "0/0/0000"}:
        return DateFact(label, None, doubtful=True)
    if as_text:
        return DateFact(label, None, note=raw)
    found = _month_day(raw.split("T", 1)[0])
    if found is None:
        return DateFact(label, None, note=raw)
    if found.year is not None and (omit_year or found.year == NO_YEAR):
        return DateFact(label, MonthDay(found.month, found.day))
    return DateFact(label, found, doubtful=found.year in DOUBTFUL_YEARS)


def _month_day(text: str) -> MonthDay | None:
    try:
        if match := _NO_YEAR.match(text):
            return MonthDay(int(match[1]), int(match[2]))
        if match := _FULL.match(text):
            return MonthDay(int(match[2]), int(match[3]), int(match[1]))
        if match := _SLASHED.match(text):
            year = int(match[3])
            year += 1900 if year >= 30 and year < 100 else 2000 if year < 100 else 0
            return MonthDay(int(match[1]), int(match[2]), year)
    except InvalidDate:
        return None
    return None


def format_date(day: MonthDay) -> str:
    """vCard 4.0 / 3.0 text for a date: ``1980-03-14``, or ``--03-14`` without a year."""
    if day.year is None:
        return f"--{day.month:02d}-{day.day:02d}"
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"

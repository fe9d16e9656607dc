"""Card seasons: the holidays people send cards for, with their dates from the
``holidays`` package and a suggested window to post the cards in.

Every season is offered to every user; those that are public holidays in the
user's country come first. Each date is looked up in the calendar of a country
that keeps it (Diwali in India's, Lunar New Year in Indonesia's…). The send
window ends ``ARRIVE_DAYS`` before the day, so cards arrive in time, and opens
``WINDOW_DAYS`` earlier: Christmas on 25 December gives 1 to 20 December.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

import holidays

ARRIVE_DAYS = 5
WINDOW_DAYS = 19


@dataclass(frozen=True)
class Season:
    key: str
    name: str
    date: dt.date
    """The holiday itself; it may be estimated (moon sightings), so the window is a guide."""
    send_from: dt.date
    send_until: dt.date
    local: bool = False
    """A public holiday in the user's country."""

    @property
    def choice(self) -> str:
        """How a form names it: "christmas-2026"."""
        return f"{self.key}-{self.date.year if self.key != 'new_year' else self.date.year - 1}"


@dataclass(frozen=True)
class _Source:
    key: str
    name: str
    country: str
    category: str
    matches: Callable[[str], bool]


def _named(*names: str) -> Callable[[str], bool]:
    """Matches a holiday by name, also when estimated ("Eid al-Fitr (estimated)")."""

    def matches(holiday: str) -> bool:
        parts = (re.sub(r"\s*\([^)]*\)$", "", part) for part in holiday.split("; "))
        return any(part in names for part in parts)

    return matches


_SOURCES = (
    _Source("christmas", "Christmas", "US", "public", _named("Christmas Day", "Christmas")),
    _Source("hanukkah", "Hanukkah", "IL", "school", _named("Hanukkah")),
    _Source("diwali", "Diwali", "IN", "public", _named("Diwali")),
    _Source("lunar_new_year", "Lunar New Year", "ID", "public", _named("Lunar New Year")),
    _Source("eid_al_fitr", "Eid al-Fitr", "ID", "public", _named("Eid al-Fitr")),
    _Source("eid_al_adha", "Eid al-Adha", "ID", "public", _named("Eid al-Adha")),
    _Source("rosh_hashanah", "Rosh Hashanah", "IL", "public", _named("Rosh Hashanah")),
    _Source("nowruz", "Nowruz", "IR", "public", _named("Nowruz")),
)
KEYS = ("new_year", *(s.key for s in _SOURCES))
NAMES = {"new_year": "New Year", **{s.key: s.name for s in _SOURCES}}


def season_name(key: str) -> str:
    """ "Diwali" for "diwali"; a key this version does not know, as written."""
    return NAMES.get(key, key.replace("_", " ").capitalize())


@functools.lru_cache(maxsize=256)
def _calendar(country: str, category: str, year: int) -> tuple[tuple[dt.date, str], ...]:
    try:
        found = holidays.country_holidays(country, years=year, categories=(category,))
    except (NotImplementedError, KeyError, ValueError):
        return ()
    return tuple(sorted(found.items()))


def _first(source: _Source, country: str, category: str, year: int) -> dt.date | None:
    days = [day for day, name in _calendar(country, category, year) if source.matches(name)]
    return days[0] if days else None


def _season(key: str, name: str, day: dt.date, local: bool) -> Season:
    until = day - dt.timedelta(days=ARRIVE_DAYS)
    return Season(key, name, day, until - dt.timedelta(days=WINDOW_DAYS), until, local)


def seasons(country: str, year: int) -> list[Season]:
    """The seasons of ``year`` (New Year: the one that ends it), the user's
    country's public holidays first, then by date."""
    country = (country or "").upper()
    found = []
    for source in _SOURCES:
        day = _first(source, source.country, source.category, year)
        if day is None:
            continue
        local = bool(country) and _first(source, country, "public", year) is not None
        found.append(_season(source.key, source.name, day, local))
    new_year = dt.date(year + 1, 1, 1)
    found.append(_season("new_year", "New Year", new_year, _has_new_year(country, year + 1)))
    return sorted(found, key=lambda s: (not s.local, s.date, s.key))


def _has_new_year(country: str, year: int) -> bool:
    if not country:
        return False
    return any(day == dt.date(year, 1, 1) for day, _ in _calendar(country, "public", year))


def coming_seasons(country: str, today: dt.date) -> list[Season]:
    """The next occurrence of each season whose window has not closed yet."""
    coming: dict[str, Season] = {}
    for year in (today.year, today.year + 1):
        for season in seasons(country, year):
            if season.send_until >= today and season.key not in coming:
                coming[season.key] = season
    return sorted(coming.values(), key=lambda s: (not s.local, s.date, s.key))


def find_season(country: str, choice: str) -> Season | None:
    """The season a form's ``choice`` ("christmas-2026") names, or None."""
    key, _, year = choice.rpartition("-")
    if key not in KEYS or not (year.isascii() and year.isdigit()) or not 1950 <= int(year) <= 2100:
        return None
    return next((s for s in seasons(country, int(year)) if s.key == key), None)

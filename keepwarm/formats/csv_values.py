"""Cell values of contact CSV files: dates in many spellings, labels, lists."""

from __future__ import annotations

import re

from keepwarm.formats.records import DateFact
from keepwarm.lib.dates import InvalidDate, MonthDay

MULTI_VALUE = " ::: "
NO_YEAR = 1604
"""Apple, Thunderbird CardBook and Samsung write this year for "year unknown"."""
DOUBTFUL_YEARS = frozenset({1900, 1970, 2000})
EMPTY_DATES = frozenset({"", "0/0/00", "0/0/0000", "00/00/00", "0.0.00", "1/1/4501"})
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?")
_NO_YEAR = re.compile(r"-{0,2}(\d{1,2})-(\d{1,2})")
_SLASH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})?")
_DAY_MONTH_NAME = re.compile(r"(\d{1,2})[ -]([A-Za-z]+)\.?,?[ -](\d{4})")
_MONTH_NAME_DAY = re.compile(r"([A-Za-z]+)\.? (\d{1,2}),? (\d{4})")

KNOWN_LABELS = frozenset(
    {"home", "work", "mobile", "other", "main", "pager", "home fax", "work fax", "anniversary"}
)
_LABEL_ALIASES = {"cell": "mobile", "business": "work", "personal": "home", "private": "home"}


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is run as a formula by spreadsheets."""


def spreadsheet_cell(value: str) -> str:
    """A cell a spreadsheet shows as text and never runs (OWASP's rule for CSV
    injection: a ``'`` before a cell that starts like a formula). A value that
    itself starts with ``'`` and a formula start ("'@home") gets one too, so
    that ``unguarded`` gives it back whole."""
    return f"'{value}" if value.lstrip("'").startswith(FORMULA_STARTS) else value


def unguarded(value: str) -> str:
    """``spreadsheet_cell`` undone: the ``'`` a writer put before a formula start
    (or before apostrophes and a formula start)."""
    rest = value[1:]
    return rest if value[:1] == "'" and rest.lstrip("'").startswith(FORMULA_STARTS) else value


def is_empty_date(text: str) -> bool:
    return text.strip() in EMPTY_DATES


def slash_day_first(texts: list[str]) -> bool:
    """True when some ``a/b/yyyy`` date in the file has ``a`` > 12 (a day-first locale)."""
    for text in texts:
        found = _SLASH.fullmatch(text.strip())
        if found and int(found.group(1)) > 12 >= int(found.group(2)):
            return True
    return False


def parse_date(text: str, label: str, day_first: bool = False) -> DateFact | None:
    """A ``DateFact`` for ``text``; None when the cell is empty (or Outlook's ``0/0/00``).

    Text that is no date is kept in the note, so nothing the user wrote is lost.
    """
    raw = text.strip()
    if is_empty_date(raw):
        return None
    try:
        parts = _date_parts(raw, day_first)
    except InvalidDate:
        parts = None
    if parts is None:
        return DateFact(label=label, day=None, note=raw)
    return _fact(label, *parts)


def _fact(label: str, year: int | None, month: int, day: int) -> DateFact:
    if year == NO_YEAR:
        year = None
    try:
        return DateFact(label, MonthDay(month, day, year), doubtful=year in DOUBTFUL_YEARS)
    except InvalidDate:
        return DateFact(label, None, note=f"{year or ''} {month}/{day}".strip())


def _date_parts(raw: str, day_first: bool) -> tuple[int | None, int, int] | None:
    """(year, month, day) from the spellings exporters use, or None."""
    if found := _ISO.fullmatch(raw):
        return int(found[1]), int(found[2]), int(found[3])
    if found := _NO_YEAR.fullmatch(raw):
        return None, int(found[1]), int(found[2])
    if found := _SLASH.fullmatch(raw):
        first, second, year = int(found[1]), int(found[2]), _full_year(found[3])
        if day_first or first > 12:
            return year, second, first
        return year, first, second
    if found := _DOTTED.fullmatch(raw):
        dotted_year = _full_year(found[3]) if found[3] else None
        return dotted_year, int(found[2]), int(found[1])
    if found := _DAY_MONTH_NAME.fullmatch(raw):
        return _named(found[3], found[2], found[1])
    if found := _MONTH_NAME_DAY.fullmatch(raw):
        return _named(found[3], found[1], found[2])
    return None


def _named(year: str, month_name: str, day: str) -> tuple[int | None, int, int] | None:
    month = MONTHS.get(month_name.lower())
    return None if month is None else (int(year), month, int(day))


def _full_year(text: str) -> int:
    """Two-digit years as Outlook writes them: 00-29 are 20xx, the rest 19xx."""
    if len(text) == 4:
        return int(text)
    short = int(text)
    return 2000 + short if short < 30 else 1900 + short


def normalize_label(text: str) -> tuple[str, bool]:
    """(label, preferred) from ``"* Home"``, ``"Mobile"``, ``"Hochzeitstag"``.

    Google marks the primary value with a leading ``*``; well-known labels are
    lower-cased, a user's own label keeps its spelling.
    """
    raw = " ".join(text.split())
    preferred = raw.startswith("*")
    raw = raw.lstrip("*").strip()
    folded = raw.casefold()
    folded = _LABEL_ALIASES.get(folded, folded)
    return (folded if folded in KNOWN_LABELS else raw), preferred


def display_label(label: str) -> str:
    """The spelling Google writes for a label: ``home`` → ``Home``."""
    return label.title() if label in KNOWN_LABELS else label


def split_multi(text: str) -> list[str]:
    """The values of a cell holding several joined by `` ::: `` (Google)."""
    return [part.strip() for part in text.split(":::") if part.strip()]


def split_list(text: str) -> list[str]:
    """Categories or names in one cell: `` ::: ``, ``;`` or ``,`` separated."""
    if ":::" in text:
        return split_multi(text)
    separator = ";" if ";" in text else ","
    return [part.strip() for part in text.split(separator) if part.strip()]

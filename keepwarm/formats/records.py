"""What every contact format parses into and renders from: plain records, no Django.

A parser turns bytes into a ``ParseResult``: the records it understood, each
with the line of the file where it starts, and the parts it skipped with the
line and a reason. The import layer matches records to people; the renderers
turn people (as records) back into bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from keepwarm.formats.text import readable
from keepwarm.lib.dates import MonthDay


class FormatError(ValueError):
    """The whole file cannot be read as this format (one clear message)."""


@dataclass(frozen=True, slots=True)
class Labeled:
    """An email, phone or web address with its label ("home", "work", "mobile")."""

    value: str
    label: str = ""
    preferred: bool = False


@dataclass(frozen=True, slots=True)
class PostalAddress:
    label: str = ""
    street: str = ""
    locality: str = ""
    region: str = ""
    postcode: str = ""
    country: str = ""
    """As written in the file (a name or a code); the import layer maps it."""


@dataclass(frozen=True, slots=True)
class DateFact:
    """A date from a file: a birthday, an anniversary, another labelled date.

    ``day`` is None when the text was not a date (it is then in ``note``);
    ``doubtful`` marks a year that exporters use as a placeholder (1900, 1970,
    2000, Outlook's 0/0/00), so the import may keep the day and drop the year.
    """

    label: str
    day: MonthDay | None
    doubtful: bool = False
    note: str = ""


RELATION_WORDS = {
    "spouse": "spouse",
    "wife": "spouse",
    "husband": "spouse",
    "partner": "partner",
    "domestic partner": "partner",
    "domestic_partner": "partner",
    "sweetheart": "partner",
    "date": "partner",
    "child": "child",
    "children": "child",
    "son": "child",
    "daughter": "child",
    "parent": "parent",
    "mother": "parent",
    "father": "parent",
    "sibling": "sibling",
    "brother": "sibling",
    "sister": "sibling",
    "friend": "friend",
    "colleague": "colleague",
    "manager": "colleague",
    "assistant": "colleague",
    "co-worker": "colleague",
}
"""Words files use for a relation (Apple labels, vCard TYPE values, CSV columns) → its kind."""


def relation_kind(word: str) -> str:
    """spouse, partner, child, parent, sibling, friend, colleague, or "" when unknown."""
    return RELATION_WORDS.get(" ".join(word.split()).casefold(), "")


@dataclass(frozen=True, slots=True)
class Relation:
    """``kind`` is spouse, partner, child, parent, sibling, friend, colleague or other."""

    kind: str
    name: str


@dataclass(frozen=True, slots=True)
class ContactRecord:
    line: int
    """1-based line of the file where the record starts."""
    uid: str = ""
    display_name: str = ""
    prefix: str = ""
    given_name: str = ""
    additional_names: str = ""
    family_name: str = ""
    suffix: str = ""
    nickname: str = ""
    company: str = ""
    job_title: str = ""
    notes: str = ""
    emails: tuple[Labeled, ...] = ()
    phones: tuple[Labeled, ...] = ()
    urls: tuple[Labeled, ...] = ()
    addresses: tuple[PostalAddress, ...] = ()
    birthday: DateFact | None = None
    dates: tuple[DateFact, ...] = ()
    """Anniversaries and other labelled dates (not the birthday)."""
    relations: tuple[Relation, ...] = ()
    categories: tuple[str, ...] = ()
    """Groups, labels or categories: become tags."""
    photo: bytes = b""
    is_company: bool = False
    """A card for a company or another organisation, not a person."""
    extras: tuple[tuple[str, str], ...] = ()
    """What the file holds that has no field here, as (property or column name,
    value as written): the import keeps it on the person, so nothing is lost."""


def storable(text: str) -> str:
    """Text as keepwarm keeps it: without control characters (NUL, which
    PostgreSQL refuses, ESC, BEL…), which no person ever typed (``text.readable``)."""
    return readable(text)


def with_extras(extras: str, lines: Iterable[str]) -> tuple[str, list[str]]:
    """``extras`` (a person's kept ``NAME: value`` lines) with the ``lines`` it
    lacks added (compared entry by entry), and those added."""
    have = set(extras_lines(extras_pairs(extras)))
    added = [line for line in dict.fromkeys(lines) if line not in have]
    if added:
        extras = "\n".join(filter(None, [extras.rstrip(), *added]))
    return extras, added


def extras_lines(pairs: Iterable[tuple[str, str]]) -> list[str]:
    """``NAME: value`` lines as a person keeps extras; a value's own line breaks
    become indented continuation lines."""
    found = []
    for name, value in pairs:
        text = "\n  ".join(line.rstrip() for line in storable(value).strip().splitlines())
        if text and name.strip():
            found.append(f"{' '.join(name.split())}: {text}")
    return found


def extras_pairs(text: str) -> list[tuple[str, str]]:
    """``extras_lines`` read back: (name, value) pairs."""
    pairs: list[tuple[str, str]] = []
    for line in text.splitlines():
        if line.startswith("  ") and pairs:
            name, value = pairs[-1]
            pairs[-1] = (name, f"{value}\n{line[2:]}")
        elif line.strip():
            name, _, value = line.partition(": ")
            pairs.append((name.strip(), value))
    return pairs


@dataclass(frozen=True, slots=True)
class Skipped:
    line: int
    reason: str


@dataclass
class ParseResult:
    format: str
    """e.g. "vcard 3.0", "google csv", "outlook csv", "linkedin csv", "touches csv"."""
    records: list[ContactRecord] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

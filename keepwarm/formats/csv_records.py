"""Turning the cells of one CSV row into a ``ContactRecord``.

Every layout (and a user's own column mapping) says what each cell is as a
*field*: ``given_name``, ``email:work``, ``street:home``, ``birthday``,
``date:anniversary``, ``relation:spouse``, ``categories``… A row becomes a list
of ``Cell`` (kind, label, value, group) and ``build_record`` assembles them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from keepwarm.formats import records
from keepwarm.formats.csv_values import (
    DOUBTFUL_YEARS,
    NO_YEAR,
    is_empty_date,
    normalize_label,
    parse_date,
    split_list,
)
from keepwarm.formats.names import NameParts, split_name
from keepwarm.formats.records import (
    ContactRecord,
    DateFact,
    Labeled,
    PostalAddress,
    Relation,
)
from keepwarm.lib.dates import InvalidDate, MonthDay

NAME_FIELDS = (
    "display_name",
    "prefix",
    "given_name",
    "additional_names",
    "family_name",
    "suffix",
    "nickname",
)
TEXT_FIELDS = (*NAME_FIELDS, "company", "job_title", "notes")
LABELED_FIELDS = ("email", "phone", "url")
ADDRESS_FIELDS = ("street", "locality", "region", "postcode", "country")
OTHER_FIELDS = (
    "birthday",
    "birth_year",
    "birth_month",
    "birth_day",
    "date",
    "relation",
    "categories",
    "extra",
    "ignore",
)
FIELDS = (*TEXT_FIELDS, *LABELED_FIELDS, *ADDRESS_FIELDS, *OTHER_FIELDS)
"""Every field a column can be mapped to; labelled ones take ``:label`` (``phone:mobile``)."""

SYSTEM_GROUPS = frozenset({"* mycontacts", "* starred"})
"""Google's own groups, meaningless as tags ("* friends" and the like stay, without the star)."""


@dataclass(frozen=True)
class Cell:
    kind: str
    label: str
    value: str
    group: str = ""
    """Cells of one postal address share a group (its label, or "Address 2")."""


def parse_field(spec: str) -> tuple[str, str]:
    """``"phone:mobile"`` → ``("phone", "mobile")``; raises ValueError for an unknown field."""
    kind, _, label = spec.strip().partition(":")
    kind = kind.strip().lower()
    if kind not in FIELDS:
        raise ValueError(spec)
    return kind, label.strip()


def relation_kind(label: str) -> str:
    return records.relation_kind(label) or "other"


@dataclass
class _Draft:
    text: dict[str, str] = field(default_factory=dict)
    labeled: dict[str, list[Labeled]] = field(default_factory=dict)
    addresses: dict[str, dict[str, str]] = field(default_factory=dict)
    birth: dict[str, str] = field(default_factory=dict)
    birthday: DateFact | None = None
    dates: list[DateFact] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    extras: list[tuple[str, str]] = field(default_factory=list)


def build_record(line: int, cells: list[Cell], day_first: bool = False) -> ContactRecord | None:
    """The record the cells describe, or None when they name nobody."""
    draft = _Draft()
    for cell in cells:
        if cell.value.strip():
            _add(draft, cell, day_first)
    names = _names(draft.text)
    record = ContactRecord(
        line=line,
        display_name=draft.text.get("display_name", "") or names.full(),
        prefix=names.prefix,
        given_name=names.given,
        additional_names=names.additional,
        family_name=names.family,
        suffix=names.suffix,
        nickname=names.nickname,
        company=draft.text.get("company", ""),
        job_title=draft.text.get("job_title", ""),
        notes=draft.text.get("notes", ""),
        emails=tuple(draft.labeled.get("email", ())),
        phones=tuple(draft.labeled.get("phone", ())),
        urls=tuple(draft.labeled.get("url", ())),
        addresses=tuple(_address(parts) for parts in draft.addresses.values()),
        birthday=draft.birthday or _split_birthday(draft.birth),
        dates=tuple(draft.dates),
        relations=tuple(draft.relations),
        categories=tuple(dict.fromkeys(draft.categories)),
        extras=tuple(draft.extras),
    )
    if not (record.display_name or record.emails or record.phones or record.company):
        return None
    return record


def _add(draft: _Draft, cell: Cell, day_first: bool) -> None:
    value = cell.value.strip()
    kind = cell.kind
    if kind in TEXT_FIELDS:
        joiner = "\n" if kind == "notes" else " "
        old = draft.text.get(kind)
        draft.text[kind] = f"{old}{joiner}{value}" if old else value
    elif kind in LABELED_FIELDS:
        label, preferred = normalize_label(cell.label)
        draft.labeled.setdefault(kind, []).append(Labeled(value, label, preferred))
    elif kind in ADDRESS_FIELDS:
        parts = draft.addresses.setdefault(cell.group or cell.label, {"label": cell.label})
        parts[kind] = f"{parts[kind]}\n{value}" if parts.get(kind) else value
    elif kind == "birthday":
        draft.birthday = parse_date(value, "birthday", day_first)
    elif kind in ("birth_year", "birth_month", "birth_day"):
        draft.birth[kind] = value
    elif kind == "date":
        label = normalize_label(cell.label)[0]
        fact = parse_date(value, label, day_first)
        if fact is not None:
            draft.dates.append(fact)
        elif not is_empty_date(value):  # Outlook's 0/0/00 says there is none
            draft.extras.append((cell.label or "date", value))
    elif kind == "extra":
        draft.extras.append((cell.label, value))
    else:
        _add_list(draft, cell, value)


def _add_list(draft: _Draft, cell: Cell, value: str) -> None:
    if cell.kind == "relation":
        kind = relation_kind(cell.label)
        names = split_list(value) if kind == "child" else [value]
        draft.relations.extend(Relation(kind, name) for name in names)
    elif cell.kind == "categories":
        for name in split_list(value):
            if name.casefold() not in SYSTEM_GROUPS:
                draft.categories.append(name.removeprefix("* ").strip())


def _names(text: dict[str, str]) -> NameParts:
    parts = NameParts(
        prefix=text.get("prefix", ""),
        given=text.get("given_name", ""),
        additional=text.get("additional_names", ""),
        family=text.get("family_name", ""),
        suffix=text.get("suffix", ""),
        nickname=text.get("nickname", ""),
    )
    if parts.full() or not text.get("display_name"):
        return parts
    split = split_name(text["display_name"])
    return NameParts(
        split.prefix, split.given, split.additional, split.family, split.suffix, parts.nickname
    )


def _address(parts: dict[str, str]) -> PostalAddress:
    return PostalAddress(
        label=normalize_label(parts.get("label", ""))[0],
        street=parts.get("street", ""),
        locality=parts.get("locality", ""),
        region=parts.get("region", ""),
        postcode=parts.get("postcode", ""),
        country=parts.get("country", ""),
    )


def _split_birthday(parts: dict[str, str]) -> DateFact | None:
    """Thunderbird's ``Birth Year``, ``Birth Month``, ``Birth Day`` (the year may be empty)."""
    if not parts.get("birth_month") or not parts.get("birth_day"):
        return None
    text = " ".join(parts.get(key, "?") for key in ("birth_year", "birth_month", "birth_day"))
    try:
        year = int(parts["birth_year"]) if parts.get("birth_year") else None
        month, day = int(parts["birth_month"]), int(parts["birth_day"])
        year = None if year == NO_YEAR else year
        return DateFact("birthday", MonthDay(month, day, year), doubtful=year in DOUBTFUL_YEARS)
    except (ValueError, InvalidDate):
        return DateFact("birthday", None, note=text)

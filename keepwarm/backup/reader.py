"""Read a backup file and check all of it before anything is written.

The result is a ``Document``: for each section, the rows as model instances
(not saved; references still the file's own numbers) and the numbers they
point to. Every problem is a ``BackupError`` naming the section, row and field.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from keepwarm.backup import codec
from keepwarm.backup.errors import BackupError
from keepwarm.backup.schema import (
    ACCOUNT_FIELDS,
    FORMAT,
    SECTIONS,
    VERSION,
    Section,
    profile_fields,
    reminder_fields,
    top_level_keys,
)
from keepwarm.contacts import photos
from keepwarm.contacts.limits import CAPS
from keepwarm.formats import text
from keepwarm.formats.records import extras_lines, with_extras
from keepwarm.owned import CheckedText

OCCASION_SECTIONS = (
    "greeting_templates",
    "card_runs",
    "card_recipients",
    "trips",
    "postcards",
    "gatherings",
    "invitations",
    "jobs",
    "job_hunts",
    "call_outcomes",
)

# Format version N -> a function turning a version-N document into version N+1.
# A change to the format raises ``schema.VERSION`` and adds its step here, so
# every older backup stays readable.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    # Version 2 remembers the pairs you said are not duplicates.
    1: lambda data: {**data, "version": 2, "not_duplicates": []},
    # Version 3 holds the occasions (greetings, card runs, trips, gatherings),
    # work histories and job hunts.
    2: lambda data: {**data, "version": 3, **{name: [] for name in OCCASION_SECTIONS}},
    # Version 4 keeps imported values with no field of their own on people,
    # marks organisations, keeps a country with no code as it was written, and
    # holds the reminder settings and the saved import mappings (an older file
    # restores with the default settings and a new calendar address).
    3: lambda data: {
        **data,
        "version": 4,
        "people": _with(data.get("people"), extras="", is_organization=False),
        "addresses": _with(data.get("addresses"), country_name=""),
        "reminders": {f.name: codec.encode(f, f.get_default()) for f in reminder_fields()},
        "import_mappings": [],
    },
    # Version 5 prices batch kinds: a setup per session (none in an older file).
    4: lambda data: {
        **data,
        "version": 5,
        "touch_kinds": _with(data.get("touch_kinds"), setup_minutes=0),
    },
    # Version 6 keeps a gathering's invitation touch on it (none in an older file:
    # the next save of who came finds it through a guest who did not come).
    5: lambda data: {
        **data,
        "version": 6,
        "gatherings": _with(data.get("gatherings"), invitation_touch=None),
    },
    # Version 7 keeps the invitation's words as last sent on a gathering (none in
    # an older file: the words made from the gathering).
    6: lambda data: {
        **data,
        "version": 7,
        "gatherings": _with(data.get("gatherings"), invitation_subject="", invitation_text=""),
    },
    # Version 8 lets a person have no circle (imported, waiting to be sorted) and
    # keeps the other imports that held them (none in an older file: everyone in
    # it is in a circle).
    7: lambda data: {**data, "version": 8, "people": _with(data.get("people"), also_in="")},
}


def _with(rows: Any, **defaults: Any) -> Any:
    """Each row of a section with ``defaults`` for the keys it lacks (a section
    that is not a list of objects is left for the checks to refuse)."""
    if not isinstance(rows, list):
        return rows
    return [{**defaults, **row} if isinstance(row, dict) else row for row in rows]


@dataclass
class Row:
    """One row of a section: the unsaved instance (its foreign keys hold the file's
    numbers), its many-to-many links and its files."""

    number: int
    instance: models.Model
    links: dict[str, list[int]] = field(default_factory=dict)
    files: dict[str, codec.FileData] = field(default_factory=dict)


@dataclass
class Document:
    version: int
    account: dict[str, Any]
    profile: dict[str, Any]
    reminders: dict[str, Any]
    sections: dict[str, list[Row]]


def parse(content: bytes) -> Document:
    """The checked document in ``content``; ``BackupError`` saying what is wrong."""
    data = _json(content)
    version = _check_header(data)
    for older in range(version, VERSION):
        data = UPGRADES[older](data)  # an old file, brought up to this version
    for name in top_level_keys():
        if name not in data:
            raise BackupError(f"The backup has no {name!r} section: is the file complete?")
    unknown = sorted(set(data) - set(top_level_keys()))
    if unknown:
        raise BackupError(f"The backup has sections this keepwarm does not know: {unknown}.")
    _unlinkable_kept_as_extras(data)
    account = _account(data["account"])
    profile = _object("profile", data["profile"], profile_fields())
    reminders = _object("reminders", data["reminders"], reminder_fields())
    sections = {s.name: _section(s, data[s.name]) for s in SECTIONS}
    _check_references(sections)
    _check_caps(sections)
    return Document(version, account, profile, reminders, sections)


def _unlinkable_kept_as_extras(data: dict[str, Any]) -> None:
    """A web address no link may open (``ftp:``, ``skype:``, ``javascript:``…),
    which an older version's import kept as one, goes to its person's other
    values as written, as an import now keeps it: nothing is lost, and nothing
    on the page links it. Rows not shaped as a backup's are left for the checks
    that say what is wrong with them."""
    points, people = data.get("contact_points"), data.get("people")
    if not isinstance(points, list) or not isinstance(people, list):
        return
    by_id = {p.get("id"): p for p in people if isinstance(p, dict)}
    kept = []
    for point in points:
        person = by_id.get(point.get("person")) if isinstance(point, dict) else None
        value = point.get("value") if isinstance(point, dict) else None
        unlinkable = isinstance(value, str) and text.scheme_problem(value) is not None
        if person is None or point.get("kind") != "url" or not unlinkable:
            kept.append(point)
            continue
        extras = person.get("extras")
        if isinstance(extras, str):
            person["extras"] = with_extras(extras, extras_lines([("url", value)]))[0]
        else:
            kept.append(point)
    data["contact_points"] = kept


def _json(content: bytes) -> dict[str, Any]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BackupError("This is not a keepwarm backup: the file is not UTF-8 text.") from None
    if not text.strip():
        raise BackupError("The file is empty.")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BackupError(
            f"This is not a complete JSON document ({exc.msg} at line {exc.lineno}, "
            f"column {exc.colno}): is the file cut short or not a keepwarm backup?"
        ) from None
    except RecursionError:  # "[[[[…" 100,000 deep: no backup nests more than a few levels
        raise BackupError(
            "This is not a keepwarm backup: its JSON nests deeper than any backup does."
        ) from None
    if not isinstance(data, dict):
        raise BackupError("This is not a keepwarm backup: the file holds no JSON object.")
    return data


def _check_header(data: dict[str, Any]) -> int:
    if data.get("format") != FORMAT:
        raise BackupError(
            f"This is not a keepwarm backup: its format is {data.get('format')!r}, not {FORMAT!r}."
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BackupError(f"The backup's version {version!r} is not a format version.")
    if version > VERSION:
        raise BackupError(
            f"This backup was written by a newer keepwarm (format version {version}); "
            f"this one reads versions up to {VERSION}. Upgrade keepwarm, then restore."
        )
    return version


def _account(raw: Any) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    meta = get_user_model()._meta
    return _object("account", raw, [meta.get_field(name) for name in ACCOUNT_FIELDS])


def _object(where: str, raw: Any, fields: list[Any]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise BackupError(f"{where}: should be an object, not {type(raw).__name__}.")
    _check_keys(where, raw, [f.name for f in fields])
    return {f.attname: codec.decode(f, raw[f.name], where) for f in fields}


def _check_keys(where: str, raw: dict[str, Any], expected: list[str]) -> None:
    missing = [k for k in expected if k not in raw]
    if missing:
        raise BackupError(f"{where}: missing {', '.join(missing)}.")
    unknown = sorted(set(raw) - set(expected))
    if unknown:
        raise BackupError(f"{where}: unknown {', '.join(unknown)}.")


def _section(section: Section, raw: Any) -> list[Row]:
    if not isinstance(raw, list):
        raise BackupError(f"{section.name}: should be a list, not {type(raw).__name__}.")
    rows: list[Row] = []
    seen: set[int] = set()
    for index, item in enumerate(raw):
        row = _row(section, item, f"{section.name}[{index}]")
        if row.number in seen:
            raise BackupError(f"{section.name}: the id {row.number} is there twice.")
        seen.add(row.number)
        rows.append(row)
    return rows


def _row(section: Section, raw: Any, where: str) -> Row:
    if not isinstance(raw, dict):
        raise BackupError(f"{where}: should be an object, not {type(raw).__name__}.")
    _check_keys(where, raw, section.keys())
    number = raw["id"]
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise BackupError(f"{where}: id should be a positive whole number, not {number!r}.")
    where = f"{section.name} id {number}"
    values: dict[str, Any] = {}
    files: dict[str, codec.FileData] = {}
    for f in section.fields():
        value = codec.decode(f, raw[f.name], where)
        if isinstance(value, codec.FileData):
            _check_photo(value, f"{where}: {f.name}")
            files[f.name], value = value, value.name
        values[f.attname] = "" if value is None and isinstance(f, models.FileField) else value
    instance = section.model(**values)
    _validate(instance, section, where)
    links = {name: _link_list(raw[name], f"{where}: {name}") for name in section.many}
    return Row(number, instance, links, files)


def _check_photo(data: codec.FileData, where: str) -> None:
    """A file in a backup is a person's photo: a picture, as the forms take."""
    try:
        photos.verify(data.content)
    except ValidationError as exc:
        raise BackupError(f"{where}: {' '.join(exc.messages)}") from None


def _link_list(raw: Any, where: str) -> list[int]:
    if not isinstance(raw, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) for n in raw
    ):
        raise BackupError(f"{where} should be a list of ids.")
    if len(set(raw)) != len(raw):
        raise BackupError(f"{where} names the same id twice.")
    return raw


def _validate(instance: models.Model, section: Section, where: str) -> None:
    """The model's own rules (lengths, choices, ranges, dates), as the forms apply them."""
    exclude = ["owner", *section.refs]
    if isinstance(instance, CheckedText):
        instance.tidy_text()  # a line break in a name from an older version becomes a space
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise BackupError(f"{where}: {_messages(exc)}") from None


def _messages(exc: ValidationError) -> str:
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    return " ".join(
        " ".join(msgs) if name == NON_FIELD_ERRORS else f"{name}: {' '.join(msgs)}"
        for name, msgs in exc.message_dict.items()
    )


def _check_references(sections: dict[str, list[Row]]) -> None:
    """Every reference points at a row of the file."""
    numbers = {name: {row.number for row in rows} for name, rows in sections.items()}
    for section in SECTIONS:
        for row in sections[section.name]:
            for name, target, value in _references(section, row):
                if value not in numbers[target]:
                    raise BackupError(
                        f"{section.name} id {row.number}: {name} refers to {target} "
                        f"id {value}, which is not in the file."
                    )


def _check_caps(sections: dict[str, list[Row]]) -> None:
    """No person holds more of a kind of row than a person can have
    (``contacts.limits``), as the forms and imports keep them: a restore cannot
    tell which rows to leave out, so it refuses the file, naming the person."""
    for key, cap in CAPS.items():
        counts = Counter(getattr(row.instance, "person_id", None) for row in sections[key])
        for number, count in sorted(counts.items(), key=lambda item: item[0] or 0):
            if number is not None and count > cap.limit:
                raise BackupError(
                    f"{key}: people id {number} has {count:,} of them; a person can have "
                    f"at most {cap.limit:,} {cap.name}."
                )


def _references(section: Section, row: Row) -> list[tuple[str, str, int]]:
    found = []
    for name, target in section.refs.items():
        value = getattr(row.instance, section.model._meta.get_field(name).attname)
        if value is not None:
            found.append((name, target, value))
    for name, target in section.many.items():
        found += [(name, target, value) for value in row.links[name]]
    return found

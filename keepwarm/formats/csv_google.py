"""Google Contacts CSV, legacy and current: numbered groups, `` ::: `` cells, and render.

Legacy files label a group with ``E-mail 1 - Type``, current ones with
``E-mail 1 - Label``; one cell may hold several values joined by `` ::: ``; a
birthday without a year is `` --12-25``. ``render_google`` writes the current
layout, with only as many numbered groups as the records need.
"""

from __future__ import annotations

import csv
import io
import re

from keepwarm.formats.csv_layouts import key
from keepwarm.formats.csv_records import Cell
from keepwarm.formats.csv_values import (
    MULTI_VALUE,
    display_label,
    split_multi,
    spreadsheet_cell,
)
from keepwarm.formats.records import ContactRecord, DateFact, PostalAddress

_SIMPLE = {
    "name": "display_name",
    "name prefix": "prefix",
    "first name": "given_name",
    "given name": "given_name",
    "middle name": "additional_names",
    "additional name": "additional_names",
    "last name": "family_name",
    "family name": "family_name",
    "name suffix": "suffix",
    "nickname": "nickname",
    "organization name": "company",
    "organization 1 - name": "company",
    "organization title": "job_title",
    "organization 1 - title": "job_title",
    "birthday": "birthday",
    "notes": "notes",
    "labels": "categories",
    "group membership": "categories",
}
_GROUP = re.compile(r"(e-mail|phone|website|event|relation|address|custom field) (\d+) - (.+)")
_GROUP_KIND = {
    "e-mail": "email",
    "phone": "phone",
    "website": "url",
    "event": "date",
    "relation": "relation",
}
_ADDRESS_PART = {
    "street": "street",
    "city": "locality",
    "region": "region",
    "postal code": "postcode",
    "country": "country",
}
RELATION_LABELS = {
    "spouse": "Spouse",
    "partner": "Partner",
    "child": "Child",
    "parent": "Parent",
    "sibling": "Sibling",
    "friend": "Friend",
    "colleague": "Colleague",
    "other": "Other",
}


def google_cells(headers: list[str], cells: list[str]) -> list[Cell]:
    """What each cell of a Google row is, by the header names of the file. A
    cell of no known column (or of a column with no name, or a second column of
    the same name) is an extra, kept with its header; an address given only as
    "Address 1 - Formatted" becomes its street lines."""
    known = {key(h) for h in headers}
    row: dict[str, str] = {}
    found: list[Cell] = []
    for index, (header, value) in enumerate(zip(headers, cells, strict=False)):
        name = key(header)
        if not value.strip():
            continue
        if not name:
            found.append(Cell("extra", f"column {index + 1}", value))
        elif name in row:
            if value.strip() != row[name].strip():
                found.append(Cell("extra", header.strip(), value))
        else:
            row[name] = value
    written = {key(h): h.strip() for h in headers}
    used: set[str] = set()
    for name, value in row.items():
        group = _GROUP.fullmatch(name)
        if name in _SIMPLE:
            found.append(Cell(_SIMPLE[name], "", value))
        elif group and group[1] == "custom field" and group[3] == "value":
            # Google's own custom fields, and the extras this project writes there.
            label = row.get(f"custom field {group[2]} - label", "").strip()
            found.append(Cell("extra", label or written[name], value))
        elif group and group[3] == "value" and group[1] in _GROUP_KIND:
            label = row.get(f"{group[1]} {group[2]} - label") or row.get(
                f"{group[1]} {group[2]} - type", ""
            )
            found.extend(_labeled_cells(_GROUP_KIND[group[1]], label, value))
        elif group and group[1] == "address" and group[3] in (*_ADDRESS_PART, "formatted"):
            number = group[2]
            label = row.get(f"address {number} - label") or row.get(f"address {number} - type", "")
            if group[3] != "formatted":
                found.append(Cell(_ADDRESS_PART[group[3]], label, value, f"address {number}"))
            elif not any(f"address {number} - {part}" in row for part in _ADDRESS_PART):
                # Only the printed form: its lines are the street; else it repeats the parts.
                found.append(Cell("street", label, value, f"address {number}"))
        elif group and group[3] in ("label", "type") and _described(group, known):
            pass  # the label of a value read with it (or of an empty one)
        else:
            continue
        used.add(name)
    found += [
        Cell("extra", written[name], value) for name, value in row.items() if name not in used
    ]
    return found


def _described(group: re.Match[str], headers: set[str]) -> bool:
    """Whether the file has the value column this label or type column names."""
    kind, number = group[1], group[2]
    parts = (*_ADDRESS_PART, "formatted") if kind == "address" else ("value",)
    return any(f"{kind} {number} - {part}" in headers for part in parts)


def _labeled_cells(kind: str, label: str, value: str) -> list[Cell]:
    """One cell per value of a ``:::`` list; a list of labels as long pairs up
    with it ("Home ::: Work" for two emails), else all share the label."""
    values = split_multi(value)
    labels = split_multi(label) if MULTI_VALUE.strip() in label else [label]
    if len(labels) != len(values):
        labels = [label] * len(values)
    return [Cell(kind, one_label, part) for one_label, part in zip(labels, values, strict=True)]


def render_google(records: list[ContactRecord]) -> bytes:
    """Records as a Google Contacts CSV (current layout), UTF-8."""
    counts = {
        "E-mail": max((len(r.emails) for r in records), default=0),
        "Phone": max((len(r.phones) for r in records), default=0),
        "Address": max((len(r.addresses) for r in records), default=0),
        "Website": max((len(r.urls) for r in records), default=0),
        "Event": max((len(r.dates) for r in records), default=0),
        "Relation": max((len(r.relations) for r in records), default=0),
        "Custom Field": max((len(r.extras) for r in records), default=0),
    }
    header = _header(counts)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for record in records:
        values = _row(record)
        writer.writerow([spreadsheet_cell(values.get(name, "")) for name in header])
    return out.getvalue().encode("utf-8")


_NAME_COLUMNS = [
    "First Name",
    "Middle Name",
    "Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "Organization Name",
    "Organization Title",
    "Birthday",
    "Notes",
    "Labels",
]
_ADDRESS_COLUMNS = ("Street", "City", "Region", "Postal Code", "Country")


def _header(counts: dict[str, int]) -> list[str]:
    header = list(_NAME_COLUMNS)
    for group, count in counts.items():
        for n in range(1, count + 1):
            header.append(f"{group} {n} - Label")
            if group == "Address":
                header.extend(f"Address {n} - {part}" for part in _ADDRESS_COLUMNS)
            else:
                header.append(f"{group} {n} - Value")
    return header


def _row(record: ContactRecord) -> dict[str, str]:
    values = dict(
        zip(
            _NAME_COLUMNS,
            (
                record.given_name,
                record.additional_names,
                record.family_name,
                record.prefix,
                record.suffix,
                record.nickname,
                record.company,
                record.job_title,
                _date_text(record.birthday),
                record.notes,
                MULTI_VALUE.join(record.categories),
            ),
            strict=True,
        )
    )
    for group, items in (("E-mail", record.emails), ("Phone", record.phones)):
        _labeled(values, group, [(_star(i.label, i.preferred), i.value) for i in items])
    _labeled(values, "Website", [(_star(u.label, u.preferred), u.value) for u in record.urls])
    _labeled(values, "Event", [(display_label(d.label), _date_text(d)) for d in record.dates])
    relations = [(RELATION_LABELS.get(r.kind, "Other"), r.name) for r in record.relations]
    _labeled(values, "Relation", relations)
    _labeled(values, "Custom Field", list(record.extras))  # imported extras, as Google keeps them
    for n, address in enumerate(record.addresses, start=1):
        values.update(_address(n, address))
    return values


def _labeled(values: dict[str, str], group: str, items: list[tuple[str, str]]) -> None:
    for n, (label, value) in enumerate(items, start=1):
        values[f"{group} {n} - Label"] = label
        values[f"{group} {n} - Value"] = value


def _star(label: str, preferred: bool) -> str:
    shown = display_label(label)
    return f"* {shown}" if preferred else shown


def _address(n: int, address: PostalAddress) -> dict[str, str]:
    parts = (address.street, address.locality, address.region, address.postcode, address.country)
    pairs = zip(_ADDRESS_COLUMNS, parts, strict=True)
    values = {f"Address {n} - {name}": part for name, part in pairs}
    values[f"Address {n} - Label"] = display_label(address.label)
    return values


def _date_text(fact: DateFact | None) -> str:
    if fact is None:
        return ""
    if fact.day is None:
        return fact.note
    return f" {fact.day.iso()}" if fact.day.year is None else fact.day.iso()

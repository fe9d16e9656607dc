"""Contact records written as vCard 4.0 (or 3.0 for older clients).

UTF-8, CRLF line ends, lines folded at 75 octets without splitting a UTF-8
character. Labels that a TYPE parameter can carry are written as TYPE; any
other label travels in an Apple-style group (``item1.X-ABLabel``), which
Apple, Google and this parser all read back.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable

from keepwarm.formats.records import ContactRecord, DateFact, Labeled, PostalAddress
from keepwarm.formats.vcard_dates import format_date

_TYPE_FOR_LABEL = {
    "home": "home",
    "work": "work",
    "mobile": "cell",
    "fax": "fax",
    "home fax": "home,fax",
    "work fax": "work,fax",
    "pager": "pager",
    "main": "main",
    "other": "other",
}
_RELATED_TYPES = frozenset({"spouse", "child", "parent", "sibling", "friend", "colleague"})


def render(records: Iterable[ContactRecord], version: str = "4.0") -> bytes:
    """``records`` as one vCard file (``version`` "4.0" or "3.0")."""
    if version not in {"4.0", "3.0"}:
        raise ValueError(f"vCard version {version!r} cannot be written; use 4.0 or 3.0")
    return b"".join(_render_card(record, version) for record in records)


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def fold(line: str) -> bytes:
    """One content line as bytes, folded at 75 octets, never inside a UTF-8 character."""
    data = line.encode("utf-8")
    chunks: list[bytes] = []
    start, limit = 0, 75
    while len(data) - start > limit:
        end = start + limit
        while end > start + 1 and data[end] & 0xC0 == 0x80:
            end -= 1
        chunks.append(data[start:end])
        start, limit = end, 74
    chunks.append(data[start:])
    return b"\r\n ".join(chunks) + b"\r\n"


class _Card:
    def __init__(self, version: str) -> None:
        self.version = version
        self.lines: list[str] = []
        self.groups = 0

    def add(self, name: str, value: str, params: str = "") -> None:
        self.lines.append(f"{name}{params}:{value}")

    def add_labeled(self, name: str, value: str, label: str, preferred: bool = False) -> None:
        types = [_TYPE_FOR_LABEL[label]] if label in _TYPE_FOR_LABEL else []
        if preferred and self.version == "3.0":
            types.append("pref")
        params = f";TYPE={','.join(types)}" if types else ""
        if preferred and self.version == "4.0":
            params += ";PREF=1"
        if label and label not in _TYPE_FOR_LABEL:
            self.add_grouped(name, value, label, params)
        else:
            self.add(name, value, params)

    def add_grouped(self, name: str, value: str, label: str, params: str = "") -> None:
        self.groups += 1
        self.add(f"item{self.groups}.{name}", value, params)
        self.add(f"item{self.groups}.X-ABLabel", escape(label))

    def to_bytes(self) -> bytes:
        return b"".join(fold(line) for line in self.lines)


def _render_card(record: ContactRecord, version: str) -> bytes:
    card = _Card(version)
    card.add("BEGIN", "VCARD")
    card.add("VERSION", version)
    _identity(card, record)
    for key, name in (("emails", "EMAIL"), ("phones", "TEL"), ("urls", "URL")):
        for item in getattr(record, key):
            assert isinstance(item, Labeled)
            card.add_labeled(name, escape(item.value), item.label, item.preferred)
    for address in record.addresses:
        card.add_labeled("ADR", _address_value(address), address.label)
    _dates(card, record)
    _relations(card, record)
    if record.categories:
        card.add("CATEGORIES", ",".join(escape(c) for c in record.categories))
    if record.notes:
        card.add("NOTE", escape(record.notes))
    if record.photo:
        _photo(card, record.photo)
    _extras(card, record)
    card.add("END", "VCARD")
    return card.to_bytes()


EXTRA = "X-KEEPWARM-EXTRA"
"""Carries an extra whose name is not a property of its own (``family name``,
``X-SKYPE (work)``) in its NAME parameter; the parser reads it back."""
_PROPERTY = re.compile(r"X-[A-Z0-9-]+")


def _extras(card: _Card, record: ContactRecord) -> None:
    """What was kept as imported extras goes back out as it came in: an ``X-``
    property as itself, anything else as ``X-KEEPWARM-EXTRA;NAME=…``."""
    for name, value in record.extras:
        if _PROPERTY.fullmatch(name) and name != EXTRA:
            card.add(name, escape(value))
        else:
            card.add(EXTRA, escape(value), f';NAME="{_param(name)}"')


def _param(text: str) -> str:
    """A quoted parameter value: no quotes or line breaks inside (RFC 6868 aside)."""
    return " ".join(text.replace('"', "'").split())


def _identity(card: _Card, record: ContactRecord) -> None:
    if record.is_company:
        if card.version == "4.0":
            card.add("KIND", "org")
        else:
            card.add("X-ABShowAs", "COMPANY")
    if record.uid:
        card.add("UID", escape(record.uid))
    names = (
        record.family_name,
        record.given_name,
        record.additional_names,
        record.prefix,
        record.suffix,
    )
    ordered = (names[3], names[1], names[2], names[0], names[4])
    display = record.display_name or " ".join(n for n in ordered if n)
    card.add("FN", escape(display))
    card.add("N", ";".join(escape(n) for n in names))
    for name, value in (
        ("NICKNAME", record.nickname),
        ("ORG", record.company),
        ("TITLE", record.job_title),
    ):
        if value:
            card.add(name, escape(value))


def _address_value(address: PostalAddress) -> str:
    parts = ("", "", address.street, address.locality, address.region)
    return ";".join(escape(p) for p in (*parts, address.postcode, address.country))


def _dates(card: _Card, record: ContactRecord) -> None:
    if record.birthday is not None:
        card.add("BDAY", *_date_value(record.birthday))
    for fact in record.dates:
        value, params = _date_value(fact)
        if fact.label == "anniversary" and card.version == "4.0":
            card.add("ANNIVERSARY", value, params)
        else:
            card.add_grouped("X-ABDATE", value, fact.label or "other", params)


def _date_value(fact: DateFact) -> tuple[str, str]:
    if fact.day is not None:
        return format_date(fact.day), ""
    return escape(fact.note), ";VALUE=text"


def _relations(card: _Card, record: ContactRecord) -> None:
    for relation in record.relations:
        name = escape(relation.name)
        if card.version == "3.0":
            card.add_grouped("X-ABRELATEDNAMES", name, relation.kind)
        elif relation.kind in _RELATED_TYPES:
            card.add("RELATED", name, f";TYPE={relation.kind};VALUE=text")
        else:
            card.add("RELATED", name, f";TYPE=x-{relation.kind};VALUE=text")


def _photo(card: _Card, photo: bytes) -> None:
    mime = "image/png" if photo.startswith(b"\x89PNG") else "image/jpeg"
    data = base64.b64encode(photo).decode("ascii")
    if card.version == "4.0":
        card.add("PHOTO", f"data:{mime};base64,{data}")
    else:
        card.add("PHOTO", data, f";ENCODING=b;TYPE={mime.split('/')[1].upper()}")

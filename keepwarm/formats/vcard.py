"""vCard 2.1, 3.0 and 4.0 files read into contact records.

The byte-level pre-pass (``vcard_prepass``) turns whatever an exporter wrote
into clean properties; this module maps them to ``ContactRecord`` fields. One
card that cannot be read is skipped with its line and a reason; a file with no
card at all is a ``FormatError``. ``render`` lives in ``vcard_render``.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from keepwarm.formats.names import split_name
from keepwarm.formats.records import (
    ContactRecord,
    DateFact,
    FormatError,
    Labeled,
    ParseResult,
    PostalAddress,
    Relation,
    Skipped,
)
from keepwarm.formats.vcard_dates import date_fact
from keepwarm.formats.vcard_jcard import jcard_cards, looks_like_json
from keepwarm.formats.vcard_labels import (
    ANNIVERSARY_PROPS,
    COLLEAGUE_PROPS,
    SPOUSE_PROPS,
    label_for,
    relation_kind,
)
from keepwarm.formats.vcard_prepass import (
    Prop,
    RawCard,
    iter_cards,
    iter_logical_lines,
    to_utf8,
)
from keepwarm.formats.vcard_render import EXTRA, render

__all__ = ["parse", "render"]

_UNESCAPED = {"n": "\n", "N": "\n"}
_URI = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def parse(data: bytes) -> ParseResult:
    """Every card in ``data``; raises only ``FormatError`` (when there is no card at all).

    Cards are read one at a time (a card's properties are dropped once it is a
    record), so a file of 100,000 cards needs little more memory than its records.
    """
    text = to_utf8(data)
    result = ParseResult(format="vcard")
    unclosed: list[int] = []
    found = _add_cards(result, iter_cards(iter_logical_lines(text), unclosed))
    if not found.count and not unclosed and looks_like_json(text):
        found = _add_cards(result, jcard_cards(text))
    if not found.count and not unclosed:
        raise FormatError(f"this file is not a vCard file: {_why_not(text)}")
    for line in unclosed:
        result.skipped.append(Skipped(line, "the card starting here has no END:VCARD line"))
    result.format = f"{_family(text)} {found.version}".strip()
    result.records.sort(key=lambda record: record.line)  # nested cards end before their parent
    result.skipped.sort(key=lambda skipped: skipped.line)
    return result


@dataclass
class _Found:
    count: int = 0
    version: str = ""
    version_line: int = 0
    """The version is the one of the first card (in file order) that gives one."""


def _add_cards(result: ParseResult, cards: Iterable[RawCard]) -> _Found:
    found = _Found()
    for card in cards:
        found.count += 1
        version = _version([card])
        if version and (not found.version or card.line < found.version_line):
            found.version, found.version_line = version, card.line
        try:
            record = card_record(card)
        except (ValueError, IndexError, UnicodeError) as error:
            result.skipped.append(Skipped(card.line, f"this card cannot be read: {error}"))
            continue
        if record is None:
            result.skipped.append(Skipped(card.line, "this card has no name, email or phone"))
        else:
            result.records.append(record)
    return found


def _why_not(text: bytes) -> str:
    if not text.strip():
        return "it is empty"
    if looks_like_json(text):
        return "it is JSON but not jCard (a vCard as JSON)"
    return "no BEGIN:VCARD line was found"


def _family(text: bytes) -> str:
    return "jcard" if looks_like_json(text) else "vcard"


def _version(cards: list[RawCard]) -> str:
    for card in cards:
        for prop in card.props:
            if prop.name == "VERSION" and prop.value.strip() in {"2.1", "3.0", "4.0"}:
                return prop.value.strip()
    return ""


def unescape(text: str) -> str:
    r"""vCard text escapes undone: ``\n``, ``\,``, ``\;``, ``\\`` (a stray ``\`` stays)."""
    if "\\" not in text:
        return text
    out: list[str] = []
    chars = iter(text)
    for char in chars:
        if char != "\\":
            out.append(char)
            continue
        following = next(chars, "")
        out.append(_UNESCAPED.get(following, following) if following else "\\")
    return "".join(out)


def split_escaped(text: str, separator: str) -> list[str]:
    """``text`` split on ``separator`` where no backslash escapes it (parts stay escaped)."""
    if "\\" not in text:
        return text.split(separator)
    parts: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for char in chars:
        if char == "\\":
            current.extend((char, next(chars, "")))
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def components(prop: Prop, count: int) -> list[str]:
    """A structured value (N, ADR, ORG) as ``count`` unescaped parts; lists joined by spaces."""
    parts = [
        " ".join(unescape(p).strip() for p in split_escaped(part, ",") if p.strip())
        for part in split_escaped(prop.value, ";")
    ]
    return (parts + [""] * count)[:count]


STRUCTURE = frozenset(
    {"VERSION", "PRODID", "REV", "X-ABLABEL", "KIND", "X-ADDRESSBOOKSERVER-KIND", "X-ABSHOWAS"}
    | {"X-MOZILLA-HTML", "SORT-STRING", "X-EVOLUTION-FILE-AS", "X-ABUID", "X-ABADR", "CLASS"}
)
"""Properties that say how a card is stored or shown, not who someone is: the
only ones an import may leave out. Every other property lands in a field or in
the record's extras, as written."""


def card_record(card: RawCard) -> ContactRecord | None:
    """The record for one card, or None when it names nobody and holds no address."""
    props = [p for p in card.props if p.name not in STRUCTURE]
    labels = _group_labels(card.props)
    fields: dict[str, object] = {"line": card.line}
    for prop in props:
        handler = _HANDLERS.get(prop.name)
        if handler is not None:
            handler(prop, fields, labels.get(prop.group, ""))
        elif prop.name in ANNIVERSARY_PROPS:
            _add(fields, "dates", date_fact("anniversary", prop.value))
        elif prop.name in SPOUSE_PROPS | COLLEAGUE_PROPS:
            kind = "spouse" if prop.name in SPOUSE_PROPS else "colleague"
            _add(fields, "relations", Relation(kind, unescape(prop.value).strip()))
        elif prop.name == "LABEL" and _repeats_an_address(prop, props):
            continue  # the printed form of an ADR the card also has
        else:
            _keep(fields, prop, labels.get(prop.group, ""))
    if _kind(card.props) in {"org", "group", "location"} or _shown_as_company(card.props):
        _set_once(fields, "company", str(fields.get("display_name", "")))
        fields["is_company"] = True
    else:
        _fill_names(fields)
    if not fields.get("display_name") and fields.get("nickname"):
        fields["display_name"] = fields["nickname"]
    record = ContactRecord(**fields)  # type: ignore[arg-type]
    if not (record.display_name or record.emails or record.phones or record.company):
        return None
    return record


def _keep(fields: dict[str, object], prop: Prop, label: str = "") -> None:
    """A property with no field of its own, kept as written (its label or TYPE
    with it: ``X-SKYPE (work)``); an extra keepwarm wrote comes back as it was."""
    value = unescape(prop.value).strip()
    if not value:
        return
    if prop.name == EXTRA and prop.param("NAME"):
        _add(fields, "extras", (prop.param("NAME")[0], value))
        return
    qualifier = label or ",".join(t for t in prop.types() if t not in {"pref", "internet"})
    name = f"{prop.name} ({qualifier})" if qualifier else prop.name
    _add(fields, "extras", (name, value))


def _repeats_an_address(label: Prop, props: list[Prop]) -> bool:
    """Whether a LABEL is the printed form of one of the card's ADRs: it holds
    that address's street (or, with none, its city)."""
    text = " ".join(unescape(label.value).split()).casefold()
    for prop in props:
        if prop.name == "ADR":
            _box, _extended, street, locality, *_ = components(prop, 7)
            first = (street or locality).split("\n")[0]
            if first and " ".join(first.split()).casefold() in text:
                return True
    return False


def _shown_as_company(props: list[Prop]) -> bool:
    return any(p.name == "X-ABSHOWAS" and p.value.strip().upper() == "COMPANY" for p in props)


def _kind(props: list[Prop]) -> str:
    kinds = [
        p.value.strip().lower() for p in props if p.name in {"KIND", "X-ADDRESSBOOKSERVER-KIND"}
    ]
    return kinds[0] if kinds else "individual"


def _group_labels(props: list[Prop]) -> dict[str, str]:
    return {p.group: unescape(p.value).strip() for p in props if p.group and p.name == "X-ABLABEL"}


def _add(fields: dict[str, object], key: str, item: object) -> None:
    current = fields.get(key, ())
    assert isinstance(current, tuple)
    fields[key] = (*current, item)


def _set_once(fields: dict[str, object], key: str, value: str) -> None:
    if value and not fields.get(key):
        fields[key] = value


def _fill_names(fields: dict[str, object]) -> None:
    keys = ("prefix", "given_name", "additional_names", "family_name", "suffix")
    parts = [str(fields.get(key, "")) for key in keys]
    display = str(fields.get("display_name", ""))
    if not display and any(parts):
        fields["display_name"] = " ".join(p for p in parts if p)
    elif display and not any(parts):
        split = split_name(display)
        values = (split.prefix, split.given, split.additional, split.family, split.suffix)
        fields.update(zip(keys, values, strict=True))


def _name(prop: Prop, fields: dict[str, object], label: str) -> None:
    if any(fields.get(k) for k in ("given_name", "family_name")):
        _keep(fields, prop, label)
        return
    family, given, additional, prefix, suffix = components(prop, 5)
    fields.update(
        family_name=family,
        given_name=given,
        additional_names=additional,
        prefix=prefix,
        suffix=suffix,
    )


def _text(key: str) -> Callable[[Prop, dict[str, object], str], None]:
    def handle(prop: Prop, fields: dict[str, object], label: str) -> None:
        value = unescape(prop.value).strip()
        if fields.get(key) and value != fields[key]:
            _keep(fields, prop, label)  # a second FN, TITLE or UID
        _set_once(fields, key, value)

    return handle


def _nickname(prop: Prop, fields: dict[str, object], label: str) -> None:
    names = ", ".join(n for n in (unescape(p).strip() for p in split_escaped(prop.value, ",")) if n)
    if fields.get("nickname") and names != fields["nickname"]:
        _keep(fields, prop, label)
    _set_once(fields, "nickname", names)


def _org(prop: Prop, fields: dict[str, object], label: str) -> None:
    company, *units = (unescape(p).strip() for p in split_escaped(prop.value, ";"))
    if fields.get("company") and company != fields["company"]:
        _keep(fields, prop, label)
        return
    _set_once(fields, "company", company)
    if any(units):
        _add(fields, "extras", ("ORG unit", "; ".join(u for u in units if u)))


def _note(prop: Prop, fields: dict[str, object], label: str) -> None:
    text = unescape(prop.value).strip()
    if text:
        before = str(fields.get("notes", ""))
        fields["notes"] = f"{before}\n\n{text}" if before else text


def _labeled(key: str) -> Callable[[Prop, dict[str, object], str], None]:
    def handle(prop: Prop, fields: dict[str, object], label: str) -> None:
        value = _clean_value(key, unescape(prop.value).strip())
        if value:
            preferred = "pref" in prop.types() or prop.param("PREF") != []
            _add(fields, key, Labeled(value, label_for(key, prop.types(), label), preferred))

    return handle


def _clean_value(key: str, value: str) -> str:
    if key == "emails":
        inside = re.search(r"<([^<>]+@[^<>]+)>", value)
        value = inside[1] if inside else value
        return value.removeprefix("mailto:").strip()
    if key == "phones" and value.lower().startswith("tel:"):
        return value[4:].strip()
    return value


def _address(prop: Prop, fields: dict[str, object], label: str) -> None:
    box, extended, street, locality, region, postcode, country = components(prop, 7)
    if not any((box, extended, street, locality, region, postcode, country)):
        return
    lines = "\n".join(part for part in (box, extended, street) if part)
    address = PostalAddress(
        label=label_for("addresses", prop.types(), label),
        street=lines,
        locality=locality,
        region=region,
        postcode=postcode,
        country=country,
    )
    _add(fields, "addresses", address)


def _birthday(prop: Prop, fields: dict[str, object], label: str) -> None:
    as_text = any(v.lower() == "text" for v in prop.param("VALUE"))
    omit = "1604" in prop.param("X-APPLE-OMIT-YEAR")
    fact = date_fact("birthday", prop.value, as_text=as_text, omit_year=omit)
    current = fields.get("birthday")
    if current is None or (isinstance(current, DateFact) and current.day is None and fact.day):
        fields["birthday"] = fact
        if isinstance(current, DateFact) and current.note:
            _add(fields, "extras", ("BDAY", current.note))
    elif fact.day != getattr(current, "day", None) or fact.note:
        _keep(fields, prop, label)  # a second birthday


def _other_date(prop: Prop, fields: dict[str, object], label: str) -> None:
    name = label_for("dates", prop.types(), label) or "other"
    omit = "1604" in prop.param("X-APPLE-OMIT-YEAR")
    as_text = any(v.lower() == "text" for v in prop.param("VALUE"))
    _add(fields, "dates", date_fact(name, unescape(prop.value), as_text=as_text, omit_year=omit))


def _anniversary(prop: Prop, fields: dict[str, object], label: str) -> None:
    as_text = any(v.lower() == "text" for v in prop.param("VALUE"))
    _add(fields, "dates", date_fact("anniversary", prop.value, as_text=as_text))


def _related(prop: Prop, fields: dict[str, object], label: str) -> None:
    name = unescape(prop.value).strip()
    is_text = prop.name != "RELATED" or any(v.lower() == "text" for v in prop.param("VALUE"))
    if not name:
        return
    if _URI.match(name) and not is_text:
        _keep(fields, prop, label)  # a link to another card (urn:uuid:…)
        return
    kinds = [*prop.types(), label]
    _add(fields, "relations", Relation(relation_kind(kinds), name))


def _android_custom(prop: Prop, fields: dict[str, object], label: str) -> None:
    kind, _, rest = prop.value.partition(";")
    parts = [unescape(p).strip() for p in split_escaped(rest, ";")]
    if kind.strip() == "vnd.android.cursor.item/nickname" and not fields.get("nickname"):
        _set_once(fields, "nickname", parts[0])
    elif kind.strip() == "vnd.android.cursor.item/contact_event" and parts[0]:
        # Android's event types: 1 anniversary, 2 other, 3 birthday, 0 custom (named).
        _date, event, custom = [*parts, "", ""][:3]
        name = {"1": "anniversary", "3": "birthday"}.get(event) or custom
        if name == "birthday":
            _birthday(replace(prop, value=parts[0], params=()), fields, label)
        else:
            _add(fields, "dates", date_fact(name or "other", parts[0]))
    else:
        _keep(fields, prop, label)


def _categories(prop: Prop, fields: dict[str, object], label: str) -> None:
    names = [unescape(n).strip() for n in split_escaped(prop.value, ",")]  # "a\\, b" is one
    for name in names:
        if name and name not in fields.get("categories", ()):  # type: ignore[operator]
            _add(fields, "categories", name)


def _photo(prop: Prop, fields: dict[str, object], label: str) -> None:
    """An inline picture (base64, or a ``data:`` URI). A link to a picture is
    kept as written and never fetched; a second picture is left out."""
    if fields.get("photo"):
        return
    value = prop.value.strip()
    if value.lower().startswith("data:"):
        header, _, value = value.partition(",")
        if "base64" not in header.lower():
            _add(fields, "extras", ("PHOTO", "a picture in a form that cannot be read"))
            return
    elif not {v.upper() for v in prop.param("ENCODING")} & {"B", "BASE64"}:
        _keep(fields, prop, label)  # a link: kept, never fetched
        return
    try:
        fields["photo"] = base64.b64decode(value + "=" * (-len(value) % 4), validate=True)
    except (binascii.Error, ValueError):
        _add(fields, "extras", ("PHOTO", "a picture that cannot be read"))


_HANDLERS: dict[str, Callable[[Prop, dict[str, object], str], None]] = {
    "FN": _text("display_name"),
    "N": _name,
    "UID": _text("uid"),
    "NICKNAME": _nickname,
    "ORG": _org,
    "TITLE": _text("job_title"),
    "NOTE": _note,
    "EMAIL": _labeled("emails"),
    "TEL": _labeled("phones"),
    "URL": _labeled("urls"),
    "ADR": _address,
    "BDAY": _birthday,
    "ANNIVERSARY": _anniversary,
    "X-ABDATE": _other_date,
    "RELATED": _related,
    "X-ABRELATEDNAMES": _related,
    "CATEGORIES": _categories,
    "PHOTO": _photo,
    "X-ANDROID-CUSTOM": _android_custom,
}

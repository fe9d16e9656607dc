"""The tolerant byte-level pre-pass in front of the vCard parser.

Real exporters bend the vCard rules in many ways (see ../shared/FORMATS.md):
folds that split a UTF-8 character, every line-ending variant, quoted-printable
soft breaks, raw Shift-JIS or cp1252 bytes, UTF-16 without a byte-order mark,
2.1 base64 blocks whose lines are not indented, ``#`` comments, nested cards.
This module turns such bytes into cards of clean properties: each property
has its name, group and parameters (bare 2.1 parameters become ``TYPE`` or
``ENCODING``) and a text value still in vCard escaping. Content lines are
split with vobject's own line parser.
"""

from __future__ import annotations

import binascii
import codecs
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from vobject.base import ParseError, parseLine

from keepwarm.formats.records import storable

_LINE_BREAK = re.compile(rb"\r*\n|\r")
_BARE_NAMES = frozenset({b"FN", b"N", b"NOTE", b"ORG", b"TITLE", b"NICKNAME", b"BDAY", b"UID"})
"""Property names that may stand alone on a line, their colon forgotten."""
_OPEN_HEADER = re.compile(rb'^[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)?;[^"]*"[^"]*$')
"""The start of a line folded inside a quoted parameter: ``ADR;LABEL="Acme…``."""
_EMPTY_PARAMS = re.compile(r";+(?=;|:|$)")
_ENCODINGS = {"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"}


@dataclass(frozen=True)
class Prop:
    """One content line of a card, decoded to text."""

    line: int
    name: str
    value: str
    group: str = ""
    params: tuple[tuple[str, str], ...] = ()

    def param(self, name: str) -> list[str]:
        return [value for key, value in self.params if key == name]

    def types(self) -> list[str]:
        """TYPE values, lower-case. ``TYPE=work,voice`` arrives as two values
        already; a quoted ``TYPE="a,b"`` is one value and stays one."""
        return [value.strip().lower() for value in self.param("TYPE") if value.strip()]


@dataclass
class RawCard:
    line: int
    props: list[Prop] = field(default_factory=list)


def to_utf8(data: bytes) -> bytes:
    """UTF-16 (with or without a byte-order mark) becomes UTF-8; a UTF-8 BOM goes."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :]
    codec = _utf16_codec(data)
    if codec is None:
        return data
    try:
        return data.decode(codec).lstrip("\ufeff").encode("utf-8")
    except UnicodeDecodeError:
        return data


def _utf16_codec(data: bytes) -> str | None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:400]
    if len(head) < 4 or head.count(0) < len(head) // 3:
        return None
    return "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"


def logical_lines(data: bytes) -> list[tuple[int, bytes]]:
    """Unfold physical lines (as bytes) into content lines, each with its first line number."""
    return list(iter_logical_lines(data))


def iter_logical_lines(data: bytes) -> Iterator[tuple[int, bytes]]:
    """``logical_lines`` one at a time, so a large file is never held twice.

    A line's pieces are gathered in a list and joined once, so a photo folded
    over 50,000 lines takes linear time, not quadratic."""
    start, parts = 0, list[bytes]()
    in_base64 = quoted_printable = False
    for number, raw in _physical_lines(data):
        if parts and _continue(parts, raw, in_base64, quoted_printable):
            if b":" not in parts[0]:  # a header folded inside a quoted parameter
                header = b"".join(parts)
                in_base64, quoted_printable = _is_base64(header), _is_quoted_printable(header)
            continue
        if not raw.strip() or raw.startswith(b"#"):
            continue
        if b":" not in raw:
            if _OPEN_HEADER.match(raw):
                pass  # its header goes on in the next (folded) line
            elif raw.strip().upper() in _BARE_NAMES:
                raw = raw.strip() + b":"  # "FN" with no colon: a property all the same
            elif parts and parts[0][:4].upper() not in (b"BEGI", b"END:"):
                # Text with no colon after a property: a line break the exporter
                # did not fold ("Regards" under a note), kept with that property.
                parts.append(b"\n" + raw.strip())
                continue
            else:
                continue
        if parts:
            yield start, b"".join(parts)
        start, parts = number, [raw]
        in_base64, quoted_printable = _is_base64(raw), _is_quoted_printable(raw)
    if parts:
        yield start, b"".join(parts)


def _physical_lines(data: bytes) -> Iterator[tuple[int, bytes]]:
    """What ``_LINE_BREAK.split(data)`` gives, numbered from 1, without building the list."""
    start, number = 0, 1
    for match in _LINE_BREAK.finditer(data):
        yield number, data[start : match.start()]
        start, number = match.end(), number + 1
    yield number, data[start:]


def _continue(parts: list[bytes], raw: bytes, in_base64: bool, quoted_printable: bool) -> bool:
    """Add ``raw`` to the line in ``parts`` when it continues it; False when it
    starts a line of its own."""
    last = parts[-1]
    if quoted_printable and last.endswith(b"="):  # a soft line break
        parts[-1] = last[:-1]
        parts.append(raw)
    elif raw.startswith((b" ", b"\t")):
        parts.append(raw[1:])
    elif in_base64 and raw.strip() and b":" not in raw:
        parts.append(raw.strip())
    elif last.endswith(b"\\") and raw and b":" not in raw:
        parts[-1] = last[:-1]
        parts.append(b"\\n" + raw)
    else:
        return False
    return True


def _header(line: bytes) -> bytes:
    """What comes before the first ``:`` outside double quotes."""
    colon, quote = line.find(b":"), line.find(b'"')
    if quote == -1 or -1 < colon < quote:  # the usual line: no quotes before the colon
        return line if colon == -1 else line[:colon]
    quoted = False
    for index, byte in enumerate(line):
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x3A and not quoted:
            return line[:index]
    return line


def _is_quoted_printable(line: bytes) -> bool:
    return b"QUOTED-PRINTABLE" in _header(line).upper()


def _is_base64(line: bytes) -> bool:
    header = _header(line).upper()
    return b"BASE64" in header or b"ENCODING=B" in header


def iter_cards(lines: Iterable[tuple[int, bytes]], unclosed: list[int]) -> Iterator[RawCard]:
    """Each card as soon as its END:VCARD line is read (a nested card before its parent);
    at the end, ``unclosed`` gets the first lines of cards never closed."""
    stack: list[tuple[RawCard, list[tuple[int, bytes]]]] = []
    seen: list[str] = []  # the charsets the file declared so far
    for number, raw in lines:
        keyword = raw.strip().upper()
        if keyword.startswith(b"BEGIN:VCARD"):
            stack.append((RawCard(number), []))
        elif keyword.startswith(b"END:VCARD"):
            if stack:
                card, raws = stack.pop()
                card.props = _decode_card(raws, seen)
                yield card
        elif stack:
            stack[-1][1].append((number, raw))
    unclosed.extend(card.line for card, _ in stack)


def _decode_card(raws: list[tuple[int, bytes]], seen: list[str]) -> list[Prop]:
    """A card's lines as properties. A line with no CHARSET whose bytes are not
    UTF-8 is read in a charset the card or the file declared elsewhere (a 2.1
    card may mark only some lines ``CHARSET=windows-1251``), then cp1252."""
    headers = [(number, raw, _parse_header(_header(raw))) for number, raw in _mended(raws)]
    for _, _, parsed in headers:
        if parsed is not None:
            for key, value in parsed[1]:
                if key == "CHARSET" and value.lower() not in {"utf-8", "utf8"}:
                    seen[:] = [value, *(c for c in seen if c != value)]
    version = next((raw for _, raw, parsed in headers if parsed and parsed[0] == "VERSION"), b"")
    plain = version.partition(b":")[2].strip() == b"2.1"
    props = []
    for number, raw, parsed in headers:
        literal = plain and parsed is not None and parsed[0] not in COMPOUND
        prop = decode_prop(number, raw, parsed, tuple(seen), literal) if parsed else None
        if prop is None:  # kept whole: the import stores it as an extra
            text = _decode_text(raw, [], tuple(seen)).strip()
            prop = Prop(line=number, name=UNREADABLE, value=text)
        props.append(prop)
    return props


COMPOUND = frozenset({"N", "ADR", "ORG", "CATEGORIES", "X-ANDROID-CUSTOM"})
"""Properties of several parts: in vCard 2.1 too, ``\\;`` inside them is a semicolon."""
UNREADABLE = "X-UNREADABLE-LINE"
"""The name a line gets whose header cannot be read at all (kept as written)."""


_ADR_PARTS = 7
_UNESCAPED_SEMICOLON = re.compile(rb"(?<!\\);")


def _mended(raws: list[tuple[int, bytes]]) -> Iterator[tuple[int, bytes]]:
    """Lines as they were meant: an ADR whose unquoted LABEL parameter holds
    colons (``LABEL=…^nGERMANY:61352 Bad Homburg:;;Street;…``) ends its header
    at the first colon that leaves the address at most seven parts, none of
    them holding RFC 6868's ``^n`` or ``^'`` (which only a parameter has) and
    no colon in its first."""
    for number, raw in raws:
        header = _header(raw)
        if header[:3].upper() == b"ADR" and b"LABEL=" in header.upper():
            end = len(header)
            while _still_label(_UNESCAPED_SEMICOLON.split(raw[end + 1 :])):
                following = raw.find(b":", end + 1)
                if following == -1:
                    break
                end = following
            raw = raw[:end].replace(b":", b"^c") + raw[end:] if end != len(header) else raw
        yield number, raw


def _still_label(parts: list[bytes]) -> bool:
    """Whether these "parts" still begin inside the parameter: too many, a caret
    sequence, or a colon in the post-office box (the first part)."""
    caret = any(b"^n" in p or b"^'" in p for p in parts)
    return len(parts) > _ADR_PARTS or caret or b":" in parts[0]


def decode_prop(
    number: int,
    raw: bytes,
    parsed: tuple[str, tuple[tuple[str, str], ...], str] | None = None,
    fallbacks: tuple[str, ...] = (),
    literal: bool = False,
) -> Prop | None:
    """One property; ``literal`` keeps its backslashes as characters (vCard
    2.1 has no escapes outside compound values: ``FN:A\\B`` is "A\\B")."""
    header = _header(raw)
    value = raw[len(header) + 1 :]
    parsed = parsed or _parse_header(header)
    if parsed is None:
        return None
    name, pairs, group = parsed
    text = _decode_value(pairs, value, fallbacks, literal)
    return Prop(line=number, name=name, value=text, group=group, params=pairs)


@functools.lru_cache(maxsize=4096)
def _parse_header(header: bytes) -> tuple[str, tuple[tuple[str, str], ...], str] | None:
    """Name, parameters and group of a content line's header (a file repeats a few
    dozen headers thousands of times, so they are read once)."""
    text = header.decode("utf-8", "replace")
    try:
        name, params, _, group = parseLine(text + ":")
    except ParseError:
        try:  # Outlook's ``ADR;HOME;PREF;:``: an empty parameter
            name, params, _, group = parseLine(_EMPTY_PARAMS.sub("", text) + ":")
        except ParseError:
            return None
    return str(name).upper(), tuple(_param_pairs(params)), str(group or "").lower()


def _param_pairs(params: list[list[str]]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for entry in params:
        key = str(entry[0]).upper()
        if len(entry) == 1:
            pairs.append(("ENCODING" if key in _ENCODINGS else "TYPE", key))
        else:
            pairs.extend((key, str(value)) for value in entry[1:])
    return pairs


def _decode_value(
    params: tuple[tuple[str, str], ...],
    value: bytes,
    fallbacks: tuple[str, ...] = (),
    literal: bool = False,
) -> str:
    """The value as text with vCard 3.0 escapes: a ``literal`` value's own
    backslashes are escaped, and quoted-printable line breaks become ``\\n``."""
    encodings = {v.upper() for k, v in params if k == "ENCODING"}
    if encodings & {"BASE64", "B"}:
        return b"".join(value.split()).decode("ascii", "replace")
    charsets = [v for k, v in params if k == "CHARSET"]
    if "QUOTED-PRINTABLE" in encodings:
        value = binascii.a2b_qp(value)
    text = _decode_text(value, charsets, fallbacks)
    if literal:
        text = text.replace("\\", "\\\\")
    if "QUOTED-PRINTABLE" in encodings:
        return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return text


def _decode_text(value: bytes, charsets: list[str], fallbacks: tuple[str, ...] = ()) -> str:
    for charset in [*charsets, "utf-8", *fallbacks]:
        try:
            return storable(value.decode(charset))
        except (LookupError, ValueError):  # unknown, not text, or a NUL in the name
            continue
    return storable(value.decode("cp1252", "replace"))

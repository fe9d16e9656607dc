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

_LINE_BREAK = re.compile(rb"\r*\n|\r")
_BARE_NAME = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)?$")
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
        """TYPE values, lower-case, with comma lists split (``TYPE=work,voice``)."""
        found: list[str] = []
        for value in self.param("TYPE"):
            found.extend(part.strip().lower() for part in value.split(",") if part.strip())
        return found


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
    """``logical_lines`` one at a time, so a large file is never held twice."""
    current: tuple[int, bytes] | None = None
    in_base64 = False
    for number, raw in _physical_lines(data):
        joined = _continue(current[1], raw, in_base64) if current is not None else None
        if joined is not None:
            current = (current[0], joined)  # type: ignore[index]
            continue
        in_base64 = False
        if not raw.strip() or raw.startswith(b"#"):
            continue
        if b":" not in raw:
            if not _BARE_NAME.match(raw.strip()):
                continue
            raw = raw.strip() + b":"
        if current is not None:
            yield current
        current = (number, raw)
        in_base64 = _is_base64(raw)
    if current is not None:
        yield current


def _physical_lines(data: bytes) -> Iterator[tuple[int, bytes]]:
    """What ``_LINE_BREAK.split(data)`` gives, numbered from 1, without building the list."""
    start, number = 0, 1
    for match in _LINE_BREAK.finditer(data):
        yield number, data[start : match.start()]
        start, number = match.end(), number + 1
    yield number, data[start:]


def _continue(previous: bytes, raw: bytes, in_base64: bool) -> bytes | None:
    """``previous`` extended by ``raw`` when ``raw`` continues it, else None."""
    if previous.endswith(b"=") and _is_quoted_printable(previous):
        return previous[:-1] + raw
    if raw.startswith((b" ", b"\t")):
        return previous + raw[1:]
    if in_base64 and raw.strip() and b":" not in raw:
        return previous + raw.strip()
    if previous.endswith(b"\\") and raw and b":" not in raw:
        return previous[:-1] + b"\\n" + raw
    return None


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


def split_cards(lines: Iterable[tuple[int, bytes]]) -> tuple[list[RawCard], list[int]]:
    """Cards in file order (nested ones beside their parent), and lines of unclosed cards."""
    unclosed: list[int] = []
    done = sorted(iter_cards(lines, unclosed), key=lambda card: card.line)
    return done, unclosed


def iter_cards(lines: Iterable[tuple[int, bytes]], unclosed: list[int]) -> Iterator[RawCard]:
    """Each card as soon as its END:VCARD line is read (a nested card before its parent);
    at the end, ``unclosed`` gets the first lines of cards never closed."""
    stack: list[RawCard] = []
    for number, raw in lines:
        keyword = raw.strip().upper()
        if keyword.startswith(b"BEGIN:VCARD"):
            stack.append(RawCard(number))
        elif keyword.startswith(b"END:VCARD"):
            if stack:
                yield stack.pop()
        elif stack:
            prop = decode_prop(number, raw)
            if prop is not None:
                stack[-1].props.append(prop)
    unclosed.extend(card.line for card in stack)


def decode_prop(number: int, raw: bytes) -> Prop | None:
    header = _header(raw)
    value = raw[len(header) + 1 :]
    parsed = _parse_header(header)
    if parsed is None:
        return None
    name, pairs, group = parsed
    text = _decode_value(pairs, value)
    return Prop(line=number, name=name, value=text, group=group, params=pairs)


@functools.lru_cache(maxsize=4096)
def _parse_header(header: bytes) -> tuple[str, tuple[tuple[str, str], ...], str] | None:
    """Name, parameters and group of a content line's header (a file repeats a few
    dozen headers thousands of times, so they are read once)."""
    try:
        name, params, _, group = parseLine(header.decode("utf-8", "replace") + ":")
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


def _decode_value(params: tuple[tuple[str, str], ...], value: bytes) -> str:
    encodings = {v.upper() for k, v in params if k == "ENCODING"}
    if encodings & {"BASE64", "B"}:
        return b"".join(value.split()).decode("ascii", "replace")
    charsets = [v for k, v in params if k == "CHARSET"]
    if "QUOTED-PRINTABLE" in encodings:
        value = binascii.a2b_qp(value)
        text = _decode_text(value, charsets)
        return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return _decode_text(value, charsets)


def _decode_text(value: bytes, charsets: list[str]) -> str:
    for charset in [*charsets, "utf-8"]:
        try:
            return value.decode(charset)
        except (LookupError, ValueError):  # unknown, not text, or a NUL in the name
            continue
    return value.decode("cp1252", "replace")

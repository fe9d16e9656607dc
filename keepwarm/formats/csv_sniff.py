"""Reading a CSV file whose encoding and delimiter nobody told us.

``decode`` guesses the encoding (UTF-8 with or without BOM, UTF-16 with or
without BOM, else the Windows code page 1252 that Outlook writes);
``read_table`` guesses the delimiter (comma, semicolon or tab) and returns the
records with the physical line where each starts. A quoted field may hold
delimiters, tabs and newlines. A record the csv module cannot read (a quote
that is never closed, text after a closing quote) becomes a ``Skipped`` and
reading goes on from the next line.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass, field

from keepwarm.formats.csv_values import unguarded
from keepwarm.formats.records import Skipped, storable

DELIMITERS = (",", ";", "\t")
MAX_PROBLEMS = 200
_PHYSICAL_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


@dataclass(frozen=True)
class CsvRow:
    line: int
    """1-based physical line where the record starts."""
    cells: list[str]


@dataclass
class CsvTable:
    encoding: str
    delimiter: str
    rows: list[CsvRow] = field(default_factory=list)
    problems: list[Skipped] = field(default_factory=list)
    binary: bool = False
    """The start of the file holds control characters: it is no text file."""


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the name of the encoding it was read with."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        return data[2:].decode(encoding, errors="replace"), encoding
    bare_utf16 = _utf16_without_bom(data)
    if bare_utf16:
        return data.decode(bare_utf16, errors="replace"), bare_utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _utf16_without_bom(data: bytes) -> str:
    """``utf-16-le``/``-be`` when every other byte of the start is NUL (ASCII text)."""
    sample = data[:2000]
    if len(sample) < 4:
        return ""
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return ""


def physical_lines(text: str) -> list[str]:
    """The lines of ``text`` with their endings (CRLF, LF or CR)."""
    return _PHYSICAL_LINE.findall(text)


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the first records into the most consistent columns."""
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        counts: Counter[int] = Counter()
        try:
            for index, cells in enumerate(csv.reader(lines[:60], delimiter=delimiter)):
                if len(cells) > 1:
                    counts[len(cells)] += 1
                if index > 30:
                    break
        except csv.Error:
            continue
        if not counts:
            continue
        width, rows = max(counts.items(), key=lambda item: (item[1], item[0]))
        if (rows, width) > best_score:
            best, best_score = delimiter, (rows, width)
    return best


def read_table(data: bytes) -> CsvTable:
    """Decode ``data``, guess its delimiter and read every record."""
    text, encoding = decode(data)
    lines = physical_lines(text)
    table = CsvTable(encoding, sniff_delimiter(lines), binary=_looks_binary(text[:4096]))
    _read_records(lines, table)
    return table


def _looks_binary(sample: str) -> bool:
    controls = sum(1 for c in sample if c < " " and c not in "\t\r\n")
    return controls > max(1, len(sample) // 100)


def _read_records(lines: list[str], table: CsvTable) -> None:
    start = 0
    while start < len(lines):
        reader = csv.reader(lines[start:], delimiter=table.delimiter, strict=True)
        consumed = 0
        try:
            for cells in reader:
                row = [storable(unguarded(c)) for c in cells]
                table.rows.append(CsvRow(start + consumed + 1, row))
                consumed = reader.line_num
            return
        except csv.Error as error:
            line = start + consumed + 1
            table.problems.append(Skipped(line, _explain(str(error))))
        if len(table.problems) >= MAX_PROBLEMS:
            table.problems.append(Skipped(line, "too many unreadable lines: stopped reading here"))
            return
        start = line


def _explain(message: str) -> str:
    if "unexpected end of data" in message:
        return "a quoted field starts here and is never closed"
    if "field larger than field limit" in message:
        return "a field here is too long to be a contact detail"
    return f"this record cannot be read as CSV ({message})"

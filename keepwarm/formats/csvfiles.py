"""Contacts from CSV exports: Google, Outlook, Thunderbird, LinkedIn, or any CSV.

``parse(data)`` finds the header row by its names (a LinkedIn file starts with
a few lines of notes), recognises the exporter and reads every row. Any other
CSV needs a column mapping: ``detect_columns`` gives the headers,
``suggest_mapping`` proposes a field for each, and ``parse(data, mapping)``
reads the file with the mapping the user confirmed. ``render_google`` writes a
CSV that Google Contacts imports.
"""

from __future__ import annotations

from keepwarm.formats.csv_google import google_cells, render_google
from keepwarm.formats.csv_layouts import TABLES, detect_layout, key, suggest_mapping
from keepwarm.formats.csv_records import FIELDS, Cell, build_record, parse_field
from keepwarm.formats.csv_sniff import CsvRow, CsvTable, read_table
from keepwarm.formats.csv_values import slash_day_first
from keepwarm.formats.records import FormatError, ParseResult, Skipped

__all__ = [
    "FIELDS",
    "detect_columns",
    "parse",
    "render",
    "render_google",
    "suggest_mapping",
]

render = render_google
"""The CSV this project writes is Google's: every address book imports it."""

HEADER_SEARCH = 30
"""How many records from the top may come before the header row."""
_EXPECTED = "Google, Outlook, Outlook.com, Thunderbird or LinkedIn contacts export"
_NOT_A_NAME = "no name, email, phone or company in this row"


def detect_columns(data: bytes) -> list[str]:
    """The header names of the file (a known layout's, else its first non-empty row)."""
    table = read_table(data)
    if table.binary:
        raise FormatError(f"This is not a text file: expected a {_EXPECTED} in CSV.")
    index = _header_index(table.rows, None)
    if index is None:
        raise FormatError("This file has no header row: it looks empty.")
    return [cell.strip() for cell in table.rows[index].cells]


def parse(data: bytes, mapping: dict[str, str] | None = None) -> ParseResult:
    """The contacts in a CSV file; ``mapping`` (header → field) for an unknown layout."""
    if not data.strip():
        raise FormatError("The file is empty.")
    table = read_table(data)
    if table.binary:
        raise FormatError(f"This is not a text file: expected a {_EXPECTED} in CSV.")
    index = _header_index(table.rows, mapping)
    if index is None:
        raise FormatError(f"No header row found: expected a {_EXPECTED}.")
    headers = [cell.strip() for cell in table.rows[index].cells]
    layout = detect_layout(headers)
    if mapping is not None:
        layout = "generic csv"
        columns = _mapped_columns(headers, mapping)
    elif not layout:
        raise FormatError(
            f"These columns ({', '.join(h[:40] for h in headers[:6])}…) are not a {_EXPECTED}; "
            "choose what each column holds."
        )
    else:
        columns = _layout_columns(headers, layout)
    return _read_rows(table, index, headers, layout, columns)


def _header_index(rows: list[CsvRow], mapping: dict[str, str] | None) -> int | None:
    """Index of the header row: a known layout's, the mapping's, else the first non-empty."""
    top = rows[:HEADER_SEARCH]
    for index, row in enumerate(top):
        if mapping is None and detect_layout(row.cells):
            return index
        if mapping and {key(h) for h in mapping} <= {key(c) for c in row.cells}:
            return index
    if mapping:
        return None
    return next((i for i, row in enumerate(top) if any(c.strip() for c in row.cells)), None)


def _mapped_columns(headers: list[str], mapping: dict[str, str]) -> dict[int, tuple[str, str]]:
    columns: dict[int, tuple[str, str]] = {}
    keys = [key(h) for h in headers]
    for header, spec in mapping.items():
        try:
            field = parse_field(spec)
        except ValueError:
            raise FormatError(
                f"Column {header!r}: {spec!r} is not a field; use one of {', '.join(FIELDS)}."
            ) from None
        for index, name in enumerate(keys):
            if name == key(header):
                columns[index] = field  # "ignore" too: left out on purpose, not kept
    if all(kind in ("ignore", "extra") for kind, _ in columns.values()):
        raise FormatError("The column mapping picks no column to import.")
    return columns


def _layout_columns(headers: list[str], layout: str) -> dict[int, tuple[str, str]]:
    if layout.startswith("google"):
        return {}
    table = {key(h): spec for h, spec in TABLES[layout].items()}
    return {i: parse_field(table[key(h)]) for i, h in enumerate(headers) if key(h) in table}


def _read_rows(
    table: CsvTable,
    index: int,
    headers: list[str],
    layout: str,
    columns: dict[int, tuple[str, str]],
) -> ParseResult:
    result = ParseResult(format=layout)
    result.skipped.extend(p for p in table.problems if p.line > table.rows[index].line)
    day_first = _day_first(table.rows[index + 1 :], columns)
    for row in table.rows[index + 1 :]:
        if not any(cell.strip() for cell in row.cells):
            continue
        if _wrong_width(row.cells, len(headers)):
            reason = f"{len(row.cells)} columns where the header has {len(headers)}"
            result.skipped.append(Skipped(row.line, reason))
            continue
        cells = _cells(headers, row.cells, layout, columns)
        record = build_record(row.line, cells, day_first)
        if record is None:
            result.skipped.append(Skipped(row.line, _NOT_A_NAME))
        else:
            result.records.append(record)
    result.skipped.sort(key=lambda skipped: skipped.line)
    if not result.records and result.skipped:
        first = result.skipped[0]
        raise FormatError(f"No contact could be read; line {first.line}: {first.reason}.")
    return result


def _wrong_width(cells: list[str], width: int) -> bool:
    """A row shorter than the header, or longer with text past the last column."""
    return len(cells) < width or any(c.strip() for c in cells[width:])


def _cells(
    headers: list[str], cells: list[str], layout: str, columns: dict[int, tuple[str, str]]
) -> list[Cell]:
    if layout.startswith("google"):
        return google_cells(headers, cells)
    found = [
        Cell(kind, headers[i] if kind == "extra" else label, cells[i], label)
        for i, (kind, label) in columns.items()
        if i < len(cells)
    ]
    # A column no field takes is kept with its header: nothing in a file is lost.
    found += [
        Cell("extra", headers[i] or f"column {i + 1}", cell)
        for i, cell in enumerate(cells[: len(headers)])
        if i not in columns and cell.strip()
    ]
    return found


def _day_first(rows: list[CsvRow], columns: dict[int, tuple[str, str]]) -> bool:
    """Whether slash dates in this file are day/month/year (a locale setting of Outlook)."""
    dated = [i for i, (kind, _) in columns.items() if kind in ("birthday", "date")]
    texts = [row.cells[i] for row in rows for i in dated if i < len(row.cells)]
    return slash_day_first(texts)

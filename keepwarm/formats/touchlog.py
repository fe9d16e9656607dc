"""The touch-history CSV: ``date,kind,people,note``, one logged touch a row.

Users keep their history in spreadsheets; this reads it (columns in any order,
headers in any case, recognised by the header) and writes it back. Several
people in one touch are separated by ``;``. Matching the kind label to the
catalogue and the people to the address book is the import layer's job: this
module only reads and checks the text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from keepwarm.formats.csv_sniff import CsvRow, read_table
from keepwarm.formats.csv_values import spreadsheet_cell
from keepwarm.formats.records import FormatError, Skipped

COLUMNS = ("date", "kind", "people", "note")
REQUIRED = frozenset({"date", "kind", "people"})
HEADER_SEARCH = 5


@dataclass(frozen=True)
class TouchRow:
    line: int
    date: dt.date
    kind: str
    """The touch kind's label as written (matched case-insensitively later)."""
    people: tuple[str, ...]
    """Emails or names as written."""
    note: str = ""


@dataclass
class TouchLogResult:
    rows: list[TouchRow] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def is_touch_log(data: bytes) -> bool:
    """True when the file's header has the date, kind and people columns."""
    return _header(read_table(data).rows) is not None


def parse_touches(data: bytes) -> TouchLogResult:
    """The touches in a touch-history CSV; a row that cannot be a touch is skipped."""
    table = read_table(data)
    found = _header(table.rows)
    if found is None:
        raise FormatError("Not a touch history: expected a header with date, kind and people.")
    index, columns = found
    result = TouchLogResult()
    result.skipped.extend(p for p in table.problems if p.line > table.rows[index].line)
    for row in table.rows[index + 1 :]:
        if any(cell.strip() for cell in row.cells):
            _read_row(row, columns, result)
    result.skipped.sort(key=lambda skipped: skipped.line)
    if not result.rows and result.skipped:
        first = result.skipped[0]
        raise FormatError(f"No touch could be read; line {first.line}: {first.reason}.")
    return result


def _header(rows: list[CsvRow]) -> tuple[int, dict[str, int]] | None:
    for index, row in enumerate(rows[:HEADER_SEARCH]):
        names = [" ".join(cell.split()).casefold() for cell in row.cells]
        if set(names) >= REQUIRED:
            return index, {name: names.index(name) for name in COLUMNS if name in names}
    return None


def _read_row(row: CsvRow, columns: dict[str, int], result: TouchLogResult) -> None:
    def cell(name: str) -> str:
        at = columns.get(name)
        return row.cells[at].strip() if at is not None and at < len(row.cells) else ""

    problem = ""
    date = _parse_date(cell("date"))
    people = tuple(p.strip() for p in cell("people").split(";") if p.strip())
    if date is None:
        problem = f"bad date {cell('date')!r}: write it as YYYY-MM-DD"
    elif not cell("kind"):
        problem = "no kind of touch"
    elif not people:
        problem = "no people"
    if problem:
        result.skipped.append(Skipped(row.line, problem))
    elif date is not None:
        result.rows.append(TouchRow(row.line, date, cell("kind"), people, cell("note")))


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def render_touches(rows: list[TouchRow]) -> bytes:
    """The touches as a ``date,kind,people,note`` CSV, UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        cells = [row.date.isoformat(), row.kind, "; ".join(row.people), row.note]
        writer.writerow([spreadsheet_cell(cell) for cell in cells])
    return out.getvalue().encode("utf-8")

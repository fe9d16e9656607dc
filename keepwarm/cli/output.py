"""Printing, in one place: tables that fit the terminal, plain text when piped,
JSON for scripts.

Every table goes through ``table``: on a terminal it is drawn to fit the
window (``shutil.get_terminal_size``); ids, numbers and dates are never cut,
and when the table is too wide the widest free-text column is narrowed first,
its cells wrapping at words onto at most ``MAX_LINES`` lines, the last ending
in "…" when words are left out; every row stays aligned. When standard
output is not a terminal (or with ``keepwarm --plain``) the same table is
plain text for scripts, the form documented in docs/cli.md:

- a title, when there is one, is a line starting with ``# ``;
- then a header line, then one line per row, the cells separated by a tab;
  tabs and line breaks inside a cell become spaces, an empty cell is empty;
- a table with the same columns as the one before continues it (its title
  line, no second header).

User data is never read as Rich markup (a name like ``[bold]`` stays literal).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

import click
from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

FORMAT_KEY = "keepwarm.format"
"""``ctx.meta`` key: "plain" or "table" when ``--plain`` / ``--table`` chose one."""
_LAST_COLUMNS = "keepwarm.last_columns"
EMPTY = "—"
MIN_TEXT_WIDTH = 8
"""A free-text column is never made narrower than this (or its header)."""
MAX_LINES = 3
"""A cell of a narrowed column wraps onto at most this many lines, then "…"."""
GAP = 2
"""Spaces between two columns."""
LAST_RESORT_WIDTH = 3
"""…and, in a window too narrow for that, not narrower than this (``ab…``)."""
FIXED_HEADERS = frozenset({"id"})


def _forced() -> str | None:
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(FORMAT_KEY) if ctx is not None else None


def plain(stream: IO[Any] | None = None) -> bool:
    """Print for scripts: chosen with ``--plain``, else when ``stream`` (standard
    output) is not a terminal; ``--table`` draws tables even then."""
    forced = _forced()
    if forced is not None:
        return forced == "plain"
    stream = stream if stream is not None else sys.stdout
    isatty = getattr(stream, "isatty", None)
    return not (callable(isatty) and isatty())


def width() -> int:
    """The terminal's width (``COLUMNS`` first; 80 when there is none)."""
    return max(shutil.get_terminal_size().columns, 20)


def console(stderr: bool = False) -> Console:
    # Made per call: the streams are looked up when printing, so redirection works.
    # Piped, text is never wrapped at 80 columns: a line a script reads stays whole.
    stream = sys.stderr if stderr else sys.stdout
    return Console(
        stderr=stderr,
        highlight=False,
        emoji=False,
        markup=False,
        width=width(),
        soft_wrap=plain(stream),
    )


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def print_json(data: Any) -> None:
    """Only JSON on standard output (dates as ISO 8601 text)."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=_json_default))


def json_or_empty(records: Sequence[Any], as_json: bool, empty: str) -> bool:
    """How every list command starts: with ``as_json`` it prints ``records`` as
    JSON (an empty list too); without, when there are none, it says ``empty`` on
    standard error. True when either was printed and the command is done; False
    when its table is still to print."""
    if as_json:
        print_json(list(records))
        return True
    if not records:
        console(stderr=True).print(empty)
        return True
    return False


def cell_text(value: Any) -> str:
    """A cell's words on one line: dates as YYYY-MM-DD, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return " ".join(str(value).replace("\t", " ").splitlines())


def text(value: Any) -> Text:
    """A value for a terminal: a dim dash when empty."""
    shown = cell_text(value)
    return Text(shown) if shown else Text(EMPTY, style="dim")


def _is_fixed(values: Sequence[Any]) -> bool:
    """Numbers and dates: never cut."""
    present = [v for v in values if v is not None and v != ""]
    return bool(present) and all(
        isinstance(v, int | float | dt.date) and not isinstance(v, bool) for v in present
    )


def _is_number(values: Sequence[Any]) -> bool:
    present = [v for v in values if v is not None and v != ""]
    return bool(present) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in present
    )


def fit_widths(
    natural: Sequence[int], minimum: Sequence[int], shrinkable: Sequence[bool], room: int
) -> list[int]:
    """Column widths that fit ``room``: the widest shrinkable column is narrowed
    first, one character at a time, never below its minimum. May stay wider than
    ``room`` when nothing more can shrink."""
    widths = list(natural)
    excess = sum(widths) - room
    while excess > 0:
        candidates = [i for i, ok in enumerate(shrinkable) if ok and widths[i] > max(minimum[i], 1)]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: (widths[i], i))  # a tie: the later column
        widths[widest] -= 1
        excess -= 1
    return widths


class Grid:
    """A table: drawn to fit the terminal, or plain tab-separated text (see the module)."""

    def __init__(
        self,
        columns: Sequence[str],
        rows: Iterable[Sequence[Any]],
        title: str | None = None,
        *,
        fixed: Iterable[str] = (),
        right: Iterable[str] = (),
    ) -> None:
        self.columns = [str(c) for c in columns]
        self.rows = [list(row) for row in rows]
        self.title = title
        values = [[row[i] for row in self.rows] for i in range(len(self.columns))]
        fixed, right = set(fixed), set(right)
        self.fixed = [
            name in fixed or name in FIXED_HEADERS or _is_fixed(values[i])
            for i, name in enumerate(self.columns)
        ]
        self.right = [name in right or _is_number(values[i]) for i, name in enumerate(self.columns)]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if plain(console.file):
            yield from self._plain()
            return
        if self.title:
            yield Text(self.title, style="bold")
        yield self._table(console, options.max_width)

    def _plain(self) -> Iterator[Segment]:
        if self.title:
            yield Segment(f"# {cell_text(self.title)}")
            yield Segment.line()
        ctx = click.get_current_context(silent=True)
        key = tuple(self.columns)
        if ctx is None or ctx.meta.get(_LAST_COLUMNS) != key:
            yield Segment("\t".join(self.columns))
            yield Segment.line()
        if ctx is not None:
            ctx.meta[_LAST_COLUMNS] = key
        for row in self.rows:
            yield Segment("\t".join(cell_text(cell) for cell in row))
            yield Segment.line()

    def _table(self, console: Console, max_width: int) -> Table:
        cells = [[cell_text(cell) for cell in row] for row in self.rows]
        natural = [
            max([cell_len(name), *(cell_len(row[i]) or 1 for row in cells)])
            for i, name in enumerate(self.columns)
        ]
        minimum = [
            max(*map(cell_len, name.split() or [""]), MIN_TEXT_WIDTH) for name in self.columns
        ]
        shrinkable = [not fixed for fixed in self.fixed]
        room = max_width - GAP * (len(self.columns) - 1)
        widths = fit_widths(natural, minimum, shrinkable, room)
        if sum(widths) > room:  # a narrow window: cut headers too, before ids and dates
            widths = fit_widths(widths, [LAST_RESORT_WIDTH] * len(widths), shrinkable, room)
        grid = Table(
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            padding=(0, GAP - 1, 0, 0),
            header_style="bold",
            expand=False,
        )
        cut = [widths[i] < natural[i] for i in range(len(self.columns))]
        for i, name in enumerate(self.columns):
            grid.add_column(
                clip(console, Text(name), widths[i]) if cut[i] else name,
                justify="right" if self.right[i] else "left",
                no_wrap=True,
                overflow="ellipsis",
                width=widths[i] if cut[i] else None,
            )
        for row in self.rows:
            shown = [text(cell) for cell in row]
            grid.add_row(
                *(
                    clip(console, cell, widths[i]) if cut[i] else cell
                    for i, cell in enumerate(shown)
                )
            )
        return grid


def clip(console: Console, cell: Text, width: int) -> Text:
    """``cell`` wrapped at words to ``width``, on at most ``MAX_LINES`` lines; the
    last one ends in "…" when words are left out."""
    lines = list(cell.wrap(console, width, overflow="fold"))
    for line in lines:
        line.rstrip()
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        last = lines[-1]
        if last.cell_len + 1 > width:
            last.truncate(width - 1)
            last.rstrip()
        last.append("…")
    return Text("\n").join(lines)


def table(
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    title: str | None = None,
    *,
    fixed: Iterable[str] = (),
    right: Iterable[str] = (),
) -> Grid:
    """The one table of the CLI; print it with ``console().print``. ``fixed``
    names columns never to cut (ids, numbers and dates never are); ``right``
    those to align right (ids and numbers are)."""
    return Grid(columns, rows, title, fixed=fixed, right=right)


class Fields:
    """Labels and their values: a two-column list, or ``label<TAB>value`` lines."""

    def __init__(self, pairs: Iterable[tuple[str, Any]], skip_empty: bool = True) -> None:
        self.pairs = [
            (label, value)
            for label, value in pairs
            if not (skip_empty and (value is None or value == ""))
        ]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if plain(console.file):
            for label, value in self.pairs:
                yield Segment(f"{label}\t{cell_text(value)}")
                yield Segment.line()
            return
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        for label, value in self.pairs:
            grid.add_row(label, text(value))
        yield grid


def fields(pairs: Iterable[tuple[str, Any]], skip_empty: bool = True) -> Fields:
    """A two-column list of labels and values (leaving out the empty ones)."""
    return Fields(pairs, skip_empty)


class Heading:
    """A section's title: underlined on a terminal, a ``# `` line when plain."""

    def __init__(self, title: str, first: bool = False) -> None:
        self.title = title
        self.first = first

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if plain(console.file):
            ctx = click.get_current_context(silent=True)
            if ctx is not None:
                ctx.meta.pop(_LAST_COLUMNS, None)  # the section's table has its own header
            yield Segment(f"# {cell_text(self.title)}")
            yield Segment.line()
            return
        if self.first:
            yield Text(self.title, style="bold")
        else:
            yield Text(f"\n{self.title}", style="bold underline")


def heading(title: str, first: bool = False) -> Heading:
    """A section's title; ``first``: the title of the whole page (no blank line above)."""
    return Heading(title, first)


def record_table(
    records: Sequence[dict[str, Any]],
    as_json: bool,
    *,
    empty: str,
    title: str,
    columns: dict[str, str],
) -> None:
    """A list command's whole output: ``records`` as JSON, ``empty`` when there
    are none (``json_or_empty``), else a table under ``title`` whose ``columns``
    map each header to the key of the record it shows."""
    if json_or_empty(records, as_json, empty):
        return
    rows = [[record[key] for key in columns.values()] for record in records]
    console().print(table(list(columns), rows, title=title))

"""Printing: Rich tables for people, plain JSON for scripts.

User data is never read as Rich markup (a name like ``[bold]`` stays literal).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from keepwarm.planner.text import plural as plural  # the commands' one plural


def console(stderr: bool = False) -> Console:
    # Made per call: the streams are looked up when printing, so redirection works.
    return Console(stderr=stderr, highlight=False, emoji=False)


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def print_json(data: Any) -> None:
    """Only JSON on standard output (dates as ISO 8601 text)."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=_json_default))


def text(value: Any) -> Text:
    if value is None or value == "":
        return Text("—", style="dim")
    if isinstance(value, dt.date | dt.datetime):
        return Text(value.isoformat())
    return Text(str(value))


def table(columns: Sequence[str], rows: Iterable[Sequence[Any]], title: str | None = None) -> Table:
    grid = Table(title=title, title_justify="left", header_style="bold", expand=False)
    for name in columns:
        grid.add_column(name, justify="right" if name == "id" else "left", overflow="fold")
    for row in rows:
        grid.add_row(*(text(cell) for cell in row))
    return grid


def fields(pairs: Iterable[tuple[str, Any]], skip_empty: bool = True) -> Table:
    """A two-column list of labels and values (leaving out the empty ones)."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    for label, value in pairs:
        if not (skip_empty and (value is None or value == "")):
            grid.add_row(label, text(value))
    return grid


def heading(title: str) -> Text:
    return Text(f"\n{title}", style="bold underline")

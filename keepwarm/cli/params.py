"""Option types that check what the user typed before anything is changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from keepwarm.lib.dates import InvalidDate, MonthDay


class DateType(click.ParamType):
    """A calendar date written YYYY-MM-DD (in the user's time zone)."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: Any, ctx: Any) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date like 2026-03-14.", param, ctx)


class MonthDayType(click.ParamType):
    """A birthday or other yearly date: MM-DD, or YYYY-MM-DD when the year is known."""

    name = "MM-DD|YYYY-MM-DD"

    def convert(self, value: Any, param: Any, ctx: Any) -> MonthDay:
        if isinstance(value, MonthDay):
            return value
        try:
            return MonthDay.parse(str(value))
        except InvalidDate as exc:
            self.fail(f"{exc}.", param, ctx)


class IdType(click.ParamType):
    """A row's id as the lists print it: a whole number."""

    name = "ID"

    def convert(self, value: Any, param: Any, ctx: Any) -> int:
        if isinstance(value, int):
            return value
        from keepwarm.cli.app import setup_django

        setup_django()  # the one reading of an id lives with the models
        from keepwarm.owned import parse_id

        found = parse_id(value)
        if found is None or found == 0:
            self.fail(f"{value!r} is not an id (a number such as 3).", param, ctx)
        return found


DATE = DateType()
ID = IdType()
MONTH_DAY = MonthDayType()


def output_file(help: str | None = None, *, required: bool = True, dash: bool = False) -> Any:
    """The ``-o FILE`` option of the commands that write a file (``-`` for
    standard output too, with ``dash``: ``app.write_out`` writes either)."""
    return click.option(
        "-o",
        "--output",
        "target",
        required=required,
        metavar="FILE",
        type=click.Path(dir_okay=False, writable=not dash, allow_dash=dash, path_type=Path),
        help=help,
    )

"""What the occasion groups (`keepwarm cards`, `trips`, `gatherings`) share: their
commands listed in the order they were added; `labels`, made by
`keepwarm labels` itself (its options, its checks, its messages), so there is
one way to print labels; and the table of a run's cards or a trip's postcards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import click

from keepwarm.cli import labels, output
from keepwarm.cli.app import USAGE_ERROR, CliError
from keepwarm.cli.params import ID

SHARED = ("sheet", "skip", "offset", "target")
"""The options of `keepwarm labels` these commands take as they are."""


class InOrder(click.Group):
    """A group whose help lists its commands as they were added (list first)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


def list_unless_told(ctx: click.Context, listing: click.Command, as_json: bool) -> None:
    """A group alone lists (its ``--json`` too); ``--json`` before another of
    its commands is refused, with where to put it."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(listing, as_json=as_json)
    elif as_json:
        raise CliError(
            f"Put --json after the command: keepwarm {ctx.info_name} "
            f"{ctx.invoked_subcommand} … --json",
            USAGE_ERROR,
        )


def labels_of(source: str, metavar: str, whose: str, which: str) -> click.Command:
    """A ``labels`` subcommand for ``source`` ("run" or "trip", the option of
    `keepwarm labels` it stands for): ``whose`` labels, one per ``which``."""
    option = "--campaign" if source == "run" else "--trip"

    def callback(pk: int, **chosen: Any) -> None:
        click.get_current_context().invoke(labels.labels, **{source: str(pk)}, **chosen)

    params: list[click.Parameter] = [click.Argument(["pk"], type=ID, metavar=metavar)]
    params += [p for p in labels.labels.params if p.name in SHARED]
    return click.Command(
        "labels",
        callback=callback,
        params=params,
        help=(
            f"Print {whose} address labels as PDF, one per {which}: the same sheet as "
            f"`keepwarm labels {option} {metavar}`, with its options."
        ),
        short_help=f"Print {whose} address labels (PDF).",
    )


def address_lines(address: Any) -> list[str] | None:
    """A card's or a postcard's address as JSON: its lines, or None without one."""
    return address.lines() if address is not None else None


def mail_table(
    title: str, to: str, mail: Iterable[tuple[int, str, str, dt.date | None, Any]]
) -> output.Grid:
    """A run's cards or a trip's postcards as their `show` prints them: each
    ``(id, whom it goes to, status, sent on, address)``, the address on one
    line; ``to`` is the header of the second column."""
    rows = [
        (pk, name, status, sent_on, ", ".join(address.lines()) if address else None)
        for pk, name, status, sent_on, address in mail
    ]
    columns = ("id", to, "status", "sent on", "address")
    return output.table(columns, rows, title=title, fixed=("status",))

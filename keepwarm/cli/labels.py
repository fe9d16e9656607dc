"""`keepwarm labels`: an address-label sheet as PDF.

A label that cannot be printed (no font for its script, or too long even at
the smallest size) is left blank and named on standard error; the rest of the
sheet is written. Only a sheet on which nothing can be printed is an error.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from keepwarm.cli.app import FAILURE, USAGE_ERROR, App, CliError, pass_app
from keepwarm.cli.params import output_file
from keepwarm.lib.words import plural

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

SHEET_NAMES = ["avery5160", "l7160"]
SHOWN_MISSING = 20


class OffsetType(click.ParamType):
    """``X,Y`` in millimetres: right and down (negative: left and up)."""

    name = "X,Y"

    def convert(self, value: Any, param: Any, ctx: Any) -> tuple[float, float]:
        if isinstance(value, tuple):
            return value
        parts = str(value).replace(" ", "").split(",")
        try:
            x, y = (float(part) for part in parts)
        except ValueError:
            self.fail(f"{value!r} is not X,Y in millimetres such as 1.5,-2.", param, ctx)
        if max(abs(x), abs(y)) > 5:
            self.fail(f"{value!r}: each offset is between -5 and 5 mm.", param, ctx)
        return x, y


@click.command(name="labels")
@click.option("--campaign", "--run", "run", metavar="ID", help="A holiday-card run.")
@click.option("--trip", metavar="ID", help="The chosen postcards of a trip.")
@click.option("--tag", metavar="TAG", help="Everyone with this tag.")
@click.option("--circle", metavar="NAME", help="Everyone in this circle.")
@click.option(
    "--return-address",
    metavar="TEXT",
    help='A sheet of your own address; lines split by "|": "Alice Smith|1 Main St|…".',
)
@click.option("--sheet", type=click.Choice(SHEET_NAMES), required=True, help="Avery 5160 or L7160.")
@click.option(
    "--skip", type=click.IntRange(min=0), default=0, help="Labels already used on the sheet."
)
@click.option(
    "--offset", type=OffsetType(), default="0,0", help="Calibration in mm: right,down (±5)."
)
@output_file()
@pass_app
def labels(app: App, target: Path, sheet: str, skip: int, offset: Any, **source: Any) -> None:
    """Print address labels (PDF) for a card run, a trip, a tag or a circle, or
    a sheet of your return address. Addresses are laid out by their country
    and printed in the script they are written in; a label no installed font
    can draw is left blank and named (docs/labels.md says which fonts to add).

    \b
    Examples:
      keepwarm labels --campaign 3 --sheet avery5160 -o cards.pdf
      keepwarm labels --tag college --sheet l7160 --skip 4 -o college.pdf
      keepwarm labels --return-address "Alice Smith|1 Main St|Springfield, IL 62704" \\
          --sheet avery5160 -o return.pdf
    """
    from keepwarm.formats.label_sheets import SHEETS, LabelError
    from keepwarm.occasions import label_texts

    spec = SHEETS[sheet]
    chosen = {name: value for name, value in source.items() if value is not None}
    if len(chosen) != 1:
        raise CliError(
            "Choose one of --campaign, --trip, --tag, --circle or --return-address.", USAGE_ERROR
        )
    try:
        selection = _selection(app.user, *next(iter(chosen.items())), spec, skip)
        _missing(selection.missing)
        if not selection.count:
            raise CliError("No one there has a mailing address: no labels to print.", FAILURE)
        printed = label_texts.labels_pdf(selection.labels, spec, skip=skip, offset_mm=offset)
    except LabelError as exc:
        raise CliError(str(exc), FAILURE) from None
    _blank(printed.blank, label_texts.blank_hint(printed.blank))
    if not printed.count:
        raise CliError("None of the labels can be printed: nothing written.", FAILURE)
    try:
        target.write_bytes(printed.pdf)
    except OSError as exc:
        raise CliError(f"Cannot write {target}: {exc.strerror or exc}.", FAILURE) from None
    left = f", {len(printed.blank)} left blank" if printed.blank else ""
    click.echo(f"Wrote {plural(printed.count, 'label')} ({spec.name}{left}) to {target}.")


def _selection(user: User, source: str, value: str, spec: Any, skip: int) -> Any:
    from keepwarm.occasions import label_texts
    from keepwarm.occasions.models import CardRun, Trip

    if source == "return_address":
        text = "\n".join(value.split("|"))
        return label_texts.Selection(label_texts.return_labels(text, spec, skip))
    if source in ("run", "trip"):
        model = CardRun if source == "run" else Trip
        obj = _owned_by_id(user, model, value, "--campaign" if source == "run" else "--trip")
        return (
            label_texts.run_selection(obj) if source == "run" else label_texts.trip_selection(obj)
        )
    return label_texts.people_selection(user, _people(user, source, value))


def _owned_by_id(user: User, model: Any, value: str, option: str) -> Any:
    from keepwarm.owned import owned, parse_id

    pk = parse_id(value)
    found = owned(model, user).filter(pk=pk).first() if pk is not None else None
    if found is None:
        what = "card run" if option == "--campaign" else "trip"
        raise CliError(f"{option} {value}: you have no {what} with that id.", FAILURE)
    return found


def _people(user: User, source: str, value: str) -> Any:
    from keepwarm.contacts.models import Circle, Tag
    from keepwarm.imports.export import select_people
    from keepwarm.owned import owned

    model, option = (Tag, "--tag") if source == "tag" else (Circle, "--circle")
    if not owned(model, user).filter(name__iexact=value.strip()).exists():
        names = ", ".join(owned(model, user).values_list("name", flat=True)) or "none yet"
        raise CliError(f"{option} {value}: no such {source}. Yours: {names}.", FAILURE)
    return select_people(user, **{source: value})


def _listed(heading: str, lines: list[str]) -> None:
    """``heading (N):`` and the first ``SHOWN_MISSING`` lines, on standard error."""
    click.echo(f"{heading} ({len(lines)}):", err=True)
    for line in lines[:SHOWN_MISSING]:
        click.echo(f"  {line}", err=True)
    if len(lines) > SHOWN_MISSING:
        click.echo(f"  … and {len(lines) - SHOWN_MISSING} more", err=True)


def _missing(names: list[str]) -> None:
    if names:
        _listed("Left out, no mailing address", names)


def _blank(blank: Any, hint: str) -> None:
    """The labels left blank and why, on standard error."""
    if not blank:
        return
    _listed("Left blank, cannot be printed", [item.message for item in blank])
    if hint:
        click.echo(hint, err=True)

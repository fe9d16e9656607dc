"""`keepwarm import FILE`: contacts from vCard or CSV, or a touch-history CSV."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from keepwarm.cli.app import FAILURE, USAGE_ERROR, App, CliError, pass_app
from keepwarm.cli.params import output_file
from keepwarm.imports import files

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

SHOWN_SKIPS = 20
PROGRESS_FROM = 500
"""Files with more records than this get a progress bar (on a terminal)."""
READING_FROM = 256 * 1024
"""Files larger than this (in bytes) say they are being read (on a terminal)."""


@click.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "kind",
    type=click.Choice(list(files.FORMATS)),
    default="auto",
    show_default=True,
    help="What the file is; by default it is recognised from its contents.",
)
@click.option("--dry-run", is_flag=True, help="Show what would happen; change nothing.")
@click.option(
    "--circle",
    metavar="NAME",
    help="Circle for new people (default: none yet; sort them with `keepwarm triage`).",
)
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="Tag every imported person.")
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="What a CSV column holds, as on the web's mapping step: display_name, given_name, "
    "family_name, email, phone:mobile, street:home, birthday, categories, ignore… "
    "Columns not named are kept on each person as imported extras.",
)
@click.option("--mapping", "mapping_name", metavar="NAME", help="Use a mapping saved before.")
@click.option("--save-mapping", metavar="NAME", help="Save this file's --map under NAME.")
@pass_app
def import_file(
    app: App,
    file: Path,
    kind: str,
    dry_run: bool,
    circle: str | None,
    tags: tuple[str, ...],
    maps: tuple[str, ...],
    mapping_name: str | None,
    save_mapping: str | None,
) -> None:
    """Import contacts (vCard 2.1/3.0/4.0; Google, Outlook, Thunderbird or
    LinkedIn CSV, or any CSV with --map) or a touch-history CSV
    (date,kind,people,note).

    A card is someone already in your network when it has the same UID or
    email. A shared phone, or the same name and company, counts only when
    nothing contradicts it (another birthday, other emails); otherwise the
    card becomes a person of its own and the pair is listed under Duplicates.
    Only what people lack is added, and what has no field is kept on the
    person as imported extras, so nothing in the file is lost and importing
    it twice changes nothing. Everything is imported in one go, or nothing.

    \b
    Examples:
      keepwarm import contacts.vcf --dry-run
      keepwarm import google.csv --tag imported
      keepwarm import club.csv --map "Member=display_name" --map "Mail=email" \\
          --save-mapping club
      keepwarm import club-2027.csv --mapping club
      keepwarm import touches.csv
    """
    from keepwarm.formats.records import FormatError

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise CliError(f"Cannot read {file}: {exc.strerror or exc}.", FAILURE) from None
    found = files.kind_of(data, kind)
    mapping = _mapping(app.user, maps, mapping_name)
    if save_mapping and mapping is None:
        raise CliError("--save-mapping needs a mapping to save: give --map.", USAGE_ERROR)
    if mapping is not None and found != "csv":
        raise CliError(f"{file.name}: --map and --mapping are for CSV files only.", USAGE_ERROR)
    try:
        if found == "touches":
            _touches(app.user, data, dry_run)
            return
        if found == "csv":
            _check_csv(file, data, mapping)
        with reading(file, len(data), _stderr()):
            parsed = files.parse_contacts(data, found, mapping)

        def again() -> Any:  # the file read anew, when the import is worked out again
            return files.parse_contacts(data, found, mapping)

        _contacts(app.user, file, parsed, dry_run, circle, tags, again)
    except FormatError as exc:
        raise CliError(f"{file.name}: {exc}", FAILURE) from None
    if save_mapping and mapping is not None:
        _save(app.user, save_mapping, mapping, dry_run)


def _mapping(user: User, maps: tuple[str, ...], name: str | None) -> dict[str, str] | None:
    """The saved mapping ``name`` with the ``--map`` items over it, or None."""
    from keepwarm.imports import mappings

    mapping: dict[str, str] = {}
    try:
        if name:
            mapping.update(mappings.saved(user, name))
        mapping.update(mappings.parse_maps(maps))
    except (LookupError, ValueError) as exc:
        raise CliError(str(exc).strip("'\""), USAGE_ERROR) from None
    return mapping or None


def _check_csv(file: Path, data: bytes, mapping: dict[str, str] | None) -> None:
    """A mapping names columns the file has; a file of no known layout needs one."""
    from keepwarm.formats import csvfiles
    from keepwarm.formats.csv_layouts import detect_layout
    from keepwarm.imports import mappings

    if mapping is not None:
        mappings.check_columns(data, mapping)
        return
    if not detect_layout(csvfiles.detect_columns(data)):
        shown = " ".join(f'--map "{item}"' for item in mappings.suggested_maps(data))
        example = shown or '--map "COLUMN=display_name" --map "COLUMN=email"'
        raise CliError(
            f"{file.name}: these columns are not a known export; say what each holds "
            f"(columns you leave out are kept as imported extras), for example:\n"
            f"  keepwarm import {file.name} {example}",
            FAILURE,
        )


def _save(user: User, name: str, mapping: dict[str, str], dry_run: bool) -> None:
    from keepwarm.imports import mappings

    if dry_run:
        click.echo(f"Would save the mapping as {name!r}.")
        return
    try:
        saved = mappings.save(user, name, mapping)
    except ValueError as exc:
        raise CliError(str(exc), USAGE_ERROR) from None
    click.echo(f"Saved the mapping as {saved.name!r}: next time, --mapping {saved.name!r}.")


def _contacts(
    user: User,
    file: Path,
    parsed: Any,
    dry_run: bool,
    circle: str | None,
    tags: tuple[str, ...],
    reread: Callable[[], Any],
) -> None:
    from keepwarm.contacts.models import Circle
    from keepwarm.imports import service
    from keepwarm.owned import owned

    home = None
    if circle:
        home = owned(Circle, user).filter(name__iexact=circle.strip()).first()
        if home is None:
            names = ", ".join(owned(Circle, user).values_list("name", flat=True))
            raise CliError(f"No circle named {circle!r}. Circles: {names}.", FAILURE)
    with progress_bar(len(parsed.records), _stderr()) as progress:
        if dry_run:
            report = service.preview(user, parsed, tags=tags, progress=progress)
        else:
            source = f"{file.name} ({parsed.format})"
            report = service.apply(
                user,
                parsed,
                source=source,
                circle=home,
                tags=tags,
                progress=progress,
                reread=reread,
            )
    _skips([(o.line, o.reason) for o in report.outcomes if o.action == service.SKIPPED])
    _notes(report)
    verb = "Would import" if dry_run else "Imported"
    click.echo(f"{verb} {file.name} ({parsed.format}): {report.summary()}.")
    if not dry_run and home is None:
        _waiting(user)


def _waiting(user: User) -> None:
    """Say how many newcomers wait to be sorted (they are not planned until then)."""
    from keepwarm.imports.sorting import waiting_count
    from keepwarm.lib.words import plural

    count = waiting_count(user)
    if count:
        waits = "waits" if count == 1 else "wait"
        click.echo(
            f"{plural(count, 'person', 'people')} {waits} to be sorted into circles "
            "(not planned until then): "
            "run `keepwarm triage`.",
            err=True,
        )


def _stderr() -> IO[str]:
    return sys.stderr


@contextmanager
def reading(file: Path, size: int, stream: IO[str]) -> Iterator[None]:
    """Say "Reading FILE …" on a terminal while a large file is parsed (before the bar)."""
    if size <= READING_FROM or not stream.isatty():
        yield
        return
    from rich.console import Console

    with Console(file=stream).status(f"Reading {file.name} …"):
        yield


@contextmanager
def progress_bar(total: int, stream: IO[str]) -> Iterator[Callable[[int, int], None] | None]:
    """A bar on ``stream`` while a large file is imported, gone when it is done.

    Only on a terminal and only past ``PROGRESS_FROM`` records: piped or
    redirected output, and small files, get no bar at all.
    """
    if total <= PROGRESS_FROM or not stream.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(file=stream), transient=True) as bar:
        task = bar.add_task("Importing", total=total)
        yield lambda done, _total: bar.update(task, completed=done)


def _touches(user: User, data: bytes, dry_run: bool) -> None:
    from keepwarm.formats.touchlog import parse_touches
    from keepwarm.imports import touches

    report = touches.apply(user, parse_touches(data), dry_run=dry_run)
    _skips(report.skipped)
    verb = "Would log" if dry_run else "Logged"
    click.echo(f"{verb} touches: {report.summary()}.")


def _notes(report: Any) -> None:
    """Who was kept apart from whom and what was over a person's limits, line
    by line, and how many people got imported extras: what the import did
    besides filling fields."""
    from keepwarm.contacts.limits import OVER_LIMIT
    from keepwarm.imports.service import KEPT_APART, KEPT_EXTRAS

    for start, what in ((KEPT_APART, "kept apart"), (OVER_LIMIT, "over a limit")):
        said = [
            (o.line, o.name, change)
            for o in report.outcomes
            for change in o.changes
            if change.startswith(start)
        ]
        for line, name, change in said[:SHOWN_SKIPS]:
            click.echo(f"  line {line}: {name}: {change}", err=True)
        if len(said) > SHOWN_SKIPS:
            click.echo(f"  … and {len(said) - SHOWN_SKIPS} more {what}", err=True)
    extras = sum(any(c.startswith(KEPT_EXTRAS) for c in o.changes) for o in report.outcomes)
    if extras:
        who = "person has" if extras == 1 else "people have"
        click.echo(
            f"  {extras:,} {who} values with no field of their own, kept as imported extras "
            "(shown on their pages).",
            err=True,
        )


def _skips(skipped: list[tuple[int, str]]) -> None:
    for line, reason in skipped[:SHOWN_SKIPS]:
        click.echo(f"  line {line}: skipped, {reason}", err=True)
    if len(skipped) > SHOWN_SKIPS:
        click.echo(f"  … and {len(skipped) - SHOWN_SKIPS} more skipped", err=True)


@click.command(name="export")
@click.option(
    "--format",
    "kind",
    type=click.Choice(list(files.EXPORTS)),
    required=True,
    help="vcard (4.0), csv (Google Contacts) or touches (the touch log).",
)
@output_file()
@click.option("--circle", metavar="NAME", help="Only this circle.")
@click.option("--tag", metavar="TAG", help="Only people with this tag.")
@click.option("--search", metavar="TEXT", help="Only people matching this search.")
@pass_app
def export_file(
    app: App, kind: str, target: Path, circle: str | None, tag: str | None, search: str | None
) -> None:
    """Export everyone, or a selection, as vCard 4.0, Google CSV or the touch log.

    \b
    Examples:
      keepwarm export --format vcard -o everyone.vcf
      keepwarm export --format csv --circle Close -o close.csv
      keepwarm export --format touches --tag college -o touches.csv
    """
    from keepwarm.imports.export import export, select_people

    people = select_people(app.user, circle=circle, tag=tag, search=search)
    data, count = export(app.user, kind, people)
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise CliError(f"Cannot write {target}: {exc.strerror or exc}.", FAILURE) from None
    noun = (
        ("touch" if count == 1 else "touches")
        if kind == "touches"
        else ("person" if count == 1 else "people")
    )
    click.echo(f"Exported {count} {noun} to {target}.")

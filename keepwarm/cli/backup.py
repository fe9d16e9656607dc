"""`keepwarm backup` and `keepwarm restore`: an account to a JSON file and back,
and an online copy of the whole SQLite database."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from keepwarm.cli.app import FAILURE, App, CliError, migrate, pass_app
from keepwarm.cli.params import output_file

if TYPE_CHECKING:
    from keepwarm.accounts.models import User


def _summary(counts: dict[str, int]) -> str:
    from keepwarm.backup.schema import describe

    return describe(counts) or "nothing but settings"


@click.command()
@output_file("The file to write (replaced whole; readable by you only).")
@click.option(
    "--database",
    is_flag=True,
    help="Administrators: copy the whole SQLite database (every account) instead.",
)
@pass_app
def backup(app: App, target: Path, database: bool) -> None:
    """Back up your account to a JSON file, or copy the whole database.

    The JSON file holds everything: settings, circles, tags, people with
    their photos and details, touches, follow-ups and agenda choices. Restore
    it with `keepwarm restore FILE`; its format is in docs/backup.md.

    With --database, an online copy of the SQLite database is made with
    SQLite's backup API: safe while `keepwarm serve` runs. On PostgreSQL use
    pg_dump instead.

    \b
    Examples:
      keepwarm backup -o keepwarm-alice.json
      keepwarm --user bob backup -o bob.json
      keepwarm backup --database -o keepwarm-copy.sqlite3
    """
    from keepwarm.backup import BackupError

    try:
        if database:
            _copy_database(target)
        else:
            _backup_account(app.user, target)
    except BackupError as exc:
        raise CliError(str(exc), FAILURE) from None
    except OSError as exc:
        raise CliError(f"Cannot write {target}: {exc.strerror or exc}.", FAILURE) from None


def _backup_account(user: User, target: Path) -> None:
    from keepwarm.backup.json_backup import dump, to_json, write_private
    from keepwarm.backup.schema import SECTIONS

    data, warnings = dump(user)
    for warning in warnings:
        click.echo(f"keepwarm: {warning}", err=True)
    write_private(target, to_json(data))
    counts = {s.name: len(data[s.name]) for s in SECTIONS}
    click.echo(f"Backed up the account {user.username!r} ({_summary(counts)}) to {target}.")


def _copy_database(target: Path) -> None:
    from keepwarm.backup.database import copy_database

    size = copy_database(target)
    click.echo(f"Copied the whole database ({size:,} bytes) to {target}.")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--user",
    "username",
    metavar="NAME",
    help="The account to fill (default: the one named in the file); made if missing.",
)
@pass_app
def restore(app: App, file: Path, username: str | None) -> None:
    """Restore a JSON backup into an empty account, or a new one.

    The account must hold nothing yet but its starting circles and touch
    kinds, which the backup's replace. A missing account is created (without
    a password: set one with `keepwarm manage changepassword NAME`). The whole
    file is checked first and loaded in one transaction: a bad file changes
    nothing.

    \b
    Examples:
      keepwarm restore keepwarm-alice.json
      keepwarm restore keepwarm-alice.json --user alice2
    """
    from keepwarm.backup import BackupError
    from keepwarm.backup.restore import restore_account

    try:
        content = file.read_bytes()
    except OSError as exc:
        raise CliError(f"Cannot read {file}: {exc.strerror or exc}.", FAILURE) from None
    migrate()
    try:
        user = restore_account(content, username or app.username)
    except BackupError as exc:
        raise CliError(f"{file}: {exc} Nothing was restored.", FAILURE) from None
    click.echo(f"Restored {file} into the account {user.username!r} ({_counts(user)}).")
    if not user.has_usable_password():
        click.echo(
            f"The account has no password yet: `keepwarm manage changepassword {user.username}`.",
            err=True,
        )


def _counts(user: User) -> str:
    from keepwarm.backup.schema import SECTIONS
    from keepwarm.owned import owned

    return _summary({s.name: owned(s.model, user).count() for s in SECTIONS})  # type: ignore[arg-type]

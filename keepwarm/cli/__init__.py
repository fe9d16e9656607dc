"""The ``keepwarm`` command: run the app, and keep your network from a terminal.

Each command group lives in its own module; this one holds the main group, the
``--user`` option and the one place where errors become clear messages.
"""

from __future__ import annotations

from typing import Any

import click
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist, ValidationError
from django.db import DatabaseError

from keepwarm.cli import (
    accounts,
    agenda,
    backup,
    calendar,
    cards,
    dedupe,
    doctor,
    gatherings,
    imports,
    labels,
    output,
    people,
    server,
    simulate,
    tokens,
    touches,
    triage,
    trips,
    warmcalls,
    worker,
)
from keepwarm.cli.app import (
    FAILURE,
    USAGE_ERROR,
    App,
    CliError,
    pending_migrations,
    validation_message,
)


class KeepwarmGroup(click.Group):
    """Turns the errors user input can cause into one clear line, never a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)  # in the order they were added: the help reads as a story

    def invoke(self, ctx: click.Context) -> Any:
        from django.utils import timezone

        try:
            return super().invoke(ctx)
        except ImproperlyConfigured as exc:
            raise CliError(str(exc), USAGE_ERROR) from None
        except ValidationError as exc:
            raise CliError(validation_message(exc), FAILURE) from None
        except ObjectDoesNotExist as exc:
            raise CliError(str(exc), FAILURE) from None
        except DatabaseError as exc:
            raise CliError(database_message(exc), FAILURE) from None
        finally:
            timezone.deactivate()


def database_message(exc: DatabaseError) -> str:
    try:
        pending = pending_migrations()
    except DatabaseError:
        pending = 0
    if pending:
        return (
            f"The database is not up to date ({pending} changes to apply): run "
            "`keepwarm manage migrate` or start `keepwarm serve` once."
        )
    return f"The database refused the request: {exc}."


@click.group(cls=KeepwarmGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--user",
    "-u",
    envvar="KEEPWARM_USER",
    metavar="NAME",
    help="The account to act for (default: the only one). Also KEEPWARM_USER.",
)
@click.option(
    "--plain/--table",
    "plain",
    default=None,
    help="Tables as tab-separated text for scripts (the default when the output is "
    "not a terminal), or drawn to fit the window even when piped.",
)
@click.version_option(package_name="keepwarm", prog_name="keepwarm")
@click.pass_context
def cli(ctx: click.Context, user: str | None, plain: bool | None) -> None:
    """keepwarm keeps your network warm all year: people, touches, follow-ups.

    Settings come from KEEPWARM_* environment variables (see .env.example).
    Dates are YYYY-MM-DD in your own time zone (`keepwarm settings`).

    \b
    Start:
      keepwarm createuser alice --email alice@example.org
      keepwarm serve                   # the web app on http://127.0.0.1:8000/
      keepwarm demo                    # or explore a demo network first
    \b
    Every day:
      keepwarm today                   # what to do today; also week, plan
      keepwarm add "Jane Doe" --email jane@example.com --circle close
      keepwarm log "Jane Doe" --kind coffee --note "new job at Acme"
      keepwarm followup jane@example.com "send the article" --due 2026-12-01
      keepwarm people --search acme --json
    \b
    Occasions:
      keepwarm cards                   # holiday-card runs; also trips, gatherings
      keepwarm cards show 3
    """
    ctx.obj = App(user)
    if plain is not None:
        ctx.meta[output.FORMAT_KEY] = "plain" if plain else "table"


for command in (
    server.serve,
    accounts.createuser,
    accounts.resetpassword,
    accounts.disabletwofactor,
    accounts.demo,
    people.add,
    people.people,
    people.show,
    people.edit,
    touches.log,
    touches.followup,
    agenda.today,
    agenda.week,
    agenda.plan,
    agenda.done,
    agenda.skip,
    agenda.snooze,
    accounts.settings,
    tokens.token,
    simulate.simulate,
    imports.import_file,
    imports.export_file,
    triage.triage,
    labels.labels,
    cards.cards,
    trips.trips,
    gatherings.gatherings,
    warmcalls.warmcalls,
    calendar.calendar,
    dedupe.dedupe,
    backup.backup,
    backup.restore,
    worker.worker,
    doctor.doctor,
    server.manage,
):
    cli.add_command(command)


def main() -> None:
    cli(prog_name="keepwarm")

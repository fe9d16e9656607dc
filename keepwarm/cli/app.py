"""What every command shares: Django start-up, the chosen account, clear errors.

Nothing here imports a model at module level: ``keepwarm --help`` must work
before Django is configured (and even when the configuration is broken).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import click

from keepwarm.lib.words import plural

if TYPE_CHECKING:
    from keepwarm.accounts.models import Profile, User

USAGE_ERROR = 2
FAILURE = 1


class CliError(click.ClickException):
    """A message for the user, printed as ``keepwarm: <message>`` (no traceback)."""

    def __init__(self, message: str, exit_code: int = FAILURE) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"keepwarm: {self.format_message()}", file=file, err=file is None)


def setup_django() -> None:
    """Load the settings (strictly parsed from the environment) and the apps once."""
    from django.apps import apps

    os.environ["DJANGO_SETTINGS_MODULE"] = "keepwarm.settings"
    if not apps.ready:
        import django

        from keepwarm.cli import logs

        django.setup()
        logs.configure_from_settings()  # once: libraries say only warnings (cli/logs.py)


def pending_migrations() -> int:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def migrate() -> None:
    """Bring the database schema up to date, quietly when there is nothing to do."""
    from django.core.management import call_command

    count = pending_migrations()
    if not count:
        return
    click.echo(f"Preparing the database ({plural(count, 'migration')})…", err=True)
    call_command("migrate", interactive=False, verbosity=0)


class App:
    """The state of one command run: the account chosen with ``--user``."""

    def __init__(self, username: str | None) -> None:
        self.username = username.strip() if username else None
        self._user: User | None = None

    @property
    def user(self) -> User:
        """The account the command acts for; its time zone becomes the active one."""
        if self._user is None:
            setup_django()
            self._user = choose_user(self.username)
            activate_time_zone(self._user)
        return self._user

    @property
    def profile(self) -> Profile:
        return self.user.profile


def choose_user(name: str | None) -> User:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True).order_by("username")
    if name:
        user = users.filter(username__iexact=name).first()
        if user is None:
            known = name_list(users) or "none yet"
            raise CliError(f"No account named {name!r}. Accounts: {known}.", USAGE_ERROR)
        return user
    own = users.filter(is_demo=False)
    found = list(own[:2])
    if len(found) == 1:
        return found[0]
    if not found:
        raise CliError(
            "There is no account yet. Create yours with `keepwarm createuser NAME` "
            "(or try the demo: `keepwarm demo`, then `keepwarm --user demo people`)."
        )
    raise CliError(
        f"There are several accounts ({name_list(own)}). Pick one with --user NAME "
        "or the KEEPWARM_USER variable.",
        USAGE_ERROR,
    )


def name_list(users: Any, limit: int = 10) -> str:
    names = list(users.values_list("username", flat=True)[: limit + 1])
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + f" and {users.count() - limit:,} more"


def activate_time_zone(user: User) -> None:
    """Dates typed and shown by the CLI are in the user's own time zone."""
    from django.utils import timezone

    from keepwarm.accounts.models import zone_named
    from keepwarm.accounts.services import profile_of

    timezone.activate(zone_named(profile_of(user).time_zone))


# Model fields and the options that set them, to name the option in an error.
FIELD_OPTIONS = {
    "weekly_budget_minutes": "--budget",
    "home_city": "--city",
    "city": "--city",
    "country": "--country",
    "region": "--region",
    "time_zone": "--timezone",
    "week_start": "--week-start",
    "company": "--company",
    "job_title": "--job-title",
    "deceased_on": "--deceased",
    "due": "--due",
    "date": "--date",
    "note": "--note",
    "email": "--email",
    "display_name": "name",
    "username": "name",
}


def check_length(model: Any, field: str, value: str, option: str) -> None:
    """Text fields' limits, which model validation leaves to forms."""
    limit = model._meta.get_field(field).max_length
    if limit and len(value) > limit:
        raise CliError(f"{option}: at most {limit:,} characters (this has {len(value):,}).")


def pass_app(command: Callable[..., Any]) -> Callable[..., Any]:
    """Set Django up, then call ``command(app, ...)`` with the run's ``App``."""

    @click.pass_context
    @functools.wraps(command)
    def wrapper(ctx: click.Context, *args: Any, **kwargs: Any) -> Any:
        setup_django()
        return command(ctx.find_object(App), *args, **kwargs)

    return wrapper


def validation_message(exc: Any) -> str:
    """One line from a ``ValidationError``, naming the option when a field maps to one."""
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    parts: list[str] = []
    said: set[str] = set()
    for field, messages in exc.message_dict.items():
        text = " ".join(messages)
        if text in said:  # fields made from one value (a name and its parts) say it once
            continue
        said.add(text)
        option = FIELD_OPTIONS.get(field)
        parts.append(f"{option}: {text}" if option else text)
    return " ".join(parts)


def write_out(target: Path, data: bytes) -> bool:
    """``data`` to the file ``target``, or to standard output for ``-`` (False
    then: nothing to say on it after the data)."""
    if str(target) == "-":
        with click.open_file("-", "wb") as stdout:
            stdout.write(data)
        return False
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise CliError(f"Cannot write {target}: {exc.strerror or exc}.", FAILURE) from None
    return True

"""Accounts: create one, load the demo, show or change your settings."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

import click

from keepwarm.cli import output
from keepwarm.cli.app import USAGE_ERROR, App, CliError, migrate, pass_app, setup_django

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

WEEK_STARTS = {"monday": 0, "saturday": 5, "sunday": 6}


def stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def read_password(from_stdin: bool) -> str:
    """The new password: a line of standard input, or typed twice at a terminal."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n") if sys.stdin else ""
        if not password:
            raise CliError("No password on standard input.", USAGE_ERROR)
        return password
    if not stdin_is_terminal():
        raise CliError(
            "Standard input is not a terminal, so there is no one to ask for a password. "
            "Pipe it in with --password-stdin.",
            USAGE_ERROR,
        )
    password: str = click.prompt("Password", hide_input=True, confirmation_prompt="Again")
    return password


@click.command()
@click.argument("name")
@click.option(
    "--email",
    default="",
    help="Where the weekly digest and reminders go (counted as confirmed).",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def createuser(name: str, email: str, password_stdin: bool) -> None:
    """Create an account called NAME.

    The password is typed twice at a terminal, or read from standard input
    with --password-stdin. keepwarm never prompts when standard input is not
    a terminal.

    \b
    Examples:
      keepwarm createuser alice --email alice@example.org
      printf '%s\\n' "$PASSWORD" | keepwarm createuser alice --password-stdin
    """
    password = read_password(password_stdin)
    setup_django()
    migrate()
    from keepwarm.accounts.confirmation import confirm_by_admin
    from keepwarm.accounts.services import create_user

    user = create_user(name, password, email=email)
    confirm_by_admin(user)  # whoever runs this on the server vouches for the address
    click.echo(f"Created the account {user.username}. Start the app with `keepwarm serve`.")


@click.command()
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def resetpassword(name: str, password_stdin: bool) -> None:
    """Give the account NAME a new password, for the administrator.

    For a server without email, where no reset link can be sent: whoever runs
    this on the server vouches for the user. The account's sessions end (it
    signs in again with the new password) and a lock-out after failed sign-ins
    is lifted. The password is typed twice at a terminal, or read from
    standard input with --password-stdin.

    \b
    Examples:
      keepwarm resetpassword alice
      printf '%s\\n' "$PASSWORD" | keepwarm resetpassword alice --password-stdin
    """
    setup_django()
    migrate()
    from django.contrib.auth.password_validation import validate_password

    from keepwarm.accounts import sessions, throttle

    user = account_named(name)
    if user.is_demo:
        raise CliError("The demo account has no password: anyone may open it.")
    password = read_password(password_stdin)
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])  # its sessions' hash no longer matches: they end
    sessions.end_others(user)  # and leave the list in Settings
    throttle.lift(user.username)
    click.echo(f"The password of {user.username} is changed; their sessions are signed out.")


def account_named(name: str) -> Any:
    """The account called ``name`` in any case, or a clear error."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username__iexact=name.strip()).first()
    if user is None:
        raise CliError(f"There is no account called {name!r}.")
    return user


@click.command()
@click.argument("name")
def disabletwofactor(name: str) -> None:
    """Turn two-factor sign-in off for the account NAME, for the administrator.

    For an owner who lost the phone with their authenticator app and their
    recovery codes: whoever runs this on the server vouches for them. The app
    and the recovery codes are removed; the password alone signs in again,
    and the owner can turn two-factor on anew in Settings. The password and
    the sessions stay as they are.

    \b
    Examples:
      keepwarm disabletwofactor alice
    """
    setup_django()
    migrate()
    from keepwarm.accounts import two_factor

    user = account_named(name)
    if not two_factor.turn_off(user):
        click.echo(f"Two-factor sign-in was not on for {user.username}: nothing changed.")
        return
    click.echo(
        f"Two-factor sign-in is off for {user.username}: their password alone signs them in. "
        "They can turn it on again in Settings, Sign-in and security."
    )


@click.command()
def demo() -> None:
    """Load the demo network into the separate account `demo`.

    About 150 people across circles with birthdays, addresses, families, two
    years of touches and some follow-ups. Running it again resets the demo
    account; your own account is never touched.

    \b
    Examples:
      keepwarm demo
      keepwarm --user demo people --circle close
    """
    setup_django()
    migrate()
    from keepwarm.demo import ensure_demo_account

    click.echo("Loading the demo network…", err=True)
    user = ensure_demo_account()
    click.echo(f"Loaded the demo network into the account {user.username!r}:")
    for (one, many), count in demo_counts(user):
        click.echo(f"  {count:>6,}  {one if count == 1 else many}")
    click.echo(f"\nLook around here:  keepwarm --user {user.username} people")
    from keepwarm.accounts.services import demo_open

    if demo_open():
        click.echo(
            "Or in the browser: run `keepwarm serve` and choose “Explore the demo” "
            f"to sign in as {user.username!r} (it has no password)."
        )
    else:
        click.echo(
            "The browser does not offer the demo on this server: accounts exist and "
            "KEEPWARM_PUBLIC_DEMO is off. Set KEEPWARM_PUBLIC_DEMO=true to offer "
            "“Explore the demo” on the sign-in page."
        )


def demo_counts(user: User) -> list[tuple[tuple[str, str], int]]:
    from keepwarm.contacts.models import Address, Person, Relationship
    from keepwarm.owned import owned
    from keepwarm.touches.models import Touch
    from keepwarm.touches.queries import open_follow_ups

    return [
        (("person", "people"), owned(Person, user).count()),
        (("address", "addresses"), owned(Address, user).count()),
        (("family or friend link", "family and friends links"), owned(Relationship, user).count()),
        (("touch", "touches"), owned(Touch, user).count()),
        (
            ("open follow-up", "open follow-ups"),
            open_follow_ups(user).count(),
        ),
    ]


def profile_data(profile: Any) -> dict[str, Any]:
    return {
        "user": profile.user.username,
        "email": profile.user.email,
        "weekly_budget_minutes": profile.weekly_budget_minutes,
        "home_city": profile.home_city,
        "country": profile.country,
        "region": profile.region,
        "time_zone": profile.time_zone,
        "week_start": profile.get_week_start_display().lower(),
    }


@click.command()
@click.option("--budget", type=int, metavar="MINUTES", help="Minutes a week for your network.")
@click.option("--city", help="Your home city (for coffee and lunch suggestions).")
@click.option("--country", metavar="CC", help="Two-letter country code: holidays, phone numbers.")
@click.option("--region", metavar="R", help="State or province code, for public holidays.")
@click.option("--timezone", metavar="TZ", help="An IANA time zone such as Europe/Berlin.")
@click.option("--week-start", type=click.Choice(list(WEEK_STARTS), case_sensitive=False))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object instead.")
@pass_app
def settings(app: App, as_json: bool, **changes: Any) -> None:
    """Show your settings, or change the ones given.

    \b
    Examples:
      keepwarm settings
      keepwarm settings --budget 90 --timezone Europe/Berlin
      keepwarm settings --country DE --region BY --city Munich --json
    """
    from keepwarm.cli.editing import update_profile
    from keepwarm.config import canonical_time_zone

    profile = app.profile
    fields = {
        "weekly_budget_minutes": changes["budget"],
        "home_city": changes["city"],
        "country": changes["country"],
        "region": changes["region"],
        "time_zone": changes["timezone"]
        and (canonical_time_zone(changes["timezone"]) or changes["timezone"]),
        "week_start": WEEK_STARTS.get((changes["week_start"] or "").lower()),
    }
    fields = {k: v for k, v in fields.items() if v is not None}
    if fields:
        update_profile(profile, fields)
    data = profile_data(profile)
    if as_json:
        output.print_json(data)
        return
    if fields:
        click.echo("Saved.", err=True)
    labels = [(k.replace("_", " "), v) for k, v in data.items()]
    output.console().print(output.fields(labels, skip_empty=False))

"""`keepwarm doctor`: check the set-up and explain each problem with its fix."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from keepwarm.cli.app import FAILURE, CliError, pending_migrations, setup_django
from keepwarm.lib.words import plural

# A check returns what it found (one line) and the problems, if any.
Finding = tuple[str, list[Any]]


def check_database() -> Finding:
    from django.db import DatabaseError, connection

    from keepwarm.mail.health import Problem

    where = connection.settings_dict.get("NAME")
    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        return "database", [
            Problem(
                "Cannot open the database",
                f"{connection.vendor} {where}: {exc}".strip(),
                "Check DATABASE_URL (or that KEEPWARM_DATA_DIR can be written) and that "
                "the database server is running.",
            )
        ]
    return f"{connection.vendor} database {where}", []


def check_migrations() -> Finding:
    from keepwarm.mail.health import Problem

    pending = pending_migrations()
    if not pending:
        return "the database is up to date", []
    return "migrations", [
        Problem(
            "The database is not up to date",
            f"Changes to the database waiting to be applied: {pending}.",
            "Run `keepwarm manage migrate`, or start `keepwarm serve` once (it migrates).",
        )
    ]


def check_email() -> Finding:
    from django.conf import settings

    from keepwarm.mail import health, outbox

    if not settings.EMAIL_HOST:
        return "email", [health.EMAIL_NOT_SET_UP]
    where = f"mail server {settings.EMAIL_HOST} port {settings.EMAIL_PORT}"
    try:
        connection = outbox.get_connection(fail_silently=False)
        connection.open()
        outbox.close_quietly(connection)
    except Exception as exc:  # every failure to connect is the problem reported
        return where, [
            health.Problem("Cannot use the mail server", outbox.describe(exc), smtp_fix(exc))
        ]
    return f"{where} accepts connections (sender {settings.DEFAULT_FROM_EMAIL})", (
        health.failed_problems()
    )


def smtp_fix(exc: Exception) -> str:
    import smtplib
    import ssl

    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return "Check the user name and password in EMAIL_URL (or KEEPWARM_SMTP_USER/PASSWORD)."
    if isinstance(
        exc, ssl.SSLError | smtplib.SMTPNotSupportedError | smtplib.SMTPServerDisconnected
    ):
        return (
            "Check the encryption: port 465 wants smtps:// (KEEPWARM_SMTP_SSL), port 587 "
            "wants smtp+tls:// (KEEPWARM_SMTP_TLS)."
        )
    return (
        "Check the host and port in EMAIL_URL (or KEEPWARM_SMTP_HOST/PORT), and that this "
        "machine may reach the mail server (firewalls often block port 25)."
    )


def check_worker() -> Finding:
    from keepwarm.mail.health import latest_heartbeat, worker_problems

    found = worker_problems()
    heartbeat = latest_heartbeat()
    if heartbeat is None:
        return "worker", found
    return f"worker {heartbeat.name} ran at {heartbeat.last_run_at:%Y-%m-%d %H:%M} UTC", found


def check_time_zones() -> Finding:
    import zoneinfo

    from django.conf import settings

    from keepwarm.accounts.models import Profile
    from keepwarm.config import canonical_time_zone
    from keepwarm.mail.health import Problem

    if not zoneinfo.available_timezones():
        return "time zones", [
            Problem(
                "No time zone database",
                "Python finds no IANA time zones, so local hours cannot be computed.",
                "Install the tzdata package (pip install tzdata, or your system's tzdata).",
            )
        ]
    zones = set(Profile.objects.values_list("time_zone", flat=True).distinct())
    unknown = sorted(zone for zone in zones if canonical_time_zone(zone) is None)
    if unknown:
        return "time zones", [
            Problem(
                "Unknown time zones",
                f"Accounts use time zones this machine does not know: {', '.join(unknown)}.",
                "Update the tzdata package, or have those users pick their zone again in Settings.",
            )
        ]
    return f"time zones known (default {settings.KEEPWARM_DEFAULT_TIME_ZONE})", []


CHECKS: tuple[tuple[str, Callable[[], Finding]], ...] = (
    ("Database", check_database),
    ("Migrations", check_migrations),
    ("Email", check_email),
    ("Worker", check_worker),
    ("Time zones", check_time_zones),
)


def run_checks() -> list[Any]:
    """Print one line per check; the problems found. The checks after a broken
    or outdated database are skipped: they read it."""
    problems: list[Any] = []
    blocked = False
    for label, check in CHECKS:
        if blocked:
            click.echo(f"-  {label}: skipped until the database is fixed")
            continue
        summary, found = check()
        click.echo(f"✗  {label}" if found else f"✓  {label}: {summary}")
        for problem in found:
            click.echo(f"     {problem.title}. {problem.detail}")
            click.echo(f"     Fix: {problem.fix}")
        problems.extend(found)
        blocked = bool(found) and label in {"Database", "Migrations"}
    return problems


@click.command()
def doctor() -> None:
    """Check the database, migrations, email (connects to the mail server), the
    worker's heartbeat and time zones; explain each problem with its fix.

    Exits 0 when all is well, 1 when something needs fixing.

    \b
    Example:
      keepwarm doctor
    """
    setup_django()
    problems = run_checks()
    if problems:
        count = len(problems)
        raise CliError(f"{plural(count, 'problem')} found (see above).", FAILURE)
    click.echo("All is well.")

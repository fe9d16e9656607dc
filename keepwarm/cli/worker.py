"""`keepwarm worker`: schedule due digests and send the outbox, once or in a loop."""

from __future__ import annotations

import signal
import threading
from types import FrameType

import click

from keepwarm.cli.app import CliError, pending_migrations, setup_django
from keepwarm.lib.words import plural


@click.command()
@click.option("--loop", is_flag=True, help="Keep running until stopped (Ctrl+C or SIGTERM).")
@click.option(
    "--interval",
    type=click.IntRange(10, 3600),
    metavar="SECONDS",
    help="Seconds between runs with --loop, and how often the heartbeat is expected "
    "[default: KEEPWARM_WORKER_INTERVAL, 60].",
)
@click.option(
    "--name",
    metavar="NAME",
    help="The worker's name in its heartbeat [default: worker@HOSTNAME].",
)
def worker(loop: bool, interval: int | None, name: str | None) -> None:
    """Send reminders: schedule due digests, then send every email that is due.

    `keepwarm serve` already runs this every minute, so a personal install needs
    nothing more. Run it on its own when the web server runs with --no-worker or
    as several processes: any number of workers may run at once, no email is
    sent twice. Without --loop it runs once (for cron or a systemd timer) and
    exits 1 when a step failed.

    \b
    Examples:
      keepwarm worker                  # once
      keepwarm worker --loop           # a daemon; stops cleanly on SIGTERM
      keepwarm worker --loop --interval 30
    """
    setup_django()
    from django.conf import settings

    from keepwarm.reminders.worker import default_name, run_forever, run_once

    if pending_migrations():
        raise CliError(
            "The database is not up to date: run `keepwarm manage migrate` "
            "(or start `keepwarm serve` once), then the worker."
        )
    name = (name or default_name("worker")).strip()[:100]
    interval = interval or settings.KEEPWARM_WORKER_INTERVAL
    if loop:
        stop = threading.Event()
        _stop_on_signals(stop)
        click.echo(
            f"The worker runs every {plural(interval, 'second')} (Ctrl+C to stop).", err=True
        )
        run_forever(stop, name, interval)
        click.echo("Worker stopped.", err=True)
        return
    result = run_once(name=name, interval=interval)
    click.echo(
        f"Scheduled {plural(result.scheduled, 'email')}, sent {plural(result.sent, 'email')}."
    )
    if result.error:
        raise CliError(result.error)


def _stop_on_signals(stop: threading.Event) -> None:
    def handle(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)

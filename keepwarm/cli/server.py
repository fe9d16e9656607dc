"""Running keepwarm: the web server, and Django's own commands for admins."""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from keepwarm.cli.app import CliError, migrate, setup_django

LOOPBACK_HOSTS = {"localhost"}


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def base_url(host: str, port: int) -> str:
    shown = host.strip("[]")
    if shown in {"0.0.0.0", "::"}:  # noqa: S104 - naming the wildcard, not binding to it
        shown = "localhost"
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


@contextlib.contextmanager
def startup_lock(folder: Path) -> Iterator[None]:
    """One process at a time prepares the database and static files.

    Several `keepwarm serve` processes sharing a data folder may start together.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: no concurrent starts to guard against
        yield
        return
    with (folder / "startup.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def static_fingerprint() -> str:
    """Names, sizes and times of the source static files, and the storage used."""
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    entries = []
    for finder in get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            info = os.stat(storage.path(path))
            entries.append(f"{path}\0{info.st_size}\0{info.st_mtime_ns}")
    digest = hashlib.sha256(str(settings.STORAGES["staticfiles"]).encode())
    for entry in sorted(entries):
        digest.update(entry.encode())
    return digest.hexdigest()


def collect_static() -> bool:
    """Copy static files to the data folder with hashed names, unless up to date.

    Returns whether it collected. A running server's files are left alone
    when nothing changed (another process may be serving them).
    """
    from django.conf import settings
    from django.core.management import call_command

    stamp = Path(settings.DATA_DIR) / "static.stamp"
    fingerprint = static_fingerprint()
    collected = Path(settings.STATIC_ROOT)
    if collected.is_dir() and stamp.is_file() and stamp.read_text() == fingerprint:
        return False
    try:
        call_command("collectstatic", interactive=False, verbosity=0)
    except (OSError, ValueError) as exc:
        raise CliError(f"Could not prepare the static files: {exc}") from None
    stamp.write_text(fingerprint)
    return True


def proxy_options(host: str, trusted_proxy: str | None) -> dict[str, object]:
    """Trust X-Forwarded-For/-Proto from the reverse proxy (only from it).

    Behind HTTPS the proxy must be able to say "this came in over https"; by
    default that is trusted only when keepwarm listens on a loopback address,
    where nothing but a local proxy can reach it.
    """
    from django.conf import settings

    if trusted_proxy is None and settings.HTTPS and is_loopback(host):
        trusted_proxy = "*"  # every peer of a loopback listener is on this machine
    if trusted_proxy is None:
        return {}
    return {
        "trusted_proxy": trusted_proxy,
        "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
        "trusted_proxy_count": 1,
    }


def warn_about_host(host: str) -> None:
    from django.conf import settings

    if not is_loopback(host) and settings.ALLOWED_HOSTS == ["127.0.0.1", "localhost", "[::1]"]:
        click.echo(
            "Note: only 127.0.0.1 and localhost are allowed host names. Set "
            "KEEPWARM_ALLOWED_HOSTS to the names this machine is reached by.",
            err=True,
        )


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port."
)
@click.option(
    "--trusted-proxy",
    metavar="ADDR",
    help="The reverse proxy allowed to set X-Forwarded-For and X-Forwarded-Proto. "
    "With KEEPWARM_HTTPS on and a loopback --host, any local proxy is trusted.",
)
@click.option(
    "--no-worker",
    is_flag=True,
    help="Do not send reminders from this process (run `keepwarm worker --loop` instead).",
)
def serve(host: str, port: int, trusted_proxy: str | None, no_worker: bool) -> None:
    """Start the web app: update the database, prepare static files and serve.

    It serves with waitress, a production WSGI server
    (KEEPWARM_THREADS threads), and runs the reminder worker in a thread every
    KEEPWARM_WORKER_INTERVAL seconds, so one process is a whole install. For many
    users, run several behind a reverse proxy (see docs/deploy.md); they may all
    run the worker, no email is sent twice.

    \b
    Examples:
      keepwarm serve
      keepwarm serve --port 8080
      KEEPWARM_HTTPS=true keepwarm serve --host 127.0.0.1 --port 8001
    """
    setup_django()
    from django.conf import settings
    from waitress.server import create_server

    with startup_lock(Path(settings.DATA_DIR)):
        migrate()
        collect_static()
    warn_about_host(host)
    from keepwarm.wsgi import application  # after collectstatic: whitenoise scans the folder

    try:
        server = create_server(
            application,
            host=host,
            port=port,
            threads=settings.KEEPWARM_THREADS,
            ident="keepwarm",
            max_request_body_size=max_body_bytes(),
            **proxy_options(host, trusted_proxy),
        )
    except OSError as exc:
        raise CliError(f"Cannot listen on {host} port {port}: {exc.strerror or exc}.") from None
    click.echo(f"keepwarm is running at {base_url(host, port)} (press Ctrl+C to stop)")
    worker = None if no_worker else start_worker()
    signal.signal(signal.SIGTERM, stop_on_sigterm)  # a service manager stops it cleanly
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
    finally:
        server.close()
        if worker is not None:
            worker.close()
        from keepwarm.plans import shared

        shared.give_back_all()  # plans being made here are made by the others at once


def max_body_bytes() -> int:
    """The largest request body the server reads (``KEEPWARM_UPLOAD_LIMIT_MB`` and
    1 MB for the form around the file): a larger one is answered 413 before it
    is received, not stored in full in a temporary file first."""
    from django.conf import settings

    return (int(settings.KEEPWARM_UPLOAD_LIMIT_MB) + 1) * 1024 * 1024


def stop_on_sigterm(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def start_worker() -> Any:
    """The reminder worker in a daemon thread of this process; stopped on shutdown."""
    from django.conf import settings

    from keepwarm.reminders.worker import WorkerThread

    worker = WorkerThread(settings.KEEPWARM_WORKER_INTERVAL)
    worker.start()
    return worker


@click.command(
    context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False},
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run one of Django's management commands, for admins.

    \b
    Examples:
      keepwarm manage check --deploy
      keepwarm manage migrate
      keepwarm manage changepassword alice
      keepwarm manage help
    """
    setup_django()
    from django.core.management import ManagementUtility

    ManagementUtility(["keepwarm manage", *(args or ["help"])]).execute()

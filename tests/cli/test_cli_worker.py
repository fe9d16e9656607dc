"""`keepwarm worker`: once by default, --loop until SIGTERM, clear errors."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from keepwarm.cli import cli
from keepwarm.mail import outbox
from keepwarm.mail.models import Heartbeat, OutboxMessage


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_worker_runs_once_sends_and_writes_its_heartbeat(alice, frozen, smtp_server):
    outbox.enqueue(alice, "greeting", "greeting:1", subject="Hi", text="Hello")
    result = run("worker", "--name", "cron@test", "--interval", "300")
    assert result.exit_code == 0, result.output
    assert "sent 1 email." in result.output
    assert OutboxMessage.objects.get().status == "sent"
    beat = Heartbeat.objects.get()
    assert (beat.name, beat.interval_seconds) == ("cron@test", 300)


def test_worker_without_a_mail_server_leaves_messages_waiting(alice, frozen, settings):
    settings.EMAIL_HOST = ""
    outbox.enqueue(alice, "greeting", "greeting:1", subject="Hi", text="Hello")
    result = run("worker")
    assert result.exit_code == 0, result.output
    assert "sent 0 emails." in result.output
    assert OutboxMessage.objects.get().status == "queued"


def test_worker_exits_1_when_a_step_failed(alice, frozen, settings, monkeypatch):
    settings.EMAIL_HOST = ""

    def broken(now):
        raise RuntimeError("the digest broke")

    monkeypatch.setattr("keepwarm.reminders.digest.schedule_due", broken)
    result = run("worker")
    assert result.exit_code == 1
    assert "keepwarm: Failed while scheduling digests: RuntimeError: the digest broke" in (
        result.stderr
    )
    assert Heartbeat.objects.get().last_error


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--interval", "5"], "5 is not in the range 10<=x<=3600"),
        (["--interval", "soon"], "'soon' is not a valid integer"),
        (["--loop", "--interval", "99999"], "99999 is not in the range"),
    ],
)
def test_worker_rejects_bad_options(db, args, message):
    result = run("worker", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_worker_help_explains_once_and_loop():
    result = run("worker", "--help")
    assert result.exit_code == 0
    assert "--loop" in result.output and "SIGTERM" in result.output


def keepwarm(tmp_path, *args: str, **kwargs) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEEPWARM_")}
    env.pop("DATABASE_URL", None)
    env["KEEPWARM_DATA_DIR"] = str(tmp_path / "data")
    return subprocess.Popen(
        [sys.executable, "-m", "keepwarm", *args],
        env=env,
        text=True,
        **({"stdout": subprocess.PIPE, "stderr": subprocess.PIPE} | kwargs),
    )


def test_worker_on_a_database_not_migrated_says_what_to_do(tmp_path):
    _out, err = keepwarm(tmp_path, "worker").communicate(timeout=120)
    assert "keepwarm: The database is not up to date: run `keepwarm manage migrate`" in err
    assert "Traceback" not in err


def test_worker_loop_runs_until_sigterm_and_stops_cleanly(tmp_path):
    assert keepwarm(tmp_path, "manage", "migrate").wait(timeout=300) == 0
    process = keepwarm(tmp_path, "worker", "--loop", "--interval", "10", "--name", "loop@test")
    try:
        assert "The worker runs every 10 seconds" in process.stderr.readline()
        database = tmp_path / "data" / "keepwarm.sqlite3"
        deadline = time.monotonic() + 60
        while not heartbeat_written(database):
            assert time.monotonic() < deadline, "the worker never wrote its heartbeat"
            time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "Worker stopped." in err
    assert "Traceback" not in err


def heartbeat_written(database) -> bool:
    import sqlite3

    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT name FROM reminders_heartbeat").fetchall()
    return rows == [("loop@test",)]


# --- the worker inside `keepwarm serve` ------------------------------------------------


@pytest.mark.parametrize("no_worker", [False, True])
def test_serve_runs_the_worker_in_process_unless_told_not_to(tmp_path, no_worker):
    from tests.serving import free_port, wait_for

    port = free_port()
    args = ["serve", "--port", str(port)] + (["--no-worker"] if no_worker else [])
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = keepwarm(tmp_path, *args, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/login/", process, log)
        database = tmp_path / "data" / "keepwarm.sqlite3"
        # The worker's first run is at start-up: poll generously for it; without
        # a worker, a few seconds more show that nothing came.
        deadline = time.monotonic() + (3 if no_worker else 120)
        while not heartbeat_names(database) and time.monotonic() < deadline:
            time.sleep(0.2)
        names = heartbeat_names(database)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, log.read_text()  # SIGTERM stops it cleanly
    assert "Traceback" not in log.read_text()
    assert names == ([] if no_worker else [f"serve@{socket.gethostname().split('.')[0]}"])


def heartbeat_names(database) -> list[str]:
    import sqlite3

    with sqlite3.connect(database) as db:
        return [name for (name,) in db.execute("SELECT name FROM reminders_heartbeat")]

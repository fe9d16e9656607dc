"""The worker: one run schedules and sends, then writes its heartbeat; errors are
kept, not fatal; the thread inside `keepwarm serve` stops cleanly; and two
workers running at once never send the same message (real processes against
the same database: PostgreSQL through DATABASE_URL in CI, else SQLite)."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

from django.db import connection

from keepwarm.mail import outbox
from keepwarm.mail.models import Heartbeat, OutboxMessage
from keepwarm.reminders import worker
from tests import smtp
from tests.serving import free_port

T0 = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def test_a_run_sends_what_is_due_and_writes_the_heartbeat(alice, frozen, smtp_server):
    outbox.enqueue(alice, "greeting", "greeting:1", subject="Hi", text="Hello")
    result = worker.run_once(name="worker@test", interval=120)
    assert (result.sent, result.error) == (1, "")
    assert len(smtp_server.messages) == 1
    beat = Heartbeat.objects.get(name="worker@test")
    assert (beat.last_run_at, beat.interval_seconds, beat.last_error) == (T0, 120, "")


def test_a_second_run_moves_the_heartbeat_on_and_keeps_one_row(alice, frozen, smtp_server):
    worker.run_once(name="worker@test")
    frozen.shift(dt.timedelta(minutes=1))
    worker.run_once(name="worker@test")
    [beat] = Heartbeat.objects.all()
    assert beat.last_run_at == T0 + dt.timedelta(minutes=1)
    assert beat.interval_seconds == 60  # KEEPWARM_WORKER_INTERVAL's default


def test_a_failing_step_is_kept_in_the_heartbeat_and_sending_still_runs(
    alice, frozen, smtp_server, monkeypatch
):
    def broken(now):
        raise RuntimeError("the digest broke")

    monkeypatch.setattr("keepwarm.reminders.digest.schedule_due", broken)
    outbox.enqueue(alice, "greeting", "greeting:1", subject="Hi", text="Hello")
    result = worker.run_once(name="worker@test")
    assert result.sent == 1
    assert "Failed while scheduling digests: RuntimeError: the digest broke" in result.error
    assert "the digest broke" in Heartbeat.objects.get().last_error


def test_the_run_calls_the_digest_with_its_time(alice, frozen, monkeypatch, settings):
    settings.EMAIL_HOST = ""
    seen = []
    monkeypatch.setattr("keepwarm.reminders.digest.schedule_due", lambda now: seen.append(now) or 2)
    assert worker.run_once(T0 + dt.timedelta(hours=1)).scheduled == 2
    assert seen == [T0 + dt.timedelta(hours=1)]


def test_the_worker_thread_runs_at_once_and_stops_on_close(transactional_db, settings):
    settings.EMAIL_HOST = ""
    thread = worker.WorkerThread(interval=3600, name="serve@test")
    thread.start()
    # Wait on the thread's own signal, not by reading the table it writes: two
    # connections to SQLite's shared in-memory test database lock each other.
    assert thread.ran.wait(timeout=120), "the worker thread never ran"
    thread.close(timeout=60)
    assert not thread.thread.is_alive()
    assert thread.thread.daemon
    assert Heartbeat.objects.filter(name="serve@test").exists()


# --- two workers at once ----------------------------------------------------------

WORKER_SCRIPT = """
import os, sys, time, pathlib
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "keepwarm.settings"
django.setup()
from keepwarm.mail.outbox import send_due
print("ready", flush=True)
go = pathlib.Path(sys.argv[2])
while not go.exists():
    time.sleep(0.005)
print(send_due(worker=sys.argv[1], limit=1000), flush=True)
"""
MESSAGES = 40


def shared_database(tmp_path: Path) -> tuple[str, Path | None]:
    """A DATABASE_URL other processes can open with the test's rows in it: the
    PostgreSQL test database itself, or a file copy of SQLite's in-memory one."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        port = f":{db['PORT']}" if db.get("PORT") else ""
        return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}{port}/{db['NAME']}", None
    assert connection.vendor == "sqlite"
    copy = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(copy) as target:
        connection.connection.backup(target)
        # WAL from the start, as a migrated database is: two workers connecting
        # at once would otherwise both switch the journal mode, and one of
        # them can be refused "database is locked" without waiting.
        target.execute("PRAGMA journal_mode=WAL")
    target.close()
    return f"sqlite:///{copy}", copy


def statuses(copy: Path | None) -> Counter[str]:
    if copy is None:
        return Counter(OutboxMessage.objects.values_list("status", flat=True))
    with sqlite3.connect(copy) as db:
        rows = db.execute("SELECT status FROM reminders_outboxmessage").fetchall()
    return Counter(status for (status,) in rows)


def start_worker(name: str, go: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WORKER_SCRIPT, name, str(go)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_workers_at_once_never_send_a_message_twice(transactional_db, alice, tmp_path):
    server = smtp.SmtpServer(free_port())
    server.inbox.delay = 0.02  # a slow server: both workers are busy at the same time
    server.start()
    try:
        keys = [f"greeting:{alice.pk}:{i}" for i in range(MESSAGES)]
        for key in keys:
            outbox.enqueue(alice, "greeting", key, subject=key, text="Hello")
        url, copy = shared_database(tmp_path)
        env = {k: v for k, v in os.environ.items() if not k.startswith("KEEPWARM_")}
        env |= {
            "DATABASE_URL": url,
            "KEEPWARM_DATA_DIR": str(tmp_path / "data"),
            "EMAIL_URL": server.url,
            "KEEPWARM_EMAIL_FROM": "keepwarm@example.org",
        }
        go = tmp_path / "go"
        workers = [start_worker(name, go, env) for name in ("one", "two")]
        for process in workers:
            assert process.stdout.readline().strip() == "ready", process.stderr.read()
        go.touch()
        outputs = [process.communicate(timeout=120) for process in workers]
    finally:
        server.stop()
    for process, (_out, err) in zip(workers, outputs, strict=True):
        assert process.returncode == 0, err
    sent = [int(out.strip()) for out, _ in outputs]
    assert sum(sent) == MESSAGES
    assert all(sent), f"one worker sent everything ({sent}): they did not overlap"
    received = Counter(m["Subject"] for m in server.messages)
    assert received == Counter(keys)  # each message exactly once
    assert len({m["Message-ID"] for m in server.messages}) == MESSAGES
    assert statuses(copy) == Counter({"sent": MESSAGES})

"""Real keepwarm processes on the test's own database, killed with SIGKILL at a
chosen moment (tests/test_faults.py).

``SharedDatabase`` lets other processes open the test's database: PostgreSQL's
test database itself (through DATABASE_URL), or a file copy of SQLite's
in-memory one that ``pull`` copies back after the processes ran, so that the
test reads what they left with the ORM. A moment is a predicate polled while
the process runs, each from what the database shows another connection, never
from a fixed sleep:

- ``connected``: the process has opened the database (early, before any write);
- ``WriteWatch.writing``: a write transaction has been open for ``HELD``
  seconds (on SQLite another connection cannot take the write lock; on
  PostgreSQL a backend holds the same transaction id);
- ``WriteWatch.finished``: such a long write transaction has just ended.

``HeldInbox`` is an SMTP server that holds its answer to one message until the
test has killed the sender: the kill lands between the mail server receiving a
message and the worker hearing that it was accepted; ``queue_greetings`` fills
the outbox for it. The ``share`` fixture (tests/conftest.py) hands a test's rows
to the processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import email
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from email import policy
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import connection

from keepwarm.contacts.services import create_person
from keepwarm.mail import outbox
from keepwarm.mail.models import OutboxMessage, settings_of
from keepwarm.occasions.greetings import greeting_key
from tests.smtp import Inbox

HELD = 0.025
"""Seconds a write transaction is seen open before it counts as the long one
(an import's or a restore's), not a row made on the way."""
POLL = 0.002
WAIT = 120
"""Seconds a process may take to reach a moment or to end, on a slow machine."""


class SharedDatabase:
    """The test's database, opened by the processes the test starts."""

    def __init__(self, tmp_path: Path) -> None:
        self.folder = tmp_path
        self.data = tmp_path / "data"
        self.processes: list[subprocess.Popen[bytes]] = []
        self._probe: sqlite3.Connection | None = None
        self._reader: sqlite3.Connection | None = None
        connection.ensure_connection()
        if connection.vendor == "postgresql":
            db = connection.settings_dict
            port = f":{db['PORT']}" if db.get("PORT") else ""
            self.file: Path | None = None
            self.url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}{port}/{db['NAME']}"
        else:
            assert connection.vendor == "sqlite"
            self.file = tmp_path / "keepwarm.sqlite3"
            self.url = f"sqlite:///{self.file}"
        self.push()

    @property
    def postgres(self) -> bool:
        return self.file is None

    # --- the rows: the test's connection and the processes' database ----------

    def push(self) -> None:
        """Give the processes the rows the test made (SQLite: copy them to the file)."""
        if self.file is None:
            return
        self._close_connections()
        with contextlib.closing(sqlite3.connect(self.file)) as target:
            connection.connection.backup(target)
            # WAL, as a migrated database is: two connections switching the
            # journal mode at once can refuse each other.
            target.execute("PRAGMA journal_mode=WAL")

    def pull(self) -> None:
        """Let the test's ORM read what the processes left (SQLite: copy it back)."""
        if self.file is None:
            return
        self._close_connections()
        with contextlib.closing(sqlite3.connect(self.file)) as source:
            source.backup(connection.connection)

    def check_integrity(self) -> None:
        """The database is sound after a kill: SQLite's own checks of the file,
        then, on either database, no row pointing at a row that is not there.
        Leaves the processes' rows readable by the test (``pull``)."""
        if self.file is not None:
            self._close_connections()
            with contextlib.closing(sqlite3.connect(self.file)) as db:
                assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
                assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        self.pull()
        assert dangling_references() == []

    # --- processes -------------------------------------------------------------

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("KEEPWARM_")}
        for name in ("DATABASE_URL", "EMAIL_URL"):
            env.pop(name, None)
        return env | {"DATABASE_URL": self.url, "KEEPWARM_DATA_DIR": str(self.data), **extra}

    def start(self, *args: str, log: str, **env: str) -> subprocess.Popen[bytes]:
        """``keepwarm ARGS`` in a process of its own; its output goes to ``log``."""
        with (self.folder / log).open("ab") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "keepwarm", *args],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=self.env(**env),
            )
        self.processes.append(process)
        return process

    def run(self, *args: str, log: str, **env: str) -> str:
        """``keepwarm ARGS`` to its end, which must be a success; its output."""
        process = self.start(*args, log=log, **env)
        try:
            process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail(f"keepwarm {' '.join(args)} ran over {WAIT}s:\n{self.log(log)}")
        assert process.returncode == 0, self.log(log)
        return self.log(log)

    def log(self, name: str) -> str:
        return (self.folder / name).read_text(errors="replace")

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        """SIGKILL: no handler, no clean-up, no commit. Then wait until the
        database has let go of what the process held (PostgreSQL ends the
        killed client's backend, rolling its transaction back, on its own time)."""
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=WAIT)
        if not self.postgres:
            return
        deadline = time.monotonic() + WAIT
        while self._other_backends():
            assert time.monotonic() < deadline, "the killed process's backend stayed"
            time.sleep(0.05)

    def close(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait()
        self._close_connections()

    # --- what the database shows of a process ---------------------------------

    def connected(self, process: subprocess.Popen[bytes]) -> bool:
        """Has ``process`` opened the database? (SQLite: its open files, from Linux's /proc.)"""
        if self.postgres:
            return self._other_backends() > 0
        folder = Path(f"/proc/{process.pid}/fd")
        names = {str(self.file), f"{self.file}-wal"}
        try:
            return any(os.readlink(fd) in names for fd in folder.iterdir())
        except (FileNotFoundError, ProcessLookupError):  # it ended, or closed one just now
            return False

    def writer(self) -> str | None:
        """Which write transaction is open now, or None."""
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pid, backend_xid::text FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    "AND backend_xid IS NOT NULL ORDER BY pid LIMIT 1"
                )
                row = cursor.fetchone()
            return None if row is None else f"{row[0]}:{row[1]}"
        if self._probe is None:
            self._probe = sqlite3.connect(self.file, timeout=0, isolation_level=None)
        # Take the write lock without waiting, and let it go at once: a writer
        # that wants it meanwhile waits a millisecond (its busy timeout).
        try:
            self._probe.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:  # "database is locked": another writer has it
            return "the write lock"
        self._probe.execute("ROLLBACK")
        return None

    def value(self, sql: str, *params: Any) -> Any:
        """The first column of the first row of a read, as another connection
        sees the database now (while the processes run: no ``pull`` needed)."""
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                row = cursor.fetchone()
        else:
            if self._reader is None:
                self._reader = sqlite3.connect(self.file, timeout=30, isolation_level=None)
            row = self._reader.execute(sql.replace("%s", "?"), params).fetchone()
        return None if row is None else row[0]

    def _other_backends(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return int(cursor.fetchone()[0])

    def _close_connections(self) -> None:
        for opened in (self._probe, self._reader):
            if opened is not None:
                opened.close()
        self._probe = self._reader = None


class WriteWatch:
    """Follows the write transactions of the database while a process runs."""

    def __init__(self, db: SharedDatabase) -> None:
        self.db = db
        self.current: str | None = None
        self.since = 0.0
        self.long_one_ended = False

    def _look(self) -> bool:
        """True while a transaction open for ``HELD`` seconds or more is still open."""
        now = time.monotonic()
        writer = self.db.writer()
        if writer is not None and writer != self.current:
            self.current, self.since = writer, now
        elif writer is None and self.current is not None:
            self.long_one_ended |= now - self.since >= HELD
            self.current = None
        return self.current is not None and now - self.since >= HELD

    def writing(self) -> bool:
        return self._look()

    def finished(self) -> bool:
        self._look()
        return self.long_one_ended


def kill_when(
    db: SharedDatabase, process: subprocess.Popen[bytes], reached: Callable[[], bool]
) -> bool:
    """SIGKILL ``process`` as soon as ``reached()``; False if it ended before."""
    deadline = time.monotonic() + WAIT
    while process.poll() is None:
        if reached():
            alive = process.poll() is None
            db.kill(process)
            return alive
        if time.monotonic() > deadline:
            db.kill(process)
            pytest.fail(f"the moment to kill never came in {WAIT}s")
        time.sleep(POLL)
    return False


def dangling_references() -> list[str]:
    """Every foreign key value with no row behind it, as "table.column: count"."""
    found = []
    tables = set(connection.introspection.table_names())
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy or model._meta.db_table not in tables:
            continue
        for field in model._meta.concrete_fields:
            if not field.many_to_one and not field.one_to_one:
                continue
            target = field.related_model._base_manager.values(field.target_field.attname)
            rows = model._base_manager.filter(**{f"{field.attname}__isnull": False})
            count = rows.exclude(**{f"{field.attname}__in": target}).count()
            if count:
                found.append(f"{model._meta.db_table}.{field.column}: {count}")
    return found


class HeldInbox(Inbox):
    """An SMTP server's handler that answers the ``hold``-th message only when
    ``release`` is set, long after its sender was killed. With ``accept`` the
    server keeps that message (it got it whole: the window for a duplicate);
    without, it drops it (as if the sender died before the end of its data)."""

    def __init__(self, hold: int, *, accept: bool) -> None:
        super().__init__()
        self.hold, self.accept = hold, accept
        self.received = 0
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received += 1
        if self.received != self.hold:
            return await super().handle_DATA(server, session, envelope)
        if self.accept:
            message = email.message_from_bytes(envelope.content, policy=policy.default)
            self.messages.append(message)  # type: ignore[arg-type]
        self.holding.set()
        for _ in range(int(WAIT / 0.01)):
            if self.release.is_set():
                break
            await asyncio.sleep(0.01)
        return "250 2.0.0 Message accepted for delivery" if self.accept else "451 4.3.0 Lost"


# --- a send batch ----------------------------------------------------------------

PER_USER = 3


def queue_greetings(users) -> list[OutboxMessage]:
    """Three birthday greetings from each user, queued for the worker. Digests,
    daily emails and automatic greetings are off: the outbox holds these only."""
    queued = []
    for user in users:
        found = settings_of(user)
        found.emails_on = found.daily_email = found.birthday_autosend = False
        found.save()
        for n in range(PER_USER):
            friend = create_person(user, f"Friend {n} of {user.username}")
            key = greeting_key(friend, "birthday", dt.date(2026, 11, 25))
            text = f"Happy birthday, friend {n}!"
            to = f"friend{n}.of.{user.username}@example.net"
            queued.append(outbox.enqueue(user, "greeting", key, subject=key, text=text, to=to))
    return queued

"""The worker: one run schedules what is due (digests, daily emails) and sends
the outbox, then writes its heartbeat. ``keepwarm worker`` runs it once (or in a
loop); ``keepwarm serve`` runs it in a thread."""

from __future__ import annotations

import datetime as dt
import logging
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from keepwarm.mail.models import Heartbeat

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunResult:
    scheduled: int = 0
    sent: int = 0
    error: str = ""


def default_name(role: str) -> str:
    """``serve@host`` or ``worker@host``: one heartbeat row per role and machine."""
    return f"{role}@{socket.gethostname().split('.')[0]}"[:100]


def run_once(
    now: dt.datetime | None = None, name: str = "worker", *, interval: int | None = None
) -> RunResult:
    """Schedule due digests and birthday greetings, send due messages, forget
    dismissed banners when all is well, then say so in the heartbeat.

    A failure in either step is logged and kept in the heartbeat (the doctor and
    the outbox page show it); it never stops the other step or the loop.
    """
    from keepwarm.mail import health, outbox
    from keepwarm.occasions import autosend
    from keepwarm.reminders import digest

    now = now or timezone.now()
    errors: list[str] = []
    scheduled = _step("scheduling digests", lambda: digest.schedule_due(now), errors)
    scheduled += _step(
        "queueing birthday greetings", lambda: autosend.send_due_greetings(now), errors
    )
    sent = _step("sending email", lambda: outbox.send_due(now, worker=name), errors)
    if not errors and not health.email_problems():  # all is well: banners may come back
        _step("forgetting dismissed banners", health.forget_dismissals, errors)
    beat(name, now, interval or settings.KEEPWARM_WORKER_INTERVAL, " ".join(errors))
    if scheduled or sent:
        log.info("The worker scheduled %d and sent %d emails", scheduled, sent)
    return RunResult(scheduled=scheduled, sent=sent, error=" ".join(errors))


def _step(what: str, action: Callable[[], int], errors: list[str]) -> int:
    try:
        return int(action())
    except Exception as exc:  # the worker goes on; the heartbeat carries the error
        log.exception("The worker failed while %s", what)
        errors.append(f"Failed while {what}: {type(exc).__name__}: {exc}"[:1000])
        return 0


def beat(name: str, now: dt.datetime, interval: int, error: str = "") -> None:
    Heartbeat.objects.update_or_create(
        name=name,
        defaults={"last_run_at": now, "interval_seconds": interval, "last_error": error},
    )


def run_forever(
    stop: threading.Event, name: str, interval: int, ran: threading.Event | None = None
) -> None:
    """Run every ``interval`` seconds until ``stop`` is set (first run at once);
    ``ran`` is set after each run."""
    while not stop.is_set():
        close_old_connections()
        try:
            run_once(name=name, interval=interval)
        except Exception:  # the database went away: say so, try again next time
            log.exception("The worker could not run")
        finally:
            close_old_connections()
            if ran is not None:
                ran.set()
        stop.wait(interval)


class WorkerThread:
    """The worker inside ``keepwarm serve``: a daemon thread stopped on shutdown."""

    def __init__(self, interval: int, name: str | None = None) -> None:
        self.stop = threading.Event()
        self.ran = threading.Event()  # set after each run: shutdown and tests wait on it
        self.interval = interval
        self.name = name or default_name("serve")
        self.thread = threading.Thread(
            target=run_forever,
            args=(self.stop, self.name, interval, self.ran),
            name="keepwarm-worker",
        )
        self.thread.daemon = True

    def start(self) -> None:
        self.thread.start()

    def close(self, timeout: float = 30) -> None:
        """Let a run in progress finish (a message being sent), then stop."""
        self.stop.set()
        self.thread.join(timeout)

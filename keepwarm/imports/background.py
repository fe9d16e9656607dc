"""A large upload is previewed and imported in a thread, with progress on its page.

A file of a few hundred contacts is previewed and imported while the page
waits. A larger one (over ``INLINE_BYTES``) takes from seconds to minutes, more
than a request should: the work runs in a thread of the process that took
the request, and the upload's page shows how far it got (``state``,
``done_count`` of ``total_count``), asking again every second.

Each account has one upload worked on at a time (another waits for it), and a
process works on ``TURNS`` at once (the others wait for a turn, their
heartbeat going): a large import holds its people in memory until it is
written, so a few at once are what a server can hold.

The work writes nothing until its end (``unlocked``), so a process that dies
mid-way leaves the network as it was. Its upload then still says it is being
worked on, but its heartbeat (``beat_at``) grows old: after ``STALLED_AFTER``
its page says the work stopped and offers to start it again. Starting is a
conditional update, so two clicks (or two processes) start it once.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone

from keepwarm.accounts.models import zone_of
from keepwarm.imports import pending
from keepwarm.imports.models import PendingImport
from keepwarm.imports.unlocked import Busy

logger = logging.getLogger(__name__)

State = PendingImport.State
WORKING = (State.PREVIEWING, State.IMPORTING)
INLINE_BYTES = 256 * 1024
"""Uploads up to this size (about 500 contacts) are worked on while the page waits."""
BEAT_EVERY = 1.0
"""Seconds between two writes of the progress (and heartbeat)."""
STALLED_AFTER = dt.timedelta(minutes=2)
"""A heartbeat this old means the process working on the upload is gone (the
longest silent step, the write at the end, takes seconds)."""

TURNS = 2
"""Uploads one process works on at once."""
_turns = threading.BoundedSemaphore(TURNS)

_threads: list[threading.Thread] = []
"""Threads started by this process (``wait`` joins them: tests, shutdown)."""


def in_background(job: PendingImport) -> bool:
    return len(job.data) > INLINE_BYTES


def working(job: PendingImport) -> bool:
    """The upload is being previewed or imported, by a process that is still alive."""
    return job.state in WORKING and not stalled(job)


def stalled(job: PendingImport) -> bool:
    """Worked on by a process that stopped (killed, restarted) before it finished."""
    beat = job.beat_at or job.created_at
    return job.state in WORKING and timezone.now() - beat > STALLED_AFTER


def start(job: PendingImport, state: str) -> bool:
    """Claim the upload for ``state`` and work on it in a thread once the claim
    is committed; False when it is already being worked on, or another upload
    of the same account is (``other``)."""
    if other(job) is not None:
        return False
    now = timezone.now()
    free = Q(state__in=[State.WAITING, State.FAILED]) | Q(
        state__in=WORKING, beat_at__lt=now - STALLED_AFTER
    )
    claimed = (
        PendingImport.objects.filter(pk=job.pk)
        .filter(free)
        .update(state=state, beat_at=now, done_count=0, total_count=0, outcome="")
    )
    if not claimed:
        return False
    job.state, job.beat_at, job.done_count, job.total_count, job.outcome = state, now, 0, 0, ""
    thread = threading.Thread(
        target=_work, args=(job.pk, state), name=f"import-{job.pk}", daemon=True
    )
    _threads[:] = [t for t in _threads if t.is_alive()]
    _threads.append(thread)
    transaction.on_commit(thread.start)
    return True


def wait_again(job: PendingImport) -> None:
    """A failed upload, or one whose process stopped (``stalled``), waits again:
    its preview or import can be started anew."""
    PendingImport.objects.filter(pk=job.pk, state=job.state).update(state=State.WAITING)
    job.state = State.WAITING


def other(job: PendingImport) -> PendingImport | None:
    """Another upload of the same account being worked on now, if there is one."""
    fresh = timezone.now() - STALLED_AFTER
    working_now = PendingImport.objects.filter(
        owner_id=job.owner_id, state__in=WORKING, beat_at__gte=fresh
    )
    return working_now.exclude(pk=job.pk).only("file_name").first()


def wait(timeout: float | None = None) -> None:
    """Wait for the work this process started (tests; a server stopping)."""
    for thread in list(_threads):
        if thread.ident is not None:
            thread.join(timeout)


class _Beat:
    """The progress callback: writes how far the work got, at most once a second."""

    def __init__(self, pk: int, state: str) -> None:
        self.pk, self.state, self.last = pk, state, 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < BEAT_EVERY and (done < total or not total):
            return
        self.last = now
        mine = PendingImport.objects.filter(pk=self.pk, state=self.state)
        try:
            mine.update(done_count=done, total_count=total, beat_at=timezone.now())
        except DatabaseError:  # the database is busy: the next beat says it
            if connection.in_atomic_block:
                raise
            logger.warning("progress of upload %s not written: the database is busy", self.pk)


def _work(pk: int, state: str) -> None:
    close_old_connections()
    try:
        job = PendingImport.objects.select_related("owner__profile", "circle").get(
            pk=pk, state=state
        )
    except PendingImport.DoesNotExist:  # cancelled meanwhile
        connection.close()
        return
    # The day and dates of the work are the owner's, as on their pages: a
    # preview made here is kept for the page only if both say the same day.
    timezone.activate(zone_of(job.owner))
    beat = _Beat(pk, state)
    while not _turns.acquire(timeout=BEAT_EVERY):  # the process's other uploads first
        beat(0, 0)
    try:
        if state == State.PREVIEWING:
            pending.preview(job, progress=beat)
            _end(pk, state, State.WAITING, "")
        else:
            pending.apply(job, progress=beat)  # marks it done in the import's transaction
    except Busy as error:  # the account kept changing: nothing written, to try again
        _end(pk, state, State.FAILED, f"Nothing was imported from {job.file_name}: {error}")
    except (ValueError, ValidationError) as error:  # FormatError: the file, with its line
        _end(pk, state, State.FAILED, f"{job.file_name} cannot be imported: {problem(error)}")
    except Exception:
        logger.exception("the work on upload %s failed", pk)
        _end(
            pk,
            state,
            State.FAILED,
            f"Something went wrong on the server while working on {job.file_name}; "
            "nothing was imported. Try again, or tell whoever runs this server.",
        )
    finally:
        _turns.release()
        timezone.deactivate()
        connection.close()


def problem(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _end(pk: int, was: str, state: str, outcome: str) -> None:
    PendingImport.objects.filter(pk=pk, state=was).update(
        state=state, outcome=outcome, beat_at=timezone.now()
    )


def progress_of(job: PendingImport) -> dict[str, Any]:
    """What the page shows of the work: the numbers, and a percentage."""
    total = job.total_count
    percent = round(100 * job.done_count / total) if total else 0
    return {"done": job.done_count, "total": total, "percent": percent}

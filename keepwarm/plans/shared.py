"""Plans shared by the server processes through the database: one process makes
a user's new plan (holding a lease on the user's ``StoredPlan`` row), stores it
pickled and compressed, and the others load it instead of making it again.

Works alike on SQLite and PostgreSQL, for processes on one machine or several:
the lease is one conditional ``UPDATE`` (the row is claimed only when no lease
runs, or the last one lapsed: a process that died while planning holds it
``LEASE`` at most). Used only outside a transaction, where the claim is seen at
once by the other processes and a plan is never stored for data that is then
rolled back (inside one, as in the suite's ordinary tests, each process makes
its own plan as before).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import math
import pickle
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import IntegrityError, connection
from django.db.models import Q
from django.utils import timezone

from keepwarm.lib import collector
from keepwarm.plans.models import StoredPlan

LEASE = dt.timedelta(minutes=2)
"""How long a process may take to make a plan before another may make it."""
WAIT = (600, 0.05)
"""A request that needs the plan another process is making asks the store at
most this many times, this many seconds apart (30 s), before making it itself…"""
PATIENCE = (5.0, 4.0)
"""…and no longer than this many seconds, or this many times as long as the
user's last plan took to make when that is longer: a process killed while
making one (its lease still running) keeps the others' pages waiting seconds,
not half a minute."""

log = logging.getLogger(__name__)


def code_digest(parts: tuple[str, ...]) -> str:
    """A digest of the code of these packages of keepwarm, as it is on disk: what
    is kept in the database by one version is not read by another."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for part in parts:
        for path in sorted((root / part).glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


CODE_PARTS = ("lib", "planner", "plans", "contacts", "touches", "occasions")
"""Where the planner's code and what feeds it live: the snapshot reads people,
touches, trips and gatherings through these apps' models and helpers."""
CODE = code_digest(CODE_PARTS)
"""A digest of that code, taken when the process starts: a plan stored by other
code (before an upgrade, or a process started before one) is not loaded."""


def code() -> str:
    return CODE


def usable() -> bool:
    """Outside a transaction: what is claimed and stored is seen by the others at once."""
    return not connection.in_atomic_block


@dataclass(frozen=True)
class Loaded:
    plan: Any
    made: dt.datetime
    took: float


def load(user_id: int, weeks: int, key: str) -> Loaded | None:
    """The plan stored under ``key``, if it is (and still loads)."""
    row = (
        StoredPlan.objects.filter(user_id=user_id, weeks=weeks, key=f"{key}:{code()}")
        .values_list("data", "made", "took")
        .first()
    )
    if row is None:
        return None
    data, made, took = row
    try:
        with collector.paused():  # a full collection more than doubled a load
            plan = pickle.loads(zlib.decompress(bytes(data)))  # noqa: S301 - our own rows
    except Exception:  # a plan stored by other code, or damaged: make it again
        log.warning("the stored plan of user %s could not be loaded", user_id, exc_info=True)
        return None
    return Loaded(plan, made, took)


def patience(user_id: int, weeks: int) -> int:
    """How many times (``WAIT``) to ask for the plan another process is making."""
    took = StoredPlan.objects.filter(user_id=user_id, weeks=weeks).values_list("took", flat=True)
    least, times = PATIENCE
    tries, pause = WAIT
    if pause <= 0:
        return tries
    return min(tries, math.ceil(max(least, times * (took.first() or 0.0)) / pause))


_leases: set[tuple[int, int, dt.datetime]] = set()
"""The leases this process holds, given back when it stops (``give_back_all``)."""
_leases_lock = threading.Lock()


def give_back_all() -> None:
    """Give back every lease this process holds (a server stopping mid-plan): the
    other processes make those plans at once instead of waiting for them."""
    with _leases_lock:
        held = list(_leases)
    for user_id, weeks, lease in held:
        release(user_id, weeks, lease)


def claim(user_id: int, weeks: int) -> dt.datetime | None:
    """Take the lease on making the user's next plan, unless another process
    holds it (and it has not lapsed): its end, which names it, or None."""
    now = timezone.now()
    until = now + LEASE
    rows = StoredPlan.objects.filter(user_id=user_id, weeks=weeks)
    free = Q(building_until__isnull=True) | Q(building_until__lt=now)
    if rows.filter(free).update(building_until=until) == 1:
        return _holding(user_id, weeks, until)
    if rows.exists():
        return None  # held
    with contextlib.suppress(IntegrityError):  # unless made by another process just now
        StoredPlan.objects.create(user_id=user_id, weeks=weeks, building_until=until)
        return _holding(user_id, weeks, until)
    return None


def _holding(user_id: int, weeks: int, lease: dt.datetime) -> dt.datetime:
    with _leases_lock:
        _leases.add((user_id, weeks, lease))
    return lease


def _given_back(user_id: int, weeks: int, lease: dt.datetime) -> None:
    with _leases_lock:
        _leases.discard((user_id, weeks, lease))


def _held(user_id: int, weeks: int, lease: dt.datetime) -> Any:
    """The row while this lease is still its own (one that lapsed and was taken
    over is not: the next holder's plan and lease are left alone)."""
    return StoredPlan.objects.filter(user_id=user_id, weeks=weeks, building_until=lease)


def store(user_id: int, weeks: int, key: str, entry: Any, lease: dt.datetime) -> None:
    """Keep the plan (``entry``: plan, made, took) for the other processes and give
    the lease back; when storing fails, the lease is given back all the same and
    the plan, made and kept here, still serves."""
    try:
        with collector.paused():  # a full collection more than doubled a load
            data = zlib.compress(pickle.dumps(entry.plan, protocol=pickle.HIGHEST_PROTOCOL), 1)
        _held(user_id, weeks, lease).update(
            key=f"{key}:{code()}",
            data=data,
            made=entry.made,
            took=entry.took,
            building_until=None,
        )
        _given_back(user_id, weeks, lease)
    except Exception:
        log.warning("the plan of user %s could not be stored", user_id, exc_info=True)
        release(user_id, weeks, lease)


def release(user_id: int, weeks: int, lease: dt.datetime) -> None:
    """Give the lease back without a plan (making or storing it failed)."""
    try:
        _held(user_id, weeks, lease).update(building_until=None)
        _given_back(user_id, weeks, lease)
    except Exception:  # it lapses on its own
        log.warning("the plan lease of user %s could not be given back", user_id, exc_info=True)

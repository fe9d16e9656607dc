"""Work out a large change with reads only, then write it in one short transaction.

On SQLite a transaction begins by taking the whole database's write lock, and
on any database a long one holds its rows: an import that matched and merged
ten thousand contacts inside its transaction made every other account's saves
wait, then fail. So an import works everything out first, outside any
transaction, and keeps what it would write; the write is one transaction of
bulk statements, a small part of the time.

Nothing the work read may have changed by then: the user's ``tracked_version``
(which every change to people, touches, kinds and tags moves, in the same
transaction as the change) is read before the work and again, locked, when
the write begins. If it moved, the work is done again; after ``ATTEMPTS`` it
is done inside the transaction, as the last resort of a user who keeps
editing while a large file imports.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import transaction

from keepwarm.planning.services import tracked_version

ATTEMPTS = 3
W = TypeVar("W")
R = TypeVar("R")


def worked_out_then_written(user: Any, work: Callable[[], W], write: Callable[[W], R]) -> R:
    """``write(work())``, with ``work`` outside any transaction and ``write`` in
    one, on the data ``work`` read. Called inside a transaction, both run in it."""
    attempts = 0 if transaction.get_connection().in_atomic_block else ATTEMPTS
    for _ in range(attempts):
        version = tracked_version(user)
        worked = work()
        with transaction.atomic():
            if tracked_version(user, lock=True) == version:
                return write(worked)
    with transaction.atomic():
        return write(work())

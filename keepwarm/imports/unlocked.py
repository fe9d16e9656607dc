"""Work out a large change with reads only, then write it in one short transaction.

On SQLite a transaction begins by taking the whole database's write lock, and
on any database a long one holds its rows: an import that matched and merged
ten thousand contacts inside its transaction made every other account's saves
wait, then fail. So an import works everything out first, outside any
transaction, and keeps what it would write; the write is one transaction of
bulk statements, a small part of the time. The work is never done under the
lock.

Nothing the work read may have changed by the time it is written. The user's
data version (``tracked_version``: every change to people, touches, kinds and
tags moves it, in the change's own transaction) is read before the work; the
write *claims* it once the people's rows are written, moving it on only if it
is still that version (compare and swap). A change meanwhile makes the claim
fail: the transaction is rolled back and the work done again. The claim comes
after the people's rows, not before, because every other writer goes that
way round (a person saved, then the version moved by its signal): taken
first, the version's row and a person's would be locked in opposite orders,
and PostgreSQL would end one of the two transactions as a deadlock. A write
that meets a row changed meanwhile anyway (a circle deleted, a tag of the same
name made: an integrity error; a deadlock) is worked out again too. After
``ATTEMPTS`` nothing is written and ``Busy`` says why.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from django.db import IntegrityError, OperationalError, transaction

from keepwarm.plans.services import data_version, move_version, tracked_version

if TYPE_CHECKING:
    from keepwarm.accounts.models import User

log = logging.getLogger(__name__)

ATTEMPTS = 3
W = TypeVar("W")
R = TypeVar("R")
Claim = Callable[[], None]
"""Called by ``write`` once the people's rows are written: raises ``Moved``
if the user's data changed since the work began."""


class Moved(Exception):
    """The user's data changed while the work was done: it is done again."""


class Busy(ValueError):
    """Every attempt met a change made meanwhile: nothing was written."""


BUSY = (
    "your network kept changing while the file was worked out ({attempts} times), so "
    "nothing was imported. Import it again when nothing else is being changed."
)


def worked_out_then_written(user: User, work: Callable[[], W], write: Callable[[W, Claim], R]) -> R:
    """``write(work(), claim)``, with ``work`` outside any transaction and
    ``write`` in one, on the data ``work`` read. Called inside a transaction
    (the caller's), both run in it and the claim checks nothing."""
    if transaction.get_connection().in_atomic_block:
        worked = work()
        with transaction.atomic():  # a savepoint: a failed write leaves nothing
            return write(worked, lambda: None)
    for attempt in range(1, ATTEMPTS + 1):
        version = tracked_version(user)
        worked = work()
        try:
            with transaction.atomic():
                if data_version(user) != version:  # moved already: no need to write
                    raise Moved
                return write(worked, functools.partial(_claim, user, version))
        except Moved:
            log.info("import for user %s: data changed meanwhile (attempt %s)", user.pk, attempt)
        except (IntegrityError, OperationalError) as error:
            if isinstance(error, OperationalError) and not _contended(error):
                raise
            log.warning("import for user %s met a change (attempt %s): %s", user.pk, attempt, error)
    raise Busy(BUSY.format(attempts=ATTEMPTS))


def _claim(user: User, version: int) -> None:
    if not move_version(user.pk, version):
        raise Moved


def _contended(error: OperationalError) -> bool:
    """A deadlock (PostgreSQL) or a database still locked after the busy timeout (SQLite)."""
    text = str(error).lower()
    return "deadlock" in text or "locked" in text

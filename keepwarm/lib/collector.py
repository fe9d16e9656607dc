"""The process's garbage collector, tuned for a while by whoever needs it.

Python's collector is one for the whole process, and the server runs many
threads: an import raising the first threshold, a shared plan being pickled
with collection paused. Each holder says so here, under one lock: the first
to come changes the setting, the last to leave puts it back, so no thread can
leave another's setting behind (a pause that never ends would leak cycles
until the process stops).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_raising = 0
_thresholds_before: tuple[int, int, int] = gc.get_threshold()
_pausing = 0
_was_enabled = True


@contextmanager
def fewer_collections(generation_0: int) -> Iterator[None]:
    """Collect the youngest objects only after ``generation_0`` new ones (at
    least; the process's own threshold if higher) while this lasts. Freed
    memory is unaffected (reference counting frees it at once); only cycles
    wait a little longer."""
    global _raising, _thresholds_before
    with _lock:
        if _raising == 0:
            _thresholds_before = gc.get_threshold()
            gen0, *older = _thresholds_before
            gc.set_threshold(max(gen0, generation_0), *older)
        _raising += 1
    try:
        yield
    finally:
        with _lock:
            _raising -= 1
            if _raising == 0:
                gc.set_threshold(*_thresholds_before)


@contextmanager
def paused() -> Iterator[None]:
    """No collection at all while this lasts (put off, not skipped)."""
    global _pausing, _was_enabled
    with _lock:
        if _pausing == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pausing += 1
    try:
        yield
    finally:
        with _lock:
            _pausing -= 1
            if _pausing == 0 and _was_enabled:
                gc.enable()

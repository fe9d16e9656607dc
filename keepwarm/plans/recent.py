"""A small map that keeps the most recently used entries: the plans, people,
memos and values a process keeps per user."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Recent(Generic[K, V]):
    """At most ``size`` entries; the least recently used goes first. Safe to
    share between threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[K, V] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: K) -> V | None:
        """The entry, now the most recently used, or None."""
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def put(self, key: K, value: V) -> None:
        with self.lock:
            self.entries[key] = value
            self._use(key)

    def setdefault(self, key: K, make: Callable[[], V]) -> V:
        """The entry, or ``make()`` put there first."""
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                found = self.entries[key] = make()
            self._use(key)
            return found

    def _use(self, key: K) -> None:
        self.entries.move_to_end(key)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()

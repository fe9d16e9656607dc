"""``Order``: ids sorted by a key, kept sorted as keys change."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterator, Mapping
from typing import Any

Key = tuple[Any, ...]
"""A sort key ending in the id it sorts (so no two ids tie)."""
RESORT = 32
"""More changes at once than one in this many ids: sort them all again (each
change by bisection moves half the list)."""


class Order:
    """Ids sorted by a ``Key``, kept sorted as keys change: a change moves one
    entry (by bisection) rather than sorting them all again."""

    def __init__(self, keys: dict[int, Key] | None = None) -> None:
        self.keys: dict[int, Key] = keys if keys is not None else {}
        self.sorted = sorted(self.keys.values())

    def set(self, key_id: int, key: Key | None) -> None:
        """Give ``key_id`` a new key (None: take it out)."""
        old = self.keys.pop(key_id, None)
        if old is not None:
            del self.sorted[bisect_left(self.sorted, old)]
        if key is not None:
            self.keys[key_id] = key
            insort(self.sorted, key)

    def update(self, keys: Mapping[int, Key | None]) -> None:
        """``set`` each of ``keys``; many at once are sorted again together."""
        if len(keys) <= len(self.sorted) // RESORT:
            for key_id, key in keys.items():
                self.set(key_id, key)
            return
        for key_id, key in keys.items():
            if key is None:
                self.keys.pop(key_id, None)
            else:
                self.keys[key_id] = key
        self.sorted = sorted(self.keys.values())

    def __iter__(self) -> Iterator[int]:
        return (key[-1] for key in self.sorted)

    def __len__(self) -> int:
        return len(self.sorted)

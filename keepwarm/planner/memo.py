"""What the planner works out from one person alone, kept between the plans of
one user: the incremental entry point of ``plan``.

A change to one person (a touch logged, an address added) gives the next
snapshot a new ``Person`` for them and the very same objects for everyone else
(``planning/snapshot.py`` keeps them). With the ``Memo`` of the plan before,
``plan`` then works out again only what depends on the new ones (their warmth,
their last touches, their birthdays and life events, the seasons their cards
covered) and reuses the rest, and what couples people (the weekly budget, the
card evenings, the parties, the routine fill) is planned again whole, so the
result is the plan of the new snapshot, always: the property test holds it to
a plan made without a memo.

Each table holds one value per person, keyed by the ``Person`` object itself
(not by equal contents: the check is one identity comparison), for one context
(today, the kinds, the seasons...): another context empties the table. A memo
is used by one plan at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from keepwarm.planner.model import Person

T = TypeVar("T")


class Table:
    """One value per person for one context."""

    def __init__(self) -> None:
        self.values: dict[int, tuple[Person, Any]] = {}
        self.computed = 0
        """How many values this plan worked out (not found): tests and benchmarks."""

    def __call__(self, person: Person, compute: Callable[..., T], *args: Any) -> T:
        """``compute(*args)``, a pure function of ``person`` and the table's
        context, or its value kept from the last plan for this very object."""
        found = self.values.get(person.id)
        if found is not None and found[0] is person:
            return found[1]  # type: ignore[no-any-return]
        value = compute(*args)
        self.values[person.id] = (person, value)
        self.computed += 1
        return value


class Memo:
    """The tables of one user's plans (``plan(snapshot, memo=...)``)."""

    def __init__(self) -> None:
        self.tables: dict[str, tuple[Hashable, Table]] = {}

    def table(self, name: str, context: Hashable) -> Table:
        """The table ``name`` for ``context``: emptied when the context changed."""
        found = self.tables.get(name)
        if found is None or found[0] != context:
            found = (context, Table())
            self.tables[name] = found
        found[1].computed = 0
        return found[1]

    def computed(self) -> dict[str, int]:
        """Per table, how many values the last plan worked out afresh."""
        return {name: table.computed for name, (_, table) in self.tables.items()}

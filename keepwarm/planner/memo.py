"""What the planner keeps between the plans of one user: the incremental entry
point of ``plan``.

A change to one person (a touch logged, an address added) gives the next
snapshot a new ``Person`` for them and the very same objects for everyone else
(``plans/snapshot.py`` keeps them). With the ``Memo`` of the plan before,
``plan`` then works out again only what the change can have moved, and the
result is the plan of the new snapshot, always: the property test holds it to
a plan made without a memo. For one ``Setting`` (today, the kinds, the plan's
weeks and seasons; another empties it) the memo keeps:

* the ``Roster`` (``roster.py``): each person's profile (their warmth, last
  touches, birthdays and life-event answers, the seasons their cards covered,
  their plain kinds and last year's routine minutes), worked out again only
  for the new ``Person`` objects, and the orders the coupled passes read
  people in (card evenings, party guests, postcards, the season's calls),
  where a changed person moves by bisection;
* the fixed occasions' pass (``fixed.Fixed``), taken as it was when the
  occasions, budgets, skips and swaps are those of the plan before; when
  only some occasions or this week's minutes changed, placed again from the
  week of the first of them until the weeks ahead are as they were;
* the routine's ``Cadences`` (``cadences.py``): the claims on a short budget in
  the orders ``budget.allot`` serves them, and each person's share, terms and
  first place in the queues, worked out again for those whose inputs changed.

What couples people (the sessions, the parties, the routine's weeks) is then
planned whole, but reads people only as far as it needs: a plan makes the
working ``State`` of the few people it touches (``roster.States``).

``Table`` keeps one value per person (keyed by the ``Person`` object itself,
not by equal contents: the check is one identity comparison) for one context,
for a caller's own derived values. A memo is used by one plan at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from keepwarm.planner.cadences import Cadences
from keepwarm.planner.fixed import Fixed
from keepwarm.planner.model import Person
from keepwarm.planner.roster import Roster, Setting

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


class Kept:
    """What the plans of one ``Setting`` keep for the next."""

    def __init__(self, setting: Setting) -> None:
        self.roster = Roster(setting)
        self.fixed: Fixed | None = None
        self.cadences = Cadences()


class Memo:
    """What one user's plans keep for the next (``plan(snapshot, memo=...)``)."""

    def __init__(self) -> None:
        self.tables: dict[str, tuple[Hashable, Table]] = {}
        self.last: Kept | None = None

    def kept(self, setting: Setting) -> Kept:
        """What the plan before kept, when it had this setting; else a new start."""
        if self.last is None or self.last.roster.setting.key != setting.key:
            self.last = Kept(setting)
        return self.last

    def forget(self) -> None:
        """Start again with the next plan (one was left unfinished)."""
        self.last = None

    def table(self, name: str, context: Hashable) -> Table:
        """The table ``name`` for ``context``: emptied when the context changed."""
        found = self.tables.get(name)
        if found is None or found[0] != context:
            found = (context, Table())
            self.tables[name] = found
        found[1].computed = 0
        return found[1]

    def computed(self) -> dict[str, int]:
        """Per table, how many values the last plan worked out afresh (the
        roster's profiles as ``profiles``)."""
        counts = {name: table.computed for name, (_, table) in self.tables.items()}
        if self.last is not None:
            counts["profiles"] = self.last.roster.computed
        return counts

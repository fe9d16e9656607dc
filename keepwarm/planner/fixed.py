"""The plan's first pass: the fixed occasions, each in the week of its day.

Condolences, birthdays, offers of help, congratulations and invitations go
into the week of their day, the most urgent first; a life event may slip to a
later week within its window when its own week is spent, and when no week of
the window has the minutes it is kept in its first week all the same, beyond
the budget: an occasion is never dropped for minutes (the routine yields).

The pass reads the occasions, the weeks' budgets, the skips, marks done and
swaps of the occasions' items and what kinds each person with an occasion can
receive. Its result (``Fixed``) is kept by the ``Memo`` for the next plan:

* when none of these changed (a touch logged that answers no occasion, a
  routine touch skipped) the next plan takes it as it was;
* when only some occasions did (a birthday greeting logged, a life event
  added, an item skipped), only the weeks they are in are placed again, and
  those after them whose minutes that changed: an occasion's place depends
  only on the minutes its weeks have left when its turn comes (``Mark``), so
  from any week whose weeks ahead have the minutes they had in the pass
  before, up to the next week with a changed occasion, the pass before is
  taken as it was;
* when this week's minutes changed (a touch given this week), the pass
  before is moved to them and placed again from this week the same way;
* anything else (the budgets, the gatherings) places it all again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple, TypeVar, cast

from keepwarm.planner.grid import Grid
from keepwarm.planner.model import Item, Kind, Person, Snapshot
from keepwarm.planner.occasions import Occasion, can, gatherings
from keepwarm.planner.roster import Roster
from keepwarm.planner.routine import COUNTED

Caps = tuple[frozenset[str], bool]
"""What decides which kinds a person can receive (``occasions.can``)."""
OrderKey = tuple[dt.date, bool, str]
SortKey = tuple[int, int, dt.date, str]
"""The order occasions are placed in: by week, the most urgent first, by day and id."""
Placed = tuple[int, Item]
"""An item the pass placed, and its week."""


class Mark(NamedTuple):
    """Where the pass was when it came to a week's occasions."""

    placed: int
    """How many occasions it had placed…"""
    logged: int
    """…how many items they became…"""
    capacity: tuple[int, ...]
    """…the minutes each week had left…"""
    lengths: tuple[int, ...]
    """…and how many items each week had."""


def caps(person: Person) -> Caps:
    return person.has, person.birthday is not None


def order_key(item: Item) -> OrderKey:
    """How a week lists its items: by day, occasions before routine touches, by id."""
    return item.date, item.occasion == "", item.id


@dataclass(frozen=True)
class Read:
    """What the pass reads of the people and of the user's choices."""

    occasions: Mapping[int, tuple[Occasion, ...]]
    """Each person's occasions (done, skipped or not)…"""
    by_id: Mapping[str, tuple[Occasion, ...]]
    """…and everyone's, the gatherings' invitations too, by item id."""
    caps: Mapping[int, Caps]
    """What kinds each person with an item of their own can receive."""
    skipped: frozenset[str]
    done: frozenset[str]
    swaps: Mapping[str, int]
    """The occasions' items skipped, marked done and swapped."""

    def open(self, occasion: Occasion) -> bool:
        """Whether ``occasion`` is still to do (neither skipped nor done)."""
        return occasion.id not in self.skipped and occasion.id not in self.done


@dataclass(frozen=True)
class Fixed:
    """What the pass read and placed, and what later passes and the finished
    plan read of it."""

    inputs: tuple[object, ...]
    """The weeks' first capacity and the gatherings' invitations."""
    read: Read
    found: tuple[Occasion, ...]
    """The occasions placed, in their order (``SortKey``)…"""
    sort_keys: tuple[SortKey, ...]
    log: tuple[Placed, ...]
    """…the items they became…"""
    marks: tuple[Mark, ...]
    """…and where the pass was when it came to each week (and at the end)."""
    weeks: tuple[tuple[Item, ...], ...]
    capacity: tuple[int, ...]
    load: Mapping[dt.date, int]
    days: Mapping[int, tuple[dt.date, ...]]
    """Each person's days of occasions in the plan, in date order."""
    counted: Mapping[int, int]
    """Per person, the items that count as one of their yearly touches (``COUNTED``)…"""
    counted_minutes: int
    """…and those items' minutes."""
    people: Mapping[int, int]
    """Per person, the items they are in."""
    invited: Mapping[str, frozenset[int]]
    """The guests of each gathering's invitations."""
    listed: tuple[tuple[Item, ...], ...]
    """Each week's items in the order the plan lists them (``order_key``)…"""
    keys: tuple[tuple[OrderKey, ...], ...]
    """…and their keys."""

    def later(self, grid: Grid) -> list[list[Item]]:
        """Each week's items in ``grid`` placed after the pass's (which come first)."""
        return [items[len(self.weeks[week]) :] for week, items in enumerate(grid.items)]

    def with_room(self, inputs: tuple[object, ...]) -> Fixed:
        """The pass as if it had started from the weeks' minutes of ``inputs``:
        every week's minutes it noted moved by the same difference (an item
        takes its minutes from its own week's, so what the items took stays).
        Its items are still those placed with the old minutes: ``place`` uses
        this only when this week's minutes changed, and places again from this
        week, which no earlier week's occasion reads."""
        starting = cast(tuple[int, ...], inputs[0])
        was = cast(tuple[int, ...], self.inputs[0])
        moved = [now - before for now, before in zip(starting, was, strict=True)]

        def shift(capacity: tuple[int, ...]) -> tuple[int, ...]:
            return tuple(c + d for c, d in zip(capacity, moved, strict=True))

        return dataclasses.replace(
            self,
            inputs=inputs,
            capacity=shift(self.capacity),
            marks=tuple(mark._replace(capacity=shift(mark.capacity)) for mark in self.marks),
        )

    def fill(self, grid: Grid) -> None:
        """Put the pass's result into ``grid`` (as it was before any item)."""
        grid.items = [list(items) for items in self.weeks]
        grid.capacity = list(self.capacity)
        grid.load = dict(self.load)


def place(
    snapshot: Snapshot,
    grid: Grid,
    by_occasion: dict[str, list[Kind]],
    catalogue: dict[int, Kind],
    roster: Roster,
    kept: Fixed | None,
) -> Fixed:
    """Place the occasions into ``grid``; ``kept``, the pass of the plan before,
    is taken as it was, or placed again from the first week that changed."""
    invitations = gatherings(snapshot, roster.people, grid.end, by_occasion.get("gathering", []))
    inputs = (tuple(grid.capacity), tuple(invitations))
    placing = _Placing(snapshot, grid, by_occasion, catalogue, roster)
    if kept is None or kept.inputs[1:] != inputs[1:] or len(kept.weeks) != len(grid.starts):
        return placing.afresh(inputs, _read(snapshot, roster, invitations))
    # Minutes given this week change this week's room: the pass is taken as if
    # it had started with it, and placed again from this week. Only this week:
    # an occasion may slip into a later week when its own is full, so a later
    # week's room is also read by the occasions of the weeks before it, which
    # would be taken as they were. Another week's room changed: placed afresh.
    room_before = cast(tuple[int, ...], kept.inputs[0])
    roomier = {
        w for w, (was, now) in enumerate(zip(room_before, grid.capacity, strict=True)) if was != now
    }
    if not roomier <= {0}:
        return placing.afresh(inputs, _read(snapshot, roster, invitations))
    if roomier:
        kept = kept.with_room(inputs)
    read, changed = _read_again(kept.read, snapshot, roster, invitations)
    if not changed and not roomier:
        kept.fill(grid)
        return kept
    return placing.again(kept, read, changed, roomier)


def _read(snapshot: Snapshot, roster: Roster, invitations: list[Occasion]) -> Read:
    """What the pass reads, read afresh."""
    occasions = {pid: own for pid in roster.people if (own := roster.occasions_of(pid))}
    by_id: dict[str, tuple[Occasion, ...]] = {}
    for occasion in [o for own in occasions.values() for o in own] + invitations:
        by_id[occasion.id] = (*by_id.get(occasion.id, ()), occasion)
    alone = {*occasions, *(o.people[0] for o in invitations if len(o.people) == 1)}
    receive = {pid: caps(roster.people[pid]) for pid in alone}
    return Read(occasions, by_id, receive, *_choices(snapshot, by_id))


def _choices(
    snapshot: Snapshot, by_id: Mapping[str, object]
) -> tuple[frozenset[str], frozenset[str], dict[str, int]]:
    """The skips, marks done and swaps of the occasions' items."""
    ids = by_id.keys()
    swaps = {key: kind for key, kind in snapshot.swaps.items() if key in by_id}
    return frozenset(ids & snapshot.skipped.keys()), frozenset(ids & snapshot.done), swaps


def _read_again(
    kept: Read, snapshot: Snapshot, roster: Roster, invitations: list[Occasion]
) -> tuple[Read, set[str]]:
    """What the pass reads now, from what it read before and the people the
    roster found changed; and the ids of the occasions whose items may differ."""
    occasions, by_id, receive = dict(kept.occasions), dict(kept.by_id), dict(kept.caps)
    changed: set[str] = set()
    for pid in roster.before:
        old, now = kept.occasions.get(pid, ()), roster.occasions_of(pid)
        person = roster.people.get(pid)
        alone = [o for o in invitations if o.people == (pid,)]
        kinds = caps(person) if person is not None and (now or alone) else None
        if old == now and kinds == kept.caps.get(pid):
            continue
        changed |= {o.id for o in (*old, *now, *alone)}
        for occasion in old:
            by_id[occasion.id] = tuple(o for o in by_id[occasion.id] if o is not occasion)
            if not by_id[occasion.id]:
                del by_id[occasion.id]
        for occasion in now:
            by_id[occasion.id] = (*by_id.get(occasion.id, ()), occasion)
        _put(occasions, pid, now)
        _put(receive, pid, kinds)
    skipped, done, swaps = _choices(snapshot, by_id)
    changed |= (skipped ^ kept.skipped) | (done ^ kept.done)
    changed |= {
        key for key in swaps.keys() | kept.swaps.keys() if swaps.get(key) != kept.swaps.get(key)
    }
    return Read(occasions, by_id, receive, skipped, done, swaps), changed


V = TypeVar("V")


def _put(mapping: dict[int, V], key: int, value: V | None) -> None:
    """``mapping[key] = value``, or out when ``value`` is empty."""
    if value:
        mapping[key] = value
    else:
        mapping.pop(key, None)


class _Placing:
    """One run of the pass over ``grid``."""

    def __init__(
        self,
        snapshot: Snapshot,
        grid: Grid,
        by_occasion: dict[str, list[Kind]],
        catalogue: dict[int, Kind],
        roster: Roster,
    ) -> None:
        self.snapshot, self.grid, self.catalogue = snapshot, grid, catalogue
        self.people = roster.people
        self.swappable = Swappable(by_occasion)

    def sort_key(self, occasion: Occasion) -> SortKey:
        return (self.grid.index(occasion.date), occasion.priority, occasion.date, occasion.id)

    def afresh(self, inputs: tuple[object, ...], read: Read) -> Fixed:
        """Place every occasion, the grid empty."""
        found = [o for own in read.by_id.values() for o in own if read.open(o)]
        keyed = sorted(((self.sort_key(o), n), o) for n, o in enumerate(found))
        sort_keys, found = [key for (key, _), _ in keyed], [o for _, o in keyed]
        log: list[Placed] = []
        marks: list[Mark] = []
        self.run(found, sort_keys, 0, log, marks)
        nothing = _nothing(inputs, read, len(self.grid.items))
        return self.result(nothing, read, found, sort_keys, log, marks, (), log)

    def again(
        self, kept: Fixed, read: Read, changed: set[str], weeks: Collection[int] = ()
    ) -> Fixed:
        """The pass again after the occasions whose ids are ``changed`` and the
        ``weeks`` whose room changed (``grid`` empty): back to where the pass
        before came to the first week they are in, then on week by week, taking
        the pass before as it was wherever the weeks ahead are as they were
        (``run``)."""
        gone = [o for key in changed for o in kept.read.by_id.get(key, ()) if kept.read.open(o)]
        come = [o for key in changed for o in read.by_id.get(key, ()) if read.open(o)]
        if not gone and not come and not weeks:  # no item changes: only what the pass read
            kept.fill(self.grid)
            return dataclasses.replace(kept, read=read)
        found, sort_keys = list(kept.found), list(kept.sort_keys)
        for occasion in gone:
            at = bisect_left(sort_keys, self.sort_key(occasion))
            while found[at] is not occasion:  # occasions of one id and day
                at += 1
            del found[at], sort_keys[at]
        for occasion in come:
            key = self.sort_key(occasion)
            at = bisect_right(sort_keys, key)
            found.insert(at, occasion)
            sort_keys.insert(at, key)
        dirty = {self.sort_key(o)[0] for o in (*gone, *come)} | set(weeks)
        first = min(dirty)
        grid, mark = self.grid, kept.marks[first]
        # Back to where the pass came to ``first``: the items of the weeks ahead
        # placed before it (the load is worked out at the end).
        grid.items = [list(items) for items in kept.weeks[:first]]
        grid.items += [
            list(kept.weeks[w][: mark.lengths[w]]) for w in range(first, len(grid.starts))
        ]
        grid.capacity, grid.load = list(mark.capacity), {}
        log, marks = list(kept.log[: mark.logged]), list(kept.marks[:first])
        removed, added = self.run(found, sort_keys, mark.placed, log, marks, kept, dirty)
        return self.result(kept, read, found, sort_keys, log, marks, removed, added)

    def run(
        self,
        found: list[Occasion],
        sort_keys: list[SortKey],
        start: int,
        log: list[Placed],
        marks: list[Mark],
        kept: Fixed | None = None,
        dirty: Collection[int] = (),
    ) -> tuple[list[Placed], list[Placed]]:
        """Place ``found[start:]`` into the grid, noting each item in ``log``
        and in ``marks`` where the pass is at each week's first occasion (and
        at the end).

        With ``kept``, the pass before, and the weeks whose occasions changed
        (``dirty``): at any other week whose weeks ahead have the minutes the
        pass before left them there, take its items as they were up to the next
        changed week (to the end, when none is left). The items of the pass
        before that were placed again, and those they became."""
        grid, weeks, changes = self.grid, len(self.grid.starts), sorted(dirty)
        removed: list[Placed] = []
        added: list[Placed] = []
        since = (kept.marks[len(marks)].logged if kept else 0, len(log))
        at = start
        while True:
            week = sort_keys[at][0] if at < len(found) else weeks
            while len(marks) <= week:
                here = len(marks)
                if kept is not None and here not in dirty and self.as_before(kept, here):
                    removed += kept.log[since[0] : kept.marks[here].logged]
                    added += log[since[1] :]
                    until = next((w for w in changes if w > here), None)
                    at = self.copy(kept, here, until, at, log, marks)
                    if until is None:
                        return removed, added
                    since = (kept.marks[until].logged, len(log))
                    week = sort_keys[at][0] if at < len(found) else weeks
                    continue
                lengths = tuple(len(items) for items in grid.items)
                marks.append(Mark(at, len(log), tuple(grid.capacity), lengths))
            if at == len(found):
                break
            placed = _place(
                self.snapshot, grid, self.swappable, self.catalogue, self.people, found[at]
            )
            if placed is not None:
                log.append(placed)
            at += 1
        if kept is not None:
            removed += kept.log[since[0] :]
            added += log[since[1] :]
        return removed, added

    def as_before(self, kept: Fixed, week: int) -> bool:
        """Whether the weeks from ``week`` on have the minutes the pass before
        left them when it came to ``week``."""
        return self.grid.capacity[week:] == list(kept.marks[week].capacity[week:])

    def copy(
        self,
        kept: Fixed,
        week: int,
        until: int | None,
        at: int,
        log: list[Placed],
        marks: list[Mark],
    ) -> int:
        """The pass before from ``week`` up to ``until`` (None: to its end) as it
        was: its items and the minutes it left in the weeks ahead, and its marks
        shifted to this pass's counts (the weeks before as they are now). Where
        in ``found`` the pass goes on from."""
        grid, mark = self.grid, kept.marks[week]
        end = kept.marks[until] if until is not None else None
        capacity, lengths = tuple(grid.capacity[:week]), [len(items) for items in grid.items]
        for ahead in range(week, len(grid.starts)):
            stop = end.lengths[ahead] if end else None
            grid.items[ahead] += kept.weeks[ahead][mark.lengths[ahead] : stop]
        grid.capacity[week:] = (end.capacity if end else kept.capacity)[week:]
        shift, more = at - mark.placed, len(log) - mark.logged
        log += kept.log[mark.logged : end.logged if end else None]
        for then in kept.marks[week:until]:
            counts = (n + lengths[w] - mark.lengths[w] for w, n in enumerate(then.lengths))
            later = tuple(counts)[week:]
            marks.append(
                Mark(
                    then.placed + shift,
                    then.logged + more,
                    capacity + then.capacity[week:],
                    tuple(lengths[:week]) + later,
                )
            )
        return at + (end.placed if end else len(kept.found)) - mark.placed

    def result(
        self,
        kept: Fixed,
        read: Read,
        found: list[Occasion],
        sort_keys: list[SortKey],
        log: list[Placed],
        marks: list[Mark],
        removed: Iterable[Placed],
        added: Iterable[Placed],
    ) -> Fixed:
        """The pass placed again: ``kept`` less the items ``removed``, with those ``added``."""
        removed, added = list(removed), list(added)
        gone, come = [item for _, item in removed], [item for _, item in added]
        load = _load(kept.load, gone, come)
        self.grid.load = dict(load)
        listed, keys = list(kept.listed), list(kept.keys)
        for week in {week for week, _ in (*removed, *added)}:
            listed[week], keys[week] = _listed(self.grid.items[week])
        invited = dict(kept.invited)
        for item in gone:
            if item.occasion == "gathering":
                invited.pop(item.id, None)
        invited.update((i.id, frozenset(i.people)) for i in come if i.occasion == "gathering")
        return Fixed(
            inputs=kept.inputs,
            read=read,
            found=tuple(found),
            sort_keys=tuple(sort_keys),
            log=tuple(log),
            marks=tuple(marks),
            weeks=tuple(tuple(week) for week in self.grid.items),
            capacity=tuple(self.grid.capacity),
            load=load,
            days=_days(kept.days, gone, come),
            counted=_count(Counter(kept.counted), gone, come, COUNTED),
            counted_minutes=kept.counted_minutes
            + sum(i.minutes for i in come if i.occasion in COUNTED)
            - sum(i.minutes for i in gone if i.occasion in COUNTED),
            people=_count(Counter(kept.people), gone, come),
            invited=invited,
            listed=tuple(listed),
            keys=tuple(keys),
        )


def _nothing(inputs: tuple[object, ...], read: Read, weeks: int) -> Fixed:
    """The pass before it placed anything: what ``afresh`` adds its items to."""
    empty: tuple[tuple[Item, ...], ...] = ((),) * weeks
    return Fixed(
        inputs=inputs,
        read=read,
        found=(),
        sort_keys=(),
        log=(),
        marks=(),
        weeks=empty,
        capacity=(),
        load={},
        days={},
        counted={},
        counted_minutes=0,
        people={},
        invited={},
        listed=empty,
        keys=((),) * weeks,
    )


def _listed(items: list[Item]) -> tuple[tuple[Item, ...], tuple[OrderKey, ...]]:
    """A week's items in the order the plan lists them, and their keys."""
    listed = tuple(sorted(items, key=order_key))
    return listed, tuple(map(order_key, listed))


def _load(kept: Mapping[dt.date, int], gone: list[Item], come: list[Item]) -> dict[dt.date, int]:
    """The minutes planned each day: ``kept`` less the items ``gone``, with those that ``come``."""
    load = dict(kept)
    for item in gone:
        load[item.date] -= item.minutes
    for item in come:
        load[item.date] = load.get(item.date, 0) + item.minutes
    return load


def _days(
    kept: Mapping[int, tuple[dt.date, ...]], gone: list[Item], come: list[Item]
) -> dict[int, tuple[dt.date, ...]]:
    """Each person's days of occasions: ``kept`` less the days of the items
    ``gone``, with those of the items that ``come``."""
    days = dict(kept)
    changed: dict[int, list[dt.date]] = {}
    for items, sign in ((gone, -1), (come, 1)):
        for item in items:
            for pid in item.people:
                found = changed.setdefault(pid, list(days.get(pid, ())))
                if sign > 0:
                    found.append(item.date)
                else:
                    found.remove(item.date)
    for pid, found in changed.items():
        _put(days, pid, tuple(sorted(found)))
    return days


def _count(
    counts: Counter[int], gone: list[Item], come: list[Item], occasions: Iterable[str] | None = None
) -> Counter[int]:
    """``counts`` of the people in the items (of ``occasions``, when given):
    less those ``gone``, with those that ``come``."""
    for items, sign in ((gone, -1), (come, 1)):
        for item in items:
            if occasions is None or item.occasion in occasions:
                for pid in item.people:
                    counts[pid] += sign
                    if not counts[pid]:
                        del counts[pid]
    return counts


def _place(
    snapshot: Snapshot,
    grid: Grid,
    swappable: Swappable,
    catalogue: dict[int, Kind],
    people: Mapping[int, Person],
    occasion: Occasion,
) -> Placed | None:
    """Put ``occasion`` into the first week of its window with the room, else
    into its first week all the same."""
    person = people.get(occasion.people[0]) if len(occasion.people) == 1 else None
    first_week = grid.index(occasion.date)
    last_week = min(grid.index(occasion.latest), len(grid.starts) - 1)
    args = (snapshot, grid, occasion)
    for week in range(first_week, last_week + 1):  # the first week with the room…
        item = _occasion_item(*args, week, person, swappable, catalogue)
        if item is not None:
            break
    else:
        # …else its first week all the same, beyond the budget: an occasion
        # is never dropped for minutes (the routine yields).
        week = first_week
        item = _occasion_item(*args, week, person, swappable, catalogue, force=True)
    if item is None:
        return None
    grid.add(week, item)
    return week, item


def swap(
    snapshot: Snapshot,
    item_id: str,
    person: Person | None,
    kind: Kind,
    room: int,
    catalogue: dict[int, Kind],
) -> Kind:
    """The kind the user swapped this item to, when it is still possible."""
    chosen = catalogue.get(snapshot.swaps.get(item_id, kind.id), kind)
    if chosen.cost() > room or (person is not None and not can(person, chosen)):
        return kind
    return chosen


def alternatives(
    person: Person | None, kind: Kind, kinds: dict[str, list[Kind]]
) -> tuple[int, ...]:
    """The other kinds an item of ``kind`` could be swapped to (``Item.swappable``)."""
    if person is None:
        return ()
    pool = kinds.get("", []) + ([] if kind.occasion == "" else kinds.get(kind.occasion, []))
    return tuple(k.id for k in pool if k.id != kind.id and can(person, k))


class Swappable:
    """``alternatives`` by what the person can receive and the kind, each worked
    out once in a plan (``Item.swappable``)."""

    def __init__(self, kinds: dict[str, list[Kind]]) -> None:
        self.kinds = kinds
        self.found: dict[tuple[Caps, int], tuple[int, ...]] = {}

    def __call__(self, person: Person | None, kind: Kind) -> tuple[int, ...]:
        if person is None:
            return ()
        key = (caps(person), kind.id)
        found = self.found.get(key)
        if found is None:
            found = self.found[key] = alternatives(person, kind, self.kinds)
        return found


def _occasion_item(
    snapshot: Snapshot,
    grid: Grid,
    occasion: Occasion,
    week: int,
    person: Person | None,
    swappable: Swappable,
    catalogue: dict[int, Kind],
    *,
    force: bool = False,
) -> Item | None:
    """The occasion's item in ``week`` if the week has the minutes (always, when
    ``force``: then as the kind it was planned as, unless swapped to a cheaper one)."""
    if not 0 <= week < len(grid.starts):
        return None
    room = grid.capacity[week]
    count = len(occasion.people)
    if force:
        room = max(room, occasion.kind.cost(count))
    kind = swap(snapshot, occasion.id, person, occasion.kind, room, catalogue)
    if kind.cost(count) > room:
        return None
    day = max(occasion.date, grid.first_day(week))
    return Item(
        id=occasion.id,
        date=day,
        kind_id=kind.id,
        kind=kind.label,
        minutes=kind.cost(count),
        people=occasion.people,
        reason=occasion.reason,
        occasion=occasion.occasion,
        opens=min(occasion.opens, day),
        swappable=swappable(person, kind),
    )

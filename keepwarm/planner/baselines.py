"""The two reminder models peers use, as simulation strategies to measure against.

Neither knows about birthdays, kinds or a budget: a reminder says "get in touch
with X", and the simulated user answers it with the cheapest routine touch the
person can receive (a text message, or a note for someone without a phone).

* ``FixedTimer`` — a repeating reminder per contact every ``365 / target`` days,
  started from the last touch. A missed reminder stays until done, and the
  next one fires on schedule anyway, so misses pile up.
* ``LastTouchPlusInterval`` — a contact is due when ``last touch + 365 / target``
  has passed; everyone due is shown at once, most overdue first.
"""

from __future__ import annotations

import datetime as dt

from keepwarm.planner.model import Kind, Person
from keepwarm.planner.occasions import first_possible
from keepwarm.planner.simulation import Shown, World


def _answer(person: Person, kinds: tuple[Kind, ...]) -> Kind | None:
    routine = sorted((k for k in kinds if k.occasion == ""), key=lambda k: (k.minutes, k.id))
    return first_possible(person, routine)


def _last_touch(person: Person) -> dt.date | None:
    return max((t.date for t in person.history), default=None)


class FixedTimer:
    name = "fixed timer per contact"

    def __init__(self) -> None:
        self.next_fire: dict[int, dt.date] = {}
        self.pile: dict[str, Shown] = {}

    def today(self, day: dt.date, world: World) -> tuple[list[Shown], list[Shown]]:
        for key in [key for key in self.pile if key in world.answered]:
            del self.pile[key]
        for person in world.people.values():
            self._fire(person, day, world)
        shown = list(self.pile.values())
        return shown, shown

    def _fire(self, person: Person, day: dt.date, world: World) -> None:
        if not person.active:
            return
        interval = dt.timedelta(days=round(365 / person.target))
        if person.id not in self.next_fire:
            last = _last_touch(person)
            self.next_fire[person.id] = last + interval if last else day
        kind = _answer(person, world.kinds)
        while self.next_fire[person.id] <= day and kind is not None:
            fired = self.next_fire[person.id]
            key = f"timer-{person.id}-{fired.isoformat()}"
            self.pile[key] = Shown(key, kind.id, kind.minutes, (person.id,))
            self.next_fire[person.id] = fired + interval


class LastTouchPlusInterval:
    name = "last touch + interval"

    def today(self, day: dt.date, world: World) -> tuple[list[Shown], list[Shown]]:
        due: list[tuple[dt.date, Shown]] = []
        for person in world.people.values():
            if not person.active:
                continue
            last = _last_touch(person)
            when = last + dt.timedelta(days=round(365 / person.target)) if last else day
            kind = _answer(person, world.kinds)
            if when <= day and kind is not None:
                key = f"due-{person.id}-{when.isoformat()}"
                due.append((when, Shown(key, kind.id, kind.minutes, (person.id,))))
        shown = [item for _when, item in sorted(due, key=lambda pair: (pair[0], pair[1].id))]
        return shown, shown

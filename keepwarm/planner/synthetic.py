"""A synthetic network for the simulation and the benchmarks, reproducible by seed."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from keepwarm.lib.dates import MonthDay
from keepwarm.planner.catalogue import DEFAULT_KINDS
from keepwarm.planner.model import Kind, PastTouch, Person

# name, share of people, touches a year, inner
CIRCLES = (("Close", 0.10, 12, True), ("Core", 0.30, 7, True), ("Wide", 0.60, 3, False))
SHARES = {"birthday": 0.70, "address": 0.60, "phone": 0.80, "email": 0.85, "same_city": 0.35}
GIVEN = ("Ana", "Ben", "Chen", "Dana", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo", "Kai", "Lea")
FAMILY = ("Abe", "Berg", "Cruz", "Diaz", "Ek", "Fox", "Gray", "Hu", "Ito", "Jung", "Kim", "Lund")


def default_kinds() -> tuple[Kind, ...]:
    return tuple(
        Kind(
            id=index + 1,
            label=k.label,
            minutes=k.minutes,
            needs=k.needs,
            occasion=k.occasion,
            weight=float(Decimal(k.weight)),
            batchable=k.batchable,
            setup=k.setup,
        )
        for index, k in enumerate(DEFAULT_KINDS)
    )


def network(
    size: int, seed: int, today: dt.date, history_years: float = 2.0
) -> tuple[tuple[Person, ...], tuple[Kind, ...]]:
    """``size`` people with circles, channels, birthdays and a touch history."""
    rng = random.Random(seed)
    kinds = default_kinds()
    people = tuple(_person(rng, pid, kinds, today, history_years) for pid in range(1, size + 1))
    return people, kinds


def _circle(rng: random.Random) -> tuple[int, bool]:
    roll = rng.random()
    for _name, share, target, inner in CIRCLES:
        if roll < share:
            return target, inner
        roll -= share
    return CIRCLES[-1][2], CIRCLES[-1][3]


def _person(
    rng: random.Random, pid: int, kinds: tuple[Kind, ...], today: dt.date, years: float
) -> Person:
    target, inner = _circle(rng)
    has = frozenset(
        need for need, share in SHARES.items() if need != "birthday" and rng.random() < share
    )
    birthday = None
    if rng.random() < SHARES["birthday"]:
        month = rng.randint(1, 12)
        birthday = MonthDay(month, rng.randint(1, 28), rng.choice([None, rng.randint(1950, 2000)]))
    name = f"{GIVEN[pid % len(GIVEN)]} {FAMILY[(pid // len(GIVEN)) % len(FAMILY)]} {pid}"
    return Person(
        id=pid,
        name=name,
        target=target,
        inner=inner,
        birthday=birthday,
        has=has,
        email=f"p{pid}@example.org" if "email" in has else "",
        history=_history(rng, target, has, kinds, today, years),
    )


def _history(
    rng: random.Random,
    target: int,
    has: frozenset[str],
    kinds: tuple[Kind, ...],
    today: dt.date,
    years: float,
) -> tuple[PastTouch, ...]:
    """Past touches at 30 to 110 % of the target rate, of kinds the person can receive."""
    possible = [k for k in kinds if k.occasion == "" and (not k.needs or k.needs in has)]
    count = round(target * years * rng.uniform(0.3, 1.1))
    span = int(365 * years)
    days = sorted(rng.randrange(1, span + 1) for _ in range(count))
    # One draw a touch whatever the catalogue holds, so that adding a kind changes
    # which kinds the history has, never its people or days.
    return tuple(
        PastTouch(today - dt.timedelta(days=age), possible[int(rng.random() * len(possible))].id)
        for age in reversed(days)
    )

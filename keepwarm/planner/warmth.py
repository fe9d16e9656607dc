"""Warmth: a 0 to 100 score per person from their touch history.

Each past touch adds its kind's weight, decayed by age with a time constant of
``TAU_DAYS``: ``score = Σ weight · exp(-age / TAU)``. A person touched evenly
``target`` times a year with weight-1 touches settles, on average, at
``target · TAU / 365``; warmth is the score as a share of that, capped at 100.
So 100 means "at least as warm as the circle's target keeps them", 50 half that.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping

from keepwarm.planner.model import PastTouch

TAU_DAYS = 180.0


def score(history: Iterable[PastTouch], weights: Mapping[int, float], today: dt.date) -> float:
    total = 0.0
    for touch in history:
        age = (today - touch.date).days
        if age >= 0:
            total += weights.get(touch.kind_id, 1.0) * math.exp(-age / TAU_DAYS)
    return total


def warmth(
    history: Iterable[PastTouch], weights: Mapping[int, float], target: int, today: dt.date
) -> int:
    """0 (cold) to 100 (as warm as the target keeps them)."""
    steady = max(target, 1) * TAU_DAYS / 365.0
    return min(100, round(100 * score(history, weights, today) / steady))


WARM_FROM = 60
"""Warmth at or above this reads "warm"."""
COLD_BELOW = 25
"""Warmth below this reads "cold"; in between, "cooling"."""


def label(value: int) -> str:
    """ "warm", "cooling" or "cold": the word for a warmth score."""
    if value >= WARM_FROM:
        return "warm"
    return "cold" if value < COLD_BELOW else "cooling"


# Warmth over time ----------------------------------------------------------------------


def warmth_at(
    history: Iterable[PastTouch],
    weights: Mapping[int, float],
    target: int,
    day: dt.date,
    *,
    horizon_days: int | None = None,
) -> int:
    """Warmth on ``day``, counting only touches on or before it (and, with
    ``horizon_days``, at most that many days old: the planner reads two years)."""
    if horizon_days is not None:
        since = day - dt.timedelta(days=horizon_days)
        history = [touch for touch in history if touch.date >= since]
    return warmth(history, weights, target, day)


def _steady(target: int) -> float:
    return max(target, 1) * TAU_DAYS / 365.0


def _value(total: float, target: int) -> int:
    return min(100, round(100 * max(total, 0.0) / _steady(target)))


def warmth_series(
    history: Iterable[PastTouch],
    weights: Mapping[int, float],
    target: int,
    start: dt.date,
    end: dt.date,
    step_days: int = 7,
    *,
    horizon_days: int | None = None,
) -> list[tuple[dt.date, int]]:
    """Warmth every ``step_days`` from ``start`` to ``end`` (both included when
    the steps land on it), as ``warmth_at`` gives it for each day.

    One pass over the touches sorted by date: between two points the running
    score decays by ``exp(-step / TAU)``, touches that happened in between are
    added, and (with ``horizon_days``) touches that fell out of the window are
    taken away again.
    """
    if step_days < 1:
        raise ValueError("step_days must be at least 1")
    touches = sorted(
        ((touch.date, weights.get(touch.kind_id, 1.0)) for touch in history), key=lambda t: t[0]
    )
    points: list[tuple[dt.date, int]] = []
    total, added, dropped = 0.0, 0, 0
    day, previous = start, None
    while day <= end:
        if previous is not None:
            total *= math.exp(-(day - previous).days / TAU_DAYS)
        while added < len(touches) and touches[added][0] <= day:
            total += touches[added][1] * math.exp(-(day - touches[added][0]).days / TAU_DAYS)
            added += 1
        if horizon_days is not None:
            since = day - dt.timedelta(days=horizon_days)
            while dropped < added and touches[dropped][0] < since:
                total -= touches[dropped][1] * math.exp(
                    -(day - touches[dropped][0]).days / TAU_DAYS
                )
                dropped += 1
        points.append((day, _value(total, target)))
        previous, day = day, day + dt.timedelta(days=step_days)
    return points

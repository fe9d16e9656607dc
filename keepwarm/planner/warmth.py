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

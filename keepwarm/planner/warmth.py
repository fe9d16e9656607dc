"""Warmth: a 0 to 100 score per person from their touch history.

Two things make a relationship warm: how much happened lately, and that it
keeps happening. So warmth is the product of

* **intensity**: each past touch adds its kind's weight, decayed by age with a
  time constant of ``TAU_DAYS`` (``score = Σ weight · exp(-age / TAU)``). A
  person touched evenly ``target`` times a year with weight-1 touches settles,
  on average, at ``steady = target · TAU / 365``; with ``x = score / steady``,
  intensity is ``x^STEEP / (x^STEEP + HALF^STEEP)``: slow from nothing (a
  lone note long ago is next to nothing), half at 40 % of the target's pace,
  80 % at the pace, 92 % at twice it, 97 % at four times: more touches always
  count, each a little less, so the warmest still rank among themselves;
* **repetition**: warmth is kept up, not won by one gesture. Over the last
  ``BEATS`` beats of ``365 / target`` days each (four months for a monthly
  Close friend, sixteen for a Wide one), ``r`` is the number of days with a
  touch, up to ``BEATS``, over ``BEATS``; the factor is ``FLOOR + (1 - FLOOR) · r``.

``warmth = round(100 · intensity · repetition)``. A friend kept at the target's
pace reads about 80; one touch after a long silence, however rich, reads at
most ``100 · (FLOOR + (1 - FLOOR) / BEATS)`` = 55, "cooling"; 100 is only
approached. See docs/warmth.md.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Iterable, Mapping

from keepwarm.lib.words import COLD, COOLING, WARM
from keepwarm.planner.model import PastTouch

TAU_DAYS = 180.0
HALF = 0.4
"""Intensity is one half at this share of the target's pace…"""
STEEP = 1.5
"""…and rises around it this steeply (a Hill curve: 1 would rise fastest from 0)."""
BEATS = 4
"""Repetition counts the days with a touch (up to this many) in this many beats
of ``365 / target`` days back from today."""
FLOOR = 0.4
"""The share of intensity that needs no repetition: touches all older than the
beats keep 40 % of it; ``BEATS`` days with a touch in them keep all of it."""


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
    """0 (cold, or never touched) to 100 (touched richly and regularly)."""
    history = list(history)
    ages = [(today - touch.date).days for touch in history]
    return _value(score(history, weights, today), target, _repetition(ages, target))


def _beat(target: int) -> float:
    return 365.0 / max(target, 1)


def _repetition(ages: Iterable[int], target: int) -> float:
    """Days with a touch in the last ``BEATS`` beats, up to ``BEATS``, over
    ``BEATS`` (ages in days, today 0)."""
    window = BEATS * _beat(target)
    return min(len({age for age in ages if 0 <= age < window}), BEATS) / BEATS


WARM_FROM = 60
"""Warmth at or above this reads "warm"."""
COLD_BELOW = 25
"""Warmth below this reads "cold"; in between, "cooling"."""


def label(value: int) -> str:
    """ "warm", "cooling" or "cold": the word for a warmth score."""
    if value >= WARM_FROM:
        return WARM
    return COLD if value < COLD_BELOW else COOLING


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


def _value(total: float, target: int, repetition: float) -> int:
    x = max(total, 0.0) / _steady(target)
    intensity = math.pow(x, STEEP) / (math.pow(x, STEEP) + math.pow(HALF, STEEP))
    return min(100, round(100 * intensity * (FLOOR + (1.0 - FLOOR) * repetition)))


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
    taken away again; repetition reads the touches of the last ``BEATS`` beats
    (found by bisection).
    """
    if step_days < 1:
        raise ValueError("step_days must be at least 1")
    touches = sorted(
        ((touch.date, weights.get(touch.kind_id, 1.0)) for touch in history), key=lambda t: t[0]
    )
    days = [touch[0].toordinal() for touch in touches]
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
        recent = bisect.bisect_left(days, day.toordinal() - math.ceil(BEATS * _beat(target)))
        ages = [day.toordinal() - d for d in days[max(recent, dropped) : added]]
        points.append((day, _value(total, target, _repetition(ages, target))))
        previous, day = day, day + dt.timedelta(days=step_days)
    return points

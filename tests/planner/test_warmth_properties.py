"""Warmth over time, as properties: it decays while nothing happens, a touch never
cools anyone, weightier touches warm more, one touch alone never reads warm, it
stays within 0-100, the series agrees with the score of each day, and the words
follow the thresholds."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keepwarm.planner.model import PastTouch
from keepwarm.planner.warmth import (
    COLD_BELOW,
    WARM_FROM,
    label,
    warmth,
    warmth_at,
    warmth_series,
)

TODAY = dt.date(2026, 11, 25)
WEIGHTS = {1: 1.0, 2: 2.0, 3: 3.0, 4: 3.5}
LIGHT, HEAVY = 1, 3

days_back = st.integers(min_value=0, max_value=3 * 365)
touches = st.lists(
    st.builds(
        lambda back, kind: PastTouch(TODAY - dt.timedelta(days=back), kind),
        days_back,
        st.sampled_from(sorted(WEIGHTS)),
    ),
    max_size=60,
)
targets = st.integers(min_value=0, max_value=52)


@given(touches, targets, st.integers(min_value=1, max_value=400))
def test_warmth_never_rises_while_nothing_happens(history, target, later):
    now = warmth_at(history, WEIGHTS, target, TODAY)
    assert warmth_at(history, WEIGHTS, target, TODAY + dt.timedelta(days=later)) <= now


@given(st.sampled_from(sorted(WEIGHTS)), st.integers(min_value=1, max_value=52))
def test_a_lone_touch_fades_away(kind, target):
    history = [PastTouch(TODAY, kind)]
    series = warmth_series(history, WEIGHTS, target, TODAY, TODAY + dt.timedelta(days=3 * 365))
    values = [value for _, value in series]
    assert values == sorted(values, reverse=True)
    assert values[-1] < values[0] or values[0] == 0


@given(touches, targets, days_back, st.sampled_from(sorted(WEIGHTS)))
def test_adding_a_touch_never_lowers_warmth(history, target, back, kind):
    extra = PastTouch(TODAY - dt.timedelta(days=back), kind)
    before = warmth(history, WEIGHTS, target, TODAY)
    assert warmth([*history, extra], WEIGHTS, target, TODAY) >= before


@given(touches, targets, days_back)
def test_a_heavier_kind_warms_at_least_as_much_as_a_lighter_one(history, target, back):
    day = TODAY - dt.timedelta(days=back)
    light = warmth([*history, PastTouch(day, LIGHT)], WEIGHTS, target, TODAY)
    heavy = warmth([*history, PastTouch(day, HEAVY)], WEIGHTS, target, TODAY)
    assert heavy >= light


def test_a_coffee_last_week_is_warmer_than_a_note_last_week():
    week_ago = TODAY - dt.timedelta(days=7)
    note = warmth([PastTouch(week_ago, LIGHT)], WEIGHTS, 7, TODAY)
    coffee = warmth([PastTouch(week_ago, HEAVY)], WEIGHTS, 7, TODAY)
    assert coffee > note > 0


@given(st.lists(days_back, min_size=1, max_size=200), targets)
def test_warmth_stays_between_0_and_100(backs, target):
    history = [PastTouch(TODAY - dt.timedelta(days=back), 4) for back in backs]
    assert 0 <= warmth(history, WEIGHTS, target, TODAY) <= 100


@given(st.sampled_from(sorted(WEIGHTS)), targets, st.integers(min_value=0, max_value=3650))
def test_one_touch_alone_never_reads_warm(kind, target, back):
    # However rich (a lunch) and however recent: warmth is kept up, not won once.
    once = [PastTouch(TODAY - dt.timedelta(days=back), kind)]
    assert warmth(once, WEIGHTS, target, TODAY) < WARM_FROM


@pytest.mark.parametrize("target", [3, 7, 12])  # the default Wide, Core and Close
def test_one_coffee_moves_someone_never_touched_from_cold_to_cooling(target):
    coffee = [PastTouch(TODAY, HEAVY)]
    assert label(warmth([], WEIGHTS, target, TODAY)) == "cold"
    assert label(warmth(coffee, WEIGHTS, target, TODAY)) == "cooling"


def test_the_targets_pace_reads_warm_and_more_still_counts():
    def every(days: int) -> list[PastTouch]:
        return [PastTouch(TODAY - dt.timedelta(days=d), LIGHT) for d in range(0, 730, days)]

    pace = warmth(every(52), WEIGHTS, 7, TODAY)  # 7 notes a year, Core
    assert label(pace) == "warm" and pace <= 85
    assert pace < warmth(every(26), WEIGHTS, 7, TODAY) < warmth(every(13), WEIGHTS, 7, TODAY) < 100


def test_touches_bunched_long_ago_read_cooler_than_the_same_touches_kept_up():
    bunched = [PastTouch(TODAY - dt.timedelta(days=150 + d), LIGHT) for d in range(12)]
    kept_up = [PastTouch(TODAY - dt.timedelta(days=30 * d), LIGHT) for d in range(12)]
    assert label(warmth(bunched, WEIGHTS, 12, TODAY)) == "cooling"
    assert label(warmth(kept_up, WEIGHTS, 12, TODAY)) == "warm"


def test_many_touches_are_capped_at_100():
    history = [PastTouch(TODAY - dt.timedelta(days=day), 4) for day in range(100)]
    assert warmth(history, WEIGHTS, 3, TODAY) == 100


@given(touches, targets, st.integers(min_value=1, max_value=30), days_back)
def test_the_series_agrees_with_the_score_of_each_day(history, target, step, back):
    start = TODAY - dt.timedelta(days=back)
    end = start + dt.timedelta(days=2 * 365)
    series = warmth_series(history, WEIGHTS, target, start, end, step, horizon_days=730)
    assert [day for day, _ in series][:2] == [start, start + dt.timedelta(days=step)]
    for day, value in series:
        # One pass sums in another order than the direct score: at most a rounding apart.
        assert abs(value - warmth_at(history, WEIGHTS, target, day, horizon_days=730)) <= 1


def test_the_series_is_weekly_by_default_and_includes_both_ends():
    series = warmth_series([], WEIGHTS, 7, TODAY - dt.timedelta(days=14), TODAY)
    assert series == [(TODAY - dt.timedelta(days=d), 0) for d in (14, 7, 0)]


def test_the_horizon_forgets_touches_older_than_it():
    old = [PastTouch(TODAY - dt.timedelta(days=800), 4)]
    assert warmth_at(old, WEIGHTS, 1, TODAY) > 0
    assert warmth_at(old, WEIGHTS, 1, TODAY, horizon_days=730) == 0
    assert warmth_series(old, WEIGHTS, 1, TODAY, TODAY, horizon_days=730) == [(TODAY, 0)]


def test_a_step_below_one_day_is_refused():
    with pytest.raises(ValueError, match="step_days"):
        warmth_series([], WEIGHTS, 7, TODAY, TODAY, 0)


@pytest.mark.parametrize(
    ("value", "word"),
    [
        (100, "warm"),
        (WARM_FROM, "warm"),
        (WARM_FROM - 1, "cooling"),
        (COLD_BELOW, "cooling"),
        (COLD_BELOW - 1, "cold"),
        (0, "cold"),
    ],
)
def test_labels_follow_the_thresholds(value, word):
    assert label(value) == word


@given(st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=100))
def test_a_warmer_value_never_gets_a_colder_word(one, two):
    order = ["cold", "cooling", "warm"]
    low, high = sorted((one, two))
    assert order.index(label(low)) <= order.index(label(high))

"""The pure planner's speed, and the year-long simulation against the peers' baselines."""

from __future__ import annotations

import datetime as dt
import gc
import statistics
import time

from keepwarm.planner.baselines import FixedTimer, LastTouchPlusInterval
from keepwarm.planner.model import Snapshot
from keepwarm.planner.plan import plan
from keepwarm.planner.simulation import Metrics, Planner, plan_over_bound, run
from keepwarm.planner.synthetic import network

TODAY = dt.date(2026, 11, 25)
SPEED_TARGETS_S = {10_000: 1.0, 100_000: 12.0}
METRICS = (
    ("reached_target", "share of people reaching their circle's target", "higher"),
    ("inner_gap_over_120", "share of Close/Core people with a gap over 120 days", "lower"),
    ("birthdays_on_the_day", "birthdays greeted on the day (active weeks)", "higher"),
    ("peak_week_over_budget", "largest week's suggested minutes / budget", "lower"),
    ("most_items_in_a_week", "most items shown in one week", "lower"),
    ("kinds_per_person", "distinct kinds per person touched", "higher"),
    ("touches", "touches done in the year", "higher"),
)


def time_plan(size: int, repeats: int) -> tuple[float, int]:
    people, kinds = network(size, seed=1, today=TODAY, history_years=2)
    snapshot = Snapshot(today=TODAY, budget_minutes=600, people=people, kinds=kinds)
    touches = sum(len(p.history) for p in people)
    times = []
    for _ in range(repeats):
        gc.collect()
        started = time.perf_counter()
        plan(snapshot)
        times.append(time.perf_counter() - started)
    return statistics.median(times), touches


def speed_section() -> tuple[list[str], bool]:
    lines = [
        "## Planner speed",
        "",
        "The pure planner (`keepwarm.planner.plan.plan`), 52 weeks, a synthetic network with",
        "two years of history, budget 600 minutes a week; median of the runs.",
        "",
        "| people | past touches | runs | median s | target s | result |",
        "| ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    results = {}
    ok = True
    for size, target in SPEED_TARGETS_S.items():
        seconds, touches = time_plan(size, repeats=5 if size <= 10_000 else 3)
        results[size] = seconds
        passed = seconds <= target
        ok = ok and passed
        verdict = "pass" if passed else "FAIL"
        lines.append(
            f"| {size:,} | {touches:,} | {5 if size <= 10_000 else 3} | {seconds:.2f} | "
            f"≤ {target:g} | {verdict} |"
        )
    ratio = results[100_000] / results[10_000]
    growth = f"From 10,000 to 100,000 people: {ratio:.1f} times the time for 10 times the people."
    lines += ["", growth, ""]
    return lines, ok


def _beats(planner: float, other: float, better: str) -> bool:
    return planner > other if better == "higher" else planner < other


def simulation_section(people: int, budget: int, seeds: list[int]) -> tuple[list[str], bool]:
    lines = ["## Simulation: the planner against the peers' reminder models", ""]
    lines += [
        f"`keepwarm simulate --people {people} --budget {budget} --seed S` for each seed:",
        "a year of a user who does each suggestion with probability 0.8 while the week's",
        "minutes last, takes a 3-week vacation and has a 4-week crunch with no time at all,",
        "and re-plans every morning. See docs/planner.md for the metrics' definitions.",
        "",
    ]
    ok = True
    for seed in seeds:
        strategies = [Planner(), FixedTimer(), LastTouchPlusInterval()]
        results: list[Metrics] = [run(s, people, budget, seed, days=365) for s in strategies]
        value, best = plan_over_bound(people, budget, seed)
        mine = results[0]
        lines += [
            f"### Seed {seed}",
            "",
            "| metric | keepwarm | fixed timer | last touch + interval | planner wins |",
            "| --- | ---: | ---: | ---: | --- |",
        ]
        for field, label, better in METRICS:
            values = [getattr(m, field) for m in results]
            wins = all(_beats(values[0], v, better) for v in values[1:])
            if field != "touches":
                ok = ok and wins
            cells = " | ".join(_fmt(v) for v in values)
            lines.append(f"| {label} ({better} is better) | {cells} | {'yes' if wins else 'NO'} |")
        in_budget = mine.peak_week_over_budget <= 1.0
        ratio = value / best
        ok = ok and in_budget and ratio >= 0.95 and mine.birthdays_on_the_day >= 0.98
        lines += [
            "",
            f"Plan / bound: {value} target-capped touches planned on the first morning against an",
            f"upper bound of {best:.1f} → **{ratio:.3f}** (target ≥ 0.95). Weeks within budget:",
            f"{'100 %' if in_budget else 'NOT all'}.",
            "",
        ]
    return lines, ok


def _fmt(value: float | int) -> str:
    return f"{value:.3f}" if isinstance(value, float) else f"{value:,}"

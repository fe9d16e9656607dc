"""``keepwarm simulate``: a year of a busy user with the planner and with the two
reminder models peers use, on a synthetic network (no account, no database)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from keepwarm.cli import output
from keepwarm.lib.words import plural

# How a metric is shown.
Show = Callable[[Any], str]


def _percent(value: Any) -> str:
    return f"{value:.1%}"


def _ratio(value: Any) -> str:
    return f"{value:.2f}"


def _count(value: Any) -> str:
    return f"{value:,}"


ROWS: tuple[tuple[str, str, Show], ...] = (
    ("reached_target", "share reaching target", _percent),
    ("inner_gap_over_120", "Close/Core with a gap over 120 days", _percent),
    ("inner_gap_keepable", "the same, of those not yet silent 120 days", _percent),
    ("birthdays_on_the_day", "birthdays greeted on the day", _percent),
    ("peak_week_over_budget", "largest week / budget", _ratio),
    ("routine_peak_over_budget", "largest week / budget, occasions aside", _ratio),
    ("most_items_in_a_week", "most items in a week", _count),
    ("kinds_per_person", "distinct kinds per person", _ratio),
    ("touches", "touches done", _count),
)


def strategies() -> list[Any]:
    from keepwarm.planner.baselines import FixedTimer, LastTouchPlusInterval
    from keepwarm.planner.simulation import Planner

    return [Planner(), FixedTimer(), LastTouchPlusInterval()]


def measure(people: int, budget: int, days: int, seed: int) -> dict[str, Any]:
    """Every strategy's metrics, and the first-morning plan against the bound."""
    from keepwarm.planner.simulation import plan_over_bound, run

    results = []
    for strategy in strategies():
        click.echo(f"Simulating {strategy.name}…", err=True)
        results.append(run(strategy, people, budget, seed, days=days).as_dict())
    plan_touches, bound = plan_over_bound(people, budget, seed)
    return {
        "people": people,
        "budget": budget,
        "seed": seed,
        "days": days,
        "strategies": results,
        "plan_touches": plan_touches,
        "bound": bound,
        "plan_over_bound": round(plan_touches / bound, 4) if bound else None,
    }


def render(data: dict[str, Any]) -> None:
    results = data["strategies"]
    columns = ["metric", *(str(result["strategy"]) for result in results)]
    rows = [[label, *(show(result[key]) for result in results)] for key, label, show in ROWS]
    title = (
        f"{plural(data['people'], 'person', 'people')}, {data['budget']} minutes a week, "
        f"{plural(data['days'], 'day')}, seed {data['seed']}"
    )
    console = output.console()
    console.print(output.table(columns, rows, title=title))
    ratio = data["plan_over_bound"]
    shown = "n/a (no touch is possible)" if ratio is None else f"{ratio:.3f}"
    console.print(f"plan / bound: {data['plan_touches']} / {data['bound']:.1f} = {shown}")
    console.print(
        "Higher is better for targets reached, birthdays and kinds; lower for gaps, the "
        "largest week and items in a week. plan / bound: touches that count towards a "
        "target in the first morning's plan, over the most the budget could buy. "
        "Definitions: docs/planner.md."
    )


@click.command()
@click.option(
    "--people",
    "-p",
    type=click.IntRange(10, 100_000),
    default=300,
    show_default=True,
    help="How many people in the synthetic network (10 to 100,000).",
)
@click.option(
    "--budget",
    "-b",
    type=click.IntRange(1, 2400),
    default=90,
    show_default=True,
    help="Minutes a week the simulated user has (1 to 2400).",
)
@click.option(
    "--days",
    "-d",
    type=click.IntRange(7, 730),
    default=365,
    show_default=True,
    help="How many days to simulate (7 to 730).",
)
@click.option(
    "--seed",
    "-s",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="The random seed.",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object instead.")
def simulate(people: int, budget: int, days: int, seed: int, as_json: bool) -> None:
    """Measure the planner against the reminder models peers use.

    A synthetic network (circles, birthdays, addresses, phones, cities) and a
    simulated user who does each suggested item with probability 0.8 while
    the week's minutes last, takes a three-week vacation and has a four-week
    crunch with no time at all. The same year is run with the keepwarm planner
    (re-planned every morning), a fixed repeating timer per contact, and "last
    touch + interval". Needs no account: nothing is read or written.

    \b
    Examples:
      keepwarm simulate
      keepwarm simulate --people 1000 --budget 60 --seed 7
      keepwarm simulate --people 40 --days 28 --json
    """
    data = measure(people, budget, days, seed)
    if as_json:
        output.print_json(data)
    else:
        render(data)

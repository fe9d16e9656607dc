"""`keepwarm simulate`: the planner against the peers' reminder models."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from keepwarm.cli import cli

SMALL = ("--people", "40", "--days", "28", "--budget", "60", "--seed", "3")
METRIC_KEYS = {
    "strategy",
    "reached_target",
    "inner_gap_over_120",
    "inner_gap_keepable",
    "birthdays_on_the_day",
    "peak_week_over_budget",
    "routine_peak_over_budget",
    "most_items_in_a_week",
    "kinds_per_person",
    "touches",
}
STRATEGIES = ["keepwarm planner", "fixed timer per contact", "last touch + interval"]


def run(*args: str):
    return CliRunner().invoke(cli, ["simulate", *args], env={"COLUMNS": "200"})


def test_simulate_prints_the_metrics_table_and_the_bound():
    # No account and no database: the simulation is pure.
    result = run(*SMALL)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "40 people, 60 minutes a week, 28 days, seed 3" in out
    for name in STRATEGIES:
        assert name in out
    for label in (
        "share reaching target",
        "Close/Core with a gap over 120 days",
        "birthdays greeted on the day",
        "largest week / budget",
        "most items in a week",
        "distinct kinds per person",
        "touches done",
    ):
        assert label in out
    bound_line = next(line for line in out.splitlines() if line.startswith("plan / bound: "))
    touches, rest = bound_line.removeprefix("plan / bound: ").split(" / ")
    bound, ratio = rest.split(" = ")
    assert int(touches) <= float(bound)
    assert float(ratio) == pytest.approx(int(touches) / float(bound), abs=0.001)
    assert "Simulating keepwarm planner" in result.stderr


def test_simulate_json_has_every_strategys_metrics():
    result = run(*SMALL, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {
        "people",
        "budget",
        "seed",
        "days",
        "strategies",
        "plan_touches",
        "bound",
        "plan_over_bound",
    }
    assert (data["people"], data["budget"], data["seed"], data["days"]) == (40, 60, 3, 28)
    assert [s["strategy"] for s in data["strategies"]] == STRATEGIES
    for metrics in data["strategies"]:
        assert set(metrics) == METRIC_KEYS
        for key in ("reached_target", "inner_gap_over_120", "birthdays_on_the_day"):
            assert 0.0 <= metrics[key] <= 1.0
        assert isinstance(metrics["most_items_in_a_week"], int)
        assert isinstance(metrics["touches"], int) and metrics["touches"] > 0
    planner = data["strategies"][0]
    # The planner never asks for more than the budget, occasions aside; the timers pile up.
    assert planner["routine_peak_over_budget"] <= 1.0
    assert data["strategies"][1]["peak_week_over_budget"] > 1.0
    assert isinstance(data["plan_touches"], int) and isinstance(data["bound"], float)
    assert 0 < data["plan_over_bound"] <= 1.0
    assert data["plan_over_bound"] == pytest.approx(data["plan_touches"] / data["bound"], abs=1e-4)


def test_simulate_is_deterministic_for_a_seed():
    first = json.loads(run(*SMALL, "--json").stdout)
    assert json.loads(run(*SMALL, "--json").stdout) == first


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--people", "9"], "--people"),
        (["--people", "100001"], "--people"),
        (["--budget", "0"], "--budget"),
        (["--budget", "2401"], "--budget"),
        (["--days", "6"], "--days"),
        (["--days", "731"], "--days"),
        (["--seed", "-1"], "--seed"),
        (["--people", "lots"], "--people"),
    ],
)
def test_simulate_refuses_out_of_range_input(args, option):
    result = run(*args)
    assert result.exit_code == 2
    assert option in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""

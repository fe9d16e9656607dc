"""The plan page's chart: minutes per week as SVG bars against the budget.

Only geometry: the numbers come from the plan. Sizes are set with SVG
attributes (the content security policy forbids inline styles)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import formats

from keepwarm.planner.model import Week

SLOT = 12
BAR = 8
TOP = 18
PLOT = 120
AXIS = 32


@dataclass(frozen=True)
class Bar:
    x: int
    start: dt.date
    planned: int
    spent: int
    budget: int
    touches: int
    planned_y: float
    planned_height: float
    spent_y: float
    spent_height: float
    budget_y: float
    current: bool

    @property
    def title(self) -> str:
        text = f"Week of {formats.date_format(self.start, 'j M')}: "
        text += f"{self.planned} of {self.budget} minutes planned"
        if self.spent:
            text += f", {self.spent} spent"
        return f"{text}, {self.touches} touch{'es' if self.touches != 1 else ''}"


@dataclass(frozen=True)
class Label:
    x: int
    text: str
    year: str = ""
    """Under January's name, the year it starts."""


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    labels: list[Label]
    width: int
    height: int
    top: int
    baseline: int
    plot: int
    scale: int
    """The minutes the full height stands for."""


def _height(minutes: int, scale: int) -> float:
    return round(PLOT * min(minutes, scale) / scale, 1)


def _bar(index: int, week: Week, scale: int) -> Bar:
    baseline = TOP + PLOT
    spent = _height(week.spent_minutes, scale)
    planned = min(_height(week.planned_minutes, scale), PLOT - spent)
    return Bar(
        x=index * SLOT,
        start=week.start,
        planned=week.planned_minutes,
        spent=week.spent_minutes,
        budget=week.budget_minutes,
        touches=len(week.items),
        planned_y=round(baseline - spent - planned, 1),
        planned_height=planned,
        spent_y=round(baseline - spent, 1),
        spent_height=spent,
        budget_y=round(baseline - _height(week.budget_minutes, scale), 1),
        current=index == 0,
    )


def _labels(weeks: Sequence[Week]) -> list[Label]:
    """A month's name under the first week that starts in it; the year on January."""
    labels = []
    month = None
    for index, week in enumerate(weeks):
        if week.start.month == month:
            continue
        month = week.start.month
        year = str(week.start.year) if month == 1 else ""
        if index or week.start.day <= 7:
            labels.append(Label(index * SLOT, formats.date_format(week.start, "M"), year))
    return labels


def week_chart(weeks: Sequence[Week]) -> Chart:
    need = [max(w.budget_minutes, w.planned_minutes + w.spent_minutes) for w in weeks]
    scale = max([*need, 1])
    return Chart(
        bars=[_bar(index, week, scale) for index, week in enumerate(weeks)],
        labels=_labels(weeks),
        width=len(weeks) * SLOT,
        height=TOP + PLOT + AXIS,
        top=TOP,
        baseline=TOP + PLOT,
        plot=PLOT,
        scale=scale,
    )

"""Charts drawn as SVG on the server: the plan page's minutes per week against the budget,
and warmth over time and the network health dashboard's charts (further down).

Only geometry: the numbers come from the plan. Sizes are set with SVG
attributes (the content security policy forbids inline styles). Every chart
scales to its box (a viewBox, width 100%), and none is wider than a phone can
show at a size that reads: the year of weeks is drawn in halves that wrap."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from keepwarm.lib.words import day_month, month_name, plural, short_date
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
        text = f"Week of {day_month(self.start)}: "
        text += f"{self.planned} of {self.budget} minutes planned"
        if self.spent:
            text += f", {self.spent} spent"
        return f"{text}, {plural(self.touches, 'touch', 'touches')}"


@dataclass(frozen=True)
class Label:
    x: int
    text: str
    year: str = ""
    """Under January's name, the year it starts; under a part's first name, its year."""
    opens: bool = False
    """The year is there only because the name opens its part."""


@dataclass(frozen=True)
class Part:
    """A run of weeks drawn as one SVG. The year is drawn in ``PARTS`` of them,
    side by side on a wide screen and one under the other on a phone, so a phone
    shows every week, at a size that can be read, without scrolling sideways."""

    bars: list[Bar]
    labels: list[Label]
    width: int
    first: dt.date
    last: dt.date
    """The start of the part's last week."""

    @property
    def title(self) -> str:
        return f"Weeks of {short_date(self.first)} to {short_date(self.last)}"


@dataclass(frozen=True)
class Chart:
    parts: list[Part]
    height: int
    top: int
    baseline: int
    plot: int
    scale: int
    """The minutes the full height stands for."""

    @property
    def bars(self) -> list[Bar]:
        return [bar for part in self.parts for bar in part.bars]


def _height(minutes: int, scale: int) -> float:
    return round(PLOT * min(minutes, scale) / scale, 1)


def _bar(index: int, week: Week, scale: int, number: int) -> Bar:
    """The bar of the week ``number`` of the plan, ``index`` of its part."""
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
        current=number == 0,
    )


def _labels(weeks: Sequence[Week]) -> list[Label]:
    """A month's name under the first week that starts in it; the year on January
    and on the first name of the part."""
    labels: list[Label] = []
    month = None
    for index, week in enumerate(weeks):
        if week.start.month == month:
            continue
        month = week.start.month
        if index or week.start.day <= 7:
            opens = month != 1 and not labels
            year = str(week.start.year) if month == 1 or opens else ""
            text = month_name(week.start)
            labels.append(Label(index * SLOT, text, year, opens))
    return labels


PARTS = 2


def _parts(weeks: Sequence[Week], scale: int) -> list[Part]:
    size = -(-len(weeks) // PARTS) if weeks else 1
    parts = []
    for start in range(0, len(weeks), size):
        run = weeks[start : start + size]
        parts.append(
            Part(
                bars=[_bar(index, week, scale, start + index) for index, week in enumerate(run)],
                labels=_labels(run),
                width=len(run) * SLOT,
                first=run[0].start,
                last=run[-1].start,
            )
        )
    return parts


def week_chart(weeks: Sequence[Week]) -> Chart:
    need = [max(w.budget_minutes, w.planned_minutes + w.spent_minutes) for w in weeks]
    scale = max([*need, 1])
    return Chart(
        parts=_parts(weeks, scale),
        height=TOP + PLOT + AXIS,
        top=TOP,
        baseline=TOP + PLOT,
        plot=PLOT,
        scale=scale,
    )


# Warmth and network health ---------------------------------------------------------
# Colour-blind-safe (Okabe-Ito) fills set in app.css, with a pattern per word in
# the SVG itself so warm, cooling and cold differ without colour too.

SPARK_WIDTH = 312
SPARK_HEIGHT = 64
SPARK_PAD = 4


@dataclass(frozen=True)
class Sparkline:
    points: str
    """The polyline's "x,y x,y ..." in the viewBox."""
    area: str
    """The same line closed down to the baseline, for the fill under it."""
    last_x: float
    last_y: float
    warm_y: float
    cold_y: float
    width: int = SPARK_WIDTH
    height: int = SPARK_HEIGHT

    @property
    def cold_height(self) -> float:
        return round(self.height - self.cold_y, 1)


def _spark_y(value: int) -> float:
    return round(SPARK_PAD + (SPARK_HEIGHT - 2 * SPARK_PAD) * (100 - value) / 100, 1)


def sparkline(values: Sequence[int], warm_from: int, cold_below: int) -> Sparkline:
    """A 0-100 series drawn left (oldest) to right (today)."""
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(values) - 1, 1)
    xy = [(round(SPARK_PAD + i * step, 1), _spark_y(v)) for i, v in enumerate(values)]
    line = " ".join(f"{x},{y}" for x, y in xy)
    base = _spark_y(0)
    first, last = xy[0], xy[-1]
    return Sparkline(
        points=line,
        area=f"{first[0]},{base} {line} {last[0]},{base}",
        last_x=last[0],
        last_y=last[1],
        warm_y=_spark_y(warm_from),
        cold_y=_spark_y(cold_below),
    )


STACK_WIDTH = 600


@dataclass(frozen=True)
class Segment:
    word: str
    count: int
    x: float
    width: float

    @property
    def middle(self) -> float:
        return round(self.x + self.width / 2, 1)


def stacked(counts: Sequence[tuple[str, int]]) -> list[Segment]:
    """Segments side by side over the full width, each its share of the total."""
    total = sum(count for _, count in counts)
    segments, x = [], 0.0
    for word, count in counts:
        width = round(STACK_WIDTH * count / total, 1) if total else 0.0
        if count:
            segments.append(Segment(word, count, round(x, 1), width))
        x += width
    return segments


MONTH_SLOT = 50
MONTH_BAR = 32
MONTH_TOP = 22
MONTH_PLOT = 140
MONTH_AXIS = 34


@dataclass(frozen=True)
class MonthBar:
    start: dt.date
    touches: int
    partial: bool
    x: int
    y: float
    height: float

    @property
    def middle(self) -> int:
        return self.x + MONTH_BAR // 2


@dataclass(frozen=True)
class MonthChart:
    bars: list[MonthBar]
    target: float
    target_y: float
    width: int
    height: int
    baseline: int


def month_chart(months: Sequence[Any], target: float) -> MonthChart:
    """Bars of touches per month with the monthly target as a line across."""
    scale = max([*(m.touches for m in months), target, 1.0]) * 1.1
    baseline = MONTH_TOP + MONTH_PLOT

    def y(value: float) -> float:
        return round(baseline - MONTH_PLOT * value / scale, 1)

    bars = [
        MonthBar(
            month.start,
            month.touches,
            month.partial,
            x=i * MONTH_SLOT + (MONTH_SLOT - MONTH_BAR) // 2,
            y=y(month.touches),
            height=round(baseline - y(month.touches), 1),
        )
        for i, month in enumerate(months)
    ]
    return MonthChart(
        bars=bars,
        target=target,
        target_y=y(target),
        width=len(months) * MONTH_SLOT,
        height=baseline + MONTH_AXIS,
        baseline=baseline,
    )

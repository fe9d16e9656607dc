"""Planner snapshots for the tests: hand-made people and snapshots on the
suite's day (``person``, ``snap``), and Hypothesis strategies for random ones
(``snapshots``) over the default kinds of touch (``KINDS``)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from keepwarm.lib.dates import MonthDay
from keepwarm.planner.model import NEEDS, Gathering, LifeEvent, PastTouch, Person, Snapshot, Trip
from keepwarm.planner.synthetic import default_kinds
from tests.conftest import TODAY

KINDS = default_kinds()
KIND = {k.label: k for k in KINDS}
EVERYTHING = frozenset({"address", "phone", "email", "same_city"})


def person(pid: int = 1, **fields) -> Person:
    values = {"name": f"Person {pid}", "target": 7, "inner": True, "has": EVERYTHING}
    values.update(fields)
    return Person(id=pid, **values)


def snap(*people: Person, budget: int = 600, **fields) -> Snapshot:
    fields = {"today": TODAY, "kinds": KINDS, **fields}
    return Snapshot(budget_minutes=budget, people=people, **fields)


# Random snapshots ---------------------------------------------------------------------

DAYS = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))


@st.composite
def people(draw: st.DrawFn, today: dt.date) -> tuple[Person, ...]:
    count = draw(st.integers(0, 25))
    found = []
    for pid in range(1, count + 1):
        history = draw(
            st.lists(
                st.builds(
                    PastTouch,
                    st.dates(today - dt.timedelta(days=730), today),
                    st.sampled_from([k.id for k in KINDS]),
                ),
                max_size=8,
            )
        )
        events = draw(
            st.lists(
                st.builds(
                    LifeEvent,
                    st.integers(1, 10_000),
                    st.sampled_from(["bereavement", "move", "new_job", "baby", "other"]),
                    st.dates(today - dt.timedelta(days=40), today + dt.timedelta(days=60)),
                ),
                max_size=2,
            )
        )
        month = draw(st.integers(1, 12))
        birthday = draw(
            st.one_of(st.none(), st.builds(MonthDay, st.just(month), st.integers(1, 28)))
        )
        found.append(
            Person(
                id=pid,
                name=f"P{pid}",
                target=draw(st.integers(0, 24)),
                inner=draw(st.booleans()),
                birthday=birthday,
                has=frozenset(
                    draw(st.sets(st.sampled_from([n for n in NEEDS if n != "birthday"])))
                ),
                deceased=draw(st.booleans()) and draw(st.booleans()),
                archived=draw(st.booleans()) and draw(st.booleans()),
                paused_until=draw(
                    st.one_of(st.none(), st.dates(today, today + dt.timedelta(days=200)))
                ),
                history=tuple(sorted(history, key=lambda t: t.date)),
                life_events=tuple(events),
            )
        )
    return tuple(found)


@st.composite
def snapshots(draw: st.DrawFn) -> Snapshot:
    today = draw(DAYS)
    budget = draw(st.integers(0, 400))
    week_start = draw(st.sampled_from([0, 5, 6]))
    trips = draw(
        st.lists(
            st.dates(today, today + dt.timedelta(days=300)).map(
                lambda d: Trip(d, d + dt.timedelta(days=10), "away")
            ),
            max_size=2,
        )
    )
    crowd = draw(people(today))
    ids = [p.id for p in crowd]
    gatherings = draw(
        st.lists(
            st.builds(
                Gathering,
                st.integers(1, 99),
                st.dates(today, today + dt.timedelta(days=120)),
                st.just("party"),
                st.lists(st.sampled_from(ids), unique=True).map(tuple) if ids else st.just(()),
            ),
            max_size=2,
            unique_by=lambda g: g.id,
        )
    )
    first = today - dt.timedelta(days=today.weekday())
    quiet = draw(st.sets(st.integers(0, 51), max_size=6))
    season = draw(
        st.sampled_from([(MonthDay(12, 1), MonthDay(12, 15)), (MonthDay(12, 20), MonthDay(1, 6))])
    )
    return Snapshot(
        today=today,
        budget_minutes=budget,
        people=crowd,
        kinds=KINDS,
        week_start=week_start,
        spent_this_week=draw(st.integers(0, budget + 30)),
        trips=tuple(trips),
        gatherings=tuple(gatherings),
        week_budgets={first + dt.timedelta(weeks=w, days=d): 0 for w in quiet for d in (0, 5, 6)},
        card_season=season,
    )

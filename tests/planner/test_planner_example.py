"""The worked example of docs/planner.md, so that the page stays true."""

from __future__ import annotations

import datetime as dt

from keepwarm.lib.dates import MonthDay
from keepwarm.planner.model import LifeEvent, PastTouch, Person, Snapshot
from keepwarm.planner.plan import plan
from keepwarm.planner.synthetic import default_kinds

KINDS = default_kinds()
ID = {k.label: k.id for k in KINDS}
EVERYTHING = frozenset({"address", "email", "phone", "same_city"})


def touch(day: dt.date, label: str) -> PastTouch:
    return PastTouch(day, ID[label])


PEOPLE = (
    Person(
        1,
        "Jane",
        12,
        True,
        birthday=MonthDay(11, 27, 1986),
        has=EVERYTHING,
        history=(touch(dt.date(2026, 10, 30), "coffee"),),
    ),
    Person(
        2,
        "Tom",
        7,
        True,
        has=frozenset({"email", "phone"}),
        history=(touch(dt.date(2026, 3, 2), "check-in call"), touch(dt.date(2026, 6, 9), "lunch")),
        life_events=(LifeEvent(1, "bereavement", dt.date(2026, 11, 23), "his mother"),),
    ),
    Person(
        3, "Max", 7, True, has=EVERYTHING, history=(touch(dt.date(2026, 9, 20), "check-in call"),)
    ),
    Person(
        4,
        "Ana",
        3,
        birthday=MonthDay(3, 14),
        has=frozenset({"address", "email"}),
        history=(touch(dt.date(2026, 7, 1), "email or note"),),
    ),
    Person(5, "Lee", 3, has=frozenset({"email"})),
)
NAMES = {p.id: p.name for p in PEOPLE}


def test_the_worked_example_plans_what_the_page_says():
    snapshot = Snapshot(today=dt.date(2026, 11, 25), budget_minutes=45, people=PEOPLE, kinds=KINDS)
    result = plan(snapshot)
    weeks = [
        [
            (i.date.strftime("%a %d %b"), i.kind, [NAMES[p] for p in i.people], i.minutes)
            for i in week.items
        ]
        for week in result.weeks[:5]
    ]
    assert weeks == [
        [
            ("Wed 25 Nov", "condolence", ["Tom"], 20),
            ("Fri 27 Nov", "birthday greeting", ["Jane"], 3),
        ],
        [("Mon 30 Nov", "holiday card", ["Jane", "Max", "Ana"], 29)],
        [("Thu 10 Dec", "meeting", ["Jane"], 45)],
        [("Thu 17 Dec", "meeting", ["Max"], 45)],
        [("Wed 23 Dec", "check-in call", ["Tom"], 20)],
    ]
    lee = [i.date for i in result.items() if i.people == (5,) and i.occasion == ""]
    assert lee[0] == dt.date(2027, 1, 9)
    assert 8 < result.coverage < 10

"""The planner's incremental entry point: a plan made with the memo of the plan
before equals the plan made afresh, whatever changed in between, and works out
again only what depends on the people changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keepwarm.planner.dates import MonthDay
from keepwarm.planner.memo import Memo
from keepwarm.planner.model import LifeEvent, PastTouch, Person, Snapshot
from keepwarm.planner.plan import plan
from tests.test_planner_properties import KINDS, snapshots

FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _changed(person: Person, how: str, today: dt.date) -> Person:
    if how == "touch":
        return replace(person, history=(*person.history, PastTouch(today, KINDS[0].id)))
    if how == "birthday":
        return replace(person, birthday=MonthDay(today.month, min(today.day, 28)))
    if how == "event":
        event = LifeEvent(77_777, "bereavement", today - dt.timedelta(days=1))
        return replace(person, life_events=(*person.life_events, event))
    if how == "target":
        return replace(person, target=(person.target + 5) % 25, inner=not person.inner)
    if how == "paused":
        return replace(person, paused_until=today + dt.timedelta(days=20))
    if how == "address":
        return replace(person, has=person.has ^ {"address"})
    return replace(person, archived=not person.archived)


HOW = ["touch", "birthday", "event", "target", "paused", "address", "archived"]


@st.composite
def changed(draw: st.DrawFn, snapshot: Snapshot) -> tuple[Snapshot, set[int]]:
    """The snapshot after some people changed (new objects for them, the same
    objects for the others), some left and one came; now and then a day later,
    another budget or a kind weighted otherwise."""
    today = snapshot.today
    people, touched = [], set()
    for person in snapshot.people:
        how = draw(st.sampled_from([None, None, None, "gone", *HOW]))
        if how == "gone":
            continue
        if how is not None:
            person = _changed(person, how, today)
            touched.add(person.id)
        people.append(person)
    if draw(st.booleans()):
        people.append(Person(id=999, name="New", target=6, inner=True, since=today))
        touched.add(999)
    shot = replace(snapshot, people=tuple(people))
    other = draw(st.sampled_from([None, "day", "budget", "kinds"]))
    if other == "day":
        shot = replace(shot, today=today + dt.timedelta(days=1))
    elif other == "budget":
        shot = replace(shot, budget_minutes=shot.budget_minutes // 2 + 15)
    elif other == "kinds":
        heavier = replace(shot.kinds[0], weight=shot.kinds[0].weight + 1)
        shot = replace(shot, kinds=(heavier, *shot.kinds[1:]))
    return shot, touched if other in (None, "budget") else None


@FAST
@given(snapshots(), st.sampled_from([1, 4, 52]), st.data())
def test_a_plan_from_the_memo_of_the_plan_before_is_the_plan_made_afresh(snapshot, weeks, data):
    memo = Memo()
    assert plan(snapshot, weeks, memo) == plan(snapshot, weeks)
    after, touched = data.draw(changed(snapshot))
    assert plan(after, weeks, memo) == plan(after, weeks)
    if touched is not None:  # same day and kinds: only the people changed were worked out
        assert all(count <= len(touched) for count in memo.computed().values()), memo.computed()
    assert plan(after, weeks, memo) == plan(after, weeks)  # and once more, all kept


@FAST
@given(snapshots())
def test_the_memo_is_used_when_nothing_changed(snapshot):
    memo = Memo()
    first = plan(snapshot, 52, memo)
    assert plan(snapshot, 52, memo) == first
    assert set(memo.computed().values()) <= {0}

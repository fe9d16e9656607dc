"""Properties of the pure planner on random snapshots (no database, no clock)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keepwarm.planner.bound import bound, capped_touches, minutes_of
from keepwarm.planner.model import Snapshot
from keepwarm.planner.occasions import can
from keepwarm.planner.plan import plan
from tests.planner.shapes import snapshots


def with_choices(snapshot: Snapshot, data: st.DataObject) -> Snapshot:
    """The same snapshot after the user skipped and swapped some of its items."""
    items = plan(snapshot, weeks=4).items()
    if not items:
        return snapshot
    skipped = data.draw(st.lists(st.sampled_from(items), max_size=3))
    swapped = data.draw(
        st.lists(st.sampled_from([i for i in items if i.swappable] or items), max_size=3)
    )
    return replace(
        snapshot,
        skipped={i.id: snapshot.today for i in skipped},
        swaps={i.id: i.swappable[-1] for i in swapped if i.swappable},
    )


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(snapshots(), st.data())
def test_a_week_never_plans_more_than_its_budget(snapshot, data):
    snapshot = with_choices(snapshot, data)
    result = plan(snapshot)
    for index, week in enumerate(result.weeks):
        room = week.budget_minutes - (snapshot.spent_this_week if index == 0 else 0)
        # Only occasions (kept whatever the week holds) may go beyond it; the
        # routine fits in what they leave.
        fixed = sum(item.minutes for item in week.occasions)
        assert week.planned_minutes - fixed <= max(room - fixed, 0)
        if fixed <= room:
            assert week.planned_minutes <= room
        assert week.beyond_minutes == max(0, week.planned_minutes - max(room, 0))
        assert week.beyond_minutes <= fixed  # only occasions go beyond
        assert week.budget_minutes == snapshot.week_budgets.get(week.start, snapshot.budget_minutes)
    assert not set(snapshot.skipped) & {i.id for i in result.items() if i.occasion}


@FAST
@given(snapshots(), st.data())
def test_nothing_for_the_deceased_archived_or_paused(snapshot, data):
    snapshot = with_choices(snapshot, data)
    people = {p.id: p for p in snapshot.people}
    for item in plan(snapshot).items():
        for pid in item.people:
            person = people[pid]
            assert not person.deceased and not person.archived
            assert person.paused_until is None or item.date >= person.paused_until


@FAST
@given(snapshots(), st.data())
def test_no_kind_without_what_it_needs(snapshot, data):
    snapshot = with_choices(snapshot, data)
    people = {p.id: p for p in snapshot.people}
    kinds = {k.id: k for k in snapshot.kinds}
    for item in plan(snapshot).items():
        for pid in item.people:
            assert can(people[pid], kinds[item.kind_id]), (item, people[pid])


@FAST
@given(snapshots())
def test_the_same_snapshot_gives_the_same_plan(snapshot):
    assert plan(snapshot) == plan(snapshot)


@FAST
@given(snapshots())
def test_items_fall_inside_their_week_and_not_before_today(snapshot):
    for week in plan(snapshot).weeks:
        for item in week.items:
            assert max(week.start, snapshot.today) <= item.date <= week.end
            assert item.opens is None or item.opens <= item.date


@FAST
@given(snapshots())
def test_the_plan_never_beats_the_bound(snapshot):
    result = plan(snapshot)
    minutes = minutes_of(result)
    assert capped_touches(dict(result.expected), snapshot.people) <= bound(snapshot, minutes) + 1e-9


@FAST
@given(snapshots())
def test_birthdays_land_on_the_day_when_the_budget_allows(snapshot):
    generous = Snapshot(
        today=snapshot.today,
        budget_minutes=2400,
        people=snapshot.people,
        kinds=snapshot.kinds,
        week_start=snapshot.week_start,
    )
    result = plan(generous)
    greetings = {(i.people[0], i.date) for i in result.items() if i.occasion == "birthday"}
    end = result.weeks[-1].end
    for person in snapshot.people:
        if not person.active or person.birthday is None:
            continue
        day = person.birthday.next_on_or_after(snapshot.today)
        paused = person.paused_until is not None and day < person.paused_until
        greeted = any(
            t.kind_id == 2 and day - dt.timedelta(days=3) <= t.date <= day for t in person.history
        )
        if day <= end and not paused and not greeted:
            assert (person.id, day) in greetings


@FAST
@given(snapshots())
def test_every_inner_person_gets_something_when_the_budget_allows(snapshot):
    generous = replace(snapshot, budget_minutes=400, spent_this_week=0, week_budgets={})
    result = plan(generous)
    end = result.weeks[-1].end
    for person in generous.people:
        if person.active and person.inner and person.paused_until is None:
            # Someone touched a few days ago with a target of once a year is
            # next due after the last week: only a touch that falls due is owed.
            last = max((t.date for t in person.history), default=None)
            if last is None or last + dt.timedelta(days=365 // person.target) <= end:
                assert result.expected[person.id] >= 1, person


@FAST
@given(snapshots())
def test_an_occasion_listed_today_is_still_there_tomorrow(snapshot):
    today = plan(snapshot)
    tomorrow = plan(
        replace(snapshot, today=snapshot.today + dt.timedelta(days=1), spent_this_week=0)
    )
    later = {i.id for i in tomorrow.items()}
    for item in today.weeks[0].items:
        if (
            item.occasion in ("birthday", "condolence", "help", "gathering")
            and item.date > snapshot.today
        ):
            assert item.id in later, item


@FAST
@given(snapshots(), st.integers(0, 600))
def test_occasions_are_kept_whatever_was_spent_this_week(snapshot, more):
    """A birthday greeting on the day, a condolence, a check-in, an offer to help,
    an invitation: what a generous week plans, a spent or budgetless one plans too
    (a life-event response may slip inside its window; a birthday never moves)."""
    generous = replace(snapshot, budget_minutes=5000, spent_this_week=0, week_budgets={})
    wanted = {i.id: i for i in plan(generous).items() if i.fixed}
    for tight in (
        replace(snapshot, spent_this_week=snapshot.budget_minutes + more),
        replace(snapshot, budget_minutes=0, spent_this_week=more),
    ):
        kept = {i.id: i for i in plan(tight).items() if i.fixed}
        assert set(wanted) <= set(kept), set(wanted) - set(kept)
        for item_id, item in wanted.items():
            if item.occasion == "birthday":
                assert kept[item_id].date == item.date
            else:
                assert kept[item_id].date >= item.date
        first = plan(tight).weeks[0]
        if first.occasions:
            routine = [i for i in first.items if not i.fixed]
            assert not routine or first.beyond_minutes == 0

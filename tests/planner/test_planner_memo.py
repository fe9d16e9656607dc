"""The planner's incremental entry point: a plan made with the memo of the plan
before equals the plan made afresh, whatever changed in between, and works out
again only what depends on the people changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from keepwarm.lib.dates import MonthDay
from keepwarm.planner import parties, sessions
from keepwarm.planner.budget import (
    FLOOR_SHARE,
    INNER_FLOOR,
    RESERVE,
    WHOLE_FLOOR_SHARE,
    Claim,
    Ledger,
    allot,
)
from keepwarm.planner.memo import Memo
from keepwarm.planner.model import (
    Gathering,
    Item,
    Kind,
    LifeEvent,
    PastTouch,
    Person,
    Snapshot,
    Trip,
)
from keepwarm.planner.order import Order
from keepwarm.planner.plan import plan
from keepwarm.planner.synthetic import default_kinds, network
from tests.planner import shapes
from tests.planner.shapes import KINDS, snapshots

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


NEW_KIND = Kind(id=99, label="video call", minutes=25, needs="email", weight=2.2)


@st.composite
def later(draw: st.DrawFn, snapshot: Snapshot, items: list[Item]) -> Snapshot:
    """The snapshot after a few of the changes a user makes between two plans:
    to several people at once (some gone, some new), to the items of the plan
    before (skipped, done, swapped), and now and then to the day, the budget,
    the kinds, a trip or a gathering."""
    today = snapshot.today
    people = []
    for person in snapshot.people:
        how = draw(st.sampled_from([None, None, None, None, "gone", "phone", "city", *HOW]))
        if how in ("phone", "city"):  # what kinds they can receive, and who is in town
            need = "phone" if how == "phone" else "same_city"
            people.append(replace(person, has=person.has ^ {need}))
        elif how != "gone":
            people.append(person if how is None else _changed(person, how, today))
    top = max((p.id for p in snapshot.people), default=0)
    for pid in range(top + 1, top + 1 + draw(st.integers(0, 3))):  # added today (a welcome)
        target, inner = draw(st.integers(1, 24)), draw(st.booleans())
        birthday = MonthDay(today.month, min(today.day, 28))
        people.append(
            Person(
                pid, f"New {pid}", target, inner, birthday, has=frozenset({"phone"}), since=today
            )
        )
    shot = replace(snapshot, people=tuple(people))
    if items:
        chosen = st.lists(st.sampled_from(items), max_size=2)
        skipped = {item.id: today for item in draw(chosen)}
        done = frozenset(item.id for item in draw(chosen))
        swaps = {i.id: i.swappable[0] for i in draw(chosen) if i.swappable}
        shot = replace(
            shot,
            skipped={**shot.skipped, **skipped},
            done=shot.done | done,
            swaps={**shot.swaps, **swaps},
        )
    return _elsewhere(draw, shot)


def _elsewhere(draw: st.DrawFn, shot: Snapshot) -> Snapshot:
    """Now and then, a change beyond the people and the items."""
    today = shot.today
    first = today - dt.timedelta(days=(today.weekday() - shot.week_start) % 7)  # the grid's
    other = draw(
        st.sampled_from(
            [
                None,
                "day",
                "budget",
                "budget",
                "week",
                "spent",
                "kind",
                "no kind",
                "trip",
                "gathering",
            ]
        )
    )
    if other == "day":
        return replace(shot, today=today + dt.timedelta(days=draw(st.integers(1, 8))))
    if other == "budget":
        return replace(shot, budget_minutes=draw(st.integers(0, 400)))
    if other == "week":
        week = first + dt.timedelta(weeks=draw(st.integers(0, 51)))
        return replace(shot, week_budgets={**shot.week_budgets, week: draw(st.integers(0, 60))})
    if other == "spent":
        return replace(shot, spent_this_week=draw(st.integers(0, 120)))
    if other == "kind" and NEW_KIND not in shot.kinds:
        return replace(shot, kinds=(*shot.kinds, NEW_KIND))
    if other == "no kind" and shot.kinds:
        gone = draw(st.sampled_from(shot.kinds))
        return replace(shot, kinds=tuple(k for k in shot.kinds if k != gone))
    ids = [p.id for p in shot.people]
    if other == "trip":
        start = today + dt.timedelta(days=draw(st.integers(0, 60)))
        chosen = (
            draw(st.one_of(st.none(), st.lists(st.sampled_from(ids)).map(tuple))) if ids else None
        )
        trip = Trip(start, start + dt.timedelta(days=draw(st.integers(0, 20))), "away", chosen)
        return replace(shot, trips=(*shot.trips, trip))
    if other == "gathering" and ids:
        guests = tuple(draw(st.lists(st.sampled_from(ids), min_size=1, unique=True)))
        day = today + dt.timedelta(days=draw(st.integers(1, 60)))
        dinner = Gathering(700 + len(shot.gatherings), day, "dinner", guests)
        return replace(shot, gatherings=(*shot.gatherings, dinner))
    return shot


@FAST
@given(snapshots(), st.sampled_from([1, 4, 52]), st.data())
def test_each_plan_of_a_chain_from_one_memo_is_the_plan_made_afresh(snapshot, weeks, data):
    memo = Memo()
    made = plan(snapshot, weeks, memo)
    for _ in range(4):
        snapshot = data.draw(later(snapshot, made.items()))
        made = plan(snapshot, weeks, memo)
        assert made == plan(snapshot, weeks)


def test_a_plan_that_failed_half_way_leaves_the_memo_to_start_again(monkeypatch):
    people, kinds = network(80, seed=3, today=dt.date(2026, 11, 25))
    snapshot = Snapshot(today=dt.date(2026, 11, 25), budget_minutes=90, people=people, kinds=kinds)
    memo = Memo()
    plan(snapshot, memo=memo)
    quiet = replace(snapshot, people=(replace(people[0], history=()), *people[1:]))

    def broken(*args: object) -> None:
        raise RuntimeError("half way")

    monkeypatch.setattr(sessions, "place", broken)
    with pytest.raises(RuntimeError):
        plan(quiet, memo=memo)
    monkeypatch.undo()
    assert plan(quiet, memo=memo) == plan(quiet)


def _allot_plainly(claims: list[Claim], minutes: float) -> dict[int, int]:
    """``budget.allot`` as first written: every phase over every claim, sorted
    afresh (the reference the ledger's kept orders and early stops must match)."""
    claims = sorted(claims, key=lambda c: c.pid)
    full = {c.pid: max(0, c.target - c.occasions) for c in claims}
    if sum(full[c.pid] * c.cost for c in claims) <= minutes:
        return full
    given = dict.fromkeys(full, 0)
    left = minutes * (1 - RESERVE)

    def give(claim: Claim, count: int) -> None:
        nonlocal left
        count = min(count, full[claim.pid] - given[claim.pid], int(left // claim.cost))
        if count > 0:
            given[claim.pid] += count
            left -= count * claim.cost

    inner = sorted((c for c in claims if c.inner), key=lambda c: (-c.target, c.warmth, c.pid))
    for claim in inner:
        if claim.occasions == 0:
            give(claim, 1)
    needs = {c.pid: max(0, min(c.target, INNER_FLOOR) - c.occasions - given[c.pid]) for c in inner}
    floor_budget: float = sum(needs[c.pid] * c.cost for c in inner)
    if floor_budget > left * WHOLE_FLOOR_SHARE:
        floor_budget = left * FLOOR_SHARE
    for claim in inner:
        count = min(needs[claim.pid], int(floor_budget // claim.cost))
        floor_budget -= count * claim.cost
        give(claim, count)
    by_cost = sorted(
        claims, key=lambda c: ((full[c.pid] - given[c.pid]) * c.cost, not c.inner, c.pid)
    )
    for claim in by_cost:
        if (full[claim.pid] - given[claim.pid]) * claim.cost <= left:
            give(claim, full[claim.pid])
    for claim in sorted(claims, key=lambda c: (not c.inner, c.warmth, c.pid)):
        give(claim, 1)
    return given


CLAIMS = st.lists(
    st.builds(
        Claim,
        pid=st.integers(1, 40),
        target=st.integers(0, 14),
        occasions=st.integers(0, 3),
        cost=st.sampled_from([5, 7.5, 10, 3.3]),
        inner=st.booleans(),
        warmth=st.integers(0, 100),
    ),
    max_size=30,
    unique_by=lambda c: c.pid,
)


@FAST
@given(st.lists(CLAIMS, min_size=1, max_size=4), st.floats(0, 3000))
def test_a_ledger_kept_between_plans_allots_as_every_claim_sorted_afresh(rounds, minutes):
    ledger, held = Ledger(), {}
    for claims in rounds:
        now = {claim.pid: claim for claim in claims}
        ledger.update(
            {pid: now.get(pid) for pid in held.keys() | now.keys() if now.get(pid) != held.get(pid)}
        )
        held = now
        assert ledger.allot(minutes) == _allot_plainly(claims, minutes)
        assert allot(claims, minutes) == _allot_plainly(claims, minutes)


@FAST
@given(st.lists(st.tuples(st.integers(0, 30), st.one_of(st.none(), st.integers(0, 5)))))
def test_an_order_stays_sorted_as_keys_change(changes):
    order, keys = Order(), {}
    for key_id, value in changes:
        key = None if value is None else (value, key_id)
        order.set(key_id, key)
        keys.pop(key_id, None)
        if key is not None:
            keys[key_id] = key
        assert list(order) == [k[-1] for k in sorted(keys.values())] and len(order) == len(keys)


def test_a_budget_changed_spaces_and_enriches_everyone_as_afresh():
    # Beyond the targets the budget sets how often and how richly everyone is
    # touched (``SLACK``, ``State.allowance``): a new budget reaches them all.
    people, kinds = network(60, seed=5, today=dt.date(2026, 3, 2))
    snapshot = Snapshot(today=dt.date(2026, 3, 2), budget_minutes=2000, people=people, kinds=kinds)
    memo = Memo()
    for budget in (2000, 70, 55, 300, 0, 2000):
        snapshot = replace(snapshot, budget_minutes=budget)
        assert plan(snapshot, memo=memo) == plan(snapshot)


def test_a_closer_newcomer_takes_the_welcome_of_one_added_the_same_day():
    # Of the people added on one day, the five closest are welcomed on that
    # day (``routine.welcome``): a closer one added later moves the fifth out,
    # though nothing else of theirs changed (a text is the only routine kind,
    # and the newcomer has no phone: the budget's pace stays as it was).
    today, text = dt.date(2026, 3, 2), Kind(1, "text message", 5, needs="phone")
    phone = frozenset({"phone"})
    added = [Person(pid, f"New {pid}", 3, has=phone, since=today) for pid in range(1, 6)]
    snapshot = Snapshot(today=today, budget_minutes=300, people=tuple(added), kinds=(text,))
    memo = Memo()
    first = plan(snapshot, memo=memo)
    assert {i.people[0] for i in first.due_on(today)} == {1, 2, 3, 4, 5}
    closer = Person(6, "Close", 12, inner=True, since=today)
    snapshot = replace(snapshot, people=(*added, closer))
    again = plan(snapshot, memo=memo)
    assert again == plan(snapshot)
    assert {i.people[0] for i in again.due_on(today)} == {1, 2, 3, 4}


def test_a_guest_who_takes_anothers_place_has_their_touches_counted_again():
    # A party proposal invites the 30 coldest in town; one of them logs a
    # touch, and the 31st takes their place: the invitation is one of their
    # touches now, though nothing of theirs changed (``plan.Cadences``).
    today, kinds = dt.date(2026, 3, 2), default_kinds()
    note = next(k for k in kinds if k.label == "email or note")
    town = frozenset({"same_city", "email", "phone"})
    people = [
        Person(
            pid,
            f"P{pid}",
            3,
            has=town,
            history=(PastTouch(today - dt.timedelta(days=200), note.id),),
        )
        for pid in range(1, 32)
    ]
    snapshot = Snapshot(today=today, budget_minutes=600, people=tuple(people), kinds=kinds)
    memo = Memo()
    first = plan(snapshot, memo=memo)
    invited = next(i for i in first.items() if i.id.startswith(parties.PROPOSAL))
    assert 31 not in invited.people and 1 in invited.people
    touched = replace(people[0], history=(*people[0].history, PastTouch(today, note.id)))
    snapshot = replace(snapshot, people=(touched, *people[1:]))
    again = plan(snapshot, memo=memo)
    assert again == plan(snapshot)
    invited = next(i for i in again.items() if i.id.startswith(parties.PROPOSAL))
    assert 31 in invited.people and 1 not in invited.people


def test_a_card_that_goes_to_someone_else_counts_among_their_touches():
    # A text logged warms person 50 out of the card evening, whose minutes
    # hold six cards: the next coldest gets the card, and on a short budget
    # it is one of their yearly touches, though nothing of theirs changed.
    today = dt.date(2026, 11, 20)
    people, kinds = network(80, seed=3, today=today)
    snapshot = Snapshot(today=today, budget_minutes=40, people=people, kinds=kinds)
    memo = Memo()
    before = plan(snapshot, memo=memo)
    text = next(k for k in kinds if k.label == "text message")
    warmer = replace(people[49], history=(*people[49].history, PastTouch(today, text.id)))
    snapshot = replace(snapshot, people=(*people[:49], warmer, *people[50:]))
    after = plan(snapshot, memo=memo)
    assert after == plan(snapshot)
    evening = "cards-2026-2026-12-14"
    assert before.find(evening).people == (2, 74, 46, 53, 50, 27)
    assert after.find(evening).people == (2, 74, 46, 53, 27, 9)


def test_a_phone_taken_off_changes_what_a_greeting_can_be_swapped_to():
    # The greeting itself is as it was; only its other kinds are not.
    today, kinds = dt.date(2026, 3, 2), default_kinds()
    ana = Person(1, "Ana", 6, birthday=MonthDay(3, 5), has=frozenset({"phone"}))
    snapshot = Snapshot(today=today, budget_minutes=100, people=(ana,), kinds=kinds)
    memo = Memo()
    plan(snapshot, memo=memo)
    snapshot = replace(snapshot, people=(replace(ana, has=frozenset()),))
    after = plan(snapshot, memo=memo)
    assert after == plan(snapshot)
    note = next(k for k in kinds if k.label == "email or note")
    assert after.find("birthday-1-2026").swappable == (note.id,)


def test_an_offer_of_help_that_fills_a_week_moves_good_news_to_the_next_as_afresh():
    # The fixed occasions are placed again from the week of the change, and
    # as before from the first week after it whose weeks ahead are as they
    # were: here the week after, which the good news now fills, leaving Dan's
    # weekly text no room.
    today, kinds = dt.date(2026, 3, 2), default_kinds()
    ana = Person(1, "Ana", 3, life_events=(LifeEvent(1, "new_job", dt.date(2026, 3, 4)),))
    ben = Person(2, "Ben", 3, has=frozenset({"email"}))
    dan = Person(3, "Dan", 52, has=frozenset({"phone"}))
    snapshot = Snapshot(today=today, budget_minutes=10, people=(ana, ben, dan), kinds=kinds)
    memo = Memo()
    assert plan(snapshot, memo=memo).find("congratulate-1-1").date == dt.date(2026, 3, 4)
    illness = LifeEvent(2, "illness", dt.date(2026, 3, 3))
    for life_events in ((illness,), (), (illness,)):
        snapshot = replace(snapshot, people=(ana, replace(ben, life_events=life_events), dan))
        after = plan(snapshot, memo=memo)
        assert after == plan(snapshot)
    assert after.find("help-2-2").date == dt.date(2026, 3, 3)  # beyond the week's budget
    assert [i.id for i in after.weeks[1].items] == ["congratulate-1-1"]


def test_a_birthday_moved_months_on_is_placed_again_in_both_its_weeks():
    # Only the weeks of the changed occasions are placed again: the old
    # birthday's week and the new one's, months apart.
    today, kinds = dt.date(2026, 3, 2), default_kinds()
    ana = Person(1, "Ana", 6, birthday=MonthDay(3, 5))
    ben = Person(2, "Ben", 6, birthday=MonthDay(6, 1))
    snapshot = Snapshot(today=today, budget_minutes=60, people=(ana, ben), kinds=kinds)
    memo = Memo()
    plan(snapshot, memo=memo)
    snapshot = replace(snapshot, people=(replace(ana, birthday=MonthDay(9, 10)), ben))
    after = plan(snapshot, memo=memo)
    assert after == plan(snapshot)
    greetings = [i.id for i in after.items() if i.occasion == "birthday"]
    assert greetings == ["birthday-2-2026", "birthday-1-2026"]
    assert after.find("birthday-1-2026").date == dt.date(2026, 9, 10)


def test_a_later_weeks_room_is_read_by_the_occasions_before_it():
    """This week is full (its minutes given), next week has none: a new job
    on Friday, whose congratulations may wait a week, stays this week. Next
    week given room, the congratulations move there, as a plan made afresh
    has them: the kept pass is not taken as it was up to next week."""
    today = dt.date(2026, 11, 23)  # a Monday
    next_week = today + dt.timedelta(weeks=1)
    friend = shapes.person(1, life_events=(LifeEvent(9, "new_job", today + dt.timedelta(days=4)),))
    full = shapes.snap(
        friend, budget=30, today=today, spent_this_week=30, week_budgets={next_week: 0}
    )
    roomy = replace(full, week_budgets={next_week: 30})
    memo = Memo()
    plan(full, 52, memo)
    assert plan(roomy, 52, memo) == plan(roomy, 52)

"""The planner's shell: the snapshot built from the database, the cached plan, the actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from keepwarm.contacts.models import Address, LifeEvent, Person
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.plans import services, snapshot
from keepwarm.touches.history import histories
from keepwarm.touches.models import Touch
from keepwarm.touches.services import log_touch
from tests.conftest import TODAY, kind


@pytest.fixture
def network(alice, frozen):
    alice.profile.weekly_budget_minutes = 90
    alice.profile.home_city = "Berlin"
    alice.profile.save()
    jane = create_person(alice, "Jane Doe", emails=["jane@example.com"], phones=["+49 30 1234567"])
    Person.objects.filter(pk=jane.pk).update(birthday_month=11, birthday_day=27, city="berlin ")
    Address.objects.create(owner=alice, person=jane, street="Hauptstr. 1", locality="Berlin")
    tom = create_person(alice, "Tom Lee", emails=["tom@example.com"])
    LifeEvent.objects.create(
        owner=alice, person=tom, kind="bereavement", date=TODAY - dt.timedelta(days=2)
    )
    log_touch(alice, [tom], kind(alice, "coffee"), date=TODAY - dt.timedelta(days=1))
    gone = create_person(alice, "Old Friend")
    Person.objects.filter(pk=gone.pk).update(deceased=True)
    return {"jane": jane, "tom": tom, "gone": gone}


def test_the_snapshot_reads_channels_history_and_spent_minutes(alice, network):
    shot = snapshot.build(alice, TODAY)
    people = {p.name: p for p in shot.people}
    assert people["Jane Doe"].has == {"address", "email", "phone", "same_city"}
    assert people["Jane Doe"].email == "jane@example.com"
    assert people["Jane Doe"].birthday is not None
    assert people["Tom Lee"].history[-1].date == TODAY - dt.timedelta(days=1)
    assert people["Tom Lee"].life_events[0].kind == "bereavement"
    assert people["Old Friend"].deceased
    assert shot.spent_this_week == kind(alice, "coffee").minutes
    assert shot.budget_minutes == 90


def test_spent_minutes_price_a_batch_once_and_a_shared_coffee_as_one(alice, network):
    jane, tom = network["jane"], network["tom"]
    card = kind(alice, "holiday card")
    assert card.batchable and card.setup_minutes == 20
    log_touch(alice, [jane, tom], card, date=TODAY)  # one evening, two cards
    log_touch(alice, [jane, tom], kind(alice, "coffee"), date=TODAY)  # one coffee, both there
    coffee = kind(alice, "coffee").minutes
    assert snapshot.build(alice, TODAY).spent_this_week == coffee + (20 + 2 * 3) + coffee


def test_the_agenda_greets_jane_on_her_birthday_and_tom_with_condolences(alice, network):
    week = services.current(alice, TODAY).plan.weeks[0]
    by_reason = {item.reason: item for item in week.items}
    greeting = next(i for i in week.items if i.occasion == "birthday")
    assert greeting.date == dt.date(2026, 11, 27)
    assert greeting.people == (network["jane"].pk,)
    assert any(i.occasion == "condolence" for i in week.items), by_reason
    assert week.planned_minutes + week.spent_minutes <= 90


def test_done_logs_the_touch_and_the_item_leaves_the_plan(alice, network):
    item = next(
        i for i in services.current(alice, TODAY).plan.weeks[0].items if i.occasion == "birthday"
    )
    touch = services.mark_done(alice, item.id, TODAY, note="Sent a voice message")
    assert touch.kind.label == "birthday greeting"
    assert list(touch.people.all()) == [network["jane"]]
    assert services.current(alice, TODAY).plan.find(item.id) is None
    with pytest.raises(services.ItemGone):
        services.mark_done(alice, item.id, TODAY)
    assert owned(Touch, alice).count() == 2


def test_skip_and_swap_are_remembered(alice, network):
    items = services.current(alice, TODAY).plan.weeks[0].items
    condolence = next(i for i in items if i.occasion == "condolence")
    services.skip(alice, condolence.id, TODAY)
    assert services.current(alice, TODAY).plan.find(condolence.id) is None
    greeting = next(i for i in items if i.occasion == "birthday")
    other = greeting.swappable[0]
    services.swap(alice, greeting.id, other, TODAY)
    assert services.current(alice, TODAY).plan.find(greeting.id).kind_id == other
    with pytest.raises(ValidationError):
        services.swap(alice, greeting.id, 999_999, TODAY)


def test_snooze_pauses_the_person_until_the_day(alice, network):
    jane = network["jane"]
    services.snooze(alice, jane, TODAY + dt.timedelta(days=30), TODAY)
    plan = services.current(alice, TODAY).plan
    assert all(i.date >= TODAY + dt.timedelta(days=30) for i in plan.items() if jane.pk in i.people)
    with pytest.raises(ValidationError):
        services.snooze(alice, jane, TODAY, TODAY)


def test_bob_cannot_act_on_alices_items(alice, bob, network):
    item = services.current(alice, TODAY).plan.weeks[0].items[0]
    with pytest.raises(services.ItemGone):
        services.mark_done(bob, item.id, TODAY)
    with pytest.raises(services.ItemGone):
        services.skip(bob, item.id, TODAY)
    with pytest.raises(ValidationError):
        services.snooze(bob, network["jane"], TODAY + dt.timedelta(days=3), TODAY)
    assert owned(Touch, bob).count() == 0


def test_the_plan_is_cached_until_something_changes(alice, network, django_assert_max_num_queries):
    services.current(alice, TODAY)
    with django_assert_max_num_queries(2):
        services.current(alice, TODAY)
    create_person(alice, "New Person", emails=["new@example.com"])
    people = services.current(alice, TODAY).people
    assert "New Person" in {p.name for p in people.values()}


def test_a_contact_who_died_brings_condolences_to_their_family(alice, frozen):
    from keepwarm.contacts.models import Relationship

    father = create_person(alice, "Karl Doe")
    daughter = create_person(alice, "Jane Doe", emails=["jane@example.com"])
    Relationship.objects.create(owner=alice, person=daughter, kind="parent", other=father)
    Person.objects.filter(pk=father.pk).update(
        deceased=True, deceased_on=TODAY - dt.timedelta(days=3)
    )
    items = services.current(alice, TODAY).plan.weeks[0].items
    condolence = next(i for i in items if i.occasion == "condolence")
    assert condolence.people == (daughter.pk,)
    assert condolence.reason == "Karl Doe died (22 Nov): condolences"
    assert not any(father.pk in i.people for i in services.current(alice, TODAY).plan.items())


def test_warmth_for_a_page_matches_the_plans_without_planning(alice, network):
    from keepwarm.plans.agenda import warmth_of

    ids = [network["jane"].pk, network["tom"].pk, network["gone"].pk]
    quick = warmth_of(alice, ids, TODAY)
    assert services.cached(alice, TODAY) is None
    planned = services.current(alice, TODAY).plan.warmth
    assert quick == {pid: planned[pid] for pid in ids if pid in planned}
    assert network["gone"].pk not in quick and quick[network["tom"].pk] > 0
    assert warmth_of(alice, ids, TODAY) == quick


def test_a_birthday_greeting_done_days_early_leaves_the_plan(alice, frozen):
    ana = create_person(alice, "Ana Ruiz", emails=["ana@example.com"])
    Person.objects.filter(pk=ana.pk).update(birthday_month=11, birthday_day=29)
    greeting = next(
        i for i in services.current(alice, TODAY).plan.items() if i.occasion == "birthday"
    )
    assert greeting.date == dt.date(2026, 11, 29)
    services.mark_done(alice, greeting.id, TODAY)
    assert services.current(alice, TODAY).plan.find(greeting.id) is None


def test_a_new_family_link_to_someone_who_died_reaches_the_cached_plan(alice, frozen):
    from keepwarm.contacts.models import Relationship

    father = create_person(alice, "Karl Doe")
    Person.objects.filter(pk=father.pk).update(
        deceased=True, deceased_on=TODAY - dt.timedelta(days=2)
    )
    daughter = create_person(alice, "Jane Doe", emails=["jane@example.com"])
    assert not any(i.occasion == "condolence" for i in services.current(alice, TODAY).plan.items())
    Relationship.objects.create(owner=alice, person=daughter, kind="parent", other=father)
    assert any(i.occasion == "condolence" for i in services.current(alice, TODAY).plan.items())


def test_a_holiday_card_run_sets_the_card_season(alice, frozen):
    from keepwarm.lib.dates import MonthDay
    from keepwarm.occasions.models import CardRun
    from keepwarm.plans.snapshot import build

    assert build(alice, TODAY).card_season == (MonthDay(12, 1), MonthDay(12, 15))
    CardRun.objects.create(
        owner=alice,
        name="Lunar New Year 2027",
        send_from=dt.date(2027, 1, 18),
        send_until=dt.date(2027, 2, 1),
    )
    assert build(alice, TODAY).card_season == (MonthDay(1, 18), MonthDay(2, 1))


class _Owner:
    """A user as ``services.current`` sees one, whose data version the test sets."""

    pk = 4242

    def __init__(self) -> None:
        self.version = 1


@pytest.fixture
def slow_builds(monkeypatch):
    """``services.current`` without a database: the version from ``_Owner`` and a
    plan build that counts itself and waits for ``release`` (set by default)."""
    import threading

    from keepwarm.planner import model

    builds: list[int] = []
    release = threading.Event()
    release.set()
    started = threading.Event()

    def build(user, day, keep=False):
        started.set()
        builds.append(user.version)
        release.wait(10)
        shot = model.Snapshot(today=day, budget_minutes=60, people=(), kinds=())
        history = (model.PastTouch(day - dt.timedelta(days=3), 1),)
        person = model.Person(id=user.version, name=f"v{user.version}", target=7, history=history)
        return model.Snapshot(today=day, budget_minutes=60, people=(person,), kinds=shot.kinds)

    monkeypatch.setattr(services, "_version", lambda user: user.version)
    monkeypatch.setattr(services.snapshot, "build", build)
    monkeypatch.setattr(services.shared, "usable", lambda: False)  # one process
    return builds, release, started


def test_many_requests_after_a_change_build_the_plan_once(slow_builds):
    import threading

    builds, release, started = slow_builds
    owner, results = _Owner(), []
    release.clear()
    threads = [
        threading.Thread(target=lambda: results.append(services.current(owner, TODAY)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    assert started.wait(10)
    release.set()
    for thread in threads:
        thread.join(10)
    assert builds == [1]
    assert len(results) == 8 and all(r is results[0] for r in results)
    assert not results[0].refreshing


def test_a_page_shows_the_previous_plan_while_another_request_makes_the_new_one(
    slow_builds, monkeypatch
):
    import threading

    builds, release, started = slow_builds
    owner = _Owner()
    before = services.current(owner, TODAY)
    owner.version = 2
    release.clear()
    started.clear()
    maker = threading.Thread(target=lambda: services.current(owner, TODAY))
    maker.start()
    assert started.wait(10)
    shown = services.current(owner, TODAY, stale_ok=True)
    assert shown.refreshing and shown.plan is before.plan
    # An action on an item waits for the current plan instead. (Seen through the
    # lock, not a timeout: the suite also runs under a shifted clock.)
    flight, waiting = services._flights.lock(owner.pk, 52), threading.Event()

    class Watched:
        def acquire(self, blocking=True):
            if blocking:
                waiting.set()
            return flight.acquire(blocking)

        def release(self):
            flight.release()

    monkeypatch.setattr(services._flights, "lock", lambda *key: Watched())
    waited = []
    actor = threading.Thread(target=lambda: waited.append(services.current(owner, TODAY)))
    actor.start()
    assert waiting.wait(10)
    assert not waited and flight.locked()
    release.set()
    maker.join(10)
    actor.join(10)
    assert builds == [1, 2]
    assert [p.name for p in waited[0].people.values()] == ["v2"] and not waited[0].refreshing
    # Once made, pages get it too; a plan of another day is never shown as stale.
    assert services.current(owner, TODAY, stale_ok=True) is waited[0]


def test_a_page_shows_the_previous_plan_while_the_new_one_is_on_its_way_ahead(slow_builds):
    builds, _release, _started = slow_builds
    owner = _Owner()
    before = services.current(owner, TODAY)
    owner.version = 2
    services._ahead.users.add(owner.pk)  # a change's plan waits its turn (``PACE``)
    try:
        shown = services.current(owner, TODAY, stale_ok=True)
        assert shown.refreshing and shown.plan is before.plan and builds == [1]
        made = services.current(owner, TODAY)  # an action makes it rather than wait
    finally:
        services._ahead.users.discard(owner.pk)
    assert not made.refreshing and builds == [1, 2]


def test_a_page_waits_a_moment_for_a_plan_quick_to_make_never_for_a_slow_one(
    slow_builds, monkeypatch
):
    from dataclasses import replace

    builds, _release, _started = slow_builds
    owner = _Owner()
    services.current(owner, TODAY)
    owner.version = 2
    services._ahead.users.add(owner.pk)
    naps: list[float] = []

    def nap(seconds):
        naps.append(seconds)
        if len(naps) == 3:  # made ahead meanwhile
            services._ahead.users.discard(owner.pk)
            services.current(owner, TODAY)

    monkeypatch.setattr(services.time, "sleep", nap)
    try:
        shown = services.current(owner, TODAY, stale_ok=True)
        assert not shown.refreshing and builds == [1, 2] and len(naps) == 3
        owner.version = 3
        services._ahead.users.add(owner.pk)
        entry = services._memory.newest(owner.pk, 52)
        services._memory.set(owner.pk, 52, replace(entry, took=5.0))  # a big network
        naps.clear()
        assert services.current(owner, TODAY, stale_ok=True).refreshing and naps == []
    finally:
        services._ahead.users.discard(owner.pk)


def test_plans_made_ahead_leave_the_pages_as_much_time_as_they_take(slow_builds, monkeypatch):
    from dataclasses import replace

    owner = _Owner()
    services.current(owner, TODAY)
    entry = services._memory.newest(owner.pk, 52)
    services._memory.set(owner.pk, 52, replace(entry, took=2.0, ended=100.0))
    naps: list[float] = []
    monkeypatch.setattr(services.time, "sleep", naps.append)
    monkeypatch.setattr(services.time, "monotonic", lambda: 101.0)
    services._pace(owner.pk)
    assert naps == [2.0 * services.PACE - 1.0]
    monkeypatch.setattr(services.time, "monotonic", lambda: 103.0)
    services._pace(owner.pk)
    assert len(naps) == 1  # long enough since


def test_a_process_keeps_one_plan_a_user_without_histories(slow_builds):
    owner = _Owner()
    for version in (1, 2, 3):
        owner.version = version
        kept = services.current(owner, TODAY)
    assert len([key for key in services._memory.entries.entries if key[0] == owner.pk]) == 1
    assert all(person.history == () for person in kept.people.values())
    assert services._memory.latest(owner.pk, 52, TODAY).plan is kept
    assert services._memory.latest(owner.pk, 52, TODAY + dt.timedelta(days=1)) is None


def test_the_plan_shown_meanwhile_leaves_out_what_was_done_since(alice, network):
    made = services.current(alice, TODAY)
    item = made.plan.weeks[0].items[0]
    services.mark_done(alice, item.id, TODAY)
    entry = services._memory.latest(alice.pk, 52, TODAY)
    shown = services._meanwhile(alice, entry)
    assert shown.refreshing
    assert item.id not in {i.id for i in shown.plan.items()}
    assert {i.id for i in shown.plan.items()} == {i.id for i in made.plan.items()} - {item.id}


def test_a_committed_change_has_its_new_plan_made_ahead(transactional_db, alice, frozen):
    import time

    from django.db import transaction

    create_person(alice, "Jane Doe", emails=["jane@example.com"])
    services.current(alice, TODAY)
    services.plan_ahead(True)
    try:
        with transaction.atomic():
            create_person(alice, "Tom Lee", emails=["tom@example.com"])
            assert services.cached(alice, TODAY) is None  # not before the commit
        deadline = time.monotonic() + 60
        while services.cached(alice, TODAY) is None and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        services.plan_ahead(False)
    ahead = services.cached(alice, TODAY)
    assert ahead is not None and "Tom Lee" in {p.name for p in ahead.people.values()}


def test_a_few_peoples_histories_are_the_snapshots_own_in_any_number_of_reads(
    alice, bob, network, monkeypatch
):
    shot = {p.id: p.history for p in snapshot.build(alice, TODAY).people}
    ids = list(shot)
    assert histories(alice, ids, TODAY) == shot
    monkeypatch.setattr(snapshot, "PER_READ", 1)
    assert histories(alice, ids, TODAY) == shot
    assert histories(bob, ids, TODAY) == dict.fromkeys(ids, ())  # not bob's


def test_a_click_while_the_new_plan_is_made_finds_its_item_in_the_one_shown(
    alice, network, monkeypatch
):
    item = services.current(alice, TODAY).plan.weeks[0].items[0]
    services.invalidate(alice.pk)  # a change: the plan is being made again …
    flight = services._flights.lock(alice.pk, 52)
    assert flight.acquire(blocking=False)  # … by another request
    made = []
    monkeypatch.setattr(services, "plan", lambda *a, **k: made.append(1))
    try:
        touch = services.mark_done(alice, item.id, TODAY)
        assert touch.date == TODAY and not made  # done at once, nothing planned here
        with pytest.raises(services.ItemGone):  # gone from the plan shown meanwhile
            services.skip(alice, item.id, TODAY)
    finally:
        flight.release()


def test_the_plan_shown_meanwhile_hides_an_answer_changed_since_and_snoozed_people(
    alice, network, frozen
):
    week = services.current(alice, TODAY).plan.weeks[0].items
    swapped = next(i for i in week if i.swappable and network["jane"].pk not in i.people)
    services.swap(alice, swapped.id, swapped.swappable[0], TODAY)
    frozen.shift(dt.timedelta(minutes=5))
    services.invalidate(alice.pk)
    made = services.current(alice, TODAY)  # made after the swap: the item is in it
    assert swapped.id in {i.id for i in made.plan.items()}
    entry = services._memory.latest(alice.pk, 52, TODAY)
    frozen.shift(dt.timedelta(minutes=5))
    services.mark_done(alice, swapped.id, TODAY)  # the same item answered again
    services.snooze(alice, network["jane"], TODAY + dt.timedelta(days=30), TODAY)
    shown = services._meanwhile(alice, entry).plan.items()
    assert swapped.id not in {i.id for i in shown}
    assert not any(network["jane"].pk in i.people for i in shown)
    assert shown  # the rest stays


def test_no_thread_to_be_had_leaves_the_plan_to_the_next_page(alice, network, monkeypatch):
    import threading

    services.current(alice, TODAY)

    def refuse(self):
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(threading.Thread, "start", refuse)
    services.plan_ahead(True)
    try:
        services._refresh_ahead(alice.pk)
    finally:
        services.plan_ahead(False)
    assert not services._flights.lock(alice.pk, 52).locked()
    assert alice.pk not in services._ahead.users


def test_a_change_before_any_plan_makes_none_ahead(alice, django_capture_on_commit_callbacks):
    services.plan_ahead(True)
    try:
        with django_capture_on_commit_callbacks() as callbacks:
            services.invalidate(alice.pk)  # no plan was ever made: no version row
        assert callbacks == []
        services.current(alice, TODAY)
        with django_capture_on_commit_callbacks() as callbacks:
            services.invalidate(alice.pk)
        assert len(callbacks) == 1
    finally:
        services.plan_ahead(False)

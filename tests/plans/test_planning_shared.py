"""Plans shared by server processes through the database (``planning/shared.py``):
one process makes a plan, the others load it; while one makes it, the others
show the previous plan or wait for it; a lapsed lease or a plan stored by other
code is made again. Another process is played by forgetting what this one
keeps in memory. Outside a test transaction, as a server runs."""

from __future__ import annotations

import datetime as dt
import gc
import time

import pytest

from keepwarm.contacts.services import create_person
from keepwarm.plans import services, shared, snapshot
from keepwarm.plans.models import StoredPlan
from keepwarm.touches.services import log_touch
from tests.conftest import TODAY, kind

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def builds(monkeypatch):
    """Every snapshot built in this "process", counted."""
    made: list[int] = []
    build = snapshot.build

    def counted(user, day, keep=False):
        made.append(user.pk)
        return build(user, day, keep)

    monkeypatch.setattr(services.snapshot, "build", counted)
    monkeypatch.setattr(shared, "WAIT", (3, 0))
    return made


@pytest.fixture
def network(alice, frozen):
    people = [create_person(alice, f"Friend {n}", emails=[f"f{n}@example.com"]) for n in range(6)]
    log_touch(alice, people[:2], kind(alice, "coffee"), date=TODAY - dt.timedelta(days=40))
    return people


def another_process():
    services._memory.clear()
    services._memos.clear()
    snapshot.forget_people()


def test_a_plan_made_in_one_process_is_loaded_by_another(alice, network, builds):
    first = services.current(alice, TODAY)
    assert builds == [alice.pk]
    assert StoredPlan.objects.get(user=alice, weeks=52).building_until is None
    another_process()
    loaded = services.current(alice, TODAY)
    assert builds == [alice.pk]  # loaded, not made again
    assert loaded == first and loaded is not first


def test_a_change_makes_the_next_plan_once_for_every_process(alice, network, builds):
    services.current(alice, TODAY)
    log_touch(alice, [network[3]], kind(alice, "lunch"), date=TODAY)
    after = services.current(alice, TODAY)
    another_process()
    assert services.current(alice, TODAY) == after
    assert builds == [alice.pk, alice.pk]


def test_while_another_process_makes_the_plan_a_page_shows_the_previous_one(
    alice, network, builds, frozen
):
    services.current(alice, TODAY)
    log_touch(alice, [network[4]], kind(alice, "lunch"), date=TODAY)
    held = dt.datetime(2026, 11, 25, 10, 1, tzinfo=dt.UTC)  # another process's lease
    StoredPlan.objects.filter(user=alice).update(building_until=held)
    shown = services.current(alice, TODAY, stale_ok=True)
    assert shown.refreshing and builds == [alice.pk]
    # A request that needs the new plan waits for it (three asks here), then
    # makes it itself: the other process may have died.
    made = services.current(alice, TODAY)
    assert not made.refreshing and builds == [alice.pk, alice.pk]


def test_a_lapsed_lease_is_taken_over(alice, network, builds):
    services.current(alice, TODAY)
    log_touch(alice, [network[5]], kind(alice, "lunch"), date=TODAY)
    lapsed = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
    StoredPlan.objects.filter(user=alice).update(building_until=lapsed)
    assert not services.current(alice, TODAY, stale_ok=True).refreshing
    assert builds == [alice.pk, alice.pk]
    assert StoredPlan.objects.get(user=alice).building_until is None


def test_a_plan_stored_by_other_code_or_damaged_is_made_again(alice, network, builds, monkeypatch):
    services.current(alice, TODAY)
    another_process()
    monkeypatch.setattr(shared, "code", lambda: "an-upgrade")
    services.current(alice, TODAY)
    assert builds == [alice.pk, alice.pk]
    StoredPlan.objects.filter(user=alice).update(data=b"not a plan")
    another_process()
    assert services.current(alice, TODAY).plan.weeks
    assert builds == [alice.pk, alice.pk, alice.pk]


def test_a_page_in_another_process_has_the_new_plan_made_ahead_and_shows_the_previous(
    alice, network, builds
):
    services.current(alice, TODAY)
    log_touch(alice, [network[2]], kind(alice, "lunch"), date=TODAY)  # in another process
    services.plan_ahead(True)
    try:
        shown = services.current(alice, TODAY, stale_ok=True)
        assert shown.refreshing  # at once: the new plan is on its way in the background
        for _ in range(1000):  # counted, not timed: the suite also runs on a shifted clock
            if services.cached(alice, TODAY) is not None:
                break
            time.sleep(0.01)
        assert not services.current(alice, TODAY, stale_ok=True).refreshing
        assert builds == [alice.pk, alice.pk]
    finally:
        services.plan_ahead(False)


def test_a_plan_that_cannot_be_stored_still_serves_and_gives_the_lease_back(
    alice, network, builds, monkeypatch
):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(shared.zlib, "compress", broken)
    assert services.current(alice, TODAY).plan.weeks
    row = StoredPlan.objects.get(user=alice)
    assert row.building_until is None and row.key == ""


def test_a_lapsed_lease_taken_over_is_left_to_its_new_holder(alice, network, frozen):
    mine = shared.claim(alice.pk, 52)
    assert mine is not None and shared.claim(alice.pk, 52) is None  # held
    theirs = dt.datetime(2026, 11, 25, 10, 30, tzinfo=dt.UTC)  # mine lapsed, another took it
    StoredPlan.objects.filter(user=alice).update(building_until=theirs)
    entry = services._make(alice, TODAY, 52, "late")
    shared.store(alice.pk, 52, "late", entry, mine)
    shared.release(alice.pk, 52, mine)
    row = StoredPlan.objects.get(user=alice)
    assert row.building_until == theirs and row.key == ""


def test_a_request_waits_for_another_process_as_long_as_plans_take_not_half_a_minute(
    alice, network, monkeypatch
):
    """A process killed while making a plan leaves its lease running: the others'
    pages wait a few times as long as the user's last plan took (at least
    ``PATIENCE[0]``), not the whole ``WAIT``, then make it themselves."""
    monkeypatch.setattr(shared, "WAIT", (600, 0.05))
    services.current(alice, TODAY)
    StoredPlan.objects.filter(user=alice).update(took=0.2)
    assert shared.patience(alice.pk, 52) == 100  # 5 s
    StoredPlan.objects.filter(user=alice).update(took=3.0)
    assert shared.patience(alice.pk, 52) == 240  # four times 3 s
    StoredPlan.objects.filter(user=alice).update(took=60.0)
    assert shared.patience(alice.pk, 52) == 600  # never beyond WAIT
    # Counted: the asks for the plan while a dead process's lease runs.
    monkeypatch.setattr(shared, "WAIT", (600, 0.001))
    monkeypatch.setattr(shared, "PATIENCE", (0.01, 4.0))
    StoredPlan.objects.filter(user=alice).update(took=0.0)
    log_touch(alice, [network[3]], kind(alice, "lunch"), date=TODAY)
    another_process()
    held = dt.datetime(2026, 11, 25, 10, 1, tzinfo=dt.UTC)
    StoredPlan.objects.filter(user=alice).update(building_until=held)
    asks = []
    load = shared.load

    def counted(*args):
        asks.append(args)
        return load(*args)

    monkeypatch.setattr(shared, "load", counted)
    assert not services.current(alice, TODAY).refreshing
    assert 10 <= len(asks) <= 12  # the first look, ten asks, not six hundred


def test_a_server_stopping_gives_back_the_leases_it_holds(alice, network, frozen):
    mine = shared.claim(alice.pk, 52)
    assert mine is not None and shared.claim(alice.pk, 52) is None
    shared.give_back_all()  # ``keepwarm serve`` on SIGTERM or Ctrl+C, mid-plan
    assert StoredPlan.objects.get(user=alice).building_until is None
    assert shared.claim(alice.pk, 52) is not None  # another process makes it at once
    assert len(shared._leases) == 1
    shared.give_back_all()
    assert not shared._leases


def test_a_plan_stored_gives_its_lease_back_in_this_process_too(alice, network, frozen):
    services.current(alice, TODAY)
    assert not shared._leases


def test_no_garbage_collection_while_a_plan_is_pickled_or_unpickled(
    alice, network, builds, monkeypatch
):
    """A full collection over a server's heap more than doubled a load at 10,000
    people: the collector waits while a plan is stored or loaded, and runs
    again after, also when loading fails."""
    seen: list[tuple[str, bool]] = []
    dumps, loads = shared.pickle.dumps, shared.pickle.loads

    def dumping(*args, **kwargs):
        seen.append(("dump", gc.isenabled()))
        return dumps(*args, **kwargs)

    def loading(*args, **kwargs):
        seen.append(("load", gc.isenabled()))
        return loads(*args, **kwargs)

    monkeypatch.setattr(shared.pickle, "dumps", dumping)
    monkeypatch.setattr(shared.pickle, "loads", loading)
    first = services.current(alice, TODAY)
    another_process()
    assert services.current(alice, TODAY) == first
    assert seen == [("dump", False), ("load", False)] and gc.isenabled()

    monkeypatch.setattr(shared.pickle, "loads", lambda data: 1 / 0)
    another_process()
    assert services.current(alice, TODAY) == first  # made again
    assert gc.isenabled()

"""The people a snapshot keeps between plans: after any change, the snapshot read
from what was kept and the people marked since equals one read whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from keepwarm.contacts.merge import merge_people
from keepwarm.contacts.models import Address, Circle, ContactPoint, LifeEvent, Person, Relationship
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.plans import services, snapshot
from keepwarm.touches.models import Touch, TouchPerson
from keepwarm.touches.services import delete_person, delete_touch, log_touch, update_touch
from tests.conftest import TODAY, kind


@pytest.fixture
def crowd(alice, frozen):
    alice.profile.home_city = "Berlin"
    alice.profile.save()
    people = [create_person(alice, f"Friend {n}", emails=[f"f{n}@example.com"]) for n in range(8)]
    people[6].city = "Hamburg"
    people[6].save()
    coffee = kind(alice, "coffee")
    for n, person in enumerate(people):
        log_touch(alice, [person], coffee, date=TODAY - dt.timedelta(days=10 + n))
    log_touch(alice, people[:3], kind(alice, "check-in call"), date=TODAY - dt.timedelta(days=3))
    services.current(alice, TODAY)  # the plan version exists from the first plan on
    return people


def kept(user, today=TODAY):
    return snapshot.build(user, today, keep=True)


def whole(user, today=TODAY):
    return snapshot.build(user, today)


def _touch(alice, people):
    log_touch(alice, [people[0], people[4]], kind(alice, "lunch"), date=TODAY)


def _touch_moved(alice, people):
    touch = owned(Touch, alice).filter(touchperson__person=people[1]).first()
    update_touch(alice, touch, [people[2], people[5]], date=TODAY - dt.timedelta(days=1))


def _touch_deleted(alice, people):
    delete_touch(owned(Touch, alice).filter(touchperson__person=people[6]).first())


def _address(alice, people):
    Address.objects.create(owner=alice, person=people[2], street="Hauptstr. 1", locality="Berlin")


def _phone(alice, people):
    ContactPoint.objects.create(owner=alice, person=people[3], kind="phone", value="+4930123456")


def _life_event(alice, people):
    LifeEvent.objects.create(owner=alice, person=people[5], kind="new_job", date=TODAY)


def _edited(alice, people):
    person = Person.objects.get(pk=people[1].pk)
    person.birthday_month, person.birthday_day = 12, 1
    person.city = "Berlin"
    person.save()
    person.paused_until = TODAY + dt.timedelta(days=30)
    person.save()  # a second save of the same object: marked again, never unmarked


def _died(alice, people):
    Relationship.objects.create(owner=alice, person=people[0], kind="spouse", other=people[7])
    dead = Person.objects.get(pk=people[7].pk)
    dead.deceased, dead.deceased_on = True, TODAY
    dead.save()


def _circle(alice, people):
    circle = Person.objects.get(pk=people[0].pk).circle
    circle.touches_per_year = 11
    circle.save()


def _moved_circle(alice, people):
    other = owned(Circle, alice).exclude(pk=people[3].circle_id).first()
    person = Person.objects.get(pk=people[3].pk)
    person.circle = other
    person.save()


def _home_city(alice, people):
    alice.profile.home_city = "Hamburg"
    alice.profile.save()


def _added(alice, people):
    create_person(alice, "New Friend", emails=["new@example.com"])


def _deleted(alice, people):
    delete_person(Person.objects.get(pk=people[4].pk))


def _merged(alice, people):
    keep, absorb = Person.objects.get(pk=people[1].pk), Person.objects.get(pk=people[2].pk)
    merge_people(alice, keep, absorb)


def _in_bulk(alice, people):
    touch = Touch.objects.create(owner=alice, kind=kind(alice, "email or note"), date=TODAY)
    TouchPerson.objects.bulk_create([TouchPerson(touch=touch, person=people[6], date=TODAY)])
    services.invalidate(alice.pk)  # as the imports do: rows written in bulk send no signals


CHANGES: dict[str, Callable] = {
    "a touch logged": _touch,
    "a touch moved to other people and another day": _touch_moved,
    "a touch deleted": _touch_deleted,
    "an address added": _address,
    "a phone added": _phone,
    "a life event": _life_event,
    "a person edited twice": _edited,
    "a death in the family": _died,
    "a circle's target": _circle,
    "a person moved to another circle": _moved_circle,
    "the home city": _home_city,
    "a person added": _added,
    "a person deleted": _deleted,
    "two people merged": _merged,
    "touches written in bulk": _in_bulk,
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_after_any_change_the_kept_snapshot_equals_one_read_whole(alice, crowd, change):
    before = kept(alice)
    assert before == whole(alice)
    CHANGES[change](alice, crowd)
    after = kept(alice)
    assert after == whole(alice)
    assert after != before
    assert kept(alice) == after  # and again, from what this one kept


def test_only_the_people_marked_are_read_again(alice, crowd):
    before = {person.id: person for person in kept(alice).people}
    _touch(alice, crowd)
    after = {person.id: person for person in kept(alice).people}
    again = {crowd[0].pk, crowd[4].pk}
    assert all(after[pid] is before[pid] for pid in before if pid not in again)
    assert all(after[pid] is not before[pid] for pid in again)
    assert after[crowd[0].pk].history[-1].date == TODAY


def test_a_new_day_or_time_zone_reads_everyone_again(alice, crowd, frozen):
    first = {person.id: person for person in kept(alice).people}
    tomorrow = TODAY + dt.timedelta(days=1)
    frozen.move_to(dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC))
    read = kept(alice, tomorrow)
    assert read == whole(alice, tomorrow)
    assert all(person is not first[person.id] for person in read.people)


def test_without_a_plan_version_nothing_is_kept(alice, frozen):
    jane = create_person(alice, "Jane Doe")
    assert snapshot.build(alice, TODAY, keep=False).people[0].history == ()
    log_touch(alice, [jane], kind(alice, "coffee"), date=TODAY)
    assert whole(alice).people[0].history[-1].date == TODAY


def test_a_page_after_a_change_plans_from_the_kept_snapshot(alice, crowd):
    first = services.current(alice, TODAY)
    log_touch(alice, [crowd[7]], kind(alice, "lunch"), date=TODAY)
    second = services.current(alice, TODAY)
    assert second is not first
    assert (
        second.plan == services.UserPlan(*_planned(alice), refreshing=False).plan
    )  # the same plan as from a snapshot read whole


def _planned(alice):
    from dataclasses import replace

    from keepwarm.planner.plan import plan

    shot = whole(alice)
    return (
        plan(shot, weeks=52),
        {person.id: replace(person, history=()) for person in shot.people},
        {k.id: k for k in shot.kinds},
    )

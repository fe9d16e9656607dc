"""Trips and postcards: the proposal (coldest first, inside the budget, only
people with an address), choosing, ticking who got one (touches, undo), and
trips in the planner's snapshot."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from keepwarm.contacts.models import Address
from keepwarm.contacts.services import create_person
from keepwarm.occasions import travel
from keepwarm.occasions.models import Postcard, Trip
from keepwarm.owned import owned
from keepwarm.plans import snapshot
from keepwarm.plans.services import current
from keepwarm.touches.models import Touch, TouchKind
from keepwarm.touches.services import log_touch
from tests.conftest import kind

START, END = dt.date(2026, 12, 1), dt.date(2026, 12, 10)


def _with_address(user, name, **fields):
    person = create_person(user, name, **fields)
    Address.objects.create(owner=user, person=person, street="1 Main St", locality="Salem")
    return person


@pytest.fixture
def network(alice, frozen):
    warm = _with_address(alice, "Warm Wendy")
    cool = _with_address(alice, "Cool Carl")
    never = _with_address(alice, "Never Nora")
    _with_address(alice, "Dead Dan", deceased=True)
    _with_address(alice, "Archived Al", archived=True)
    _with_address(alice, "Paused Pat", paused_until=dt.date(2027, 1, 1))
    create_person(alice, "No Address Ned")
    for days in (3, 10, 20):
        log_touch(
            alice, [warm], kind(alice, "coffee"), date=dt.date(2026, 11, 25) - dt.timedelta(days)
        )
    log_touch(alice, [cool], kind(alice, "email or note"), date=dt.date(2026, 3, 1))
    return warm, cool, never


def _names(trip, **filters):
    return [c.person.display_name for c in trip.postcards.filter(**filters).order_by("id")]


def test_the_proposal_is_coldest_first_among_people_with_an_address(alice, network):
    trip = travel.create_trip(alice, "Lisbon", START, END)
    assert _names(trip) == ["Never Nora", "Cool Carl", "Warm Wendy"]
    assert all(c.address is not None for c in trip.postcards.all())


def test_the_budget_decides_how_many_are_ticked(alice, network):
    profile = alice.profile
    # A sitting a week: 15 minutes to set up and one 3-minute postcard, twice.
    profile.weekly_budget_minutes = 18
    profile.save()
    trip = travel.create_trip(alice, "Lisbon", START, END)  # Tue 10 to Fri 20: two weeks
    assert travel.weeks_of(trip) == 2
    assert _names(trip, chosen=True) == ["Never Nora", "Cool Carl"]
    assert _names(trip, chosen=False) == ["Warm Wendy"]  # a spare, unticked


def test_the_trip_has_as_many_weeks_as_the_plan_has_sittings():
    from keepwarm.planner.sessions import sitting_weeks

    sunday, saturday = dt.date(2026, 11, 8), dt.date(2026, 11, 7)
    # Sunday to Sunday, 8 days: postcards from Monday to Sunday, one Monday week…
    assert sitting_weeks(sunday, sunday + dt.timedelta(days=7), 0) == 1
    # …but two weeks that start on Sunday; a weekend away is one week either way.
    assert sitting_weeks(sunday, sunday + dt.timedelta(days=7), 6) == 2
    assert sitting_weeks(saturday, sunday, 0) == sitting_weeks(saturday, sunday, 5) == 1
    assert sitting_weeks(sunday, sunday, 0) == 1  # a day trip


def test_no_postcard_kind_proposes_none_ticked(alice, network):
    owned(TouchKind, alice).filter(occasion="trip").update(occasion="")
    trip = travel.create_trip(alice, "Lisbon", START, END)
    assert not trip.postcards.filter(chosen=True).exists()


def test_choose_ticks_exactly_those_and_keeps_sent_ones(alice, network):
    trip = travel.create_trip(alice, "Lisbon", START, END)
    _nora, carl, wendy = trip.postcards.order_by("id")
    travel.mark_sent(trip, [carl.pk], dt.date(2026, 11, 25))
    assert travel.choose(trip, [wendy.pk]) == 2
    assert _names(trip, chosen=True) == ["Cool Carl", "Warm Wendy"]


def test_ticking_who_got_one_logs_touches_and_unticking_removes_them(alice, network):
    trip = travel.create_trip(alice, "Lisbon", dt.date(2026, 11, 10), dt.date(2026, 11, 20))
    nora, carl, _ = trip.postcards.order_by("id")
    day = dt.date(2026, 11, 20)
    assert travel.mark_sent(trip, [nora.pk, carl.pk], day) == (2, 0)
    assert travel.mark_sent(trip, [nora.pk, carl.pk], day) == (0, 0)  # idempotent
    postcard = kind(alice, "postcard")
    assert owned(Touch, alice).filter(kind=postcard).count() == 2
    assert {t.note for t in owned(Touch, alice).filter(kind=postcard)} == {"Postcard from Lisbon"}
    nora.refresh_from_db()
    assert nora.sent_on == day and nora.touch.people.get().display_name == "Never Nora"
    assert travel.mark_sent(trip, [nora.pk], day) == (0, 1)
    assert owned(Touch, alice).filter(kind=postcard).count() == 1
    carl.refresh_from_db()
    assert carl.sent_on is None and carl.touch_id is None


def test_ticking_without_a_postcard_kind_says_what_to_do(alice, network):
    trip = travel.create_trip(alice, "Lisbon", START, END)
    owned(TouchKind, alice).filter(occasion="trip").update(occasion="")
    with pytest.raises(ValidationError, match="postcards"):
        travel.mark_sent(trip, [trip.postcards.first().pk], dt.date(2026, 11, 25))
    assert not Postcard.objects.filter(sent_on__isnull=False).exists()


def test_add_someone_the_proposal_left_out(alice, network):
    trip = travel.create_trip(alice, "Lisbon", START, END)
    ned = owned(type(network[0]), alice).get(display_name="No Address Ned")
    card = travel.add_person(trip, ned)
    assert card.chosen and card.address is None


def test_the_snapshot_has_the_trips(alice, frozen):
    Trip.objects.create(owner=alice, place="Lisbon", start=START, end=END)
    Trip.objects.create(
        owner=alice, place="Long ago", start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 5)
    )
    found = snapshot.build(alice, dt.date(2026, 11, 25)).trips
    assert [(t.start, t.end, t.label) for t in found] == [(START, END, "Lisbon")]


def test_a_new_trip_refreshes_the_cached_plan(alice, network):
    before = current(alice)
    travel.create_trip(alice, "Lisbon", START, END)
    after = current(alice)
    assert after is not before
    postcards = [i for i in after.plan.items() if i.kind == "postcard"]
    assert all(START <= i.date <= END for i in postcards)


def test_the_plan_follows_who_is_ticked_for_a_postcard(alice, network):
    """Postcards are ticked in bulk (no signals): the plan is made again all the same."""
    trip = travel.create_trip(alice, "Lisbon", START, END)
    before = current(alice, dt.date(2026, 11, 25))
    assert travel.choose(trip, []) == 0
    after = current(alice, dt.date(2026, 11, 25))
    assert after is not before
    assert after.plan == current(alice, dt.date(2026, 11, 25)).plan
    planned = {pid for item in after.plan.items() if item.occasion == "trip" for pid in item.people}
    assert planned == set()

"""The trip pages: the list, a new trip, the proposal (choose), ticking who got
one; bad values re-show the form; bob gets 404 on alice's trips."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from keepwarm.contacts.models import Address
from keepwarm.contacts.services import create_person
from keepwarm.occasions import travel
from keepwarm.occasions.models import Postcard, Trip
from keepwarm.owned import owned
from keepwarm.touches.models import Touch

START, END = dt.date(2026, 11, 10), dt.date(2026, 11, 20)


def _with_address(user, name):
    person = create_person(user, name)
    Address.objects.create(owner=user, person=person, street="1 Rua Augusta", locality="Porto")
    return person


@pytest.fixture
def trip(alice, frozen):
    for name in ("Jane Doe", "John Roe", "Ana Lima"):
        _with_address(alice, name)
    return travel.create_trip(alice, "Lisbon", START, END)


def _state(user):
    return (
        list(owned(Trip, user).values()),
        list(owned(Postcard, user).order_by("pk").values()),
        list(owned(Touch, user).values()),
    )


def test_the_list_shows_trips_and_an_empty_state(alice_client, alice, frozen):
    assert "No trips yet" in alice_client.get(reverse("trips")).content.decode()
    travel.create_trip(alice, "Lisbon", START, END)
    assert "Lisbon" in alice_client.get(reverse("trips")).content.decode()


def test_enter_a_trip_and_see_the_proposal(alice_client, alice, frozen):
    _with_address(alice, "Jane Doe")
    response = alice_client.post(
        reverse("trip_new"), {"place": "Lisbon", "start": "2026-12-01", "end": "2026-12-10"}
    )
    trip = owned(Trip, alice).get()
    assert response.status_code == 302 and response.url == reverse("trip", args=[trip.pk])
    page = alice_client.get(response.url).content.decode()
    assert "Postcards from Lisbon" in page and "Jane Doe" in page
    assert f"{reverse('labels')}?trip={trip.pk}" in page
    assert reverse("trip_sent", args=[trip.pk]) in page


BAD_TRIPS = [
    ({"place": ""}, "Say where you are going."),
    ({"place": "x" * 121}, "at most 120 characters"),
    ({"start": "2026-02-30"}, "Enter a real date."),
    ({"end": "tomorrow"}, "Enter a real date."),
    ({"start": "2026-12-10", "end": "2026-12-01"}, "The trip ends before it starts."),
    ({"start": "2026-01-01", "end": "2027-06-01"}, "more than a year"),
    ({"start": "1999-12-30", "end": "1999-12-31"}, "Pick a day in 2000 or later."),
    ({"start": "2030-01-01", "end": "2030-01-05"}, "at most 2 years ahead"),
    ({"note": "n" * 301}, "at most 300 characters"),
]


@pytest.mark.parametrize(("change", "message"), BAD_TRIPS)
def test_bad_values_reshow_the_trip_form(alice_client, alice, frozen, change, message):
    data = {"place": "Lisbon", "start": "2026-12-01", "end": "2026-12-10", **change}
    response = alice_client.post(reverse("trip_new"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not owned(Trip, alice).exists()


def test_choose_who_gets_one(alice_client, trip):
    _first, _second, third = trip.postcards.order_by("id")
    response = alice_client.post(reverse("trip", args=[trip.pk]), {"chosen": [third.pk]})
    assert response.status_code == 302
    assert list(trip.postcards.filter(chosen=True)) == [third]


@pytest.mark.parametrize("value", ["abc", "99999999", "OTHER"])
def test_bad_choices_change_nothing(alice_client, alice, trip, value):
    other = travel.create_trip(alice, "Oslo", START, END)
    value = str(other.postcards.first().pk) if value == "OTHER" else value
    before = _state(alice)
    response = alice_client.post(reverse("trip", args=[trip.pk]), {"chosen": [value]})
    assert response.status_code == 200
    text = response.content.decode()
    assert "is not a valid value" in text or "not on this trip" in text
    assert _state(alice) == before


def test_tick_who_got_one_logs_touches(alice_client, alice, trip):
    first, second, _ = trip.postcards.order_by("id")
    url = reverse("trip_sent", args=[trip.pk])
    page = alice_client.get(url).content.decode()
    assert "Who got a postcard?" in page and "Jane Doe" in page
    response = alice_client.post(url, {"sent": [first.pk, second.pk], "date": "2026-11-18"})
    assert response.status_code == 302
    assert owned(Touch, alice).filter(kind__occasion="trip").count() == 2
    first.refresh_from_db()
    assert first.sent_on == dt.date(2026, 11, 18)
    page = alice_client.get(url).content.decode()
    assert page.count(" checked") == 2
    alice_client.post(url, {"sent": [first.pk]})
    assert owned(Touch, alice).filter(kind__occasion="trip").count() == 1


def test_the_day_defaults_to_the_end_of_the_trip(alice_client, alice, trip):
    card = trip.postcards.first()
    alice_client.post(reverse("trip_sent", args=[trip.pk]), {"sent": [card.pk]})
    card.refresh_from_db()
    assert card.sent_on == END


BAD_SENT = [
    ({"date": "2026-11-26"}, "pick today or earlier"),
    ({"date": "2026-11-31"}, "Enter a real date."),
    ({"date": "2026-11-01"}, "Pick a day of the trip or after it."),
    ({"sent": ["x"]}, "is not a valid value"),
    ({"sent": ["OTHER"]}, "not on this trip"),
]


@pytest.mark.parametrize(("change", "message"), BAD_SENT)
def test_bad_ticks_change_nothing(alice_client, alice, trip, change, message):
    other = travel.create_trip(alice, "Oslo", START, END)
    data = {"sent": [trip.postcards.first().pk], "date": "2026-11-18", **change}
    data["sent"] = [other.postcards.first().pk if v == "OTHER" else v for v in data["sent"]]
    before = _state(alice)
    response = alice_client.post(reverse("trip_sent", args=[trip.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _state(alice) == before


@pytest.mark.parametrize("name", ["trip", "trip_sent"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_bob_gets_404_on_alices_trip(client, bob, alice, trip, name, method):
    client.force_login(bob)
    card = trip.postcards.first()
    before = _state(alice)
    response = getattr(client, method)(
        reverse(name, args=[trip.pk]), {"chosen": [card.pk], "sent": [card.pk]}
    )
    assert response.status_code == 404
    assert _state(alice) == before


def test_a_postcard_sent_is_no_longer_to_write(alice_client, alice, trip):
    import re

    def to_write():
        page = alice_client.get(reverse("trip", args=[trip.pk])).content.decode()
        return int(re.search(r'stat-value">(\d+)</span><span class="stat-label">to write', page)[1])

    before = to_write()
    assert before == trip.postcards.filter(chosen=True).count() > 0
    travel.mark_sent(trip, [trip.postcards.filter(chosen=True).first().pk], END)
    assert to_write() == before - 1


def test_a_trip_that_is_over_asks_for_ticks_not_a_budget(alice_client, alice, trip):
    page = alice_client.get(reverse("trip", args=[trip.pk])).content.decode()
    assert "fit your budget" not in page  # the trip (10 to 20 Nov) is over on 25 Nov
    assert "This trip is over: tick who got a postcard to log it." in page
    coming = travel.create_trip(alice, "Porto", dt.date(2026, 12, 1), dt.date(2026, 12, 10))
    page = alice_client.get(reverse("trip", args=[coming.pk])).content.decode()
    assert "fit your budget" in page and "This trip is over" not in page

"""Where a card run, a trip or a gathering stands on a day, and a run's cards
and a trip's postcards counted by status: said once on the models, shown by
every page and command."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from keepwarm.contacts.models import Address
from keepwarm.contacts.services import create_person
from keepwarm.occasions import card_runs, travel
from keepwarm.occasions.models import CardRecipient, CardRun, Gathering, Phase, Trip, phase_of
from keepwarm.owned import owned
from tests.conftest import TODAY

DAY = dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("first", "last", "phase"),
    [
        (TODAY + DAY, TODAY + 5 * DAY, Phase.COMING),
        (TODAY, TODAY + 5 * DAY, Phase.NOW),
        (TODAY - 5 * DAY, TODAY, Phase.NOW),
        (TODAY, TODAY, Phase.NOW),
        (TODAY - 5 * DAY, TODAY - DAY, Phase.OVER),
    ],
)
def test_a_span_of_days_is_coming_now_or_over(first, last, phase):
    assert phase_of(first, last, TODAY) == phase


def test_each_occasion_reads_its_own_days():
    run = CardRun(send_from=TODAY - DAY, send_until=TODAY + DAY)
    trip = Trip(start=TODAY + DAY, end=TODAY + 3 * DAY)
    party = Gathering(date=TODAY - DAY)
    assert (run.phase_on(TODAY), trip.phase_on(TODAY), party.phase_on(TODAY)) == (
        Phase.NOW,
        Phase.COMING,
        Phase.OVER,
    )
    assert Gathering(date=TODAY).phase_on(TODAY) == Phase.NOW


def _card(run, status, *, address=None, name="X"):
    return CardRecipient.objects.create(
        owner=run.owner, run=run, name_on_card=name, status=status, address=address
    )


def test_a_runs_cards_are_counted_and_sorted_by_status(alice, frozen):
    Status = CardRecipient.Status
    person = create_person(alice, "Jane Doe")
    home = Address.objects.create(owner=alice, person=person, street="1 Main St")
    run = CardRun.objects.create(
        owner=alice, name="Cards", send_from=TODAY - DAY, send_until=TODAY + DAY
    )
    planned = _card(run, Status.PLANNED, address=home, name="A")
    sent = _card(run, Status.SENT, address=home, name="B")
    _card(run, Status.SENT, name="B2")  # sent before its address was removed
    ask = _card(run, Status.ASK_ADDRESS, name="C")
    call = _card(run, Status.CALL_INSTEAD, name="D")
    dropped = _card(run, Status.LEFT_OUT, address=home, name="E")
    dropped_bare = _card(run, Status.LEFT_OUT, name="F")
    counted = owned(CardRun, alice).with_counts().get()
    assert (
        counted.cards,
        counted.to_send,
        counted.sent,
        counted.need_address,
        counted.call_instead,
        counted.left_out,
    ) == (3, 1, 2, 1, 1, 2)
    rows = run.recipients.all()
    assert list(rows.to_send()) == [planned]
    assert [r.name_on_card for r in rows.sent()] == ["B", "B2"]
    assert list(rows.without_address()) == [ask, call, dropped_bare]
    assert list(rows.left_out()) == [dropped]
    assert sent in rows.sent()
    stats = card_runs.run_stats(run)
    assert (stats.cards, stats.to_send, stats.sent, stats.left_out) == (3, 1, 2, 2)


def test_a_trips_postcards_are_counted_by_where_they_stand(alice, frozen):
    trip = Trip.objects.create(owner=alice, place="Lisbon", start=TODAY, end=TODAY + DAY)
    people = [create_person(alice, name) for name in ("Ana", "Ben", "Cy", "Di")]
    rows = [
        trip.postcards.create(owner=alice, person=people[0], chosen=True),
        trip.postcards.create(owner=alice, person=people[1], chosen=True, sent_on=TODAY),
        trip.postcards.create(owner=alice, person=people[2], chosen=False),
        trip.postcards.create(owner=alice, person=people[3], chosen=False, sent_on=TODAY),
    ]
    postcards = trip.postcards.all()
    assert list(postcards.chosen()) == rows[:2]
    assert list(postcards.to_write()) == rows[:1]
    assert list(postcards.sent()) == [rows[1], rows[3]]
    assert list(postcards.chosen_or_sent()) == [rows[0], rows[1], rows[3]]
    counted = owned(Trip, alice).with_counts().get()
    assert (counted.chosen, counted.sent) == (2, 2)


def test_the_listings_carry_each_ones_phase(alice, bob, frozen):
    for start, place in ((TODAY - 9 * DAY, "Past"), (TODAY, "Now"), (TODAY + DAY, "Later")):
        Trip.objects.create(owner=alice, place=place, start=start, end=start + DAY)
    Trip.objects.create(owner=bob, place="Bob's", start=TODAY, end=TODAY)
    CardRun.objects.create(
        owner=alice, name="Over", send_from=TODAY - 9 * DAY, send_until=TODAY - DAY
    )
    found = {t.place: t.phase for t in travel.listing(alice, TODAY)}
    assert found == {"Past": Phase.OVER, "Now": Phase.NOW, "Later": Phase.COMING}
    assert [(r.name, r.phase, r.cards) for r in card_runs.listing(alice, TODAY)] == [
        ("Over", Phase.OVER, 0)
    ]


@pytest.mark.parametrize(
    ("url_name", "start", "shown", "hidden"),
    [
        ("trips", TODAY, ">now</span>", ">coming</span>"),
        ("trips", TODAY + DAY, ">coming</span>", ">now</span>"),
        ("trip", TODAY, ">away now</span>", ">coming</span>"),
        ("trip", TODAY - 9 * DAY, "This trip is over", ">away now</span>"),
        ("card_runs", TODAY, ">now</span>", ">over</span>"),
        ("card_runs", TODAY - 9 * DAY, ">over</span>", ">now</span>"),
        ("card_run", TODAY, ">send now</span>", ">window over</span>"),
        ("card_run", TODAY - 9 * DAY, ">window over</span>", ">send now</span>"),
    ],
)
def test_pages_show_the_phase_as_their_badge(
    alice_client, alice, frozen, url_name, start, shown, hidden
):
    if url_name.startswith("trip"):
        made = Trip.objects.create(owner=alice, place="Lisbon", start=start, end=start + DAY)
    else:
        made = CardRun.objects.create(
            owner=alice, name="Cards", send_from=start, send_until=start + DAY
        )
    url = reverse(url_name, args=[made.pk] if url_name in ("trip", "card_run") else [])
    page = alice_client.get(url).content.decode()
    assert shown in page and hidden not in page

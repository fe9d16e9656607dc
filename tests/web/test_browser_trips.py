"""End to end in headless Chromium: Alice enters a trip, sees postcards
proposed coldest first, unticks one, follows "print labels to take along",
and afterwards ticks who got one; the touches are logged. The pages are shot
at desktop and phone widths into test-results/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from keepwarm.contacts.models import Address
from keepwarm.contacts.services import create_person
from keepwarm.occasions.models import Trip
from keepwarm.owned import owned
from keepwarm.touches.models import Touch
from keepwarm.touches.services import log_touch
from tests.conftest import kind, make_user
from tests.web.browsing import shoot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def alice_network(transactional_db):
    alice = make_user("alice", time_zone="Europe/Berlin", country="DE")
    today = timezone.localdate()
    people = {}
    for name in ("Warm Wendy", "Cool Carl", "Never Nora"):
        people[name] = create_person(alice, name)
        Address.objects.create(
            owner=alice,
            person=people[name],
            street="Rua Augusta 10",
            locality="Porto",
            country="PT",
        )
    log_touch(alice, [people["Warm Wendy"]], kind(alice, "coffee"), date=today - dt.timedelta(3))
    log_touch(alice, [people["Cool Carl"]], kind(alice, "coffee"), date=today - dt.timedelta(200))
    return alice, today


def test_trip_to_postcards_to_ticks(page, live_server, alice_network):
    alice, today = alice_network
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/trips/new/")
    page.get_by_label("Where to").fill("Lisbon")
    page.get_by_label("From").fill((today - dt.timedelta(days=6)).isoformat())
    page.get_by_label("Until").fill((today - dt.timedelta(days=1)).isoformat())
    shoot(page, "70-trip-new")
    page.get_by_role("button", name="Propose postcards").click()

    trip = owned(Trip, alice).get()
    expect(page.get_by_role("heading", level=1)).to_have_text("Postcards from Lisbon")
    names = page.locator(".postcard-row .person-name")
    expect(names).to_have_text(["Never Nora", "Cool Carl", "Warm Wendy"])  # coldest first
    shoot(page, "71-trip")
    page.get_by_label("Postcard to Warm Wendy").uncheck()
    page.get_by_role("button", name="Save who gets one").click()
    expect(page.locator(".message-success")).to_contain_text("2 postcards to write")

    labels = page.get_by_role("link", name="Print labels to take along")
    expect(labels).to_have_attribute("href", f"/labels/?trip={trip.pk}")

    page.get_by_role("link", name="Tick who got one").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who got a postcard?")
    page.get_by_label("Never Nora").check()
    page.get_by_label("Cool Carl").check()
    shoot(page, "72-trip-sent")
    page.get_by_role("button", name="Save and log the touches").click()
    expect(page.locator(".message-success")).to_contain_text("2 postcards logged")
    expect(page.locator(".postcard-row .badge-ok")).to_have_count(2)
    shoot(page, "73-trip-after")
    touches = owned(Touch, alice).filter(kind__occasion="trip")
    assert sorted(t.people.get().display_name for t in touches) == ["Cool Carl", "Never Nora"]
    assert {t.date for t in touches} == {today - dt.timedelta(days=1)}

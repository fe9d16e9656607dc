"""End to end in headless Chromium: the week's agenda on the home page. Alice
marks an item done (htmx updates the agenda in place) and finds the touch on
the person's timeline; the agenda and the plan page are shot at desktop and
phone widths into test-results/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from keepwarm.contacts.models import Circle
from keepwarm.contacts.services import create_person
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
    close = owned(Circle, alice).get(name="Close")
    people = [
        create_person(alice, "Jane Doe", circle=close, emails=["jane@example.com"]),
        create_person(alice, "Omar Haddad", phones=["+49 30 7654321"], city="Berlin"),
        create_person(alice, "Priya Raman", emails=["priya@example.com"]),
        create_person(alice, "Li Wei", circle=close, phones=["+49 40 555123"]),
    ]
    soon = today + dt.timedelta(days=2)
    people.append(
        create_person(alice, "Maria Rossi", birthday_month=soon.month, birthday_day=soon.day)
    )
    log_touch(alice, people[:1], kind(alice, "coffee"), date=today - dt.timedelta(days=150))
    return alice


def test_done_on_the_agenda_shows_on_the_persons_timeline(page, live_server, alice_network):
    sign_in(page, live_server.url)
    agenda = page.locator("#agenda")
    expect(agenda.get_by_role("heading", name="This week")).to_be_visible()
    expect(agenda).to_contain_text("minutes planned")
    first = agenda.locator(".agenda-item").first
    expect(first).to_be_visible()
    shoot(page, "20-agenda")

    name = first.locator(".agenda-who a").first.inner_text()
    what = first.locator(".kind-label").inner_text()
    before = agenda.locator(".agenda-item").count()
    first.locator(".agenda-done").click()
    expect(agenda.locator(".agenda-notice")).to_contain_text(f"Logged {what.lower()} with {name}")
    expect(page.locator("#agenda .agenda-item")).to_have_count(before - 1)
    assert not page.locator(".messages").is_visible()  # answered in place, not by a reload

    touch = Touch.objects.get(owner=alice_network, date=timezone.localdate())
    assert touch.kind.label == what.lower()
    assert [p.display_name for p in touch.people.all()] == [name]

    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    page.locator(".people-table").get_by_role("link", name=name, exact=True).click()
    expect(page.locator(".timeline")).to_contain_text(what)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The year ahead")
    expect(page.locator(".plan-week")).to_have_count(52)
    expect(page.locator(".plan-table")).to_contain_text("Maria Rossi")
    shoot(page, "21-plan")

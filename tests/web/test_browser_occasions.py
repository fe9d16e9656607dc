"""End to end in headless Chromium: a bereavement recorded on a person puts a
condolence at the top of the agenda, with "Send greeting" filled for it; Done
logs it. The occasions, greetings and draft pages are shot at desktop and
phone widths into test-results/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from keepwarm.contacts.models import Circle, Relationship
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
    tom = create_person(alice, "Tom Lee", circle=close, emails=["tom@example.com"])
    anna = create_person(alice, "Anna Lee", emails=["anna@example.com"])
    Relationship.objects.create(owner=alice, person=tom, kind="spouse", other=anna)
    people = [
        create_person(alice, "Omar Haddad", phones=["+49 30 7654321"], city="Berlin"),
        create_person(alice, "Priya Raman", emails=["priya@example.com"]),
    ]
    soon = today + dt.timedelta(days=5)
    people.append(
        create_person(
            alice,
            "Maria Rossi",
            birthday_month=soon.month,
            birthday_day=soon.day,
            birthday_year=1986,
            emails=["maria@example.com"],
        )
    )
    log_touch(alice, people[:1], kind(alice, "coffee"), date=today - dt.timedelta(days=150))
    return alice


def test_a_bereavement_to_a_condolence_on_the_agenda(page, live_server, alice_network):
    sign_in(page, live_server.url)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    page.locator(".people-table").get_by_role("link", name="Tom Lee", exact=True).click()
    page.get_by_role("link", name="Edit").first.click()
    events = page.locator("section[aria-labelledby=events-title]")
    events.locator("select[name$=kind]").first.select_option("bereavement")
    events.locator("input[name$=date]").first.fill(timezone.localdate().isoformat())
    events.locator("input[name$=note]").first.fill("his mother")
    page.get_by_role("button", name="Save changes").first.click()
    expect(page.locator(".messages")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    first = page.locator("#agenda .agenda-item").first
    expect(first.locator(".agenda-who")).to_have_text("Tom Lee")
    expect(first.locator(".kind-label")).to_have_text("Condolence")
    expect(first.locator(".agenda-reason")).to_contain_text("His mother (today): condolences")
    shoot(page, "80-condolence-on-the-agenda")

    first.get_by_role("link", name="Send greeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Condolence greeting for Tom Lee")
    expect(page.get_by_label("Subject")).to_have_value("Thinking of you")
    expect(page.get_by_role("button", name="Copy")).to_be_visible()
    shoot(page, "81-greeting-draft")
    page.get_by_role("link", name="Cancel").click()

    first = page.locator("#agenda .agenda-item").first
    first.locator(".agenda-done").click()
    expect(page.locator("#agenda .agenda-notice")).to_contain_text("Logged condolence with Tom Lee")
    touch = Touch.objects.get(owner=alice_network, kind__label="condolence")
    assert [p.display_name for p in touch.people.all()] == ["Tom Lee"]


def test_marking_someone_deceased_turns_to_their_family(page, live_server, alice_network):
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/people/")
    page.locator(".people-table").get_by_role("link", name="Tom Lee", exact=True).click()
    page.get_by_role("link", name="Edit").first.click()
    page.get_by_label("Has died").check()
    page.get_by_label("Date of death").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Save changes").first.click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home").click()
    first = page.locator("#agenda .agenda-item").first
    expect(first.locator(".agenda-who")).to_have_text("Anna Lee")
    expect(first.locator(".agenda-reason")).to_contain_text("Tom Lee died")
    expect(page.locator("#agenda")).not_to_contain_text("Tom Lee,")


def test_the_occasion_pages_look_finished(page, live_server, alice_network):
    sign_in(page, live_server.url)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Occasions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Occasions")
    expect(page.locator(".occasion-list")).to_contain_text("Maria Rossi")
    expect(page.locator(".occasion-list")).to_contain_text("turns 40")
    shoot(page, "82-occasions")
    page.get_by_role("link", name="Edit greetings").click()
    expect(page.locator("#birthday .greeting-paper")).to_contain_text("Happy birthday, Jane!")
    shoot(page, "83-greetings")

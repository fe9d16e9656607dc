"""End to end in headless Chromium: a newcomer signs up, adds a person, logs a
touch and sees it on the timeline. Screenshots go to test-results/ at desktop
and phone widths."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from keepwarm.contacts.models import Person
from keepwarm.touches.models import Touch
from tests.web.browsing import shoot

pytestmark = pytest.mark.browser


def test_sign_up_add_a_person_log_a_touch_and_see_it(page, live_server, transactional_db):
    page.goto(live_server.url)
    expect(page.get_by_role("link", name="Create your account")).to_be_visible()
    expect(page.get_by_role("button", name="Explore the demo")).to_be_visible()
    shoot(page, "01-welcome")

    page.get_by_role("link", name="Create your account").click()
    page.get_by_label("User name").fill("alice")
    page.get_by_label("Email").fill("alice@example.org")
    page.get_by_label("Password", exact=True).fill("correct horse battery staple")
    page.get_by_label("Password again").fill("correct horse battery staple")
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Berlin")  # from the browser
    shoot(page, "02-signup")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("alice")
    shoot(page, "03-home-empty")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    page.get_by_role("link", name="Add a person").first.click()
    page.locator("[name=display_name]").fill("Jane Doe")
    page.locator("[name=company]").fill("Acme")
    page.locator("[name=contacts-0-value]").fill("jane@example.com")
    shoot(page, "04-person-form")
    page.get_by_role("button", name="Add person").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Jane Doe")
    jane = Person.objects.get(display_name="Jane Doe")
    assert jane.contact_points.get().normalized == "jane@example.com"

    page.locator(".quick-log").get_by_role("button", name="Coffee").click()
    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text("Coffee")
    shoot(page, "05-person-page")

    touch = Touch.objects.get()
    assert touch.kind.label == "coffee"
    assert list(touch.people.all()) == [jane]

    page.reload()
    expect(page.locator(".timeline")).to_contain_text("Coffee")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    expect(page.locator(".people-table")).to_contain_text("Jane Doe")
    shoot(page, "06-people-list")


def test_the_demo_looks_alive(page, live_server, transactional_db):
    page.goto(live_server.url)
    page.get_by_role("button", name="Explore the demo").click()
    expect(page.locator(".badge-demo")).to_be_visible()
    shoot(page, "10-demo-home")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    expect(page.locator(".people-table tbody tr")).to_have_count(50)
    shoot(page, "11-demo-people")
    page.locator("input[name=q]").fill("climbing")
    expect(page.locator(".people-summary")).to_contain_text("matching")
    page.locator(".people-table tbody tr a").first.click()
    expect(page.locator(".timeline")).to_be_visible()
    shoot(page, "12-demo-person")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Follow-ups").click()
    shoot(page, "13-demo-followups")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log a touch").click()
    shoot(page, "14-demo-log-touch")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
    shoot(page, "15-demo-settings")

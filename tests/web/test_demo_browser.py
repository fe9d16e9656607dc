"""End to end in headless Chromium: once an account exists and the demo is public,
a visitor finds "Explore the demo" on the log-in page and sees the demo's card
run, trip, coming party, duplicates and job hunt. The pages are shot at desktop
and phone widths into test-results/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import make_user
from tests.web.browsing import shoot

pytestmark = pytest.mark.browser


def test_the_demo_shows_every_part_from_the_log_in_page(
    page,
    live_server,
    transactional_db,
    settings,
):
    make_user("alice")
    settings.KEEPWARM_PUBLIC_DEMO = True
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("button", name="Explore the demo network").click()
    expect(page.locator(".badge-demo")).to_be_visible()

    page.goto(f"{live_server.url}/cards/")
    page.locator("a.run-name").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Holiday cards")
    expect(page.locator(".run-stat-sent .stat-value")).not_to_have_text("0")
    expect(page.locator(".run-stat-todo .stat-value")).not_to_have_text("0")
    expect(page.get_by_role("link", name="Labels (PDF)")).to_be_visible()
    shoot(page, "90-demo-card-run")

    page.goto(f"{live_server.url}/trips/")
    page.get_by_role("link", name="Japan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Postcards from Japan")
    expect(page.locator("main")).to_contain_text("sent")
    shoot(page, "91-demo-trip")

    page.goto(f"{live_server.url}/gatherings/")
    page.locator("main a[href^='/gatherings/']").filter(
        has_text=re.compile("kickoff")
    ).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("kickoff")
    for answer in ("coming", "not coming", "maybe", "no answer yet"):
        expect(
            page.locator("#invitations option[selected]", has_text=answer).first
        ).to_be_attached()
    shoot(page, "92-demo-gathering")

    page.goto(f"{live_server.url}/people/duplicates/")
    expect(page.locator("main")).to_contain_text("Theodore Baptiste")
    expect(page.locator("main")).to_contain_text("same email")
    shoot(page, "93-demo-duplicates")

    page.goto(f"{live_server.url}/warm-calls/")
    expect(page.locator("main")).to_contain_text("intro promised")
    shoot(page, "94-demo-warm-calls")

"""End to end in headless Chromium, on a phone: a person's timeline by year
(an earlier year opens in place, a long year shows the rest), and every panel
an htmx action changes is up to date without a reload — on the person page
after a quick log, on the home page after Done on the agenda and after a
follow-up is ticked off. Shots go to test-results/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from keepwarm.touches.services import add_follow_up, log_touch
from tests.conftest import kind, make_user
from tests.web.browsing import PHONE, shoot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def alice_and_jane(transactional_db):
    """Jane (Core): twelve check-in calls this year, two coffees last year; the
    last touch in early spring, so she is going cold; a follow-up due today."""
    from keepwarm.contacts.services import create_person

    alice = make_user("alice", time_zone="Europe/Berlin", country="DE")
    today = timezone.localdate()
    jane = create_person(alice, "Jane Doe", emails=["jane@example.com"], phones=["+4930123456"])
    call, coffee = kind(alice, "check-in call"), kind(alice, "coffee")
    for number in range(12):
        log_touch(alice, [jane], call, date=dt.date(today.year, 3, 1) - dt.timedelta(days=number))
    log_touch(alice, [jane], coffee, date=dt.date(today.year - 1, 5, 1))
    log_touch(alice, [jane], coffee, date=dt.date(today.year - 1, 9, 1))
    add_follow_up(alice, jane, "send the article", today)
    return alice, jane


def test_the_timeline_folds_by_year_and_the_panels_follow_a_quick_log(
    page, live_server, alice_and_jane
):
    _, jane = alice_and_jane
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}{jane.get_absolute_url()}")
    this_year, last_year = timezone.localdate().year, timezone.localdate().year - 1
    newest, earlier = page.locator(f"#year-{this_year}"), page.locator(f"#year-{last_year}")
    expect(newest.locator(".timeline > li")).to_have_count(10)
    expect(earlier.locator(".timeline > li")).to_have_count(0)
    expect(earlier.locator("summary")).to_have_text(f"{last_year} 2 touches: coffee")

    earlier.locator("summary").click()
    expect(earlier.locator(".timeline > li")).to_have_count(2)
    newest.get_by_role("link", name=f"Show the other 2 touches of {this_year}").click()
    expect(newest.locator(".timeline > li")).to_have_count(12)
    expect(newest.locator(".timeline > li").nth(10).locator(".timeline-edit")).to_be_focused()
    shoot(page, "80-person-timeline-years")

    warmth = page.locator("#person-warmth .warmth-now-value")
    before = int(warmth.inner_text())
    page.locator(".quick-log").get_by_role("button", name="Lunch").click()
    expect(page.locator("#quick-log-status")).to_contain_text("Logged lunch with Jane Doe today.")
    expect(page.locator("#last-touch")).to_have_text("today")
    expect(warmth).not_to_have_text(str(before))
    assert int(warmth.inner_text()) > before
    expect(page.locator("#person-plan")).to_contain_text("In the plan")
    expect(newest.locator(".timeline > li").first).to_contain_text("Lunch")
    shoot(page, "81-person-after-quick-log")


def test_the_home_panels_follow_done_and_a_follow_up(page, live_server, alice_and_jane):
    sign_in(page, live_server.url)
    stats, cold = page.locator("#home-stats"), page.locator("#home-cold")
    touched = stats.locator(".stat", has_text="in the last 30 days").locator(".stat-value")
    due = stats.locator(".stat", has_text="due or overdue").locator(".stat-value")
    expect(touched).to_have_text("0")
    expect(due).to_have_text("1")
    expect(cold).to_contain_text("Jane Doe")

    item = page.locator("#agenda .agenda-item", has_text="Jane Doe").first
    item.locator(".agenda-done").click()
    expect(page.locator(".agenda-notice")).to_contain_text("with Jane Doe today.")
    expect(touched).to_have_text("1")
    expect(page.locator("#home-recent li").first).to_contain_text("Jane Doe")
    expect(cold).not_to_contain_text("Jane Doe")

    page.get_by_role("button", name="Mark “send the article” as done").click()
    expect(due).to_have_text("0")
    expect(page.locator("#home-summary")).not_to_contain_text("follow-up")
    shoot(page, "82-home-after-done")

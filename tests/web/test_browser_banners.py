"""End to end in headless Chromium, on a server that cannot send email and
whose worker never ran: a user who turned emails off sees no banner at all; a
user who wants emails sees one short line and dismisses it for good; whoever
runs the server sees each problem, titles only on a phone. Shot at desktop and
phone widths into test-results/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from keepwarm.mail.models import DismissedNotice, ReminderSettings
from tests.conftest import PASSWORD, make_user
from tests.web.browsing import PHONE, shoot

# The same browser, page (which fails on any browser error) and screenshots.

pytestmark = pytest.mark.browser


@pytest.fixture
def server(transactional_db, settings):
    """alice made the server's first account (she runs it); bob and carol came later."""
    settings.EMAIL_HOST = ""
    return {name: make_user(name, time_zone="Europe/Berlin") for name in ("alice", "bob", "carol")}


def sign_in(tab, url: str, name: str) -> None:
    tab.goto(f"{url}/login/")
    tab.locator("[name=username]").fill(name)
    tab.locator("[name=password]").fill(PASSWORD)
    tab.get_by_role("button", name="Log in").click()
    expect(tab.get_by_role("heading", level=1)).to_contain_text(name)


def sign_out(tab) -> None:
    tab.get_by_role("button", name="Log out").click()
    expect(tab.locator("[name=username]")).to_be_visible()


def test_a_user_with_emails_off_sees_no_banner(page, live_server, server):
    ReminderSettings.objects.create(user=server["bob"], emails_on=False)
    sign_in(page, live_server.url, "alice")  # the banner is there, for whoever runs the server
    expect(page.locator(".health-banner")).to_contain_text("Email is not set up.")
    sign_out(page)

    sign_in(page, live_server.url, "bob")
    expect(page.locator(".health-banner")).to_have_count(0)
    expect(page.get_by_text("EMAIL_URL")).to_have_count(0)
    shoot(page, "75-no-banner-emails-off")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    expect(page.locator(".health-banner")).to_have_count(0)


def test_a_user_who_wants_emails_sees_one_line_and_dismisses_it(page, live_server, server):
    sign_in(page, live_server.url, "carol")
    banner = page.locator(".health-banner")
    expect(banner).to_have_text(
        "Your reminder emails are waiting: this server is not sending email right now. "
        "Tell whoever runs it. Dismiss"
    )
    page.set_viewport_size(PHONE)
    box = banner.bounding_box()
    assert box is not None and box["height"] < 100, box  # a strip, not the first screen
    shoot(page, "76-banner-user")

    banner.get_by_role("button", name="Dismiss").click()
    expect(banner).to_have_count(0)  # removed in place
    assert DismissedNotice.objects.filter(owner=server["carol"]).count() == 1
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text("carol")
    expect(banner).to_have_count(0)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Plan").click()
    expect(banner).to_have_count(0)


def test_whoever_runs_the_server_sees_each_problem_short_on_a_phone(page, live_server, server):
    sign_in(page, live_server.url, "alice")
    banner = page.get_by_role("alert")
    expect(banner).to_contain_text("The reminder worker has never run.")
    expect(banner).to_contain_text("Email is not set up.")
    expect(banner.get_by_text("Set EMAIL_URL", exact=False)).to_be_visible()
    shoot(page, "77-banner-admin")

    page.set_viewport_size(PHONE)
    expect(banner.get_by_text("Set EMAIL_URL", exact=False)).to_be_hidden()
    box = banner.bounding_box()
    assert box is not None and box["height"] < 160, box
    banner.get_by_role("button", name="Dismiss").click()
    expect(banner).to_have_count(0)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text("alice")
    expect(page.locator(".health-banner")).to_have_count(0)

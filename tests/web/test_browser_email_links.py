"""End to end in headless Chromium: the links in a real digest mark a follow-up
and an agenda item done without signing in, and an expired link does nothing.
The digest email itself and the reminder settings page are shot at desktop and
phone widths into test-results/."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from keepwarm.contacts.services import create_person
from keepwarm.reminders import digest
from keepwarm.touches.models import FollowUp, Touch
from keepwarm.touches.services import add_follow_up, log_touch
from tests.conftest import PASSWORD, kind, make_user
from tests.web.browsing import DESKTOP, shoot

# An expired link answers 410 Gone on purpose; Chromium logs every 4xx page as an error.
EXPECTED = "the server responded with a status of 410"

pytestmark = pytest.mark.browser


@pytest.fixture
def alice_world(transactional_db, live_server, settings):
    settings.KEEPWARM_BASE_URL = live_server.url
    alice = make_user("alice", time_zone="Europe/Berlin", country="DE")
    today = timezone.localdate()
    jane = create_person(alice, "Jane Doe", emails=["jane@example.com"])
    soon = today + dt.timedelta(days=3)
    create_person(alice, "Maria Rossi", birthday_month=soon.month, birthday_day=soon.day)
    log_touch(alice, [jane], kind(alice, "coffee"), date=today - dt.timedelta(days=150))
    follow_up = add_follow_up(alice, jane, "send the sourdough article", today)
    return {"alice": alice, "jane": jane, "follow_up": follow_up, "today": today}


def links_in(text: str, label: str) -> list[str]:
    return re.findall(rf"^  {label}: (\S+)$", text, flags=re.MULTILINE)


def test_email_links_mark_things_done_without_signing_in(page, alice_world):
    alice, today = alice_world["alice"], alice_world["today"]
    email = digest.digest_email(alice, today)
    page.set_content(email.html)
    expect(page.get_by_role("heading", name="Your week")).to_be_visible()
    shoot(page, "50-digest-email")

    follow_up_link = links_in(email.text, "Done")[-1]  # follow-ups come after the agenda
    page.goto(follow_up_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mark this as done?")
    expect(page.locator(".email-link-target")).to_contain_text("send the sourdough article")
    assert FollowUp.objects.get().done_at is None  # opening the link changed nothing
    shoot(page, "51-email-link-confirm")
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Marked as done")
    shoot(page, "52-email-link-done")
    assert FollowUp.objects.get().done_at is not None

    item_link = links_in(email.text, "Done")[0]
    page.goto(item_link)
    page.get_by_role("button", name="Mark as done").click()
    expect(page.locator(".email-link-result")).to_contain_text("Logged")
    assert Touch.objects.filter(owner=alice, date=today).count() == 1


@pytest.fixture
def gone_page(browser, transactional_db):
    """A page that expects one 410 answer and no other browser error (closed
    before the database is emptied; no service worker: tests/web/conftest.py)."""
    context = browser.new_context(
        viewport=DESKTOP, timezone_id="Europe/Berlin", service_workers="block"
    )
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab
    context.close()
    assert [e for e in errors if EXPECTED not in e] == []
    assert errors, "the expired link did not answer 410"


def test_an_expired_email_link_does_nothing(gone_page, alice_world):
    alice = alice_world["alice"]
    with time_machine.travel(timezone.now() - dt.timedelta(days=15)):
        email = digest.digest_email(alice, alice_world["today"] - dt.timedelta(days=15))
    gone_page.goto(links_in(email.text, "Done")[-1])
    expect(gone_page.get_by_role("heading", level=1)).to_have_text("This link has expired")
    expect(gone_page.get_by_role("button", name="Mark as done")).to_have_count(0)
    shoot(gone_page, "53-email-link-expired")
    gone_page.get_by_role("link", name="Sign in").click()
    expect(gone_page).to_have_url(re.compile(r"/login/"))
    assert FollowUp.objects.get().done_at is None


def test_the_reminder_settings_page(page, live_server, alice_world):
    page.goto(f"{live_server.url}/login/")
    page.locator("[name=username]").fill("alice")
    page.locator("[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/settings/")
    page.get_by_role("link", name="Reminder settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reminders")
    page.get_by_label("Weekly digest on").select_option("Friday")
    page.get_by_label("Daily email").check()
    page.get_by_role("button", name="Save reminders").click()
    expect(page.locator(".messages")).to_contain_text("Reminder settings saved.")
    expect(page.locator(".reminders-next")).to_contain_text("Friday")
    shoot(page, "54-reminder-settings")

"""End to end in headless Chromium: a worker that stopped shows a banner on
every page, which leads to the outbox; once the worker runs again and email is
set up the banner is gone and a test email arrives at a real SMTP server. The
pages are shot at desktop and phone widths into test-results/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from keepwarm.mail.models import Heartbeat, OutboxMessage
from tests.conftest import make_user
from tests.web.browsing import shoot, sign_in

# The same browser, page (which fails on any browser error) and screenshots.

pytestmark = pytest.mark.browser


@pytest.fixture
def alice(transactional_db):
    alice = make_user("alice", time_zone="Europe/Berlin", country="DE")
    now = timezone.now()
    mail = {"owner": alice, "to": alice.email, "text": "…"}
    OutboxMessage.objects.create(
        key="d1",
        kind="digest",
        subject="Your week: 3 people to reach",
        **mail,
        attempts=2,
        next_attempt_at=now + dt.timedelta(minutes=4),
        last_error="Could not connect to the mail server at 127.0.0.1 port 2525: "
        "connection refused.",
    )
    OutboxMessage.objects.create(
        key="g1",
        kind="greeting",
        subject="Happy birthday, Jane!",
        status="failed",
        attempts=8,
        last_error="The mail server answered 550 5.1.1 No such user here.",
        **mail,
    )
    OutboxMessage.objects.create(
        key="d0",
        kind="digest",
        subject="Your week: 4 people to reach",
        status="sent",
        attempts=1,
        sent_at=now - dt.timedelta(days=7),
        **mail,
    )
    return alice


def test_a_stopped_worker_shows_a_banner_until_it_runs_again(
    page,
    live_server,
    alice,
    smtp_server,
):
    Heartbeat.objects.create(
        name="serve@home",
        last_run_at=timezone.now() - dt.timedelta(minutes=42),
        interval_seconds=60,
    )
    sign_in(page, live_server.url)
    banner = page.get_by_role("alert")
    expect(banner).to_contain_text("The reminder worker is not running.")
    expect(banner).to_contain_text("keepwarm worker --loop")
    shoot(page, "70-health-banner-home")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    expect(page.get_by_role("alert")).to_contain_text("The reminder worker is not running.")

    page.get_by_role("link", name="Open the outbox").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outbox")
    expect(page.locator("#failed-heading")).to_be_visible()
    expect(page.get_by_role("button", name="Retry")).to_be_visible()
    shoot(page, "71-outbox-stale-worker")

    Heartbeat.objects.update(last_run_at=timezone.now())
    page.reload()
    expect(page.locator(".health-banner")).to_have_count(0)
    page.get_by_role("button", name="Send a test email").click()
    expect(page.locator(".message-success")).to_contain_text("Test email sent to alice@example.org")
    assert [m["Subject"] for m in smtp_server.messages] == ["keepwarm test email"]
    shoot(page, "72-outbox-test-email-sent")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
    page.get_by_role("link", name="Open the outbox").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outbox")
    page.go_back()
    shoot(page, "74-settings-outbox-card")


def test_without_a_mail_server_the_banner_and_the_outbox_say_so(
    page,
    live_server,
    alice,
    settings,
):
    settings.EMAIL_HOST = ""
    Heartbeat.objects.create(name="serve@home", last_run_at=timezone.now(), interval_seconds=60)
    sign_in(page, live_server.url)
    expect(page.get_by_role("alert")).to_contain_text("Email is not set up.")
    page.get_by_role("link", name="Open the outbox").click()
    expect(page.locator(".outbox-notice")).to_contain_text("Email is not set up yet")
    expect(page.get_by_role("button", name="Send a test email")).to_be_disabled()
    shoot(page, "73-outbox-no-email")

"""End to end in headless Chromium: Alice switches on job-hunt mode, searches a
company, opens a call card, logs how the call went in one more click, and
finds the follow-up at the top of her home page. Pages are shot at desktop and
phone widths into test-results/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from keepwarm.contacts.models import Person, Relationship
from keepwarm.contacts.services import create_person
from keepwarm.owned import owned
from keepwarm.touches.models import FollowUp
from keepwarm.touches.services import log_touch
from keepwarm.warmcalls.models import CallOutcome, JobHunt
from tests.conftest import kind, make_user
from tests.web.browsing import shoot, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def alice_network(transactional_db):
    alice = make_user("alice", time_zone="Europe/Berlin", country="DE")
    today = timezone.localdate()
    jane = create_person(alice, "Jane Doe", company="Acme", job_title="Product lead")
    Relationship.objects.create(owner=alice, person=jane, kind="child", other_name="Lily")
    log_touch(alice, [jane], kind(alice, "coffee"), date=today - dt.timedelta(days=12))
    create_person(alice, "Tom Quiet", company="Acme")
    gus = create_person(alice, "Gus Globe", company="Globex")
    log_touch(alice, [gus], kind(alice, "lunch"), date=today - dt.timedelta(days=30))
    return alice


def test_job_hunt_search_log_a_call_and_see_the_follow_up(page, live_server, alice_network):
    alice = alice_network
    sign_in(page, live_server.url)
    page.get_by_role("link", name="Warm calls").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Looking for your next role?")
    shoot(page, "90-warmcalls-off")

    page.get_by_role("link", name="I'm looking").click()
    page.get_by_label("Target companies").fill("Acme\nGlobex")
    page.get_by_label("Roles").fill("product lead")
    shoot(page, "91-warmcalls-goal")
    page.get_by_role("button", name="Show my warm calls").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Warm calls")
    assert owned(JobHunt, alice).get().active

    page.get_by_label("Search a company").fill("acme")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".call-name")).to_have_text(["Jane Doe", "Tom Quiet"])
    tom = owned(Person, alice).get(display_name="Tom Quiet")
    expect(page.locator(f"#call-{tom.pk}").get_by_text("warm up first", exact=True)).to_be_visible()

    jane = page.locator(".call-card").first
    jane.locator("summary").click()
    expect(jane.get_by_text("Hi Jane — how are things at Acme? And how is Lily?")).to_be_visible()
    shoot(page, "92-warmcalls-card")
    jane.get_by_role("button", name="Talked").click()
    expect(
        page.get_by_text("Logged: talked with Jane. Follow-up: thank-you note tomorrow.")
    ).to_be_visible()
    assert owned(CallOutcome, alice).get().outcome == "talked"
    shoot(page, "93-warmcalls-logged")

    page.get_by_role("link", name="Home", exact=True).click()
    card = page.locator(".home-warmcalls")
    expect(card.get_by_role("heading", name="Warm calls")).to_be_visible()
    expect(card.locator(".followup-text")).to_have_text(["Warm call: Thank-you note"])
    expect(card.get_by_role("link", name="Jane Doe")).to_be_visible()
    shoot(page, "94-home-warmcalls")
    assert owned(FollowUp, alice).get().due == timezone.localdate() + dt.timedelta(days=1)

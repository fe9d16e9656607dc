"""End to end in headless Chromium: Alice finds a duplicate, compares the two,
merges them, sees the kept person with everything, and undoes the merge. The
list, the compare page and the person page after the merge are shot at desktop
and phone widths into test-results/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from keepwarm.contacts.models import Address, Person
from keepwarm.contacts.services import create_person
from keepwarm.touches.models import Touch
from keepwarm.touches.services import log_touch
from tests.conftest import PASSWORD, kind, make_user
from tests.web.browsing import shoot

pytestmark = pytest.mark.browser


@pytest.fixture
def alice_network(transactional_db):
    alice = make_user("alice", time_zone="Europe/Berlin", country="DE")
    today = timezone.localdate()
    jane = create_person(
        alice,
        "Jane Doe",
        emails=["jane@example.com"],
        phones=["+49 30 1234567"],
        company="Acme",
        job_title="Chief Chemist",
        city="Leipzig",
        tags=["school"],
    )
    Address.objects.create(
        owner=alice, person=jane, street="Karl-Heine-Str. 1", locality="Leipzig", country="DE"
    )
    twin = create_person(
        alice,
        "Jane M. Doe",
        emails=["jane@example.com", "jd@work.example"],
        company="Acme Chemicals",
        birthday_month=5,
        birthday_day=3,
        birthday_year=1980,
        tags=["work"],
    )
    for days in (20, 60, 90):
        log_touch(alice, [jane], kind(alice, "coffee"), date=today - dt.timedelta(days=days))
    log_touch(alice, [twin], kind(alice, "lunch"), date=today - dt.timedelta(days=30))
    create_person(alice, "John Smith", emails=["john@smith.example"], city="Boston")
    create_person(alice, "John A. Smith Jr.", emails=["johnny@other.example"])
    create_person(alice, "Tom Becker", phones=["+49 170 5550101"], company="Stadtwerke")
    create_person(alice, "Tom Becker", phones=["+49 170 5550101"])
    return jane, twin


def sign_in(tab, url):
    tab.goto(f"{url}/login/")
    tab.locator("[name=username]").fill("alice")
    tab.locator("[name=password]").fill(PASSWORD)
    tab.get_by_role("button", name="Log in").click()


def test_find_compare_merge_and_undo_a_duplicate(page, live_server, alice_network):
    jane, twin = alice_network
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/people/duplicates/")
    likely = page.locator(".dup-group-strong")
    expect(likely).to_contain_text("Very likely the same")
    expect(likely).to_contain_text("same email jane@example.com")
    expect(page.locator(".dup-group-exact")).to_contain_text("Tom Becker")
    expect(page.locator(".dup-group-possible")).to_contain_text("John A. Smith Jr.")
    shoot(page, "40-duplicates")

    likely.get_by_role("link", name="Compare Jane Doe and Jane M. Doe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The same person?")
    expect(page.locator(".dup-compare")).to_contain_text("jd@work.example")
    keep_jane = page.get_by_label("Keep Jane Doe")
    expect(keep_jane).to_be_checked()  # more touches
    expect(page.locator(".dup-choice").first).to_contain_text(
        "Everything from Jane M. Doe moves to Jane Doe"
    )
    shoot(page, "41-duplicate-compare")

    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jane Doe")
    expect(page.locator(".messages")).to_contain_text("Merged Jane M. Doe into Jane Doe.")
    expect(page.locator(".contact-list")).to_contain_text("jd@work.example")
    expect(page.locator(".timeline")).to_contain_text("Lunch")
    shoot(page, "42-person-after-merge")
    assert not Person.objects.filter(pk=twin.pk).exists()
    assert Touch.objects.filter(people=jane).count() == 4

    page.get_by_role("button", name="Undo merge").click()
    expect(page.locator(".messages")).to_contain_text(
        "Undone: Jane M. Doe and Jane Doe are two people again."
    )
    expect(page.get_by_role("button", name="Undo merge")).to_have_count(0)
    expect(page.locator(".contact-list")).not_to_contain_text("jd@work.example")
    assert Person.objects.get(pk=twin.pk).contact_points.count() == 2
    assert Touch.objects.filter(people=jane).count() == 3


def test_not_the_same_hides_the_pair(page, live_server, alice_network):
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/people/duplicates/")
    possible = page.locator(".dup-group-possible")
    possible.get_by_role("button", name="John Smith and John A. Smith Jr. are not the same").click()
    expect(page.locator(".messages")).to_contain_text("are different people")
    expect(page.locator(".dup-group-possible")).to_have_count(0)
    expect(page.locator(".dup-group-strong")).to_contain_text("Jane M. Doe")

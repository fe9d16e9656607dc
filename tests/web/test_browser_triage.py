"""End to end in headless Chromium, the first hour: a newcomer signs up, imports
an address book of 200 (families, colleagues, a few organisations), sorts it
with the keyboard and the bulk action in at most 60 keystrokes and clicks, and
finds this week's first touches on the home page. The empty home, both ways of
sorting and the plan page's notice are shot at desktop and phone widths."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from keepwarm.contacts.models import Person
from keepwarm.imports import sorting
from tests.newcomers import address_book, card, imported, vcard
from tests.web.browsing import shoot

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"
BUDGET = 60
"""Keystrokes and clicks to sort 200 newcomers, at most."""


class Counted:
    """The user's hands on the sorting page: every key pressed and every click counted."""

    def __init__(self, tab: Page) -> None:
        self.page, self.keys, self.clicks = tab, 0, 0

    def press(self, key: str) -> None:
        self.keys += 1
        self.page.keyboard.press(key)

    def click(self, target: Locator) -> None:
        self.clicks += 1
        target.click()

    @property
    def total(self) -> int:
        return self.keys + self.clicks


def sign_up(tab: Page, url: str) -> None:
    tab.goto(url)
    tab.get_by_role("link", name="Create your account").click()
    tab.get_by_label("User name").fill("alice")
    tab.get_by_label("Email").fill("alice@example.org")
    tab.get_by_label("Password", exact=True).fill(PASSWORD)
    tab.get_by_label("Password again").fill(PASSWORD)
    tab.get_by_role("button", name="Create my account").click()
    expect(tab.get_by_role("heading", level=1)).to_contain_text("alice")


def sort_one_by_key(hands: Counted) -> None:
    """Take the suggestion when there is one (Enter), else Core (2); wait for the next."""
    name = hands.page.locator("#triage-name").inner_text()
    suggested = hands.page.locator('#triage [data-key~="Enter"]').count()
    hands.press("Enter" if suggested else "2")
    expect(hands.page.locator("#triage-name")).not_to_have_text(name)


def test_two_hundred_newcomers_are_sorted_in_sixty_keystrokes_and_clicks(
    page,
    live_server,
    transactional_db,
    tmp_path,
):
    book = tmp_path / "phone-contacts.vcf"
    book.write_bytes(vcard(address_book(200)))  # inside the clock the test runs on
    sign_up(page, live_server.url)
    start = page.locator(".home-start")
    expect(start).to_contain_text("Import your contacts")
    expect(page.locator(".home-actions")).to_have_count(0)  # "Add a person" once, in the card
    expect(page.get_by_role("link", name="Add a person")).to_have_count(1)
    shoot(page, "a0-home-empty")

    start.get_by_role("link", name="Import contacts").click()
    page.get_by_label("File", exact=True).set_input_files(book)
    expect(page.get_by_label("Circle for new people")).to_have_value("")
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.locator(".import-stat-new .stat-value")).to_have_text("200")
    page.get_by_role("button", name="Import", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sort your newcomers")
    expect(page.locator(".triage-count")).to_have_text("200 waiting to be sorted")
    user = Person.objects.get(display_name=page.locator("#triage-name").inner_text()).owner
    page.goto(f"{live_server.url}/plan/")
    expect(page.locator(".waiting-notice")).to_contain_text("200 people from your imports wait")
    shoot(page, "a1-plan-waiting")
    page.locator(".waiting-notice").get_by_role("link", name="Sort them").click()
    shoot(page, "a2-triage-one")

    hands = Counted(page)
    for _ in range(12):  # one at a time: families come together, so a suggestion follows
        sort_one_by_key(hands)
    skipped = page.locator("#triage-name").inner_text()
    hands.press("ArrowRight")  # not sure about this one: later
    expect(page.locator("#triage-name")).not_to_have_text(skipped)
    sorted_name = page.locator("#triage-name").inner_text()
    hands.press("0")  # not in my network…
    expect(page.locator(".triage-note")).to_contain_text(f"{sorted_name}: not in your network.")
    hands.press("u")  # …no, undo
    expect(page.locator("#triage-name")).to_have_text(sorted_name)
    for _ in range(6):
        sort_one_by_key(hands)
    assert sorting.waiting_count(user) == 200 - 18

    hands.click(page.get_by_role("link", name="As a list"))
    rows = page.locator("[data-row]")
    expect(rows).to_have_count(50)
    page.wait_for_load_state("load")  # the page's script is in
    hands.press("ArrowDown")
    hands.press("1")  # the first row to Close, and on to the next
    expect(rows.nth(1)).to_have_class("triage-row is-current")
    hands.press("3")
    shoot(page, "a3-triage-list")
    before = sorting.waiting_count(user)
    hands.click(page.get_by_role("button", name="suggestion"))  # the two, and the suggestions
    expect(page.locator(".triage-note")).to_contain_text("1 in Close, 1 in Wide and")
    left = sorting.waiting_count(user)
    assert before - left > 10
    expect(page.locator(".triage-note")).to_contain_text(f"Sorted {before - left} people")

    hands.click(page.get_by_role("button", name=f"Put the remaining {left} in Wide"))
    expect(page.locator(".triage-done")).to_contain_text("Everyone is sorted")
    assert sorting.waiting_count(user) == 0
    assert hands.total <= BUDGET, f"{hands.keys} keys and {hands.clicks} clicks"

    hands.click(page.get_by_role("link", name="See this week"))
    agenda = page.locator("#agenda")
    today = page.locator(".agenda-day").first
    expect(today).to_contain_text("Today")
    expect(agenda.locator(".agenda-item").first).to_be_visible()
    expect(page.locator(".waiting-notice")).to_have_count(0)
    assert hands.total <= BUDGET + 1
    shoot(page, "a4-home-first-week")


def test_the_sorting_page_works_without_javascript(browser, live_server, transactional_db):
    from tests.conftest import make_user

    alice = make_user("alice", time_zone="Europe/Berlin", country="DE")
    imported(alice, card("Ana Ruiz", "ana@example.com"), card("Ben Ruiz", "ben@example.com"))
    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(f"{live_server.url}/login/")
    plain.locator("[name=username]").fill("alice")
    plain.locator("[name=password]").fill(PASSWORD)
    plain.get_by_role("button", name="Log in").click()
    plain.goto(f"{live_server.url}/people/sort/")
    expect(plain.locator("#triage-name")).to_have_text("Ana Ruiz")
    plain.get_by_role("button", name="Close").first.click()
    expect(plain.locator(".triage-note")).to_contain_text("Ana Ruiz: in Close.")
    expect(plain.locator("#triage-name")).to_have_text("Ben Ruiz")
    plain.get_by_role("link", name="As a list").click()
    plain.locator(".triage-radio", has_text="Not in my network").first.click()
    expect(plain.get_by_role("radio", name="Not in my network")).to_be_checked()
    plain.get_by_role("button", name="Sort the chosen").click()
    expect(plain.locator(".triage-done")).to_contain_text("Everyone is sorted")
    context.close()

"""Every page of a signed-in account, in headless Chromium at 1280 and 390 px.

The account holds the demo network (150 people, two years of touches), a card
run, a gathering with guests and one person with seven years of history, all
made inside the clock of the test. Every page a GET shows (``tests/pages.py``)
is shot full-page into ``test-results/pages/`` at both widths, and none may
scroll sideways (neither the page nor a strip inside it), cut a chart off, or
be longer than a bound that a page of 50 rows keeps and an unfolded history
does not."""

from __future__ import annotations

import datetime as dt
import random
import re
import time

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page

from keepwarm.contacts.models import Circle, Person
from keepwarm.demo import load_demo
from keepwarm.occasions import card_runs
from keepwarm.occasions.hosting import invite
from keepwarm.occasions.models import Gathering
from keepwarm.owned import owned
from keepwarm.touches.models import TouchKind
from keepwarm.touches.services import log_touch
from tests.conftest import make_user
from tests.pages import page_urls
from tests.web.browsing import DESKTOP, PHONE, RESULTS, sign_in

pytestmark = pytest.mark.browser

SHOTS = RESULTS / "pages"
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
TALLEST = {"desktop": 6_000, "phone": 8_000}
"""No page is taller (px): a list of 50 people on a phone is about 5,500."""
PERSON = re.compile(r"/people/\d+/")
PERSON_TALLEST = {"desktop": 3_000, "phone": 5_500}
"""The page of the person with seven years of history: about 2,200 and 4,500,
its timeline folded by year (unfolded it took 17,000 on a phone)."""

# Anything that scrolls sideways: the page itself, or an element inside it whose
# content is wider than its box and that scrolls (a table, tabs, the menu).
SIDEWAYS = """() => {
  const page = document.documentElement;
  const found = [];
  if (page.scrollWidth > innerWidth) found.push(`the page: ${page.scrollWidth} px`);
  for (const el of document.querySelectorAll("body *")) {
    const overflow = getComputedStyle(el).overflowX;
    if ((overflow === "auto" || overflow === "scroll") && el.scrollWidth > el.clientWidth + 1) {
      const name = `${el.tagName.toLowerCase()}.${el.className}`;
      found.push(`${name}: ${el.scrollWidth} > ${el.clientWidth} px`);
    }
  }
  for (const chart of document.querySelectorAll("main svg")) {
    const box = chart.getBoundingClientRect();
    if (box.width && (box.left < -1 || box.right > innerWidth + 1)) {
      found.push(`a chart from ${Math.round(box.left)} to ${Math.round(box.right)} px`);
    }
  }
  return found;
}"""


@pytest.fixture
def network(transactional_db):
    alice = make_user("alice", time_zone="Europe/Berlin", country="DE")
    today = timezone.localdate()
    load_demo(alice, today)
    close = owned(Circle, alice).get(name="Close")
    window = (today + dt.timedelta(days=6), today + dt.timedelta(days=25))
    card_runs.create_run(alice, f"Holiday cards {today.year}", "christmas", window, [close], [])
    party = Gathering.objects.create(
        owner=alice, title="Chili party — football kickoff", date=today + dt.timedelta(days=17)
    )
    invite(party, owned(Person, alice).filter(circle=close)[:8])
    # The first person (the one each page with an id opens) has a long history.
    first = owned(Person, alice).order_by("id").first()
    kinds = list(owned(TouchKind, alice).filter(label__in=ROUTINE))
    chance = random.Random(16)
    for _ in range(150):
        day = today - dt.timedelta(days=chance.randrange(7 * 365))
        log_touch(alice, [first], chance.choice(kinds), date=day, note=chance.choice(["", "ok"]))
    return alice


ROUTINE = ["coffee", "lunch", "check-in call", "email or note", "text message"]


def pages_shown(user) -> list[str]:
    """The URLs of ``page_urls`` that show a page to ``user`` by GET (not the
    actions that only take a post, those that send elsewhere, nor the pieces
    that htmx or a form's suggestions fetch)."""
    client = Client()
    client.force_login(user)
    shown = []
    for url in page_urls(user):
        response = client.get(url)
        html = response["Content-Type"].startswith("text/html") and b"<html" in response.content
        if response.status_code == 200 and html:
            shown.append(url)
    return shown


def slug(url: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-") or "home"


def test_every_page_fits_a_desktop_and_a_phone(page: Page, live_server, network):
    started = time.monotonic()
    urls = pages_shown(network)
    assert len(urls) >= 40, urls
    for must in ("/", "/plan/", "/people/", "/health/", "/occasions/", "/settings/"):
        assert must in urls
    assert any(re.fullmatch(r"/people/\d+/", url) for url in urls)
    assert any(re.fullmatch(r"/cards/\d+/", url) for url in urls)
    assert any(re.fullmatch(r"/gatherings/\d+/", url) for url in urls)

    problems: list[str] = []
    page.on(
        "response",
        lambda r: (
            problems.append(f"{page.url}: {r.url} answered {r.status}") if r.status >= 400 else None
        ),
    )
    sign_in(page, live_server.url)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in WIDTHS.items():
        page.set_viewport_size(size)
        for url in urls:
            response = page.goto(f"{live_server.url}{url}")
            assert response and response.status == 200, url
            page.screenshot(path=SHOTS / f"{slug(url)}-{label}.png", full_page=True)
            problems += [f"{url} at {size['width']} px: {p}" for p in page.evaluate(SIDEWAYS)]
            height = page.evaluate("document.documentElement.scrollHeight")
            tallest = (PERSON_TALLEST if PERSON.fullmatch(url) else TALLEST)[label]
            if height > tallest:
                problems.append(f"{url} at {size['width']} px is {height} px tall")
    assert not problems, "\n".join(problems)
    print(f"{len(urls)} pages at 2 widths in {time.monotonic() - started:.0f} s")
